// @vitest-environment node
/** Checks on the built files (turbo builds before it tests): the directive, the size, no core code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_GZIP_BYTES, MAX_INBOX_GZIP_BYTES, MAX_PREFERENCES_GZIP_BYTES, measure, measureInbox, measurePreferences, packageDir } from './size';

const read = (file: string) => readFileSync(join(packageDir, 'dist', file), 'utf8');

/** The first statement of a script: comments and blank lines are not statements. */
function firstStatement(source: string): string {
  const code = source.replace(/^(?:\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '');
  return code.slice(0, code.search(/;|\n/) + 1);
}

describe('dist', () => {
  it.each(['index.js', 'index.cjs', 'preferences.js', 'preferences.cjs'])("%s starts with the 'use client' directive", (file) => {
    expect(firstStatement(read(file))).toMatch(/^(['"])use client\1;$/);
  });

  it.each(['index.js', 'index.cjs', 'preferences.js', 'preferences.cjs'])('%s contains no code from @fyno-kit/core', (file) => {
    const source = read(file);
    expect(source).not.toMatch(/@fyno-kit\/core/);
    expect(source).not.toMatch(/undici|FynoClient|FYNO_API_KEY/);
  });

  it.each(['index.d.ts', 'index.d.cts'])('%s takes the policy types from @fyno-kit/core/server', (file) => {
    expect(read(file)).toMatch(/from '@fyno-kit\/core\/server'/);
  });

  it(`useInbox + InboxProvider stay within ${MAX_INBOX_GZIP_BYTES} B min+gzip (socket.io-client aside)`, async () => {
    const { gzipBytes } = await measureInbox();
    expect(gzipBytes).toBeGreaterThan(1000); // the inbox client must really be in the measurement
    expect(gzipBytes).toBeLessThanOrEqual(MAX_INBOX_GZIP_BYTES);
  });

  it('the main entry never loads the inbox, the socket client or the preferences hook', () => {
    for (const file of ['index.js', 'index.cjs']) expect(read(file)).not.toMatch(/inbox|socket\.io|preferences/i);
  });

  it(`usePreferences stays within ${MAX_PREFERENCES_GZIP_BYTES} B min+gzip`, async () => {
    const { gzipBytes } = await measurePreferences();
    expect(gzipBytes).toBeGreaterThan(600); // the hook, its request and its optimistic logic must be in it
    expect(gzipBytes).toBeLessThanOrEqual(MAX_PREFERENCES_GZIP_BYTES);
  });

  it(`useNotify + FynoProvider stay within ${MAX_GZIP_BYTES} B min+gzip`, async () => {
    const { gzipBytes } = await measure();
    expect(gzipBytes).toBeGreaterThan(300); // a broken measurement must not pass as small
    expect(gzipBytes).toBeLessThanOrEqual(MAX_GZIP_BYTES);
  });
});
