/**
 * The shared suite's app (tooling/test-support/hosts/suite-app.js) inside this Nuxt app: every mounted notify,
 * preferences and in-app session route is `handler.node(event.node.req, event.node.res, event)` and its `identify` reads `event.context.user`.
 */
import { Fyno } from '@fyno-kit/core';
import { createInappSessionHandler, createNotifyHandler, createPreferencesHandler } from '@fyno-kit/core/server';
import type { H3Event } from 'h3';
import { createSuiteApp } from '../../../../tooling/test-support/hosts/suite-app.js';

export const suite = createSuiteApp({
  Fyno,
  createNotifyHandler,
  createPreferencesHandler,
  createInappSessionHandler,
  user: (_request: Request, event: H3Event) => event.context.user?.id,
});
// From here on the console is the suite's too (its leak and log-line checks read it).
suite.captureConsole();
