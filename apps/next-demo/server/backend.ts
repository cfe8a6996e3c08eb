/**
 * Where notifications go: Fyno itself when FYNO_WSID and FYNO_API_KEY are set, else the emulator,
 * started inside this server process on a free loopback port. Created once per process and kept
 * on `globalThis`, because Next.js may load a module once per route bundle.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno } from '@fyno-kit/core';
import { createEmulator, type Emulator } from '@fyno-kit/emulator';
import { DEMO_EVENTS, type DemoMode } from '@fyno-kit/demo/server';

export interface DemoBackend {
  mode: DemoMode;
  client: Fyno;
  /** The embedded emulator and its origin (`http://127.0.0.1:<port>`), in emulator mode. */
  emulator?: Emulator;
  emulatorOrigin?: string;
}

const KEY = Symbol.for('fyno-kit.next-demo.backend');
type WithBackend = typeof globalThis & { [KEY]?: Promise<DemoBackend> };

export function backend(): Promise<DemoBackend> {
  const g = globalThis as WithBackend;
  return (g[KEY] ??= start().catch((error: unknown) => {
    delete g[KEY];
    throw error;
  }));
}

async function start(): Promise<DemoBackend> {
  if (process.env.FYNO_WSID && process.env.FYNO_API_KEY) return { mode: 'fyno', client: new Fyno() };
  const emulator = createEmulator({ events: [...DEMO_EVENTS], quiet: true });
  const server: Server = createServer(emulator.handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  // The emulator must not keep a stopping `next start` alive.
  server.unref();
  const emulatorOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: `${emulatorOrigin}/v1` });
  return { mode: 'emulator', client, emulator, emulatorOrigin };
}
