// A short run of every benchmark script (tiny durations, results to a temporary file), so that a
// benchmark that no longer runs fails `npm test` instead of going stale. It checks that each script
// finishes and writes its section, not any figure: figures come from `pnpm bench` alone.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fyno-bench-smoke-'));
const results = join(dir, 'RESULTS.md');
copyFileSync(join(here, 'RESULTS.md'), results);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = {
  BENCH_RESULTS: results,
  BENCH_REPEATS: '1',
  BENCH_WARMUP_MS: '50',
  BENCH_MEASURE_MS: '250',
  BENCH_QUEUE_EVENTS: '3000',
  BENCH_BULLMQ_EVENTS: '600',
  BENCH_ROUNDS: '1',
  BENCH_SLICES: '3',
  BENCH_SLICE: '200',
  N: '200',
  ROUTE_BENCH_REPEATS: '1',
  ROUTE_BENCH_WARMUP_S: '1',
  ROUTE_BENCH_MEASURE_S: '1',
  ROUTE_BENCH_CONNECTIONS: '4',
  ROUTE_AB_SLICE: '100',
  ROUTE_AB_ROUNDS: '1',
  ROUTE_AB_CONNECTIONS: '4',
  INBOX_RESULTS: results,
  INBOX_MESSAGES: '20',
  INBOX_USERS: '20',
  // The A/B scripts compare against an older build; here the current one stands in for it.
  BENCH_CORE_BEFORE: createRequire(import.meta.url)
    .resolve('@fyno-kit/core')
    .replace(/index\.cjs$/, 'index.js'),
};

function run(script) {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(here, script)], { cwd: here, env: { ...process.env, ...TINY }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// One at a time: each script starts its own emulator and servers, and they would measure each other.
describe.sequential('every benchmark script runs (tiny durations)', () => {
  it('run.mjs: the client against raw undici, and the BullMQ section', async () => {
    const { code, stderr } = await run('run.mjs');
    expect(code, stderr).toBe(0);
    const md = readFileSync(results, 'utf8');
    expect(md).toMatch(/\| fire c=64 \| [\d,]+ \|/);
    expect(md).toMatch(/\| queue c=4 \| [\d,]+ \|/);
    expect(md).toContain('## Durable sending: @fyno-kit/bullmq');
    expect(md).not.toMatch(/Not measured/);
  }, 240_000);

  it('inbox.mjs: in-app latency, fan-out with memory per connection, and the inbox bundle size', async () => {
    const { code, stderr } = await run('inbox.mjs');
    expect(code, stderr).toBe(0);
    const md = readFileSync(results, 'utf8');
    expect(md).toMatch(/## In-app inbox/);
    expect(md).toMatch(/`useInbox` \+ `InboxProvider`.*\| \d+ B \(budget 4096 B\)/);
  }, 120_000);

  it('routes.mjs: the notify route on Express, Fastify and Nest against their floors', async () => {
    const { code, stderr } = await run('routes.mjs');
    expect(code, stderr).toBe(0);
    const md = readFileSync(results, 'utf8');
    for (const framework of ['express', 'fastify', 'nest']) {
      expect(md).toMatch(new RegExp(`\\| ${framework} \\| route \\| [\\d,]+ \\|`));
      expect(md).toMatch(new RegExp(`\\| ${framework} \\| floor \\| [\\d,]+ \\|`));
    }
  }, 240_000);

  it('route-ab.mjs: the Fastify route against its floor in one server process', async () => {
    const { code, stdout, stderr } = await run('route-ab.mjs');
    expect(code, stderr).toBe(0);
    for (const variant of ['floor', 'route', 'route-no-otel']) expect(stdout).toMatch(new RegExp(`\\| ${variant} \\| [\\d.]+ \\|`));
  }, 120_000);

  it('overhead.mjs: the interleaved A/B of logging and tracing', async () => {
    const { code, stderr } = await run('overhead.mjs');
    expect(code, stderr).toBe(0);
    expect(readFileSync(results, 'utf8')).toContain('## Overhead of logging and tracing when off');
  }, 120_000);

  it('bulk-micro.mjs: the client CPU per fireBulk item without a network', async () => {
    const { code, stdout, stderr } = await run('bulk-micro.mjs');
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^fireBulk [\d.]+ µs\/item; building\+stringify alone [\d.]+ µs\/item/m);
  }, 120_000);

  it('route-micro.mjs: the notify route CPU per accepted request without a network', async () => {
    const { code, stdout, stderr } = await run('route-micro.mjs');
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^\| now \| [\d.]+ \| \+0\.00 \(0\.0 %\) \| [\d.]+ \|/m);
  }, 120_000);

  it('overhead-micro.mjs: the client CPU per call without a network', async () => {
    const { code, stderr } = await run('overhead-micro.mjs');
    expect(code, stderr).toBe(0);
    expect(readFileSync(results, 'utf8')).toContain("## The client's own cost per call");
  }, 120_000);
});
