/** Test helpers: worker processes, waiting for a condition. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningEmulator } from '@fyno-kit/emulator';
import type { FynoBullWorkerOptions } from '../src/worker';

const WORKER_SCRIPT = fileURLToPath(new URL('./fixtures/worker-process.mjs', import.meta.url));

/** Worker options that travel to a child process as JSON. */
export type ProcessWorkerOptions = Omit<FynoBullWorkerOptions, 'connection' | 'fyno' | 'onError'>;

/** A worker running in its own process, from the built `dist`. */
export interface WorkerProcess {
  child: ChildProcess;
  /** The version of the bullmq the process loaded. */
  bullmq: string;
  /** Asks it to close cleanly, waits for it to exit, and resolves with the jobs it completed. */
  close(): Promise<number | undefined>;
}

/** Forks a worker process and waits until it is connected to Redis. */
export async function startWorkerProcess(
  redisUrl: string,
  emulator: RunningEmulator,
  worker: ProcessWorkerOptions,
  extra: { timeoutMs?: number } = {},
): Promise<WorkerProcess> {
  const config = { redisUrl, baseUrl: emulator.baseUrl, workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, worker, ...extra };
  const child = fork(WORKER_SCRIPT, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let bullmq = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker process did not get ready within 15 s')), 15_000);
    child.once('exit', (code) => reject(new Error(`worker process exited early with ${code}`)));
    child.on('message', (message: { type?: string; bullmq?: string }) => {
      if (message?.type === 'ready') {
        bullmq = message.bullmq ?? '';
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.removeAllListeners('exit');
  let closed: Promise<number | undefined> | undefined;
  return {
    child,
    bullmq,
    close() {
      closed ??= new Promise<number | undefined>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
        let completed: number | undefined;
        child.on('message', (m: { type?: string; completed?: number }) => {
          if (m?.type === 'closed') completed = m.completed;
        });
        child.once('exit', () => resolve(completed));
        child.send('close', (error) => {
          if (error) child.kill('SIGTERM');
        });
      });
      return closed;
    },
  };
}

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
