import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The source as the Node build sees it (tsup.config.ts defines it true for the browser-safe build).
  define: { __FYNO_KIT_WEB__: 'false', __FYNO_KIT_CJS__: 'false' },
  test: {
    include: ['test/**/*.test.ts'],
    // `vitest run` also type-checks *.test-d.ts: a typed client must refuse a wrong event at compile time.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
