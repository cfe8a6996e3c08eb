import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The Register augmentation is checked in a program of its own (see test/register/tsconfig.json).
    typecheck: { enabled: true, include: ['test/register/**/*.test-d.ts'], tsconfig: './test/register/tsconfig.json' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
