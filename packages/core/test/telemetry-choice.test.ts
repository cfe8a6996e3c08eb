/**
 * A client's `openTelemetry` choice as adapters read it (`openTelemetryChoiceOf`, then
 * `chooseOpenTelemetry`): bullmq's worker follows it, so `false` on the client must read as off, not as
 * "says nothing" (which would let the adapter load the installed API and trace anyway).
 */
import * as api from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { Fyno } from '../src/index';
import { loadOpenTelemetry } from '../src/otel-load';
import { chooseOpenTelemetry, openTelemetryChoiceOf, telemetryOf, type OpenTelemetryApi } from '../src/telemetry';

const options = { workspaceId: 'WS', apiKey: 'key', baseUrl: 'http://127.0.0.1:9' };
const installed = loadOpenTelemetry();
// A copy, so it cannot be mistaken for the installed module.
const given = {
  ...api,
  trace: { ...api.trace, getTracer: (name: string, version?: string) => api.trace.getTracer(name, version) },
} as unknown as OpenTelemetryApi;
const clients: Fyno[] = [];
const client = (openTelemetry?: OpenTelemetryApi | false) => {
  const fyno = new Fyno(openTelemetry === undefined ? options : { ...options, openTelemetry });
  clients.push(fyno);
  return fyno;
};
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('openTelemetryChoiceOf', () => {
  it('reads false from a client given openTelemetry: false, which itself traces nothing', () => {
    const off = client(false);
    expect(openTelemetryChoiceOf(off)).toBe(false);
    expect(telemetryOf(off)).toBeUndefined();
    expect(chooseOpenTelemetry(openTelemetryChoiceOf(off), () => installed)).toBeUndefined();
  });

  it('reads the API a client was given, and the one a default client loaded', () => {
    expect(openTelemetryChoiceOf(client(given))).toBe(given);
    expect(installed).toBeDefined();
    expect(openTelemetryChoiceOf(client())).toBe(installed);
  });

  it('reads nothing from what is not a client of this build, so the adapter loads the API itself', () => {
    for (const standIn of [undefined, null, {}, { fire() {}, close() {} }]) {
      expect(openTelemetryChoiceOf(standIn)).toBeUndefined();
      expect(chooseOpenTelemetry(openTelemetryChoiceOf(standIn), () => given)).toBe(given);
    }
  });
});

describe('chooseOpenTelemetry', () => {
  it('false → none (without loading), an API → it, undefined → the loaded one', () => {
    let loads = 0;
    const load = () => {
      loads++;
      return installed;
    };
    expect(chooseOpenTelemetry(false, load)).toBeUndefined();
    expect(chooseOpenTelemetry(given, load)).toBe(given);
    expect(loads).toBe(0);
    expect(chooseOpenTelemetry(undefined, load)).toBe(installed);
    expect(loads).toBe(1);
  });
});
