import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setup } from './helpers';

let ctx: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  ctx = await setup({}, { events: '*', maxRequestLog: 1_000 });
});
afterAll(() => ctx.close());

it('200,000 fire() calls on one client keep no per-call state: heap after GC within 5% of warm-up', { timeout: 300_000 }, async () => {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'soak-child.mjs');
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', script], {
    env: { ...process.env, EMU_BASE_URL: ctx.emu.baseUrl, EMU_URL: ctx.emu.url, EMU_WSID: ctx.emu.workspaceId, EMU_KEY: ctx.emu.apiKey, CALLS: '200000' },
    maxBuffer: 1 << 20,
  });
  const { warm, end, calls, warmListeners, endListeners } = JSON.parse(stdout.trim()) as {
    warm: number;
    end: number;
    calls: number;
    warmListeners: string;
    endListeners: string;
  };
  const growth = (end - warm) / warm;
  console.log(
    `soak: ${calls} calls, heap ${(warm / 1e6).toFixed(2)} MB after warm-up → ${(end / 1e6).toFixed(2)} MB (${(growth * 100).toFixed(2)}%), ${((end - warm) / calls).toFixed(2)} B/call`,
  );
  expect(growth).toBeLessThan(0.05);
  // Nothing registered on the process per call (the official SDK adds global interceptors per call).
  expect(endListeners).toBe(warmListeners);
});
