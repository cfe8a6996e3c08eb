/**
 * The suite's app as a Cloudflare Worker, as a Workers user writes it: `export default { fetch }`.
 * `plain` hands the route `(request, { env, ctx })`; `hono` mounts it in a Hono app, whose `identify`
 * reads the context. Bundled by esbuild with the Workers conditions (serve.mjs) and run by workerd.
 */
import { Fyno } from '@fyno-kit/core';
import { createInappSessionHandler, createNotifyHandler, createPreferencesHandler } from '@fyno-kit/core/server';
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
import { Hono, type Context } from 'hono';
import { createSuiteApp } from '../../tooling/test-support/hosts/suite-app.js';

declare const VARIANT: 'plain' | 'hono';

// The session suite's keys come from the host's own secret store, as an app here gets them.
const core = {
  Fyno,
  createNotifyHandler,
  createDeliveryReportHandler,
  createPreferencesHandler,
  createInappSessionHandler,
  secret: (name: string, context?: { env?: Record<string, string | undefined> }) => context?.env?.[name],
};
const suite =
  VARIANT === 'hono'
    ? createSuiteApp({
        ...core,
        user: (_request: Request, c: Context) => c.req.header('x-test-user'),
      })
    : createSuiteApp(core);
suite.captureConsole();

const app = new Hono();
app.all('/r/:id/notify', (c) => suite.handler(c.req.param('id'))(c.req.raw, c));
app.all('/p/:id/preferences', (c) => suite.handler(c.req.param('id'))(c.req.raw, c));
app.all('/s/:id/inapp-session', (c) => suite.handler(c.req.param('id'))(c.req.raw, c));
// The context too, so a mount reads the Worker's env (c.env) for its keys.
app.all('*', (c) => suite.fetch(c.req.raw, c));

export default {
  fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> | Response {
    return VARIANT === 'hono' ? app.fetch(request, env, ctx as never) : suite.fetch(request, { env, ctx });
  },
};
