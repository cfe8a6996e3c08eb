#!/usr/bin/env node
/**
 * `next build` and `next start` with telemetry off (the build must not phone home), on 127.0.0.1
 * and $PORT (default 3000). `start` prints the demo's URL once Next.js is ready, the line the e2e
 * suite and `npm run demo:next` users wait for.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = createRequire(join(appDir, 'package.json')).resolve('next/dist/bin/next');
const task = process.argv[2];
const port = process.env.PORT ?? '3000';
const args = task === 'start' ? ['start', '--hostname', '127.0.0.1', '--port', port] : ['build'];

const child = spawn(process.execPath, [nextBin, ...args], {
  cwd: appDir,
  // PORT too: the embedded emulator sends delivery reports to this server's own receiver.
  env: { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: '1' },
  stdio: task === 'start' ? ['ignore', 'pipe', 'inherit'] : 'inherit',
});
if (task === 'start') {
  let announced = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (!announced && /ready/i.test(chunk.toString())) {
      announced = true;
      console.log(`\n  fyno-kit Next.js demo  →  http://127.0.0.1:${port}\n`);
      console.log(`  Sending to the built-in Fyno emulator (inbox: http://127.0.0.1:${port}/emulator/) unless FYNO_WSID and FYNO_API_KEY are set.\n`);
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
