/**
 * The one build every adapter package extends (express, fastify, koa, lambda, nest, bullmq): ESM and
 * CommonJS for Node with types, one `index` entry. Each package names only what stays an import
 * (its framework, core, `node:`) and, where it must, what differs (Nest's decorated files).
 */
import type { Options } from 'tsup';

export function packageBuild(external: NonNullable<Options['external']>, overrides: Options = {}): Options {
  return {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'es2022',
    platform: 'node',
    external,
    sourcemap: true,
    treeshake: true,
    ...overrides,
  };
}
