/**
 * Where notifications go: Fyno itself when FYNO_WSID and FYNO_API_KEY are set, else the emulator,
 * started inside this server process on a free loopback port. Created once per process and kept
 * on `globalThis`, because Next.js may load a module once per route bundle.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno } from '@fyno-kit/core';
import {
  CodeSignIn,
  DEMO_WEBHOOK_SECRET,
  DeliveryBook,
  type DemoInapp,
  type DemoMode,
  demoInapp,
  EMULATOR_EVENTS,
  VERIFY_EVENTS,
} from '@fyno-kit/demo-shared/server';
import { createEmulator, type Emulator } from '@fyno-kit/emulator';

export interface DemoBackend {
  mode: DemoMode;
  client: Fyno;
  /** The embedded emulator and its origin (`http://127.0.0.1:<port>`), in emulator mode. */
  emulator?: Emulator;
  emulatorOrigin?: string;
  /** Each message's delivery stage, when reports come back to this app (see `webhookSecret`). */
  delivery?: DeliveryBook;
  /** The in-app session route's settings; undefined: no in-app inbox (see `demoInapp`). */
  inapp?: DemoInapp;
}

const KEY = Symbol.for('fyno-kit.next-demo.backend');
const BOOK = Symbol.for('fyno-kit.next-demo.delivery-book');
const CODES = Symbol.for('fyno-kit.next-demo.code-sign-in');
type WithBackend = typeof globalThis & { [KEY]?: Promise<DemoBackend>; [BOOK]?: DeliveryBook; [CODES]?: CodeSignIn };

const usesFyno = () => Boolean(process.env.FYNO_WSID && process.env.FYNO_API_KEY);

/**
 * What delivery reports are signed with: FYNO_WEBHOOK_SECRET (the workspace secret key) when set;
 * the built-in emulator otherwise signs with a local demo value. None: reports are off.
 */
export function webhookSecret(): string | undefined {
  return process.env.FYNO_WEBHOOK_SECRET || (usesFyno() ? undefined : DEMO_WEBHOOK_SECRET);
}

/** The one book of delivery stages in this process, shared by the receiver and the inbox routes. */
export function deliveryBook(): DeliveryBook {
  const g = globalThis as WithBackend;
  return (g[BOOK] ??= new DeliveryBook());
}

/** The one "Sign in with a code" book of attempts in this process, shared by its two routes. */
export function codeSignIn(): CodeSignIn {
  const g = globalThis as WithBackend;
  return (g[CODES] ??= new CodeSignIn(async () => (await backend()).client));
}

export function backend(): Promise<DemoBackend> {
  const g = globalThis as WithBackend;
  return (g[KEY] ??= start().catch((error: unknown) => {
    delete g[KEY];
    throw error;
  }));
}

async function start(): Promise<DemoBackend> {
  const delivery = webhookSecret() ? deliveryBook() : undefined;
  if (usesFyno()) return { mode: 'fyno', client: new Fyno(), delivery, inapp: demoInapp(undefined, undefined) };
  // A lifecycle step every 1.2 s, so the page shows each message going sent → delivered → read.
  // `login_code` carries Fyno's OTP (`verifyEvents`); the default topics link `order_shipped` (email, sms).
  const emulator = createEmulator({
    events: [...EMULATOR_EVENTS],
    verifyEvents: [...VERIFY_EVENTS],
    quiet: true,
    webhookSecret: webhookSecret(),
    webhookStepMs: 1_200,
  });
  const server: Server = createServer(emulator.handler);
  // The in-app socket on the emulator's own server: the browser connects to it directly, as it
  // connects to Fyno's in-app server (the session route tells it where).
  emulator.inappIntegration.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  // The emulator must not keep a stopping `next start` alive.
  server.unref();
  const emulatorOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: `${emulatorOrigin}/v1` });
  // Reports go to this app's own receiver. Not awaited: the emulator verifies it with a fyno_token
  // call to this very server, which may be answering the request that got here.
  const receiver = `http://127.0.0.1:${process.env.PORT ?? 3000}/api/fyno/reports`;
  emulator.addWebhook({ name: 'demo', url: receiver }).catch((error: Error) => console.warn(`delivery reports are off: ${error.message}`));
  return { mode: 'emulator', client, emulator, emulatorOrigin, delivery, inapp: demoInapp(emulator, emulatorOrigin) };
}
