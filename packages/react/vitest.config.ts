import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // Hook tests need a DOM; the SSR and dist tests opt back into `node` with a file comment.
    environment: 'jsdom',
    env: { EXPECT_REACT_MAJOR: '19' },
    // `vitest run` also type-checks the *.test-d.ts files: a wrong event name must fail `pnpm test`.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
