/**
 * The Bun, Deno and workerd binaries that the registry's `bun`, `deno` and `workerd` packages
 * install for this platform (an optional dependency each). Found in the platform package directly,
 * so no install script has to run (pnpm runs none it was not told to).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PLATFORM_PACKAGES: Record<'bun' | 'deno' | 'workerd', () => { pkg: string; bin: string }> = {
  bun: () => ({ pkg: `@oven/bun-${process.platform}-${process.arch === 'x64' ? 'x64' : 'aarch64'}`, bin: 'bin/bun' }),
  deno: () => ({ pkg: `@deno/${process.platform}-${process.arch === 'x64' ? 'x64' : 'arm64'}${process.platform === 'linux' ? '-glibc' : ''}`, bin: 'deno' }),
  workerd: () => ({ pkg: `@cloudflare/workerd-${process.platform}-${process.arch === 'x64' ? '64' : 'arm64'}`, bin: 'bin/workerd' }),
};

/** Path of `name`'s binary, resolved from the package directory `fromDir` (whose devDependency it is). */
export function runtimeBinary(name: 'bun' | 'deno' | 'workerd', fromDir: string): string {
  const wrapper = createRequire(join(fromDir, 'package.json')).resolve(`${name}/package.json`);
  const { pkg, bin } = PLATFORM_PACKAGES[name]();
  const path = join(dirname(createRequire(wrapper).resolve(`${pkg}/package.json`)), bin);
  if (!existsSync(path)) throw new Error(`${name}: no binary at ${path} (is ${pkg} installed?)`);
  return path;
}
