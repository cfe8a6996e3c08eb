/** Shared test helpers: start an emulator on a free port and call it over a real socket. */
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../src/index.js';

/** A response read to the end. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** Start an emulator on port 0 with the events the tests use. */
export function start(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ events: ['known', 'order_shipped', 'otp'], ...options });
}

/** Options of `call`. */
export interface CallOptions {
  /** Bearer key; the emulator's own key when omitted, no header when null. */
  key?: string | null;
  /** Workspace id in the path; the emulator's own when omitted. */
  wsid?: string;
  headers?: Record<string, string>;
  /** Sent as is when a string, JSON-encoded otherwise. */
  body?: unknown;
  signal?: AbortSignal;
}

/** Call `{baseUrl}/{wsid}{path}` and read the whole answer. */
export async function call(emu: RunningEmulator, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  const key = options.key === undefined ? emu.apiKey : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const init: RequestInit = { method, headers };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    init.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const res = await fetch(`${emu.baseUrl}/${options.wsid ?? emu.workspaceId}${path}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Fyno's error envelope. */
export const E = (message: string): { _message: string; status: 'error' } => ({
  _message: message,
  status: 'error',
});

/** Fyno's success envelope. */
export const OK = (message: string): { _message: string; status: 'ok' } => ({
  _message: message,
  status: 'ok',
});

/** RFC 4122 UUID, any version. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `<uuid>:<4 chars>`. */
export const MSG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:.{4}$/;
