import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // `vitest run` also type-checks *.test-d.ts: notifyRoute.identify's request type is never `any`.
    typecheck: { enabled: true, include: ['test/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
