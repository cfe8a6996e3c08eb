import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', inbox: 'src/inbox/index.ts', preferences: 'src/preferences/index.ts' },
  format: ['esm', 'cjs'],
  // Separate index.d.ts / index.d.cts, so both halves of `exports` get types of their own format.
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'browser',
  // The main and preferences entries import @fyno-kit/core only with `import type`; the inbox entry loads
  // @fyno-kit/core/inbox at run time. Either way core stays a dependency, never a copy in the bundle.
  external: [/^react($|\/)/, /^@fyno-kit\/core($|\/)/],
  // Server Components frameworks read this directive from the top of the file; esbuild drops it from
  // sources when bundling, so it is added back as a banner. No rollup treeshake pass: it would strip it too.
  banner: { js: "'use client';" },
  sourcemap: true,
  splitting: false,
});
