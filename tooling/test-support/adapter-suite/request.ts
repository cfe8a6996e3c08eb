/** 413 / 415 / 405: the size, type, coding and method of the request itself (and a host's own cross-site check). */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context';

export function requestCases(s: SuiteContext): void {
  const { options, originCheck, route, send, expectRejected, expectHostRefused } = s;
  describe('413 / 415 / 405: the request itself', () => {
    it('413 payload_too_large by Content-Length and by the bytes of a streamed (chunked) body', async () => {
      const url = await route();
      const big = JSON.stringify({ event: 'password_reset', data: { pad: 'x'.repeat(20_000) } });
      await expectRejected(await send(url, { user: 'u_413', body: big }), 413, 'payload_too_large');
      const chunk = new TextEncoder().encode('x'.repeat(4_096));
      let sentChunks = 0;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"event":"password_reset","data":{"pad":"'));
        },
        pull(controller) {
          // 64 kB in all, with no Content-Length: only counting bytes can catch it.
          if (sentChunks++ < 16) controller.enqueue(chunk);
          else {
            controller.enqueue(new TextEncoder().encode('"}}'));
            controller.close();
          }
        },
      });
      const streamed = send(url, { user: 'u_413', body: stream, ownConnection: true });
      if (!options.cutsOversizeStream) return expectRejected(await streamed, 413, 'payload_too_large');
      const answer = await streamed.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      if (!(answer instanceof Error)) return expectRejected(answer, 413, 'payload_too_large');
      expect(await s.emu.requests()).toHaveLength(0);
    });

    it('honours a configured maxBodyBytes', async () => {
      const url = await route({ maxBodyBytes: 256 });
      const body = (pad: number) => JSON.stringify({ event: 'password_reset', data: { pad: 'y'.repeat(pad) } });
      await expectRejected(await send(url, { user: 'u_cap', body: body(300) }), 413, 'payload_too_large');
      expect((await send(url, { user: 'u_cap', body: body(150) })).status).toBe(202);
    });

    it('415 unsupported_media_type for anything but application/json', async () => {
      const url = await route();
      const body = '{"event":"password_reset"}';
      const formTypes: Array<string | null> = [
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ];
      for (const type of [...formTypes, 'application/json-patch+json', 'application/json; charset=latin1', null]) {
        const checked =
          originCheck === 'own-origin-only' ? formTypes.includes(type) || type === null : originCheck === 'foreign-origin' && formTypes.includes(type);
        if (!checked) {
          await expectRejected(await send(url, { user: 'u_415', body, type }), 415, 'unsupported_media_type');
          continue;
        }
        await expectHostRefused(url, { type, origin: 'https://evil.example' });
        if (originCheck === 'own-origin-only') await expectHostRefused(url, { type });
        else await expectRejected(await send(url, { user: 'u_415', body, type }), 415, 'unsupported_media_type');
        const own = await send(url, { user: 'u_415', body, type, headers: { origin: new URL(url).origin } });
        await expectRejected(own, 415, 'unsupported_media_type');
      }
      // Raw bytes in a coding the route does not decode.
      const gzip = await send(url, { user: 'u_415', body, headers: { 'content-encoding': 'gzip' } });
      await expectRejected(gzip, 415, 'unsupported_media_type');
      expect((await send(url, { user: 'u_415', body, headers: { 'content-encoding': 'identity' } })).status).toBe(202);
    });

    it('405 method_not_allowed with Allow: POST for other methods', async () => {
      const url = await route();
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
        // An untyped PUT/DELETE/PATCH passes a host's own-origin check only from the app's own origin.
        const own = originCheck === 'own-origin-only' && method !== 'GET';
        if (own) await expectHostRefused(url, { type: null, method, body: '{}' });
        const headers: Record<string, string> = own ? { origin: new URL(url).origin } : {};
        const res = await send(url, { method, user: 'u_405', type: null, headers, ...(method === 'GET' ? {} : { body: '{}' }) });
        await expectRejected(res, 405, 'method_not_allowed');
        expect(res.headers.get('allow')).toBe('POST');
      }
      const head = await send(url, { method: 'HEAD', user: 'u_405', type: null });
      expect(head.status).toBe(405);
    });
  });
}
