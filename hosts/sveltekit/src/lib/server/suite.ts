/**
 * The shared suite's app (tooling/test-support/hosts/suite-app.js) inside this SvelteKit app: each mounted
 * policy's `identify` reads `event.locals.suiteUser`, which hooks.server.ts set from `x-test-user`.
 */
import { createInappSessionHandler, createNotifyHandler, createPreferencesHandler } from '@fyno-kit/core/server';
import { Fyno } from '@fyno-kit/core';
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
import type { RequestEvent } from '@sveltejs/kit';
import { createSuiteApp } from '../../../../../tooling/test-support/hosts/suite-app.js';

export const suite = createSuiteApp({
  Fyno,
  createNotifyHandler,
  createDeliveryReportHandler,
  createPreferencesHandler,
  createInappSessionHandler,
  user: (_request: Request, event: RequestEvent) => event.locals.suiteUser,
});
// The server printed its port before this module loads (on the first suite request).
suite.captureConsole();
