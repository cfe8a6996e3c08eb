#!/usr/bin/env node
// Runs docs/express-in-5-minutes.md exactly as written, as a new user would: its shell blocks and
// files in order, in a fresh folder outside the workspace, with the packages installed by npm from
// their packed tarballs (pnpm pack, as `changeset publish` packs them). Then the messages must be in
// the emulator. The only changes: `npm i @fyno-kit/x` installs the tarball of x, and the guide's
// ports (4010, 3000) become free ones.
//
// The guide's blocks say what they are with an HTML comment (see check-docs.mjs):
//   run=shell [expect=<text>]     commands, run in order in one folder; stdout must contain <text>
//   run=background wait=<url>     a long-running command; the next step waits until <url> answers
//   file=<name>                   a file of the project
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const GUIDE = 'docs/express-in-5-minutes.md';
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

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

/** The guide's annotated blocks, in order. */
function steps(text) {
  const out = [];
  const re = /<!--\s*doc-check\s+([^\n]*?)\s*-->\s*\n(`{3,})[\w-]*\n([\s\S]*?)\n\2/g;
  for (const m of text.matchAll(re)) {
    const options = {};
    for (const part of m[1].match(/\w+=\S+/g) ?? []) {
      const eq = part.indexOf('=');
      options[part.slice(0, eq)] = part.slice(eq + 1);
    }
    out.push({ options, body: m[3] });
  }
  return out;
}

const workDir = mkdtempSync(join(tmpdir(), 'fyno-kit-guide-express-'));
const tarballDir = join(workDir, 'tarballs');
const children = [];
let failed = false;

async function main() {
  // 1. Pack what the guide installs.
  const names = ['@fyno-kit/core', '@fyno-kit/express', '@fyno-kit/emulator'];
  const packed = spawnSync('npx', ['-y', 'pnpm@10.34.9', ...names.flatMap((n) => ['--filter', n]), 'pack', '--pack-destination', tarballDir], {
    cwd: root,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`pnpm pack failed:\n${packed.stdout}${packed.stderr}`);
  const tarballs = Object.fromEntries(
    readdirSync(tarballDir).map((f) => [`@fyno-kit/${f.replace(/^fyno-kit-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`, join(tarballDir, f)]),
  );
  console.log(`guide: packed ${Object.keys(tarballs).join(', ')} (${seconds()})`);

  // 2. The guide's ports, made free ones.
  const ports = { 4010: await freePort(), 3000: await freePort() };
  const localize = (text) => text.replace(/\b(4010|3000)\b/g, (p) => String(ports[p]));
  const env = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_loglevel: 'error' };
  for (const key of Object.keys(env)) if (/^(FYNO_|PORT$)/.test(key)) delete env[key];

  let cwd = workDir;
  const guide = readFileSync(join(root, GUIDE), 'utf8');
  const all = steps(guide);
  if (!all.some((s) => s.options.run === 'shell' && s.options.expect)) throw new Error(`${GUIDE}: no checked step found`);
  for (const { options, body } of all) {
    if (options.file) {
      writeFileSync(join(cwd, options.file), `${localize(body)}\n`);
      console.log(`guide: wrote ${options.file}`);
    } else if (options.run === 'shell') {
      // `npm i @fyno-kit/x` installs the packed tarball; everything else runs as written.
      const script = localize(body)
        .split('\n')
        .map((line) => (/^\s*(npm|pnpm|yarn)\s+(i|install|add)\b/.test(line) ? line.replace(/@fyno-kit\/[\w-]+/g, (n) => tarballs[n] ?? n) : line))
        .join('\n');
      const result = spawnSync('bash', ['-c', `set -euo pipefail\n${script}\necho "__CWD__=$(pwd)"`], { cwd, env, encoding: 'utf8', timeout: 240_000 });
      const stdout = result.stdout ?? '';
      if (result.status !== 0) throw new Error(`step failed (exit ${result.status}):\n${body}\n${stdout}${result.stderr}`);
      cwd = /__CWD__=(.*)$/m.exec(stdout)?.[1] ?? cwd;
      const output = stdout.replace(/__CWD__=.*$/m, '').trim();
      if (options.expect && !output.includes(options.expect)) throw new Error(`step printed\n${output}\nwhich lacks ${options.expect}:\n${body}`);
      console.log(`guide: ran ${body.split('\n')[0]}${options.expect ? ` → …${options.expect}…` : ''} (${seconds()})`);
    } else if (options.run === 'background') {
      const child = spawn('bash', ['-c', `exec ${localize(body).replace(/\\\n/g, ' ')}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      children.push(child);
      const url = localize(options.wait);
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`${body} exited ${child.exitCode}:\n${log}`);
        const up = await fetch(url).then(() => true, () => false);
        if (up) break;
        if (Date.now() > deadline) throw new Error(`${url} did not answer within 60 s; ${body} printed:\n${log}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      console.log(`guide: started ${body} (${seconds()})`);
    }
  }

  // 3. The notifications are in the emulator: one per successful send, to the seeded user's email.
  const messages = await (await fetch(`http://127.0.0.1:${ports[4010]}/_emulator/messages`)).json();
  const list = Array.isArray(messages) ? messages : messages.messages;
  const toAna = list.filter((m) => m.event === 'order_shipped' && m.channels?.email === 'ana@example.com');
  const orders = toAna.map((m) => m.data?.order).sort();
  if (orders.join() !== 'A-1001,A-1002') throw new Error(`the emulator holds ${JSON.stringify(list)}; expected orders A-1001 and A-1002 to ana@example.com`);
  console.log(`guide: the emulator holds ${toAna.length} messages to ana@example.com (orders ${orders.join(', ')})`);
}

try {
  await main();
} catch (error) {
  failed = true;
  console.error(`✗ ${GUIDE} as written failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
if (failed) {
  console.error(`project left in ${workDir}`);
  process.exit(1);
}
rmSync(workDir, { recursive: true, force: true });
console.log(`guide: ${GUIDE} ran as written in ${seconds()}`);
