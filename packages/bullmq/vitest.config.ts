import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 30_000,
    // Each file runs its own Redis and emulator, and the process tests time the rate limiter: one file
    // at a time keeps two cores from skewing the measurement.
    fileParallelism: false,
  },
});
