/**
 * The Register type test alone (`vitest run -c vitest.register.config.ts`): its module augmentation
 * is global to a program, so it is checked in one of its own (test/register/tsconfig.json), against
 * the built package as an app sees it, apart from the other type tests, which compile the source.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [],
    passWithNoTests: false,
    typecheck: { enabled: true, only: true, include: ['test/register/**/*.test-d.ts'], tsconfig: './test/register/tsconfig.json' },
  },
});
