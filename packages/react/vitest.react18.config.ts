/**
 * The hook and SSR tests again on React 18: `react` and `react-dom` (and their subpaths) resolve to
 * the `react18` / `react-dom18` aliases. Each suite asserts the version, so a miss cannot pass.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const modules = fileURLToPath(new URL('./node_modules/', import.meta.url));
const react = join(modules, 'react18');
const reactDom = join(modules, 'react-dom18');

export default defineConfig({
  resolve: {
    // What Vite transforms (our source and tests). Node-loaded CommonJS is redirected in the setup file.
    alias: [
      { find: /^react$/, replacement: react },
      { find: /^react\/(.*)$/, replacement: `${react}/$1` },
      { find: /^react-dom$/, replacement: reactDom },
      { find: /^react-dom\/(.*)$/, replacement: `${reactDom}/$1` },
    ],
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    env: { EXPECT_REACT_MAJOR: '18' },
    setupFiles: ['./test/react18-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
