/**
 * Test helper: a private Redis Cluster of three masters (no replicas) on free loopback ports, made
 * with `redis-cli --cluster create`, as a team would run one. A missing binary is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis';

export interface TestCluster {
  ports: number[];
  destroy(): Promise<void>;
}

function clusterOk(port: number): boolean {
  const info = spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' });
  return info.status === 0 && info.stdout.includes('cluster_state:ok');
}

export async function startCluster(): Promise<TestCluster> {
  for (const binary of ['redis-server', 'redis-cli']) {
    if (spawnSync(binary, ['--version']).status !== 0) throw new Error(`${binary} is required (apt-get install -y redis-server)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'fyno-kit-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    ports.push(port);
    const nodeDir = join(dir, String(port));
    spawnSync('mkdir', ['-p', nodeDir]);
    children.push(
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          nodeDir,
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--appendonly',
          'no',
          '--save',
          '',
          '--loglevel',
          'warning',
        ],
        { stdio: 'ignore' },
      ),
    );
  }
  for (const port of ports) {
    for (let i = 0; spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG'; i++) {
      if (i > 100) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const create = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], {
    encoding: 'utf8',
  });
  if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
  for (let i = 0; !ports.every(clusterOk); i++) {
    if (i > 200) throw new Error('the cluster did not reach cluster_state:ok');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    ports,
    async destroy() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
