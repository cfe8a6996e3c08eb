// A TypeScript ESM user on `moduleResolution: node16`: core, core/server and the Express adapter's
// types, then the same code run for real: an Express app whose notify route fires one event.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import { Fyno, FynoApiError, type FireResponse, type FynoOptions } from '@fyno-kit/core';
import { defineNotifyPolicy, type NotifyErrorBody, type NotifySuccessBody } from '@fyno-kit/core/server';
import { fyno, notifyRoute, type FynoMiddleware } from '@fyno-kit/express';

const options: FynoOptions = { maxRetries: 1 };
const client = new Fyno(options);
const middleware: FynoMiddleware = fyno(client);

const policy = defineNotifyPolicy({
  identify: (req: Request) => req.get('x-user') ?? null,
  events: { smoke_ts: { to: () => ({ email: 'ts@example.com' }) } },
});

const app = express();
app.use(middleware);
app.get('/typed', (req, res) => {
  const same: Fyno = req.fyno; // the Request augmentation reaches a node16 ESM consumer
  res.json({ same: same === client });
});
app.use('/api/fyno/notify', notifyRoute(policy));

const server = app.listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const { port } = server.address() as AddressInfo;
try {
  const res = await fetch(`http://127.0.0.1:${port}/api/fyno/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user': 'u_ts' },
    body: JSON.stringify({ event: 'smoke_ts', data: { via: 'typescript' } }),
  });
  const body = (await res.json()) as NotifySuccessBody | NotifyErrorBody;
  assert.equal(res.status, 202, JSON.stringify(body));
  assert.ok('request_id' in body);
  const typed = (await (await fetch(`http://127.0.0.1:${port}/typed`)).json()) as { same: boolean };
  assert.equal(typed.same, true);
  console.log(`ts: notify route answered 202, request_id ${body.request_id}`);
} finally {
  server.close();
  await client.close();
}

// Type-only checks: these lines compile or the smoke fails at `tsc`.
export function handle(error: unknown): number | undefined {
  return error instanceof FynoApiError ? error.status : undefined;
}
export type Fired = FireResponse['request_id'];
