#!/usr/bin/env node
// Runs every guide in docs/ exactly as written, as a new user would: its files and shell commands
// in order, in a fresh folder outside the workspace (under the OS temp dir), with @fyno-kit/*
// installed by npm from their packed tarballs (pnpm pack, as `changeset publish` packs them) and
// everything else from the registry at the versions the guide pins. Then it checks what the guide
// says the user will see: command output, log lines, the emulator's messages and reports.
//
// The markers a guide uses are documented in tooling/doc-check/README.md. A fenced block without a marker
// fails the run: the runner cannot tell what it is, so the guide would drift unseen.
//
//   node tooling/doc-check/run-guides.mjs [guide-name…] [--keep]     (names: express, nest, testing, …)
//   GUIDES_CONCURRENCY=2 (default) guides at once
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guideItems } from './guide-steps.mjs';
import { nodeBinary } from '../node-matrix/node-binaries.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.filter((a) => !a.startsWith('--'));
const CONCURRENCY = Math.max(1, Number(process.env.GUIDES_CONCURRENCY ?? 2));
/** Node versions a guide may name with `node=22` / `node=24` (the registry's official builds). */
const NODE_VERSIONS = { 22: '22.23.5', 24: '24.22.3' };
const DEFAULT_PORTS = ['4010', '3000'];
const started = Date.now();
// Each guide's last run time, outside the repository: the longest start first, so two lanes end together.
const TIMES_FILE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'fyno-kit', 'guide-run-times.json');
const secs = (fromMs) => `${((Date.now() - fromMs) / 1000).toFixed(1)} s`;

class StepFailure extends Error {}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tail = (text, lines = 40) => {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? [`… (${all.length - lines} lines above)`, ...all.slice(-lines)] : all).map((l) => `    | ${l}`).join('\n');
};

/**
 * Does `output` show `expected`? Each non-empty line of `expected` must match a line of `output`,
 * in order (other lines may sit between); `…` stands for any text, runs of spaces for any spaces.
 */
export function showsOutput(output, expected) {
  const outLines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  let at = 0;
  for (const want of expected
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const re = new RegExp(
      want
        .split('…')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
        .join('.*?'),
    );
    while (at < outLines.length && !re.test(outLines[at])) at++;
    if (at === outLines.length) return { ok: false, missing: want };
    at++;
  }
  return { ok: true };
}

/** Runs a bash script; resolves { code, stdout, stderr }. */
function runShell(script, { cwd, env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `set -euo pipefail\n${script}\necho "__CWD__=$(pwd)"`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[doc-check: killed after ${timeoutMs / 1000} s]`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function answers(url) {
  if (url.startsWith('tcp://')) {
    const { hostname, port } = new URL(url.replace(/^tcp:/, 'http:'));
    return new Promise((resolve) => {
      const socket = createConnection({ host: hostname, port: Number(port) });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
  }
  return fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    () => true,
    () => false,
  );
}

/** Packs every publishable package once: name → tarball path. */
async function packAll(dir) {
  const names = readdirSync(join(root, 'packages')).filter((n) => existsSync(join(root, 'packages', n, 'package.json')));
  const pkgs = names.map((n) => JSON.parse(readFileSync(join(root, 'packages', n, 'package.json'), 'utf8'))).filter((p) => !p.private);
  const result = await runShell(`npx -y pnpm@10.34.9 ${pkgs.map((p) => `--filter ${p.name}`).join(' ')} pack --pack-destination ${dir} >/dev/null`, {
    cwd: root,
    env: process.env,
    timeoutMs: 180_000,
  });
  if (result.code !== 0) throw new Error(`pnpm pack failed:\n${result.stdout}${result.stderr}`);
  const tarballs = {};
  const dependsOnCore = new Set();
  for (const p of pkgs) {
    const file = join(dir, `${p.name.replace('@', '').replace('/', '-')}-${p.version}.tgz`);
    if (!existsSync(file)) throw new Error(`pnpm pack made no ${file}`);
    tarballs[p.name] = file;
    if (p.dependencies?.['@fyno-kit/core']) dependsOnCore.add(p.name);
  }
  return { tarballs, dependsOnCore };
}

/**
 * `npm i @fyno-kit/x` (npm, pnpm, yarn; any flags) installs the packed tarball of x. @fyno-kit/core
 * is not on the registry yet, so a line installing a package that depends on it also installs
 * core's tarball (the registry would fetch it the same way).
 */
function useTarballs(script, { tarballs, dependsOnCore }) {
  return script
    .split('\n')
    .map((line) => {
      if (!/^\s*(npm|pnpm|yarn)\s+(i|install|add)\b/.test(line)) return line;
      const named = [...line.matchAll(/@fyno-kit\/[\w-]+/g)].map((m) => m[0]);
      let out = line.replace(/@fyno-kit\/[\w-]+/g, (n) => tarballs[n] ?? n);
      if (named.some((n) => dependsOnCore.has(n)) && !named.includes('@fyno-kit/core') && !/\s-D\b|--save-dev/.test(line))
        out += ` ${tarballs['@fyno-kit/core']}`;
      return out;
    })
    .join('\n');
}

/** One guide, as written. Resolves { name, ok, ms, log, dir }. */
async function runGuide(doc, packed) {
  const t0 = Date.now();
  const name = doc.replace(/^docs\//, '').replace(/\.md$/, '');
  const text = readFileSync(join(root, doc), 'utf8');
  const items = guideItems(text);
  const settings = Object.assign({}, ...items.filter((i) => i.kind === 'comment' && i.options.guide).map((i) => i.options));
  const logLines = [];
  const log = (line) => logLines.push(`  ${line}`);
  const where = (item) => `${doc}:${item.line}`;

  const dir = mkdtempSync(join(tmpdir(), `fyno-kit-guide-${name}-`));
  const children = new Map(); // name → { child, output }
  let ok = true;
  try {
    const ports = {};
    for (const p of String(settings.ports ?? DEFAULT_PORTS.join(',')).split(',')) ports[p] = String(await freePort());
    const portRe = new RegExp(`\\b(${Object.keys(ports).join('|')})\\b`, 'g');
    const localize = (s) => s.replace(portRe, (p) => ports[p]);

    // npm_config_yes: npx's "Ok to proceed?" prompt, which a user answers with y.
    const env = {
      ...process.env,
      npm_config_yes: 'true',
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_loglevel: 'error',
      NEXT_TELEMETRY_DISABLED: '1',
      CI: '1',
    };
    for (const key of Object.keys(env))
      if (/^(FYNO_|PORT$|REDIS_URL$|JWT_SECRET$|NODE_OPTIONS$|npm_package_|npm_lifecycle_|INIT_CWD$|VITEST|JEST_|TURBO_)/.test(key)) delete env[key];
    if (settings.node) {
      const version = NODE_VERSIONS[settings.node];
      if (!version) throw new StepFailure(`${doc}: node=${settings.node} is not one of ${Object.keys(NODE_VERSIONS).join(', ')}`);
      env.PATH = `${dirname(nodeBinary(version))}:${env.PATH}`;
    }
    log(
      `folder ${dir}; ports ${Object.entries(ports)
        .map(([a, b]) => `${a}→${b}`)
        .join(', ')}; node ${settings.node ? NODE_VERSIONS[settings.node] : process.versions.node}`,
    );

    let cwd = dir;
    let last; // the last shell step's output, for `output` blocks
    const steps = items.filter((i) => !(i.kind === 'comment' && i.options.guide));
    // A block the runner cannot place is an error before anything runs.
    const unmarked = steps.filter((i) => i.kind === 'block' && !i.options);
    if (unmarked.length) {
      throw new StepFailure(
        unmarked
          .map(
            (b) =>
              `${where(b)}: a \`\`\`${b.lang || '(no language)'} block without a doc-check marker: mark it file=…, run=…, output or skip=<reason> (tooling/doc-check/README.md)`,
          )
          .join('\n  '),
      );
    }
    for (const item of steps) {
      const o = item.options;
      if (o.skip || o.norun) continue;
      const timeoutMs = Number(o.timeout ?? 300) * 1000;
      if (item.kind === 'block' && o.file) {
        const file = join(cwd, localize(String(o.file)));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${localize(item.body)}\n`);
        log(`wrote ${o.file}`);
      } else if (item.kind === 'block' && o.run === 'shell') {
        const stepStart = Date.now();
        const result = await runShell(useTarballs(localize(item.body), packed), { cwd, env, timeoutMs });
        cwd = /__CWD__=(.*)$/m.exec(result.stdout)?.[1] ?? cwd;
        const stdout = result.stdout.replace(/__CWD__=.*\n?$/m, '');
        last = { item, output: `${stdout}\n${result.stderr}` };
        if (result.code !== 0)
          throw new StepFailure(`${where(item)}: \`${item.body.split('\n')[0]}\` exited ${result.code}:\n${tail(`${stdout}\n${result.stderr}`)}`);
        if (o.expect && !stdout.includes(o.expect)) throw new StepFailure(`${where(item)}: the output lacks ${o.expect}:\n${tail(stdout)}`);
        log(`ran ${item.body.split('\n')[0]}${item.body.includes('\n') ? ' …' : ''} (${secs(stepStart)})`);
      } else if (item.kind === 'block' && o.run === 'background') {
        const id = String(o.name ?? `background-${children.size + 1}`);
        const child = spawn('bash', ['-c', localize(item.body)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        const entry = { child, output: '', item };
        child.stdout.on('data', (d) => (entry.output += d));
        child.stderr.on('data', (d) => (entry.output += d));
        children.set(id, entry);
        const stepStart = Date.now();
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          if (child.exitCode !== null) throw new StepFailure(`${where(item)}: \`${item.body}\` exited ${child.exitCode}:\n${tail(entry.output)}`);
          const up = o.wait ? await answers(localize(String(o.wait))) : true;
          const logged = o['wait-log'] ? entry.output.includes(String(o['wait-log'])) : true;
          if (up && logged) break;
          if (Date.now() > deadline)
            throw new StepFailure(`${where(item)}: \`${item.body}\` not ready within ${timeoutMs / 1000} s (${o.wait ?? o['wait-log']}); its output is below`);
          await sleep(200);
        }
        log(`started ${id}: ${item.body.split('\n')[0]} (${secs(stepStart)})`);
      } else if (item.kind === 'block' && o.output) {
        // The output the guide shows: of the last command, or (output=<name>) of a background process so far.
        const from = o.output === true ? undefined : String(o.output);
        const expected = localize(item.body);
        const deadline = Date.now() + Number(o.timeout ?? 30) * 1000;
        for (;;) {
          const source = from ? children.get(from) : last;
          if (!source)
            throw new StepFailure(`${where(item)}: output${from ? `=${from}` : ''} has no ${from ? 'background step of that name' : 'command above it'}`);
          const verdict = showsOutput(source.output, expected);
          if (verdict.ok) break;
          if (!from || Date.now() > deadline) {
            throw new StepFailure(
              `${where(item)}: ${from ?? `\`${source.item.body.split('\n')[0]}\``} never showed\n    ${verdict.missing}\n  it printed:\n${tail(source.output)}`,
            );
          }
          await sleep(250);
        }
        log(`saw the output of ${from ?? 'the last command'} (${where(item)})`);
      } else if (item.kind === 'comment' && o.emulator) {
        // What is in the emulator: `count` items of /_emulator/<list> whose JSON holds every `has` text.
        const url = localize(String(o.emulator));
        const want = Number(o.count ?? 1);
        const has = [o.has, o.has2, o.has3].filter((h) => typeof h === 'string').map(localize);
        const deadline = Date.now() + Number(o.timeout ?? 30) * 1000;
        let seen = [];
        for (;;) {
          const body = await fetch(url).then(
            (r) => r.json(),
            () => undefined,
          );
          const list = Array.isArray(body) ? body : (Object.values(body ?? {}).find(Array.isArray) ?? []);
          seen = list.filter((m) => has.every((h) => JSON.stringify(m).includes(h)));
          if (seen.length === want) break;
          if (Date.now() > deadline) {
            throw new StepFailure(
              `${where(item)}: expected ${want} item(s) at ${o.emulator}${has.length ? ` holding ${has.join(' and ')}` : ''}, found ${seen.length}:\n${tail(JSON.stringify(list, null, 1), 30)}`,
            );
          }
          await sleep(250);
        }
        log(`the emulator holds ${want} at ${o.emulator}${has.length ? ` with ${has.join(', ')}` : ''}`);
      } else if (item.kind === 'comment' && o.run === 'shell') {
        // A hidden command: what the user would do by hand (open a page, press Ctrl-C), scripted.
        const result = await runShell(localize(item.body), { cwd, env, timeoutMs });
        cwd = /__CWD__=(.*)$/m.exec(result.stdout)?.[1] ?? cwd;
        last = { item, output: `${result.stdout.replace(/__CWD__=.*\n?$/m, '')}\n${result.stderr}` };
        if (result.code !== 0) throw new StepFailure(`${where(item)}: the hidden step exited ${result.code}:\n${tail(last.output)}`);
        if (o.expect && !last.output.includes(o.expect)) throw new StepFailure(`${where(item)}: the output lacks ${o.expect}:\n${tail(last.output)}`);
        log(`ran hidden ${item.body.split('\n')[0]}`);
      } else if (item.kind === 'comment' && o.stop) {
        const entry = children.get(String(o.stop));
        if (!entry) throw new StepFailure(`${where(item)}: no background step named ${o.stop}`);
        try {
          process.kill(-entry.child.pid, String(o.signal ?? 'SIGTERM'));
        } catch {}
        const deadline = Date.now() + 15_000;
        while (entry.child.exitCode === null && entry.child.signalCode === null && Date.now() < deadline) await sleep(100);
        last = { item: entry.item, output: entry.output };
        log(`stopped ${o.stop}`);
      } else if (item.kind === 'block') {
        throw new StepFailure(`${where(item)}: the marker ${JSON.stringify(o)} says nothing the runner can do (tooling/doc-check/README.md)`);
      } else {
        throw new StepFailure(`${where(item)}: a doc-check comment with no block under it and no check: ${JSON.stringify(o)}`);
      }
    }
  } catch (error) {
    ok = false;
    log(`✗ ${error instanceof StepFailure ? error.message : error instanceof Error ? error.stack : String(error)}`);
    for (const [id, { output }] of children) log(`${id} printed:\n${tail(output, 25)}`);
    log(`the project is left in ${dir}`);
  } finally {
    for (const { child } of children.values()) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    }
    await sleep(children.size ? 300 : 0);
    for (const { child } of children.values()) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  }
  if (ok && !keep) rmSync(dir, { recursive: true, force: true });
  return { name, doc, ok, ms: Date.now() - t0, log: logLines.join('\n') };
}

/** The guides: docs/*.md except the index and those marked `guide=reference`. */
function guides() {
  const all = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()
    .map((f) => `docs/${f}`);
  return all.filter((doc) => {
    const items = guideItems(readFileSync(join(root, doc), 'utf8'));
    const setting = items.find((i) => i.kind === 'comment' && i.options.guide);
    if (setting?.options.guide === 'reference') {
      if (!setting.options.reason) throw new Error(`${doc}: guide=reference needs reason="…"`);
      console.log(`guides: ${doc} is reference, not run (${setting.options.reason})`);
      return false;
    }
    return only.length === 0 || only.some((o) => doc.includes(o));
  });
}

const todo = guides();
const packDir = mkdtempSync(join(tmpdir(), 'fyno-kit-tarballs-'));
let results = [];
try {
  const packed = await packAll(packDir);
  console.log(`guides: packed ${Object.keys(packed.tarballs).length} packages (${secs(started)}); running ${todo.length} guide(s), ${CONCURRENCY} at a time`);
  let lastTimes = {};
  try {
    lastTimes = JSON.parse(readFileSync(TIMES_FILE, 'utf8'));
  } catch {
    // first run: document order
  }
  const queue = [...todo].sort((a, b) => (lastTimes[b] ?? 0) - (lastTimes[a] ?? 0));
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      while (queue.length) {
        const doc = queue.shift();
        const result = await runGuide(doc, packed);
        results.push(result);
        console.log(`\n${result.ok ? '✓' : '✗'} ${doc} ${result.ok ? 'ran as written' : 'FAILED'} in ${(result.ms / 1000).toFixed(1)} s\n${result.log}`);
      }
    }),
  );
} finally {
  rmSync(packDir, { recursive: true, force: true });
}
results = todo.map((doc) => results.find((r) => r.doc === doc));
try {
  const times = existsSync(TIMES_FILE) ? JSON.parse(readFileSync(TIMES_FILE, 'utf8')) : {};
  for (const r of results) if (r.ok) times[r.doc] = r.ms;
  mkdirSync(dirname(TIMES_FILE), { recursive: true });
  writeFileSync(TIMES_FILE, `${JSON.stringify(times, null, 2)}\n`);
} catch {
  // only an ordering hint
}
console.log(`\nguides: ${results.filter((r) => r.ok).length}/${results.length} ran as written in ${secs(started)}`);
for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.doc.padEnd(36)} ${(r.ms / 1000).toFixed(1).padStart(6)} s`);
if (results.some((r) => !r.ok)) process.exit(1);
