import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // Peers and core stay imports: one Nest (one DI container) and one `Fyno` class per app.
  external: [/^@nestjs\//, 'reflect-metadata', /^rxjs(\/|$)/, /^@fyno-kit\/core(\/|$)/],
  // With @swc/core installed and `emitDecoratorMetadata` in tsconfig, tsup compiles decorated files
  // with swc; esbuild alone would drop `design:paramtypes` and Nest would inject `undefined`.
  sourcemap: true,
  splitting: false,
  treeshake: false,
});
