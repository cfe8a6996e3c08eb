/**
 * The route's parsers stay in the route's scope: a body of another type is not read at all, even
 * when the app has a catch-all parser that would read it, and the app's other routes keep Fastify's
 * parsers as they were.
 */
import { connect } from 'node:net';
import Fastify, { type FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { notifyRoute } from '../src/index';
import { listen } from './helpers';

/** Sends only the headers of a POST announcing `contentLength` bytes, and reads what comes back. */
function headersOnly(origin: string, contentType: string, contentLength: number): Promise<{ text: string; closedByServer: boolean }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), 7_000);
    socket.on('connect', () =>
      socket.write(`POST /api/fyno/notify HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: ${contentType}\r\nContent-Length: ${contentLength}\r\n\r\n`),
    );
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('end', () => (closedByServer = true));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedByServer });
    });
  });
}

const policy = {
  identify: (request: FastifyRequest) => (request.headers['x-user'] as string | undefined) ?? null,
  events: { password_reset: {} },
  client: { fire: async () => ({ request_id: 'r', received_time: 't', event: 'password_reset', response: {} }) },
};

describe("the route's parsers", () => {
  it("answer another type at once with 415 and close, without reading the body the app's catch-all parser would read", async () => {
    const app = Fastify();
    const appParsed: unknown[] = [];
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 50_000_000 }, (_request, body, done) => {
      appParsed.push(body);
      done(null, body);
    });
    await app.register(notifyRoute(policy), { prefix: '/api/fyno/notify' });
    const server = await listen(app);
    try {
      const started = Date.now();
      // Under the cap, so only not reading it answers at once (a parser would wait for the 10,000 bytes).
      const answer = await headersOnly(server.origin, 'text/plain', 10_000);
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(answer.text).toMatch(/^HTTP\/1\.1 415 /);
      expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
      expect(JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4))).toEqual({
        error: { code: 'unsupported_media_type', message: expect.any(String) },
      });
      expect(answer.closedByServer).toBe(true);
      expect(appParsed).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("leave the app's other routes with Fastify's own parsers", async () => {
    const app = Fastify();
    await app.register(notifyRoute(policy), { prefix: '/api/fyno/notify' });
    app.post('/echo', async (request) => ({ type: typeof request.body, body: request.body }));
    await app.ready();
    // Fastify's default JSON parser refuses a __proto__ key; inside the route it is an unknown key (400 invalid_body).
    const poisoned = '{"event":"password_reset","__proto__":{"admin":true}}';
    const elsewhere = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: poisoned });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json()).toMatchObject({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    const inRoute = await app.inject({
      method: 'POST',
      url: '/api/fyno/notify',
      headers: { 'content-type': 'application/json', 'x-user': 'u' },
      payload: poisoned,
    });
    expect(inRoute.json()).toMatchObject({ error: { code: 'invalid_body' } });
    const text = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.json()).toEqual({ type: 'string', body: 'hello' });
    await app.close();
  });
});
