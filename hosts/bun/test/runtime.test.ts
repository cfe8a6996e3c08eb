/**
 * Edge correctness on Bun: `@fyno-kit/core` resolves to the fetch build (the `bun` export condition),
 * and core's Node build, if a bundle brings it anyway, still sends with `fetch` and closes cleanly
 * (Bun's own partial `undici` made `fire()` fail and `close()` crash the process).
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator } from '@fyno-kit/emulator';
import { describe, expect, it } from 'vitest';
import { runtimeBinary } from '@fyno-kit/test-support/hosts/binaries';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const bun = runtimeBinary('bun', root);

describe('core on Bun', () => {
  it('resolves @fyno-kit/core and /server to the builds without Node built-ins', async () => {
    const { stdout } = await run(bun, ['-e', "console.log(import.meta.resolve('@fyno-kit/core'))"], { cwd: root });
    expect(stdout.trim()).toMatch(/packages\/core\/dist\/index\.web\.js$/);
  });

  it("core's Node build on Bun sends with fetch and closes without crashing", async () => {
    const emu = await startEmulator({ port: 0, events: ['order_shipped'] });
    try {
      const env = { ...process.env, FYNO_WSID: emu.workspaceId, FYNO_API_KEY: emu.apiKey, FYNO_BASE_URL: emu.baseUrl, FYNO_VERSION: 'test' };
      const { stdout } = await run(bun, ['node-build.ts'], { cwd: root, env });
      const { request_id } = JSON.parse(stdout.trim()) as { request_id: string };
      expect(emu.messages({ distinct_id: 'u_bun_node_build' })).toMatchObject([{ event: 'order_shipped', data: { order: 'B-1' }, request_id }]);
    } finally {
      await emu.stop();
    }
  });
});
