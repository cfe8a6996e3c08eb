import { defineConfig } from 'tsup';

// Built (not imported as source) so each demo's bundler and turbo's cache see ordinary JS with types.
export default defineConfig({
  entry: { 'server/index': 'src/server/index.ts', 'page/index': 'src/page/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  outDir: 'dist',
  splitting: false,
  // Every dependency comes from the demo's own node_modules: one React, one @fyno-kit/react context.
  external: [/^@fyno-kit\//, 'react', 'react/jsx-runtime', 'zod'],
});
