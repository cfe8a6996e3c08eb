/**
 * The package wires into Nest through public API only: a Nest minor release may change any of the
 * internals these patterns name without notice. Reads the sources, so a regression fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const srcDir = new URL('../src/', import.meta.url);
const sources = readdirSync(srcDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(new URL(file, srcDir), 'utf8') }));

const PRIVATE_NEST_API: Array<[string, RegExp]> = [
  ['the container behind ModuleRef (applicationConfig and the rest)', /\bcontainer\b|applicationConfig/],
  ["Nest's metadata keys as strings ('__guards__', '__fastify_route_config__', …)", /['"`]__(?!proto__)[a-z_]+__['"`]/],
  ['metadata written by hand', /Reflect\.defineMetadata/],
  ['guards built by hand', /moduleRef\.create|\.onModuleInit\?*\.?\(/],
  ['ModuleRef at all (nothing here needs it)', /\bModuleRef\b/],
  ['a module-global counter', /^let\s+\w+\s*=\s*0\b/m],
];

describe('@fyno-kit/nest uses public Nest API only', () => {
  it('reads its sources', () => {
    expect(sources.map((s) => s.file)).toContain('fyno-module.ts');
  });

  it.each(PRIVATE_NEST_API)('no %s', (_what, pattern) => {
    expect(sources.filter(({ text }) => pattern.test(text)).map(({ file }) => file)).toEqual([]);
  });
});
