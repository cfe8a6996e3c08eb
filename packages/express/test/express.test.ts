/** Express-specific behaviour of `fyno()` and `notifyRoute()`, on Express 4 and Express 5. */
import { Fyno } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import type { ErrorRequestHandler, Request } from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fyno, notifyRoute } from '../src/index';
import { EXPRESS_VERSIONS, listen } from './helpers';

const apiKey = `sk_express_${Math.random().toString(36).slice(2)}`;
let emu: RunningEmulator;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: ['order_shipped'], apiKey });
});
afterAll(() => emu.stop());
beforeEach(() => emu.clear());
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function emuOptions(overrides: { apiKey?: string } = {}) {
  return { baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey: overrides.apiKey ?? apiKey, maxRetries: 0 };
}

function client(overrides: { apiKey?: string } = {}): Fyno {
  const c = new Fyno(emuOptions(overrides));
  closers.push(() => c.close());
  return c;
}

const identify = (req: Request) => req.get('x-user') ?? null;
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-user': 'u_1', ...headers }, body: JSON.stringify(body) });

describe.each(EXPRESS_VERSIONS)('$name', ({ express }) => {
  async function serve(setup: (app: ReturnType<typeof express>) => void): Promise<string> {
    const app = express();
    setup(app);
    const server = await listen(app);
    closers.push(server.close);
    return server.origin;
  }

  describe('fyno()', () => {
    it('creates one client with the middleware and hands the same instance to every request', async () => {
      const mw = fyno(emuOptions());
      closers.push(() => mw.client.close());
      const seen: Fyno[] = [];
      const origin = await serve((app) => {
        app.use(mw);
        app.get('/who', (req, res) => {
          seen.push(req.fyno);
          res.json({ ok: true });
        });
      });
      for (let i = 0; i < 3; i++) expect((await fetch(`${origin}/who`)).status).toBe(200);
      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(1);
      expect(seen[0]).toBe(mw.client);
      expect(seen[0]).toBeInstanceOf(Fyno);
    });

    it('uses a client you pass in as it is', () => {
      const mine = client();
      expect(fyno(mine).client).toBe(mine);
    });

    it('fails at start-up, not per request, when configuration is missing', () => {
      expect(() => fyno({ workspaceId: '', apiKey: '' })).toThrow(/Missing Fyno/);
    });
  });

  describe('notifyRoute()', () => {
    it('sends with req.fyno when the policy names no client', async () => {
      const mw = fyno(emuOptions());
      closers.push(() => mw.client.close());
      const origin = await serve((app) => {
        app.use(mw);
        app.use('/api/fyno/notify', notifyRoute({ identify, events: { order_shipped: {} } }));
      });
      const res = await post(`${origin}/api/fyno/notify`, { event: 'order_shipped', data: { order: 'A' } });
      expect(res.status).toBe(202);
      expect(emu.messages({ distinct_id: 'u_1' })).toHaveLength(1);
    });

    it('prefers policy.client over req.fyno', async () => {
      const broken = fyno(emuOptions({ apiKey: 'sk_not_valid' }));
      closers.push(() => broken.client.close());
      const origin = await serve((app) => {
        app.use(broken);
        app.use('/api/fyno/notify', notifyRoute({ identify, events: { order_shipped: {} }, client: client() }));
      });
      expect((await post(`${origin}/api/fyno/notify`, { event: 'order_shipped' })).status).toBe(202);
    });

    it('builds a default Fyno from FYNO_* on first use when there is neither', async () => {
      const saved = { ...process.env };
      Object.assign(process.env, { FYNO_WSID: emu.workspaceId, FYNO_API_KEY: apiKey, FYNO_BASE_URL: emu.baseUrl, FYNO_VERSION: 'live' });
      try {
        const origin = await serve((app) => app.use('/api/fyno/notify', notifyRoute({ identify, events: { order_shipped: {} } })));
        expect((await post(`${origin}/api/fyno/notify`, { event: 'order_shipped' })).status).toBe(202);
        expect((await post(`${origin}/api/fyno/notify`, { event: 'order_shipped' })).status).toBe(202);
        expect(emu.messages({ distinct_id: 'u_1' })).toHaveLength(2);
      } finally {
        for (const key of ['FYNO_WSID', 'FYNO_API_KEY', 'FYNO_BASE_URL', 'FYNO_VERSION']) {
          if (saved[key] === undefined) delete process.env[key];
          else process.env[key] = saved[key];
        }
      }
    });

    it('works after express.json(): parsed body used, cap still enforced', async () => {
      const origin = await serve((app) => {
        app.use(express.json());
        app.use('/api/fyno/notify', notifyRoute({ identify, events: { order_shipped: {} }, client: client(), maxBodyBytes: 256 }));
      });
      const url = `${origin}/api/fyno/notify`;
      expect((await post(url, { event: 'order_shipped', data: { order: 'A' } })).status).toBe(202);
      const forbidden = await post(url, { event: 'order_shipped', to: { email: 'x@evil.example' } });
      expect(forbidden.status).toBe(400);
      expect(((await forbidden.json()) as { error: { code: string } }).error.code).toBe('forbidden_field');
      const big = await post(url, { event: 'order_shipped', data: { pad: 'x'.repeat(1_000) } });
      expect(big.status).toBe(413);
      // Chunked (no Content-Length): the re-serialized parsed body is measured instead.
      const chunked = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user': 'u_1' },
        body: new Blob([JSON.stringify({ event: 'order_shipped', data: { pad: 'y'.repeat(1_000) } })]).stream(),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(emu.messages()).toHaveLength(1);
    });

    it('answers unexpected errors (identify throws) with its own JSON 500 and onError, never next(err)', async () => {
      const boom = new Error('session store down');
      const seen: unknown[] = [];
      const reported: Array<{ error: unknown; code: string }> = [];
      const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
        seen.push(err);
        res.status(500).json({ handledBy: 'app' });
      };
      const origin = await serve((app) => {
        app.use(
          '/api/fyno/notify',
          notifyRoute({
            identify: (req) => {
              if (req.get('x-user') === 'number') return 42 as unknown as string;
              throw boom;
            },
            events: { order_shipped: {} },
            client: client(),
            onError: (error, info) => reported.push({ error, code: info.code }),
          }),
        );
        app.use(errorHandler);
      });
      const res = await post(`${origin}/api/fyno/notify`, { event: 'order_shipped' });
      expect(res.status).toBe(500);
      // Express's default page would show the message and a stack outside production.
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({ error: { code: 'internal_error', message: 'Something went wrong.' } });
      expect(body).not.toContain('session store down');
      expect(reported).toEqual([{ error: boom, code: 'internal_error' }]);
      const wrongType = await post(`${origin}/api/fyno/notify`, { event: 'order_shipped' }, { 'x-user': 'number' });
      expect(wrongType.status).toBe(500);
      expect(reported[1]?.error).toBeInstanceOf(TypeError);
      expect(seen).toEqual([]);
      expect(emu.messages()).toHaveLength(0);
    });

    it('answers only at its mount path under app.use, and also mounts with app.post', async () => {
      const origin = await serve((app) => {
        app.use('/api/fyno/notify', notifyRoute({ identify, events: { order_shipped: {} }, client: client() }));
        app.post('/direct', notifyRoute({ identify, events: { order_shipped: {} }, client: client() }));
        app.use((_req, res) => {
          res.status(404).json({ notFound: true });
        });
      });
      expect((await post(`${origin}/api/fyno/notify/deeper`, { event: 'order_shipped' })).status).toBe(404);
      expect((await post(`${origin}/api/fyno/notify/`, { event: 'order_shipped' })).status).toBe(202);
      expect((await post(`${origin}/direct`, { event: 'order_shipped' })).status).toBe(202);
    });

    it('keeps a kept-alive connection usable after refusing an unread body', async () => {
      const origin = await serve((app) => app.use('/api/fyno/notify', notifyRoute({ identify, events: { order_shipped: {} }, client: client() })));
      const url = `${origin}/api/fyno/notify`;
      for (let i = 0; i < 3; i++) {
        const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-user': 'u_1' }, body: '{"event":"order_shipped"}' });
        expect(refused.status).toBe(415);
        expect(refused.headers.get('connection')).toBe('close');
        await refused.arrayBuffer();
        expect((await post(url, { event: 'order_shipped' })).status).toBe(202);
      }
    });
  });
});
