// Runs a command on the registry's official Node of a major (node-matrix/node-binaries.mjs), for
// hosts whose current major needs a newer Node than the toolchain's Node 20 (SvelteKit 3, Astro 7,
// React Router 8, Nuxt 4): that `node` goes first on PATH, so a bin's `#!/usr/bin/env node` (vite,
// astro) starts on it too. CLI, from a package folder: `node ../../tooling/test-support/hosts/on-node.mjs 22 vite build`.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from '../../node-matrix/node-binaries.mjs';

/** The versions behind each major (the same as node-matrix and doc-check run). */
export const NODE_VERSIONS = { 22: '22.23.5', 24: '24.22.3' };

/** Path of the registry's `node` of `major` (fetched into the cache on first use). */
export function nodeOf(major) {
  const version = NODE_VERSIONS[major];
  if (!version) throw new Error(`no Node ${major} known here; one of ${Object.keys(NODE_VERSIONS).join(', ')}`);
  return nodeBinary(version);
}

/** `env` with Node `major` and `cwd`'s node_modules/.bin first on PATH. */
export function envOnNode(major, cwd, env = process.env) {
  return { ...env, PATH: `${dirname(nodeOf(major))}:${join(resolve(cwd), 'node_modules', '.bin')}:${env.PATH ?? ''}` };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [major, command, ...args] = process.argv.slice(2);
  if (!major || !command) {
    console.error('usage: node on-node.mjs <major> <command> [args…]');
    process.exit(2);
  }
  const run = spawnSync(command, args, { stdio: 'inherit', env: envOnNode(major, process.cwd()) });
  if (run.error) throw run.error;
  process.exit(run.status ?? 1);
}
