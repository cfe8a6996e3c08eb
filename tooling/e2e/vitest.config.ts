import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // One browser and one demo server at a time: these tests share the machine with nothing else.
    fileParallelism: false,
  },
});
