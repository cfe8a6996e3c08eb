import { defineConfig } from 'tsup';

// @swc/core (a devDependency) keeps the decorator metadata Nest's injection needs.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
});
