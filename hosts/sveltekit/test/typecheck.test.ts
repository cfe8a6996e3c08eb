/**
 * The app's routes and test/context-types.ts type-check as written: every route passes SvelteKit's
 * `RequestEvent` to the handler with no cast, and `identify` reads `event.locals` typed by app.d.ts.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { envOnNode } from '@fyno-kit/test-support/hosts/on-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

it('the routes type-check with the RequestEvent as the context, and the handler refuses a missing or wrong one', async () => {
  const env = envOnNode(22, root);
  // Writes the route types (./$types) and the tsconfig the app extends, as `vite build` does.
  await run('svelte-kit', ['sync'], { cwd: root, env });
  const result = await run('tsc', ['--noEmit', '-p', 'tsconfig.json'], { cwd: root, env }).catch((error: { stdout: string }) => error);
  expect(result.stdout).toBe('');
}, 120_000);
