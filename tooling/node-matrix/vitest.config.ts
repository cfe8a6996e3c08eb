/**
 * The integration suites of core, express, nest and bullmq, run against the BUILT packages: the
 * tests' own imports of `../src/index` (and core's `index.web` and `server/index`) are sent to
 * `dist/`, so what runs on Node 22 and 24 is what npm ships. Unit tests of internals (files that
 * import other `../src/` modules) stay with their package's own run on Node 20.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PUBLIC_ENTRY = /^\.\.\/src\/(index|index\.web|server\/index)(\.[cm]?[jt]s)?$/;
/** A value import of a module below `../src/` (multi-line imports end in `} from '…'`). */
const SRC_IMPORT = /^(import(?! type)[^;]*?|\})\s*from '(\.\.\/src\/[^']+)'/gm;
// Long-running load and timing checks of our own logic, not of the runtime; they run in their
// package's own suite. (bullmq's processes.test.ts times the fleet's rate to ±10%: on a busy machine
// the lower bound fails on CPU, whatever the Node version. crash.test.ts still runs worker
// processes on each Node here.)
const SLOW = new Set(['soak.test.ts', 'chaos.test.ts', 'processes.test.ts']);

/** Test files of `pkg` that touch only public entry points (type-only imports are erased). */
function integrationFiles(pkg: string): string[] {
  const dir = join(root, 'packages', pkg, 'test');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.test.ts') && !SLOW.has(file))
    .filter((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return [...text.matchAll(SRC_IMPORT)].every((m) => PUBLIC_ENTRY.test(m[2]!));
    })
    .map((file) => `test/${file}`);
}

/** Redirects a test's `../src/<entry>` to the package's built `dist/<entry>.js`. */
function builtPackages(): Plugin {
  return {
    name: 'fyno-kit:built-packages',
    enforce: 'pre',
    resolveId(source, importer) {
      const m = importer && PUBLIC_ENTRY.exec(source);
      if (!m || !importer) return null;
      const pkgDir = resolve(dirname(importer), '..');
      const built = join(pkgDir, 'dist', `${m[1]}.js`);
      if (!existsSync(built)) throw new Error(`${built} is missing: build the packages first`);
      return built;
    },
  };
}

const project = (pkg: string, extra: Record<string, unknown> = {}) => ({
  plugins: [builtPackages()],
  define: { __FYNO_KIT_WEB__: 'false', __FYNO_KIT_CJS__: 'false' },
  test: {
    name: pkg,
    root: join(root, 'packages', pkg),
    include: integrationFiles(pkg),
    testTimeout: 30_000,
    hookTimeout: 30_000,
    ...extra,
  },
});

export default defineConfig({
  test: {
    projects: [
      project('core'),
      project('express'),
      project('nest'),
      // One file at a time, as in its own config: each starts Redis and times BullMQ's rate limiter
      // (run.mjs also runs this project on its own, after the others, so their load cannot skew it).
      project('bullmq', { testTimeout: 90_000, fileParallelism: false }),
    ],
  },
});
