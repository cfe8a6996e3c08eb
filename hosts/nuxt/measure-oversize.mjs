// Measures what an oversize upload costs the built Nuxt server (`node .output/server/index.mjs`, run
// by serve.mjs on the registry's Node 22): a raw socket that keeps sending past the notify route's
// 16 kB cap for SECONDS s, once with a huge Content-Length and once chunked, and the server's RSS
// growth and the bytes it took meanwhile; then whether undici's fetch still gets the JSON 413.
// Run from hosts/nuxt after `pnpm --filter @fyno-kit/host-nuxt build`: `node measure-oversize.mjs [seconds]`.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeOf } from '../../tooling/test-support/hosts/on-node.mjs';
import { endlessUpload } from './test/endless-upload.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const child = spawn(nodeOf(22), ['serve.mjs'], {
  env: {
    ...process.env,
    FYNO_WSID: 'FYEMULATOR1',
    FYNO_API_KEY: 'k',
    FYNO_BASE_URL: 'http://127.0.0.1:9/v1',
    SESSION_SECRET: 'x'.repeat(40),
    FYNO_WEBHOOK_SECRET: 'whsec_measure',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise((resolve) => child.stdout.on('data', (d) => /"port":(\d+)/.test(d) && resolve(Number(/"port":(\d+)/.exec(d)[1]))));
const upload = (framing) => endlessUpload({ port, pid: child.pid, path: '/api/fyno/notify', framing, ms: SECONDS * 1000 });
const results = { contentLength: await upload('content-length'), chunked: await upload('chunked') };
const body = Buffer.alloc(64 * 1024, 'a');
await sleep(500);
for (const [name, init] of Object.entries({
  'fetch 64 kB': { body },
  'fetch 64 kB streamed': { body: new Blob([body]).stream(), duplex: 'half' },
  'fetch 8 MB streamed': { body: new Blob([Buffer.alloc(8 * 2 ** 20, 'a')]).stream(), duplex: 'half' },
})) {
  const res = await fetch(`http://127.0.0.1:${port}/api/fyno/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, ...init }).catch(
    (e) => e,
  );
  results[name] = res instanceof Error ? `${res.message} (${res.cause?.code ?? res.cause?.message})` : `${res.status} ${await res.text()}`;
}
results.serverAlive = child.exitCode === null;
console.log(JSON.stringify(results, null, 2));
child.kill('SIGTERM');
