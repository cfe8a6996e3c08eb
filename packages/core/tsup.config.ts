import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

const common: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  platform: 'neutral',
  // `@fyno-kit/core` itself: the server entry's default client imports the package by name.
  // socket.io-client stays a dependency the app's bundler resolves, not a copy inside ours.
  external: ['undici', 'socket.io-client', /^node:/, '@fyno-kit/core'],
  sourcemap: true,
  splitting: true,
  treeshake: true,
  // `__FYNO_KIT_CJS__` is true in the CommonJS output only: it loads lazy modules with `require`,
  // because `import()` in CommonJS throws under Jest's default (non-ESM) mode.
  esbuildOptions(options, context) {
    options.define = { ...options.define, __FYNO_KIT_CJS__: context.format === 'cjs' ? 'true' : 'false' };
  },
};

// Two builds: the browser-safe entry gets `__FYNO_KIT_WEB__ = true`, so a minifier drops the plumbing
// of Node-only features (call tracking for close(), logging, tracing) and it stays under its size
// budget. It shares no chunk with the Node entries; its own copy of the client is the price.
export default defineConfig([
  {
    ...common,
    entry: {
      index: 'src/index.ts',
      'server/index': 'src/server/index.ts',
      'adapter/index': 'src/adapter/index.ts',
      'adapter/node': 'src/adapter/node.ts',
      'webhooks/index': 'src/webhooks/index.ts',
      'inbox/index': 'src/inbox/index.ts',
      'app-types/index': 'src/app-types/index.ts',
    },
    // Leaves the browser-safe build's files alone: the two builds run side by side.
    clean: ['**/*', '!index.web.*'],
    define: { __FYNO_KIT_VERSION__: JSON.stringify(version), __FYNO_KIT_WEB__: 'false' },
  },
  {
    ...common,
    entry: { 'index.web': 'src/index.web.ts' },
    clean: false,
    define: { __FYNO_KIT_VERSION__: JSON.stringify(version), __FYNO_KIT_WEB__: 'true' },
  },
]);
