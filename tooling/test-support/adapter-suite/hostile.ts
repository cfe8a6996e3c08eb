/** Hostile requests (the security review): one JSON answer, nothing sent, app and log clean. */
import { inspect } from 'node:util';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { headerOf, type SuiteContext } from './context';
import { rawRequest } from './raw-request';
import { slowBodyCase } from '../slow-body-case';

export function hostileCases(s: SuiteContext): void {
  const { options, route, send, post, expectRejected, appErrors, logMark, loggedSince, syncRemote } = s;
  describe('hostile requests (the security review): one JSON answer, nothing sent, app and log clean', () => {
    const routeReadsBody = options.routeReadsBody ?? true;
    const big = JSON.stringify({ event: 'password_reset', data: { pad: 'x'.repeat(90_000) } });
    // 8,000 levels inside the 16 kB cap: anything recursive would overflow the stack.
    const deep = `{"event":"password_reset","data":{"a":${'['.repeat(8_000)}${']'.repeat(8_000)}}}`;

    afterEach(() => {
      expect(appErrors()).toEqual([]);
    });

    it('a compressed body never gets past the cap: gzip and deflate of 90 kB → 415, under the cap too', async () => {
      const url = await route();
      const small = JSON.stringify({ event: 'password_reset' });
      for (const [encoding, pack] of [
        ['gzip', gzipSync],
        ['deflate', deflateSync],
      ] as const) {
        for (const text of [big, small]) {
          const packed = new Uint8Array(pack(Buffer.from(text)));
          expect(packed.byteLength).toBeLessThan(1_000);
          const res = await send(url, { user: 'u_zip', body: packed, headers: { 'content-encoding': encoding } });
          await expectRejected(res, 415, 'unsupported_media_type');
        }
      }
    });

    it('brotli, and a stacked or unknown coding → 415', async () => {
      const url = await route();
      for (const encoding of ['br', 'gzip, identity', 'x-custom']) {
        const packed = encoding === 'br' ? new Uint8Array(brotliCompressSync(Buffer.from(big))) : new TextEncoder().encode(big.slice(0, 100));
        const res = await send(url, { user: 'u_zip', body: packed, headers: { 'content-encoding': encoding } });
        expect([413, 415]).toContain(res.status);
        expect(await s.emu.requests()).toHaveLength(0);
      }
    });

    it('a body nested 8,000 deep → 400 invalid_body, signed in or not, with or without Content-Length', async () => {
      const url = await route({ onError: undefined });
      const mark = logMark();
      expect(new TextEncoder().encode(deep).byteLength).toBeLessThan(16_384);
      for (const user of ['u_deep', undefined]) {
        await expectRejected(await send(url, { user, body: deep }), 400, 'invalid_body');
        const chunked = new Blob([deep]).stream();
        await expectRejected(await send(url, { user, body: chunked }), 400, 'invalid_body');
      }
      expect(loggedSince(mark)).toEqual([]);
    });

    it("the default log line is one line, never the caller's event text, never Fyno's message", async () => {
      const forged = 'password_reset\n2026-11-29T00:00:00Z [fyno-kit] admin signed in\u001b[2J\r';
      const url = await route(
        {
          onError: undefined,
          identify: (request) => {
            const who = headerOf(request, 'x-test-user');
            if (who === 'throws') throw new Error('jwt malformed\n[forged] line\u001b[31m');
            if (who === 'number') return 42 as unknown as string;
            return who ?? null;
          },
        },
        'log-probe',
      );
      const mark = logMark();
      await expectRejected(await post(url, 'throws', { event: forged }), 500, 'internal_error');
      await expectRejected(await post(url, 'number', { event: forged }), 500, 'internal_error');
      const upstream = await post(url, 'u_log', { event: 'not_in_workspace' });
      expect(upstream.json.error.code).toBe('upstream_rejected');
      const lines = loggedSince(mark);
      expect(lines).toHaveLength(3);
      for (const args of lines) {
        const line = args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
        expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(line).not.toContain('admin signed in');
        expect(line).not.toContain('does not exist');
        expect(line).toContain('[fyno-kit] notify route:');
      }
      expect(String(lines[2]?.[0])).toMatch(/upstream_rejected \(event "not_in_workspace"\): FynoBadRequestError .*status=400/);
    });

    it("keeps every recipient the server's: escaped key spellings are the same keys", async () => {
      const url = await route();
      for (const body of ['{"event":"password_reset","\\u0074o":{"email":"x@evil.example"}}', '{"event":"password_reset","distinct\\u005fid":"victim"}']) {
        await expectRejected(await send(url, { user: 'u_esc', body }), 400, 'forbidden_field');
      }
      for (const body of ['{"event":"password_reset","constructor":{}}', '{"event":"password_reset","callback":{"custom_id":"x"}}']) {
        await expectRejected(await send(url, { user: 'u_esc', body }), 400, 'invalid_body');
      }
    });

    it('idempotency keys never collide across crafted user and key splits (a:b + c vs a + b:c)', async () => {
      const url = await route();
      expect((await post(url, 'a:b', { event: 'password_reset' }, { headers: { 'idempotency-key': 'c' } })).status).toBe(202);
      expect((await post(url, 'a', { event: 'password_reset' }, { headers: { 'idempotency-key': 'b:c' } })).status).toBe(202);
      const sent = await s.emu.messages();
      expect(sent.map((m) => m.distinct_id)).toEqual(['a:b', 'a']);
      expect(new Set(sent.map((m) => m.idempotency_key)).size).toBe(2);
    });

    it('no span of windowMs lets more than the limit through, across a window edge too', async () => {
      // A sliding window of 3 per 3 s: one call, then two 1.5 s later; once the first call's window
      // has passed, one slot is free again, not three (a fixed window would free all three). The
      // timing is read off the clock, not assumed: on a loaded machine a slow answer can push the
      // later calls past the second call's window too, and that attempt proves nothing, so it is run
      // again with another user (up to 3 times). A limiter that lets too much through fails an attempt
      // that ran in time.
      const windowMs = 3_000;
      const url = await route({ rateLimit: { limit: 3, windowMs } });
      const body = { event: 'password_reset' };
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
      let clean: { statuses: number[]; user: string } | undefined;
      const seen: string[] = [];
      for (let attempt = 0; attempt < 3 && !clean; attempt++) {
        const user = `u_edge${attempt}`;
        expect((await post(url, user, body)).status).toBe(202);
        const firstAnsweredAt = Date.now();
        await sleep(windowMs / 2);
        const secondSentAt = Date.now();
        expect((await post(url, user, body)).status).toBe(202);
        expect((await post(url, user, body)).status).toBe(202);
        // Past the first call's window for certain: it was decided before it was answered.
        await sleep(firstAnsweredAt + windowMs + 20 - Date.now());
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await post(url, user, body)).status);
        const lastAnsweredAt = Date.now();
        // Calls 2 and 3 were decided after secondSentAt: still in the window for certain if the last
        // answer came within windowMs of it.
        if (lastAnsweredAt - secondSentAt < windowMs) clean = { statuses, user };
        else seen.push(`attempt ${attempt + 1}: ${statuses.join(', ')} (${lastAnsweredAt - secondSentAt} ms ≥ ${windowMs} ms: too slow to conclude)`);
      }
      expect(clean, `no attempt ran in time on this machine: ${seen.join('; ')}`).toBeDefined();
      expect(clean!.statuses).toEqual([202, 429, 429]);
      expect(await s.emu.messages({ distinct_id: clean!.user })).toHaveLength(4);
    }, 40_000);

    slowBodyCase(options.slowBody ?? 'route', { route, requests: () => s.emu.requests() });

    if (routeReadsBody) {
      it('an upload that trickles in gets 408 request_timeout within the body timeout, and the connection is closed', async () => {
        const url = await route({ bodyTimeoutMs: 300 });
        const started = Date.now();
        const answer = await rawRequest(url, { contentLength: 200, sendBytes: '{"ev', then: 'wait' });
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(answer.status).toBe(408);
        expect(JSON.parse(answer.body)).toEqual({ error: { code: 'request_timeout', message: expect.any(String) } });
        expect(answer.closedByServer).toBe(options.closesStalledConnections ?? true);
        expect(await s.emu.requests()).toHaveLength(0);
      });

      it("uploads aborted mid-body (FIN and RST) get no answer and reach neither the app's error handler nor the log", async () => {
        const url = await route({ onError: undefined });
        const mark = logMark();
        for (let i = 0; i < 20; i++) {
          await rawRequest(url, { contentLength: 5_000, sendBytes: '{"event":"password_reset","data":{"pad":"', then: i % 2 === 0 ? 'fin' : 'rst' });
        }
        await new Promise((r) => setTimeout(r, 300));
        await syncRemote();
        expect(loggedSince(mark)).toEqual([]);
        expect(await s.emu.requests()).toHaveLength(0);
        // The route still answers afterwards.
        expect((await post(url, 'u_after', { event: 'password_reset' })).status).toBe(202);
      });
    }
  });
}
