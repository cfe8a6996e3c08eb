// The workerd binary of the registry's `workerd` package (its platform package, so no install
// script has to run). The same lookup as tooling/test-support/hosts/binaries.ts, for plain Node scripts.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function workerdBinary() {
  const wrapper = createRequire(import.meta.url).resolve('workerd/package.json');
  const pkg = `@cloudflare/workerd-${process.platform}-${process.arch === 'x64' ? '64' : 'arm64'}`;
  return join(dirname(createRequire(wrapper).resolve(`${pkg}/package.json`)), 'bin', 'workerd');
}
