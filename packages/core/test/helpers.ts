import { startEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { Fyno, type FynoOptions } from '../src/index';

export type Emu = Awaited<ReturnType<typeof startEmulator>>;

/** Starts an emulator on a free port and a client pointed at it. */
export async function setup(clientOptions: FynoOptions = {}, emuOptions: Parameters<typeof startEmulator>[0] = {}) {
  const emu = await startEmulator({ port: 0, events: ['order_shipped', 'digest', 'otp'], quiet: true, ...emuOptions });
  const fyno = new Fyno({
    workspaceId: emu.workspaceId,
    apiKey: emu.apiKey,
    baseUrl: emu.baseUrl,
    initialRetryDelayMs: 5,
    maxRetryDelayMs: 20,
    ...clientOptions,
  });
  return {
    emu,
    fyno,
    async close() {
      await fyno.close();
      await emu.stop();
    },
  };
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to throw');
}

/**
 * One emulator and client for a whole test file (started before, stopped after, cleared before each
 * test). Read `env.emu` / `env.fyno` inside tests.
 */
export function sharedSetup(clientOptions: FynoOptions = {}, emuOptions: Parameters<typeof startEmulator>[0] = {}) {
  const env = {} as Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => Object.assign(env, await setup(clientOptions, emuOptions)));
  afterAll(() => env.close());
  beforeEach(() => env.emu.clear());
  return env;
}
