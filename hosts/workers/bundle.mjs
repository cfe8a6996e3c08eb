// Bundles a Worker as wrangler does: esbuild, ES module output, the Workers export conditions
// (`workerd`, `worker`, `browser`), nothing external. A `node:` import or undici in the result would
// be a Node built-in pulled into the edge build: `assertEdgeClean` fails on either.
import { build } from 'esbuild';

export const WORKER_CONDITIONS = ['workerd', 'worker', 'browser'];

/** Bundles `entry` into `outfile` with `define`; returns esbuild's metafile. */
export async function bundleWorker(entry, outfile, define = {}) {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: WORKER_CONDITIONS,
    mainFields: ['module', 'main'],
    define,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}
