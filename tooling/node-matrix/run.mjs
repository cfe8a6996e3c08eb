#!/usr/bin/env node
// The built packages on the Node versions users run: the core, express, nest and bullmq integration
// suites (vitest.config.ts) and the packed-tarball smoke projects (tooling/smoke/run.mjs), each under Node 22
// and Node 24. The toolchain stays on the machine's Node 20: the same vitest binary and the same
// smoke script are simply started with the other `node` executable. Prints per-version counts.
//
//   node tooling/node-matrix/run.mjs            (turbo builds the packages first: `pnpm test` / `npm test`)
//   NODE_MATRIX_VERSIONS=24.22.3 node tooling/node-matrix/run.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from './node-binaries.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
// Current LTS lines (2026-11-29): see docs/deploying.md. Node 20 is the toolchain's own run.
const VERSIONS = (process.env.NODE_MATRIX_VERSIONS ?? '22.23.5,24.22.3')
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean);
const SMOKE_PACKAGES = ['@fyno-kit/core', '@fyno-kit/emulator', '@fyno-kit/express', '@fyno-kit/fastify', '@fyno-kit/nest'];
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

/** Runs a command, streaming its output; resolves its exit code and the output. */
function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (stream) => (d) => {
      output += d;
      stream.write(d);
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });
}

/** vitest's JSON report: counts per suite (project) and overall. */
function vitestCounts(reportFile) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const bySuite = {};
  for (const file of report.testResults ?? []) {
    const suite = file.name.replace(`${root}/packages/`, '').split('/')[0];
    const slot = (bySuite[suite] ??= { passed: 0, failed: 0 });
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') slot.passed++;
      else if (test.status === 'failed') slot.failed++;
    }
    // A file that failed to load has no assertions but must still count as a failure.
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) slot.failed++;
  }
  const total = (key) => Object.values(bySuite).reduce((n, s) => n + s[key], 0);
  return { passed: total('passed'), failed: total('failed'), bySuite };
}

// 1. The tarballs, packed once as `changeset publish` would (tooling/scripts/check-packages.mjs checks them).
const tarballDir = mkdtempSync(join(tmpdir(), 'fyno-kit-node-matrix-'));
const filters = SMOKE_PACKAGES.flatMap((name) => ['--filter', name]);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const packed = spawnSync(npx, ['-y', 'pnpm@10.34.9', '-r', ...filters, 'pack', '--pack-destination', tarballDir], { cwd: root, encoding: 'utf8' });
if (packed.status !== 0) {
  console.error(packed.stdout, packed.stderr);
  process.exit(1);
}
console.log(`node-matrix: packed ${readdirSync(tarballDir).length} tarballs into ${tarballDir}`);

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const summary = [];
let failed = false;
try {
  for (const version of VERSIONS) {
    const node = nodeBinary(version);
    console.log(`\n━━ Node ${version} (${node}) ━━`);

    const t = Date.now();
    // BullMQ's suite times a rate limiter across worker processes: it runs alone, after the others.
    const counts = { passed: 0, failed: 0, bySuite: {} };
    for (const [label, projects] of [
      ['core-express-nest', ['core', 'express', 'nest']],
      ['bullmq', ['bullmq']],
    ]) {
      const reportFile = join(tarballDir, `vitest-${version}-${label}.json`);
      const args = [vitest, 'run', '--config', join(here, 'vitest.config.ts'), ...projects.flatMap((p) => ['--project', p])];
      const suites = await run(node, [...args, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`], {
        env: { ...process.env, CI: process.env.CI ?? 'true' },
      });
      let part;
      try {
        part = vitestCounts(reportFile);
      } catch {
        part = { passed: 0, failed: 0, bySuite: {} };
      }
      if (suites.status !== 0 && part.failed === 0) part.failed = 1;
      counts.passed += part.passed;
      counts.failed += part.failed;
      Object.assign(counts.bySuite, part.bySuite);
    }
    const perSuite = Object.entries(counts.bySuite)
      .map(([name, c]) => `${name} ${c.passed}${c.failed ? `/${c.failed} failed` : ''}`)
      .join(', ');

    const s = Date.now();
    const smoke = await run(node, [join(root, 'tooling', 'smoke', 'run.mjs'), tarballDir]);
    const smokePassed = (smoke.output.match(/^\s*✓ /gm) ?? []).length;
    const smokeFailed = (smoke.output.match(/^\s*✗ /gm) ?? []).length + (smoke.status !== 0 && !/✗/.test(smoke.output) ? 1 : 0);

    if (counts.failed || smoke.status !== 0) failed = true;
    summary.push(
      `Node ${version}: suites ${counts.passed} passed, ${counts.failed} failed (${perSuite}; ${seconds(t)}); ` +
        `smoke ${smokePassed} passed, ${smokeFailed} failed (${seconds(s)})`,
    );
  }
} finally {
  rmSync(tarballDir, { recursive: true, force: true });
}

console.log(`\nnode-matrix (${seconds(started)}):`);
for (const line of summary) console.log(`  ${line}`);
process.exit(failed ? 1 : 0);
