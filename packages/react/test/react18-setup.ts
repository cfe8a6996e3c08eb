/**
 * Setup of the React 18 run. Vite's aliases only reach code Vite transforms; react-dom18 and
 * @testing-library/react are CommonJS loaded by Node, and pnpm linked react-dom18's own `react` to
 * React 19. So Node's CommonJS resolver is pointed at the 18 copies too, for this worker only.
 */
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// (no `new URL(…)` here: under jsdom the global URL is jsdom's, which fileURLToPath refuses)
const modules = join(dirname(fileURLToPath(import.meta.url)), '../node_modules');
const copies: Record<string, string> = { react: join(modules, 'react18'), 'react-dom': join(modules, 'react-dom18') };

const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (request, ...rest) {
  const m = /^(react|react-dom)(\/.*)?$/.exec(request);
  return resolve.call(this, m ? copies[m[1]!] + (m[2] ?? '') : request, ...rest);
};
