/** Drains a client's queues when the process is told to stop, so a deploy does not drop notifications. */
import type { FynoClient } from './client';

/** The part of Node's `process` this needs (absent on edge runtimes). */
interface NodeProcessLike {
  on(signal: string, listener: (signal: string) => void): unknown;
  off(signal: string, listener: (signal: string) => void): unknown;
  exit(code: number): never;
}

/** Options of `drainOnSignals`. */
export interface DrainOnSignalsOptions {
  /** Signals to handle. Default `['SIGTERM', 'SIGINT']`. */
  signals?: string[];
  /** Longest wait for queues to drain. Default 10 000 ms. */
  timeoutMs?: number;
  /** An HTTP server to stop accepting connections first (`server.close()`). */
  server?: { close(callback?: (error?: Error) => void): unknown };
  /** Exit the process after draining (default true), with code 0. */
  exit?: boolean;
}

/**
 * On SIGTERM/SIGINT: stops the server from taking new requests, drains every queue of `fyno`
 * within `timeoutMs`, releases its connections, then exits. Returns a function that removes the
 * handlers.
 */
export function drainOnSignals(fyno: Pick<FynoClient, 'close'>, options: DrainOnSignalsOptions = {}): () => void {
  // Edge runtimes have no process signals: nothing to hook there.
  const proc = (globalThis as { process?: NodeProcessLike }).process;
  if (typeof proc?.on !== 'function') return () => undefined;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const timeoutMs = options.timeoutMs ?? 10_000;
  let draining = false;
  const onSignal = (signal: string) => {
    if (draining) return;
    draining = true;
    const serverClosed = new Promise<void>((resolve) => {
      if (!options.server) return resolve();
      options.server.close(() => resolve());
    });
    void Promise.all([fyno.close(timeoutMs), Promise.race([serverClosed, new Promise((r) => (setTimeout(r, timeoutMs) as { unref?: () => void }).unref?.())])])
      .catch((error: unknown) => console.error(`[fyno-kit] drain on ${signal} failed:`, (error as Error)?.message))
      .finally(() => {
        if (options.exit !== false) proc.exit(0);
      });
  };
  for (const signal of signals) proc.on(signal, onSignal);
  return () => {
    for (const signal of signals) proc.off(signal, onSignal);
  };
}
