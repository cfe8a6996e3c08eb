#!/usr/bin/env node
// The README's two commands (`npm run demo`, `npm test`) land here, so they work on a machine that
// has only Node 20 and npm: pnpm comes through npx at the pinned version, then turbo runs the task.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTestLanes } from './test-lanes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
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

const task = process.argv[2];
// Set by the test command for its suites: everything is installed and built already, so a demo that
// an e2e suite starts (`npm run demo`) neither reinstalls nor rebuilds under the other lane's tests.
const prebuilt = process.env.FYNO_KIT_PREBUILT === '1';
const build = (...args) => prebuilt || pnpm('exec', 'turbo', 'run', 'build', ...args, '--output-logs=errors-only');
if (!prebuilt) pnpm('install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent');
switch (task) {
  case 'test': {
    ensureSystemPackages();
    // Lint and format first (Biome, seconds for the whole tree). A failure is reported with the
    // tests' result rather than instead of it.
    const lint = spawnSync(npx, [...PNPM, 'exec', 'biome', 'check', '.'], { cwd: root, stdio: 'inherit', env });
    // Build once, then two lanes of test tasks at once (tooling/scripts/test-lanes.mjs); `--serial` for one at a time.
    build();
    const tests = await runTestLanes({
      root,
      run: [npx, ...PNPM],
      env: { ...env, FYNO_KIT_PREBUILT: '1' },
      serial: process.argv.includes('--serial'),
      only: process.argv.slice(3).filter((arg) => !arg.startsWith('--')),
    });
    if (lint.status !== 0) console.log('lint: `biome check .` failed (above); `pnpm format` fixes the formatting');
    process.exitCode = tests || (lint.status === 0 ? 0 : 1);
    break;
  }
  case 'demo':
    build('--filter=@fyno-kit/demo...');
    pnpm('--filter', '@fyno-kit/demo', 'start');
    break;
  case 'demo:nest':
    build('--filter=@fyno-kit/nest-demo...');
    pnpm('--filter', '@fyno-kit/nest-demo', 'start');
    break;
  case 'demo:next':
    // `next build` once (turbo replays it from its cache afterwards), then `next start`.
    build('--filter=@fyno-kit/next-demo...');
    pnpm('--filter', '@fyno-kit/next-demo', 'start');
    break;
  default:
    console.error('usage: node tooling/scripts/dev.mjs test|demo|demo:nest|demo:next');
    process.exit(2);
}
