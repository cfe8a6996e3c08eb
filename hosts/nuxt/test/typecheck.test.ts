/**
 * The server routes and test/context-types.ts type-check as written: every route passes the H3 event
 * to the handler with no cast, and `identify` reads `event.context.user`, typed by server/utils/session.ts.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

it('the routes type-check with the H3 event as the context, and the handler refuses a missing or wrong one', async () => {
  const result = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: root }).catch(
    (error: { stdout: string }) => error,
  );
  expect(result.stdout).toBe('');
}, 120_000);
