import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // Core, BullMQ and ioredis come from the app's node_modules: one copy, shared with the app's own queues.
  external: [/^@fyno-kit\/core(\/|$)/, 'bullmq', 'ioredis', /^node:/],
  sourcemap: true,
  treeshake: true,
});
