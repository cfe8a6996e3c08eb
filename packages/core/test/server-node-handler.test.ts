/**
 * A web handler's `.node(req, res, context)`: the same route on a real `node:http` server's request
 * and response (as Nuxt mounts it on H3 1's `event.node`), and on a stand-in request without a socket
 * that holds its body (Nitro's, for a `$fetch` from inside the app).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedSetup } from './helpers';
import { createNotifyHandler } from '../src/server/index';
import { createDeliveryReportHandler } from '../src/webhooks/index';

const apiKey = `sk_node_${Math.random().toString(36).slice(2)}`;
const env = sharedSetup({ apiKey, maxRetries: 0 }, { events: '*', apiKey });

type Context = { user?: string };
const seen: Array<{ request: Request; context: Context }> = [];
// Made once the emulator runs (its client is built in sharedSetup's beforeAll).
let notify: ReturnType<typeof createNotifyHandler<Context>>;
const reports = createDeliveryReportHandler({ secret: 'whsec_node_handler_test', onReport: () => {} });

let server: Server;
let port: number;
beforeAll(async () => {
  notify = createNotifyHandler({
    identify: (request, context: Context) => {
      seen.push({ request, context });
      return context.user;
    },
    events: { ping: {} },
    client: env.fyno,
    maxBodyBytes: 1_024,
    onError: () => {},
  });
  server = createServer((req, res) => {
    if (req.url?.startsWith('/reports')) return void reports.node(req, res);
    void notify.node(req, res, { user: req.headers['x-user'] as string | undefined });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${port}/api/fyno/notify?x=1`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('handler.node on node:http', () => {
  it('202: identify gets the context, and a Request with the method, URL and headers but no body', async () => {
    const res = await post(JSON.stringify({ event: 'ping', data: { a: 1 } }), { 'x-user': 'u_node', 'x-trace': 'abc' });
    expect(res.status).toBe(202);
    const { request, context } = seen.at(-1)!;
    expect(context).toEqual({ user: 'u_node' });
    expect([request.method, request.url, request.headers.get('x-trace'), request.body]).toEqual([
      'POST',
      `http://127.0.0.1:${port}/api/fyno/notify?x=1`,
      'abc',
      null,
    ]);
    expect(env.emu.messages({ distinct_id: 'u_node' })).toMatchObject([{ event: 'ping', data: { a: 1 } }]);
  });

  it('401 without a user, 405 for GET, the JSON 413 past the cap', async () => {
    expect((await post('{"event":"ping"}')).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/api/fyno/notify`)).status).toBe(405);
    const big = await post(JSON.stringify({ event: 'ping', data: { pad: 'x'.repeat(4_096) } }), { 'x-user': 'u_node' });
    expect([big.status, await big.json()]).toEqual([413, { error: expect.objectContaining({ code: 'payload_too_large' }) }]);
  });

  it('a sender that keeps sending past the cap is answered, paused and cut off: the server takes a few MB at most', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    let closed = false;
    socket.on('data', (d) => (answer += d));
    socket.on('error', () => {});
    socket.on('close', () => (closed = true));
    socket.write('POST /api/fyno/notify HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nx-user: u_node\r\ncontent-length: 1000000000\r\n\r\n');
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const start = Date.now();
    while (!closed && Date.now() - start < 8_000) {
      if (!socket.write(chunk))
        await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    const takenBytes = socket.bytesWritten - socket.writableLength;
    socket.destroy();
    expect(closed).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 413 .*\r\n[\s\S]*connection: close/i);
    expect(takenBytes).toBeLessThan(48 * 2 ** 20);
  }, 30_000);

  it("the receiver's .node answers Fyno's verification GET", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/reports?fyno_token=tok_node`);
    expect([res.status, await res.text()]).toEqual([200, expect.stringContaining('tok_node')]);
  });
});

describe('handler.node on a stand-in request with its body on it (no socket)', () => {
  /** A request as Nitro builds one for an internal call: its stream already ended, the body on `req.body`. */
  const standIn = (body: unknown) =>
    Object.assign(new (class extends (Object as unknown as new () => object) {})(), {
      method: 'POST',
      url: '/api/fyno/notify',
      headers: { host: 'localhost', 'content-type': 'application/json' },
      readableEnded: true,
      body,
      on: () => {},
      removeListener: () => {},
      pause: () => {},
    }) as unknown as IncomingMessage;
  /** A response that keeps what the route wrote. */
  const recorder = () => {
    const written = { status: 0, headers: {} as Record<string, string | number>, text: '' };
    const res = {
      headersSent: false,
      writeHead(status: number, headers: Record<string, string | number>) {
        Object.assign(written, { status, headers });
        res.headersSent = true;
      },
      end(text: string) {
        written.text = text;
      },
    };
    return { res: res as unknown as ServerResponse, written };
  };
  const ping = JSON.stringify({ event: 'ping', data: { via: 'stand-in' } });

  for (const [name, body] of [
    ['a string', ping],
    ['a web stream', new Blob([ping]).stream()],
  ] as const) {
    it(`reads a body given as ${name}`, async () => {
      const { res, written } = recorder();
      await notify.node(standIn(body), res, { user: `u_stand_in_${name.length}` });
      expect(written.status).toBe(202);
      expect(env.emu.messages({ distinct_id: `u_stand_in_${name.length}` })).toMatchObject([{ event: 'ping', data: { via: 'stand-in' } }]);
    });
  }

  it('takes a null body as no body (400 invalid_json), not as a parsed null', async () => {
    const { res, written } = recorder();
    await notify.node(standIn(null), res, { user: 'u_stand_in_null' });
    expect(written.status).toBe(400);
    // As an empty body on every other path; a parsed `null` would be judged as a JSON value instead (invalid_body).
    expect(JSON.parse(written.text)).toMatchObject({ error: { code: 'invalid_json' } });
  });
});
