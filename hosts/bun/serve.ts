/**
 * The suite's app on `Bun.serve`, as a Bun user writes it: `bun serve.ts plain|hono`. `plain` hands
 * the route `(request, server)`; `hono` mounts it in a Hono app, whose `identify` reads the context.
 */
import { Fyno } from '@fyno-kit/core';
import { createInappSessionHandler, createNotifyHandler, createPreferencesHandler } from '@fyno-kit/core/server';
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
import { Hono, type Context } from 'hono';
import { createSuiteApp } from '../../tooling/test-support/hosts/suite-app.js';

const variant = process.argv[2] ?? 'plain';
// The session suite's keys come from the host's own secret store, as an app here gets them.
const core = {
  Fyno,
  createNotifyHandler,
  createDeliveryReportHandler,
  createPreferencesHandler,
  createInappSessionHandler,
  secret: (name: string) => Bun.env[name],
};
const suite =
  variant === 'hono'
    ? createSuiteApp({
        ...core,
        user: (_request: Request, c: Context) => c.req.header('x-test-user'),
      })
    : createSuiteApp(core);

let fetch: (request: Request) => Response | Promise<Response> = (request) => suite.fetch(request);
if (variant === 'hono') {
  const app = new Hono();
  app.all('/r/:id/notify', (c) => suite.handler(c.req.param('id'))(c.req.raw, c));
  app.all('/p/:id/preferences', (c) => suite.handler(c.req.param('id'))(c.req.raw, c));
  app.all('/s/:id/inapp-session', (c) => suite.handler(c.req.param('id'))(c.req.raw, c));
  app.all('*', (c) => suite.fetch(c.req.raw));
  fetch = app.fetch;
}

const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch });
console.log(JSON.stringify({ port: server.port, core: import.meta.resolve('@fyno-kit/core') }));
suite.captureConsole();
