/**
 * The shared suite's app (tooling/test-support/hosts/suite-app.js) inside this React Router app: every mounted
 * notify, preferences and in-app session route is `handler(request, args)` and its `identify` reads the user from the route's
 * `context`, as the app's own routes do.
 */
import { Fyno } from '@fyno-kit/core';
import { createInappSessionHandler, createNotifyHandler, createPreferencesHandler } from '@fyno-kit/core/server';
import type { RouterContextProvider } from 'react-router';
import { createSuiteApp } from '../../../tooling/test-support/hosts/suite-app.js';
import { userContext } from './session.server';

export const suite = createSuiteApp({
  Fyno,
  createNotifyHandler,
  createPreferencesHandler,
  createInappSessionHandler,
  user: (_request: Request, { context }: { context: Readonly<RouterContextProvider> }) => context.get(userContext)?.id,
});
// From here on the console is the suite's too (its leak and log-line checks read it).
suite.captureConsole();
