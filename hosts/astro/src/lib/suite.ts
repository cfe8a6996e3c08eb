/**
 * The shared suite's app (tooling/test-support/hosts/suite-app.js) inside this Astro app: each mounted
 * policy's `identify` reads `context.locals.suiteUser`, which the middleware set from `x-test-user`.
 */
import { Fyno } from '@fyno-kit/core';
import { createInappSessionHandler, createNotifyHandler, createPreferencesHandler } from '@fyno-kit/core/server';
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
import type { APIContext } from 'astro';
import { createSuiteApp } from '../../../../tooling/test-support/hosts/suite-app.js';

export const suite = createSuiteApp({
  Fyno,
  createNotifyHandler,
  createDeliveryReportHandler,
  createPreferencesHandler,
  createInappSessionHandler,
  user: (_request: Request, context: APIContext) => context.locals.suiteUser,
});
// The server printed its port before this module loads (on the first suite request).
suite.captureConsole();
