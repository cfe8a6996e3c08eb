#!/usr/bin/env node
// The README's two commands (`npm run demo`, `npm test`) land here, so they work on a machine that
// has only Node 20 and npm: pnpm comes through npx at the pinned version, then turbo runs the task.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = ['-y', 'pnpm@10.34.9'];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' };
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const pnpm = (...args) => run(npx, [...PNPM, ...args]);

function chromiumPath() {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
}

function redisPath() {
  return [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => p && existsSync(p));
}

// The browser tests need Debian's Chromium and the BullMQ tests a redis-server binary (they start
// their own on a free port). As root on Debian they are installed here; elsewhere we say how.
function ensureSystemPackages() {
  const missing = [!chromiumPath() && 'chromium', !redisPath() && 'redis-server'].filter(Boolean);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`The tests need ${missing.join(' and ')}; installing Debian's packages (about 90 s, once)…`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  console.error(
    `The tests need ${missing.join(' and ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` (or set CHROMIUM_PATH / REDIS_SERVER), then try again.`,
  );
  process.exit(1);
}

/** Runs the test pipeline, streaming its output, and closes with one `N passed, N failed` line. */
function runTests(args) {
  return new Promise((resolve) => {
    const child = spawn(npx, [...PNPM, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let passed = 0;
    let failed = 0;
    let pending = '';
    const scan = (chunk) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const raw of lines) {
        // vitest's summary line, e.g. "Tests  3 failed | 40 passed (43)", one per package run.
        const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
        const m = line.match(/^\S*\s*Tests\s+(.*)\(\d+\)\s*$/);
        if (!m) continue;
        for (const part of m[1].split('|')) {
          const n = part.trim().match(/^(\d+) (passed|failed)$/);
          if (n) n[2] === 'passed' ? (passed += Number(n[1])) : (failed += Number(n[1]));
        }
      }
    };
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      scan(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => {
      scan('\n');
      console.log(`\n${passed} passed, ${failed} failed`);
      resolve(code ?? 1);
    });
  });
}

const task = process.argv[2];
pnpm('install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent');
switch (task) {
  case 'test': {
    ensureSystemPackages();
    // Lint and format first (Biome, seconds for the whole tree). A failure is reported with the
    // tests' result rather than instead of it.
    const lint = spawnSync(npx, [...PNPM, 'exec', 'biome', 'check', '.'], { cwd: root, stdio: 'inherit', env });
    const tests = await runTests(['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue', '--output-logs=full']);
    if (lint.status !== 0) console.log('lint: `biome check .` failed (above); `pnpm format` fixes the formatting');
    process.exitCode = tests || (lint.status === 0 ? 0 : 1);
    break;
  }
  case 'demo':
    pnpm('exec', 'turbo', 'run', 'build', '--filter=@fyno-kit/demo...', '--output-logs=errors-only');
    pnpm('--filter', '@fyno-kit/demo', 'start');
    break;
  case 'demo:nest':
    pnpm('exec', 'turbo', 'run', 'build', '--filter=@fyno-kit/nest-demo...', '--output-logs=errors-only');
    pnpm('--filter', '@fyno-kit/nest-demo', 'start');
    break;
  case 'demo:next':
    // `next build` once (turbo replays it from its cache afterwards), then `next start`.
    pnpm('exec', 'turbo', 'run', 'build', '--filter=@fyno-kit/next-demo...', '--output-logs=errors-only');
    pnpm('--filter', '@fyno-kit/next-demo', 'start');
    break;
  default:
    console.error('usage: node scripts/dev.mjs test|demo|demo:nest|demo:next');
    process.exit(2);
}
