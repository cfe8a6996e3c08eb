// `pnpm bench` (inbox part): live latency from fire() to the headless inbox holding the message
// (p50/p99 over INBOX_MESSAGES, default 500), fan-out to INBOX_USERS connected users (default 1,000)
// with the emulator's memory per connection, and the inbox entry's bundle size beside useNotify's.
// Writes the "In-app inbox" section of tooling/bench/RESULTS.md.
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Fyno } from '@fyno-kit/core';
import { createInbox } from '@fyno-kit/core/inbox';
import { io } from 'socket.io-client';

const here = dirname(fileURLToPath(import.meta.url));
const MESSAGES = Number(process.env.INBOX_MESSAGES ?? 500);
const USERS = Number(process.env.INBOX_USERS ?? 1000);
const RESULTS = process.env.INBOX_RESULTS ?? join(here, 'RESULTS.md');

const child = fork(join(here, 'inbox-emulator.mjs'), { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const info = await new Promise((resolve) => child.once('message', resolve));
const ask = (msg) =>
  new Promise((resolve) => {
    child.once('message', resolve);
    child.send(msg);
  });
const sign = (user) =>
  createHmac('sha256', info.workspaceId + info.inapp.integrationToken)
    .update(user)
    .digest('hex');
const session = (user) => async () => ({
  userId: user,
  workspaceId: info.workspaceId,
  integrationId: info.inapp.integrationId,
  signature: sign(user),
  url: info.inapp.url,
});
const fyno = new Fyno({ workspaceId: info.workspaceId, apiKey: info.apiKey, baseUrl: info.baseUrl });
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// ---- live latency ---------------------------------------------------------------------------
const inbox = createInbox({ session: session('bench-user') });
await new Promise((resolve) => inbox.subscribe((s) => s.status === 'open' && !s.loading && resolve()));
const fromReturn = [];
const fromCall = [];
for (let i = 0; i < MESSAGES; i++) {
  const title = `m${i}`;
  let heldAt;
  const held = new Promise((resolve) => {
    const off = inbox.subscribe((s) => {
      if (s.messages[0]?.notification_content.title === title) {
        heldAt = performance.now();
        queueMicrotask(() => off());
        resolve();
      }
    });
  });
  const calledAt = performance.now();
  await fyno.fire('bench', { to: { inapp: 'bench-user' }, data: { title } });
  const returnedAt = performance.now();
  await held;
  fromReturn.push(Math.max(0, heldAt - returnedAt));
  fromCall.push(heldAt - calledAt);
}
inbox.close();
fromReturn.sort((a, b) => a - b);
fromCall.sort((a, b) => a - b);

// ---- fan-out --------------------------------------------------------------------------------
const before = await ask({ mem: true });
const sockets = [];
const received = new Set();
let allIn;
const allReceived = new Promise((resolve) => (allIn = resolve));
for (let i = 0; i < USERS; i++) {
  const user = `fan-${i}`;
  const s = io(info.inapp.url, {
    transports: ['websocket'],
    auth: { user_id: user, WS_ID: info.workspaceId, Integration_ID: info.inapp.integrationId, 'x-fyno-signature': sign(user) },
    forceNew: true,
    reconnection: false,
  });
  s.on('message', () => {
    received.add(user);
    if (received.size === USERS) allIn();
  });
  sockets.push(
    new Promise((resolve, reject) => {
      s.once('connectionSuccess', () => resolve(s));
      s.once('connect_error', reject);
    }),
  );
}
const connected = await Promise.all(sockets);
const after = await ask({ mem: true });
const fanStart = performance.now();
for (let i = 0; i < USERS; i += 500) {
  const batch = [];
  for (let j = i; j < Math.min(USERS, i + 500); j++) batch.push({ to: { inapp: `fan-${j}` }, data: { title: `for ${j}` } });
  await fyno.fire('bench', batch);
}
await allReceived;
const fanMs = performance.now() - fanStart;
for (const s of connected) s.disconnect();
await fyno.close();
child.send({ stop: true });

// ---- bundle sizes ---------------------------------------------------------------------------
const esbuild = createRequire(join(here, '..', '..', 'package.json'))('esbuild');
const reactDir = join(here, '..', '..', 'packages', 'react');
async function gz(contents, external) {
  const r = await esbuild.build({
    stdin: { contents, resolveDir: reactDir },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'react/*', 'react-dom', ...external],
    write: false,
    logLevel: 'silent',
  });
  const code = r.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}
const notifySize = await gz("export { useNotify, FynoProvider } from './dist/index.js';", []);
const inboxSize = await gz("export { useInbox, InboxProvider } from './dist/inbox.js';", ['socket.io-client']);
const inboxWithSocket = await gz("export { useInbox, InboxProvider } from './dist/inbox.js';", []);

const ms = (v) => `${v.toFixed(1)} ms`;
const kb = (b) => `${(b / 1024).toFixed(2)} kB`;
const section = `<!-- inbox-bench:start -->
## In-app inbox (\`node tooling/bench/inbox.mjs\`, part of \`pnpm bench\`)

Emulator in its own process; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end (the machine is shared).

| measure | figure |
|---|---|
| live latency, fire() returned → headless inbox holds it, p50 / p99 over ${MESSAGES} | ${ms(pct(fromReturn, 50))} / ${ms(pct(fromReturn, 99))} |
| live latency, fire() called → held, p50 / p99 | ${ms(pct(fromCall, 50))} / ${ms(pct(fromCall, 99))} |
| fan-out: ${USERS} connected users, one message each (${Math.ceil(USERS / 500)} bulk fires), until all held | ${ms(fanMs)} |
| emulator memory per in-app connection (heap / RSS, after GC) | ${kb((after.heapUsed - before.heapUsed) / USERS)} / ${kb((after.rss - before.rss) / USERS)} |
| \`useNotify\` + \`FynoProvider\` (min+gzip, React aside) | ${notifySize.gzip} B (budget 1536 B) |
| \`useInbox\` + \`InboxProvider\` with the core inbox client (min+gzip, React and socket.io-client aside) | ${inboxSize.gzip} B (budget 4096 B) |
| the same with socket.io-client bundled | ${kb(inboxWithSocket.gzip)} |

Latency counts 0 when the message arrived before fire() returned (the emulator pushes it while answering).
<!-- inbox-bench:end -->
`;
let text = '';
try {
  text = readFileSync(RESULTS, 'utf8');
} catch {}
const start = text.indexOf('<!-- inbox-bench:start -->');
const end = text.indexOf('<!-- inbox-bench:end -->');
text = start !== -1 && end !== -1 ? text.slice(0, start) + section + text.slice(end + '<!-- inbox-bench:end -->\n'.length) : `${text.trimEnd()}\n\n${section}`;
writeFileSync(RESULTS, text);
console.log(section);
process.exit(0);
