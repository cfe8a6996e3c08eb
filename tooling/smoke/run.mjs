#!/usr/bin/env node
// Installs the packed tarballs with npm into throwaway projects outside the workspace, as a user
// would, and runs them against the packed emulator: CJS require, ESM import, OpenTelemetry found
// from ESM and CJS apps, a TypeScript node16 project (typechecked, then run), core's browser-safe
// build in an edge runtime, Nest 10 and 11 apps on Express and Fastify (Nest 12, the version the nest
// package develops against, is tested in packages/nest), and a Fastify 5 app from CJS, ESM and
// TypeScript node16.
// Also checks core's dependency tree and the size of its browser-safe build.
//
//   node tooling/smoke/run.mjs <dir with the .tgz files from tooling/scripts/check-packages.mjs>
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const tarballDir = resolve(process.argv[2] ?? '');
// 7 KiB: profile upsert and channel validation (issue 17), signed-report errors and the
// Node-only split of logging and tracing (issue 13) took the build from 6,085 B to about 6.7 kB.
// 7.5 KiB: preferences, Verify and the suppression list (issue 24) add about 770 B (7,481 B).
// 8 KiB: the error messages that name the URL tried and the 404 base-URL hint (issue 21), and the
// runtime and context handling for Bun, Deno and workerd (issue 25) add about 360 B (7,845 B).
const MAX_WEB_CORE_GZIP_BYTES = 8192;
// Versions a user would get today; the repo's own tests use the same pins (docs: TOOLCHAIN.md).
const APP_DEPS = { express: '5.3.0', '@types/express': '5.0.6', '@types/node': '20.19.43', '@opentelemetry/api': '1.9.1' };
const NEST_COMMON_DEPS = { '@nestjs/throttler': '6.7.1', 'reflect-metadata': '0.2.2', rxjs: '7.8.2', '@types/node': '20.19.43' };
// Nest 10's Fastify platform runs on Fastify 4.
const NEST10_DEPS = {
  '@nestjs/common': '10.4.22',
  '@nestjs/core': '10.4.22',
  '@nestjs/platform-express': '10.4.22',
  '@nestjs/platform-fastify': '10.4.22',
  ...NEST_COMMON_DEPS,
};
const NEST11_DEPS = {
  '@nestjs/common': '11.2.10',
  '@nestjs/core': '11.2.10',
  '@nestjs/platform-express': '11.2.10',
  '@nestjs/platform-fastify': '11.2.8',
  ...NEST_COMMON_DEPS,
};
const FASTIFY_DEPS = { fastify: '5.12.8', '@types/node': '20.19.43' };
const FRAMEWORKS = /^(express|@nestjs\/.*|react|react-dom|next|fastify|koa|hono|axios|@fyno\/node)$/;

const started = Date.now();
const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`  ✗ ${message}`);
};
const ok = (message) => console.log(`  ✓ ${message}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function exec(cmd, args, options = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => resolvePromise({ status: status ?? 1, output: output.trim() }));
  });
}

const tarballs = Object.fromEntries(
  readdirSync(tarballDir)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => [`@fyno-kit/${f.replace(/^fyno-kit-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`, join(tarballDir, f)]),
);
for (const name of ['@fyno-kit/core', '@fyno-kit/emulator', '@fyno-kit/express', '@fyno-kit/fastify', '@fyno-kit/nest']) {
  if (!tarballs[name]) {
    console.error(`no tarball for ${name} in ${tarballDir}`);
    process.exit(1);
  }
}

/** A fresh project in the temp dir with `files` copied from tooling/smoke/projects/<name>, installed by npm. */
async function project(name, dependencies, source = name) {
  const dir = mkdtempSync(join(tmpdir(), `fyno-kit-smoke-${name}-`));
  cpSync(join(here, 'projects', source), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `smoke-${name}`, private: true, dependencies }, null, 2));
  const t = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const installed = await exec(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  if (installed.status !== 0) throw new Error(`npm install in ${dir} failed:\n${installed.output}`);
  console.log(`  · ${name}: npm install ${seconds(t)} (${dir})`);
  return dir;
}

const file = (name) => `file:${tarballs[name]}`;
console.log('\nsmoke projects (npm install of the tarballs)');
const [appDir, nest10Dir, nest11Dir, fastifyDir] = await Promise.all([
  project('app', {
    '@fyno-kit/core': file('@fyno-kit/core'),
    '@fyno-kit/emulator': file('@fyno-kit/emulator'),
    '@fyno-kit/express': file('@fyno-kit/express'),
    ...APP_DEPS,
  }),
  project('nest10', { '@fyno-kit/core': file('@fyno-kit/core'), '@fyno-kit/nest': file('@fyno-kit/nest'), ...NEST10_DEPS }, 'nest'),
  project('nest11', { '@fyno-kit/core': file('@fyno-kit/core'), '@fyno-kit/nest': file('@fyno-kit/nest'), ...NEST11_DEPS }, 'nest'),
  project('fastify', { '@fyno-kit/core': file('@fyno-kit/core'), '@fyno-kit/fastify': file('@fyno-kit/fastify'), ...FASTIFY_DEPS }),
]);
const appRequire = createRequire(join(appDir, 'package.json'));

// The emulator comes from its own tarball too (its CJS build here; the ESM one is imported by esm.mjs).
const { startEmulator } = appRequire('@fyno-kit/emulator');
const emulator = await startEmulator({ port: 0 });
const env = {
  ...process.env,
  FYNO_WSID: emulator.workspaceId,
  FYNO_API_KEY: emulator.apiKey,
  FYNO_BASE_URL: emulator.baseUrl,
  FYNO_VERSION: 'live',
};
const received = (event) => emulator.messages({ event }).length;

/** Runs one smoke and checks the emulator accepted exactly one message of its event. */
async function smoke(label, event, step) {
  const t = Date.now();
  try {
    const detail = await step();
    const count = received(event);
    if (count !== 1) fail(`${label}: the emulator received ${count} '${event}' messages, expected 1`);
    else ok(`${label}: ${detail} (${seconds(t)})`);
  } catch (error) {
    fail(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function node(dir, args) {
  const result = await exec(process.execPath, args, { cwd: dir, env });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}:\n${result.output}`);
  return result.output.split('\n').pop();
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
async function typescript(dir) {
  const result = await exec(process.execPath, [tsc, '-p', dir], { cwd: dir });
  if (result.status !== 0) throw new Error(`tsc -p ${dir} failed:\n${result.output}`);
}

try {
  await smoke('CJS require', 'smoke_cjs', () => node(appDir, ['cjs.cjs']));
  await smoke('ESM import', 'smoke_esm', () => node(appDir, ['esm.mjs']));
  // core's optional peer, found from a packed install by an ESM and by a CJS app.
  await smoke('OpenTelemetry, ESM app', 'smoke_otel_esm', () => node(appDir, ['otel.mjs']));
  await smoke('OpenTelemetry, CJS app', 'smoke_otel_cjs', () => node(appDir, ['otel.mjs', '--cjs']));
  await smoke('TypeScript node16 (tsc, then run)', 'smoke_ts', async () => {
    await typescript(appDir);
    return node(appDir, ['ts-out/app.mjs']);
  });

  // The browser-safe build, resolved as an edge bundler would: no `node` condition, no Node built-ins.
  await smoke('edge runtime (EdgeVM, fetch transport)', 'smoke_edge', async () => {
    writeFileSync(join(appDir, 'edge-entry.mjs'), "export * from '@fyno-kit/core';\n");
    const bundle = await build({
      entryPoints: [join(appDir, 'edge-entry.mjs')],
      absWorkingDir: appDir,
      bundle: true,
      write: false,
      metafile: true,
      format: 'iife',
      globalName: 'FynoKit',
      platform: 'browser',
      conditions: ['edge-light', 'worker'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(bundle.metafile.inputs);
    if (!inputs.some((p) => p.endsWith('@fyno-kit/core/dist/index.web.js'))) {
      throw new Error(`the edge bundle did not resolve core's index.web.js: ${inputs.join(', ')}`);
    }
    const nodeOnly = inputs.filter((p) => /undici|^node:|dist\/index\.(c?js)$/.test(p));
    if (nodeOnly.length) throw new Error(`the edge bundle pulled in Node-only code: ${nodeOnly.join(', ')}`);
    const vm = new EdgeVM();
    if (vm.evaluate('typeof process + typeof require') !== 'undefinedundefined') throw new Error('EdgeVM exposes Node globals');
    vm.evaluate(bundle.outputFiles[0].text);
    const config = JSON.stringify({ workspaceId: env.FYNO_WSID, apiKey: env.FYNO_API_KEY, baseUrl: env.FYNO_BASE_URL });
    const requestId = await vm.evaluate(`(async () => {
      const fyno = new FynoKit.Fyno(${config});
      const res = await fyno.fire('smoke_edge', { to: { email: 'edge@example.com' }, data: { via: 'edge' } });
      await fyno.close();
      return res.request_id;
    })()`);
    const last = emulator.requests().at(-1);
    const userAgent = last?.headers?.['user-agent'] ?? last?.userAgent ?? '';
    return `fired with global fetch, request_id ${requestId}${userAgent ? `, user-agent "${userAgent}"` : ''}`;
  });

  // Fastify 5: one event through @fyno-kit/fastify's notify route, from CJS, ESM and TypeScript node16.
  await smoke('Fastify CJS require (notify route)', 'smoke_fastify_cjs', () => node(fastifyDir, ['cjs.cjs']));
  await smoke('Fastify ESM import (notify route)', 'smoke_fastify_esm', () => node(fastifyDir, ['esm.mjs']));
  await smoke('Fastify TypeScript node16 (tsc, then run)', 'smoke_fastify_ts', async () => {
    await typescript(fastifyDir);
    return node(fastifyDir, ['ts-out/app.mjs']);
  });

  await smoke(
    'Nest 10 on Express and Fastify 4 (module forms, notify route behind a global guard, route-level ThrottlerGuard, FynoRoutes from an app controller, injection by class)',
    'smoke_nest10',
    async () => {
      await typescript(nest10Dir);
      return node(nest10Dir, ['out/main.js', '10', 'express', 'fastify']);
    },
  );
  await smoke(
    'Nest 11 on Express and Fastify (module forms, notify route behind a global guard, route-level ThrottlerGuard, FynoRoutes from an app controller, injection by class)',
    'smoke_nest11',
    async () => {
      await typescript(nest11Dir);
      return node(nest11Dir, ['out/main.js', '11', 'express', 'fastify']);
    },
  );
} finally {
  await emulator.stop();
}

// Core's promise: two runtime dependencies, undici (the Node transport) and socket.io-client (loaded
// only by the `@fyno-kit/core/inbox` entry, Fyno's in-app protocol), and no framework anywhere in its tree.
console.log('\ncore dependencies');
const corePkg = JSON.parse(readFileSync(join(appDir, 'node_modules', '@fyno-kit', 'core', 'package.json'), 'utf8'));
const direct = Object.keys(corePkg.dependencies ?? {});
if ([...direct].sort().join() !== 'socket.io-client,undici') {
  fail(`@fyno-kit/core depends on [${direct.join(', ')}], expected exactly [socket.io-client, undici]`);
}
// The one peer allowed: @opentelemetry/api, optional (tracing is a no-op without it).
const peers = Object.keys({ ...corePkg.peerDependencies, ...corePkg.optionalDependencies });
if (peers.join() !== '@opentelemetry/api' || corePkg.peerDependenciesMeta?.['@opentelemetry/api']?.optional !== true) {
  fail(`@fyno-kit/core declares peer or optional dependencies [${peers.join(', ')}], expected only an optional @opentelemetry/api`);
}
const tree = new Set();
(function walk(pkgDir) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const req = createRequire(join(pkgDir, 'package.json'));
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
    if (tree.has(dep)) continue;
    tree.add(dep);
    let depDir;
    try {
      depDir = dirname(req.resolve(`${dep}/package.json`));
    } catch {
      continue; // an optional dependency not installed here
    }
    walk(depDir);
  }
})(join(appDir, 'node_modules', '@fyno-kit', 'core'));
const frameworks = [...tree].filter((name) => FRAMEWORKS.test(name));
if (frameworks.length) fail(`@fyno-kit/core pulls in ${frameworks.join(', ')}`);
else ok(`@fyno-kit/core ${corePkg.version}: dependencies [${direct.join(', ')}], whole tree [${[...tree].join(', ')}]`);

// The browser-safe build, everything it exports, minified and gzipped.
console.log('\nbrowser-safe core size');
const sized = await build({
  stdin: { contents: "export * from '@fyno-kit/core';", resolveDir: appDir, loader: 'js' },
  bundle: true,
  write: false,
  minify: true,
  format: 'esm',
  platform: 'browser',
  logLevel: 'silent',
});
const minified = sized.outputFiles[0].contents;
const gzipped = gzipSync(minified).length;
const figure = `${minified.length} B minified, ${gzipped} B min+gzip (limit ${MAX_WEB_CORE_GZIP_BYTES} B)`;
if (gzipped > MAX_WEB_CORE_GZIP_BYTES) fail(`@fyno-kit/core dist/index.web.js is too big: ${figure}`);
else ok(`@fyno-kit/core dist/index.web.js: ${figure}`);

if (failures.length) {
  console.error(`\n${failures.length} smoke failure(s); projects left in ${appDir}, ${nest10Dir}, ${nest11Dir} and ${fastifyDir}`);
  process.exit(1);
}
for (const dir of [appDir, nest10Dir, nest11Dir, fastifyDir]) rmSync(dir, { recursive: true, force: true });
console.log(`\nsmoke: all passed in ${seconds(started)}`);
