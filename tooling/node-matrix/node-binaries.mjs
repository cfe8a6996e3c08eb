// Official Node builds, from the npm registry's `node-<platform>-<arch>` packages (the only network
// here is the registry), unpacked once into a cache outside the repository:
// ${XDG_CACHE_HOME:-~/.cache}/fyno-kit/node/<version>/bin/node. Never committed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'fyno-kit', 'node');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Path of the `node` binary of `version`, fetched and unpacked on first use. */
export function nodeBinary(version) {
  const dir = join(CACHE, version);
  const bin = join(dir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(bin)) return bin;
  const pkg = `node-${process.platform}-${process.arch}@${version}`;
  const work = mkdtempSync(join(tmpdir(), 'fyno-kit-node-'));
  try {
    const tarball = execFileSync(npm, ['pack', pkg, '--silent', '--pack-destination', work], { cwd: work, encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['xzf', join(work, tarball), '-C', work]);
    mkdirSync(CACHE, { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    // Whole directory at once, so a run killed half-way never leaves a broken cache entry.
    renameSync(join(work, 'package'), dir);
  } catch (error) {
    throw new Error(`could not fetch Node ${version} (npm pack ${pkg}): ${error instanceof Error ? error.message : error}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const reported = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (reported !== `v${version}`) throw new Error(`${bin} reports ${reported}, expected v${version}`);
  return bin;
}
