import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { 'server/main': 'src/server/main.ts', 'server/app': 'src/server/app.ts' },
  format: ['esm'],
  dts: { entry: { 'server/app': 'src/server/app.ts' } },
  clean: false,
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  splitting: false,
});
