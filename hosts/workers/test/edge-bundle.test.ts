/**
 * Edge correctness, as the bundlers of each runtime see it: with the Workers, Bun and Deno export
 * conditions, core, core/server and core/webhooks bundle with no Node built-in, no undici and no
 * import left for the runtime to resolve (workerd refuses a computed one at load).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKER_CONDITIONS } from '../bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(root, '.edge-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const entry = join(work, 'entry.ts');
writeFileSync(
  entry,
  `import { Fyno } from '@fyno-kit/core';
import { createNotifyHandler } from '@fyno-kit/core/server';
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
export { Fyno, createNotifyHandler, createDeliveryReportHandler };
`,
);

describe.each([
  ['Workers', WORKER_CONDITIONS],
  ['Bun', ['bun']],
  ['Deno', ['deno']],
])('%s conditions', (name, conditions) => {
  it('bundle core with no Node built-in, no undici, and every import resolved at build time', async () => {
    const outfile = join(work, `${name}.js`);
    const result = await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions,
      mainFields: ['module', 'main'],
      // Left external so that the check below sees them if anything imports them.
      external: ['node:*', 'undici', 'crypto', 'module', 'fs', 'http', 'https', 'net', 'stream', 'zlib', 'async_hooks'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('packages/core/dist/index.web.'))).toBe(true);
    expect(inputs.filter((path) => /packages\/core\/dist\/index\.(js|cjs)$/.test(path))).toEqual([]);
    const output = Object.values(result.metafile.outputs)[0]!;
    expect(output.imports).toEqual([]);
    const code = readFileSync(outfile, 'utf8');
    expect(code).not.toMatch(/\bimport\(\s*[A-Za-z_$]/);
    expect(code).not.toContain('undici');
  });
});
