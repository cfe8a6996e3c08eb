/**
 * Several instances, one limit: two Express processes share rate-limiter-flexible limiters in a
 * real redis-server (the notify route's and the preferences route's), and a Redis outage refuses
 * (503) rather than skipping the limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '@fyno-kit/test-support/redis';

const LIMIT = 5;
const apiKey = `sk_shared_${Math.random().toString(36).slice(2)}`;
let redis: TestRedis;
let emu: RunningEmulator;
const instances: ChildProcess[] = [];
const origins: string[] = [];

async function startInstance(): Promise<string> {
  const fixture = fileURLToPath(new URL('./fixtures/limited-app.mjs', import.meta.url));
  const child = spawn(process.execPath, [fixture, redis.url, emu.baseUrl, emu.workspaceId, apiKey, String(LIMIT)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  instances.push(child);
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const port = /listening (\d+)/.exec(out)?.[1];
    if (port) return `http://127.0.0.1:${port}`;
  }
  throw new Error(`instance exited before listening: ${out}`);
}

function notify(origin: string, user: string): Promise<Response> {
  return fetch(`${origin}/api/fyno/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user': user },
    body: '{"event":"password_reset"}',
  });
}

beforeAll(async () => {
  redis = await startRedis();
  emu = await startEmulator({ port: 0, events: '*', apiKey, quiet: true });
  origins.push(await startInstance(), await startInstance());
}, 30_000);

afterAll(async () => {
  for (const child of instances) {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
  await emu?.stop();
  await redis?.destroy();
});

describe('a rate limit shared by two instances through Redis', () => {
  it(`3 × ${LIMIT} requests for one user over both instances → exactly ${LIMIT} accepted, the rest 429 with Retry-After`, async () => {
    const answers: Response[] = [];
    for (let i = 0; i < 3 * LIMIT; i++) answers.push(await notify(origins[i % 2]!, 'u_shared'));
    const accepted = answers.filter((r) => r.status === 202);
    const limited = answers.filter((r) => r.status === 429);
    expect(accepted).toHaveLength(LIMIT);
    expect(limited).toHaveLength(2 * LIMIT);
    for (const r of limited) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    }
    // Both instances accepted some: the limit is the store's, not a process's.
    const byInstance = [0, 1].map((k) => answers.filter((r, i) => i % 2 === k && r.status === 202).length);
    expect(byInstance.every((n) => n > 0)).toBe(true);
    expect(emu.messages({ distinct_id: 'u_shared' })).toHaveLength(LIMIT);
  });

  it(`the preferences route: 3 × ${LIMIT} reads and writes for one user over both instances → exactly ${LIMIT} answered, the rest 429`, async () => {
    const emailOff = JSON.stringify({ changes: [{ topic: 'SORDERS001', channel: 'email', on: false }] });
    const answers: Response[] = [];
    for (let i = 0; i < 3 * LIMIT; i++) {
      const url = `${origins[i % 2]}/api/fyno/preferences`;
      const headers = { 'content-type': 'application/json', 'x-user': 'u_prefs' };
      answers.push(await (i % 3 === 0 ? fetch(url, { method: 'POST', headers, body: emailOff }) : fetch(url, { headers })));
    }
    const answered = answers.filter((r) => r.status === 200);
    const limited = answers.filter((r) => r.status === 429);
    expect(answered).toHaveLength(LIMIT);
    expect(limited).toHaveLength(2 * LIMIT);
    for (const r of limited) expect(((await r.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    const byInstance = [0, 1].map((k) => answers.filter((r, i) => i % 2 === k && r.status === 200).length);
    expect(byInstance.every((n) => n > 0)).toBe(true);
    // The notify route's budget is its own: the same user may still notify.
    expect((await notify(origins[0]!, 'u_prefs')).status).toBe(202);
  });

  it('with Redis stopped → 503 rate_limiter_unavailable on every instance, nothing sent', async () => {
    await redis.stop();
    const before = emu.requests().length;
    for (const origin of origins) {
      const res = await notify(origin, 'u_outage');
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limiter_unavailable');
      const settings = await fetch(`${origin}/api/fyno/preferences`, { headers: { 'x-user': 'u_outage' } });
      expect(settings.status).toBe(503);
      expect(((await settings.json()) as { error: { code: string } }).error.code).toBe('rate_limiter_unavailable');
    }
    expect(emu.requests().length).toBe(before);
    expect(emu.messages({ distinct_id: 'u_outage' })).toHaveLength(0);
  });
});
