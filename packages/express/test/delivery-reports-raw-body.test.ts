/**
 * A receiver behind a parser that kept no raw bytes writes its fix once per process, however many
 * requests (anyone can send a JSON POST) and however many receivers. Its own file: vitest gives each
 * file a fresh process state, and "once" is process state.
 */
import { createHmac } from 'node:crypto';
import { afterEach, expect, it, vi } from 'vitest';
import { deliveryReports, RAW_BODY_FIX } from '../src/index';
import { EXPRESS_VERSIONS, listen } from './helpers';

const SECRET = 'whsec_raw_body_test_not_a_secret';
const REPORT = JSON.stringify({ msg_id: 'req-9:0001', status: 'DELIVERED' });
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  vi.restoreAllMocks();
});

it("writes the fix once per process: to the first receiver's onError, then to no one (onError or console.error), on Express 5 and 4", async () => {
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  const handled: unknown[] = [];
  const origins: string[] = [];
  for (const { express } of EXPRESS_VERSIONS) {
    const app = express();
    app.use(express.json());
    app.use('/with-on-error', deliveryReports({ secret: SECRET, onReport: () => {}, onError: (error) => void handled.push(error) }));
    app.use('/default-log', deliveryReports({ secret: SECRET, onReport: () => {} }));
    const server = await listen(app);
    closers.push(server.close);
    origins.push(server.origin);
  }
  const signature = createHmac('sha256', SECRET).update(REPORT).digest('hex');
  for (let round = 0; round < 3; round++) {
    for (const origin of origins) {
      for (const path of ['/with-on-error', '/default-log']) {
        const res = await fetch(`${origin}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-fyno-hmac-signature': signature },
          body: REPORT,
        });
        expect(res.status).toBe(500);
        expect(await res.json()).toEqual({ error: { code: 'raw_body_unavailable', message: 'The report could not be verified' } });
      }
    }
  }
  expect(handled).toHaveLength(1);
  expect(handled[0]).toBeInstanceOf(TypeError);
  expect((handled[0] as Error).message).toBe(RAW_BODY_FIX);
  expect(consoleError).not.toHaveBeenCalled();
});
