// Serves worker.ts on workerd (the registry's binary), as `wrangler dev` would: bundle, write a
// workerd config, start it on a free port, print `{"port":N}`. `node serve.mjs plain|hono`.
// The emulator is on 127.0.0.1, so the Worker's outbound network allows private addresses here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker } from './bundle.mjs';
import { workerdBinary } from './workerd-binary.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const variant = process.argv[2] ?? 'plain';
const work = mkdtempSync(join(tmpdir(), 'fyno-kit-workerd-'));
// The Worker's secrets, as `wrangler secret put` gives them: text bindings on `env`. Only the keys
// the test started this with; the config (and the folder) is removed when workerd exits.
const bindings = ['FYNO_API_KEY', 'FYNO_INAPP_TOKEN']
  .filter((name) => /^[\w-]+$/.test(process.env[name] ?? ''))
  .map((name) => `(name = "${name}", text = "${process.env[name]}")`)
  .join(', ');
await bundleWorker(join(here, 'worker.ts'), join(work, 'worker.js'), { VARIANT: JSON.stringify(variant) });
writeFileSync(
  join(work, 'config.capnp'),
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "internet",
  bindings = [${bindings}],
);
`,
);
// fd 3: workerd reports the port it listens on there, as it does to Miniflare.
const child = spawn(workerdBinary(), ['serve', join(work, 'config.capnp'), '--control-fd=3'], { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] });
let control = '';
child.stdio[3].on('data', (d) => {
  control += d.toString();
  for (const line of control.split('\n')) {
    if (!line.trim()) continue;
    const message = JSON.parse(line);
    if (message.event === 'listen' && message.socket === 'http') process.stdout.write(`${JSON.stringify({ port: message.port })}\n`);
  }
  control = control.slice(control.lastIndexOf('\n') + 1);
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
  rmSync(work, { recursive: true, force: true });
  process.exit(code ?? 0);
});
