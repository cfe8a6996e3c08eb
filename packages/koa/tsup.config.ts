import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // The core package and Express come from the app's own node_modules: one copy, the app's version.
  external: [/^@fyno-kit\/core(\/|$)/, 'koa', /^node:/],
  sourcemap: true,
  treeshake: true,
});
