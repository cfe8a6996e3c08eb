import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

export default defineConfig({
  entry: { index: 'src/index.ts', 'index.web': 'src/index.web.ts', 'server/index': 'src/server/index.ts', 'webhooks/index': 'src/webhooks/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['undici', /^node:/],
  define: { __FYNO_KIT_VERSION__: JSON.stringify(version) },
  sourcemap: true,
  splitting: true,
  treeshake: true,
});
