/**
 * What `import { useNotify, FynoProvider } from '@fyno-kit/react'` costs a browser bundle: the built
 * ESM bundled by esbuild, minified, React left out, then gzipped. `pnpm size` runs size-limit with
 * the same budget (.size-limit.json); this one runs in `pnpm test`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The budget of issue 5: 1.5 kB. */
export const MAX_GZIP_BYTES = 1536;

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The inbox entry's own budget: `useInbox` + `InboxProvider` with the headless client of
 * `@fyno-kit/core/inbox` bundled in, React and socket.io-client (the protocol library) left out.
 */
export const MAX_INBOX_GZIP_BYTES = 4096;

/** What `import { useInbox, InboxProvider } from '@fyno-kit/react/inbox'` costs, socket.io-client aside. */
export function measureInbox(): Promise<{ minBytes: number; gzipBytes: number }> {
  return measureEntry("export { useInbox, InboxProvider } from './dist/inbox.js';", ['socket.io-client']);
}

/**
 * The preferences entry's own budget: `usePreferences` with its request and optimistic logic, React
 * left out. It shares no code with the main entry at run time (each bundles its few request lines).
 */
export const MAX_PREFERENCES_GZIP_BYTES = 1536;

/** What `import { usePreferences } from '@fyno-kit/react/preferences'` costs. */
export function measurePreferences(): Promise<{ minBytes: number; gzipBytes: number }> {
  return measureEntry("export { usePreferences } from './dist/preferences.js';", []);
}

export function measure(): Promise<{ minBytes: number; gzipBytes: number }> {
  return measureEntry("export { useNotify, FynoProvider } from './dist/index.js';", []);
}

async function measureEntry(contents: string, external: string[]): Promise<{ minBytes: number; gzipBytes: number }> {
  // esbuild is not a dependency of this package: it is the one tsup builds with.
  const esbuildPath = createRequire(createRequire(import.meta.url).resolve('tsup')).resolve('esbuild');
  const esbuild = (await import(esbuildPath)) as {
    build(options: object): Promise<{ outputFiles: Array<{ contents: Uint8Array }> }>;
  };
  const result = await esbuild.build({
    stdin: { contents, resolveDir: packageDir },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'react/*', 'react-dom', 'react-dom/*', ...external],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}
