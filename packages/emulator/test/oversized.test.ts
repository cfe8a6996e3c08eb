/**
 * An oversized upload gets its 413, never a reset, even with the machine busy: the emulator reads
 * and discards the rest of the upload before closing (nginx's lingering close). Two worker threads
 * spin for the length of the test to reproduce the load under which the old close lost the answer.
 */
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { start } from './helpers.js';

const ROUNDS = 10;
const OVER_LIMIT = Buffer.alloc(11 * 1024 * 1024, 'a');

let emu: RunningEmulator;
let spinners: Worker[] = [];
beforeAll(async () => {
  emu = await start();
  // Busy loops, bounded: each stops by itself after 60 s if the test never ends them.
  spinners = [0, 1].map(() => new Worker('const end = Date.now() + 60_000; while (Date.now() < end) {}', { eval: true }));
});
afterAll(async () => {
  await Promise.all(spinners.map((w) => w.terminate()));
  await emu.stop();
});

/**
 * One upload over node:http; resolves its status once both the answer and the upload are done, or
 * the code of a connection error seen at any point (a reset after the answer counts: the client's
 * write fails, and a client that reads late never sees the 413).
 */
function upload(chunked: boolean): Promise<number | string> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let error: string | undefined;
    let pending = 2;
    const done = () => {
      if (--pending === 0) resolve(error ?? status ?? 'no answer');
    };
    const headers: Record<string, string | number> = { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' };
    if (chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = OVER_LIMIT.length;
    const req = http.request(`${emu.baseUrl}/${emu.workspaceId}/live/event`, { method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => {
        status = res.statusCode;
        done();
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
      if (status === undefined) done(); // no answer will come
    });
    req.on('close', done);
    // Several writes, as a client streaming a large body does.
    for (let offset = 0; offset < OVER_LIMIT.length; offset += 1024 * 1024) req.write(OVER_LIMIT.subarray(offset, offset + 1024 * 1024));
    req.end();
  });
}

/** The same over fetch (undici): the Node client most apps use. */
async function fetchUpload(): Promise<number | string> {
  try {
    const res = await fetch(`${emu.baseUrl}/${emu.workspaceId}/live/event`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' },
      body: OVER_LIMIT,
    });
    await res.text();
    return res.status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? String(error);
  }
}

describe('oversized uploads while two busy loops run', () => {
  it.each([
    ['Content-Length (413 decided before reading)', () => upload(false)],
    ['chunked (413 decided at the 10 MB mark)', () => upload(true)],
    ['fetch', fetchUpload],
  ])(
    `%s: ${ROUNDS} uploads, ${ROUNDS} answers of 413, 0 connection errors`,
    async (_label, send) => {
      const outcomes: Array<number | string> = [];
      for (let i = 0; i < ROUNDS; i++) outcomes.push(await send());
      console.log(`oversized ${_label}: ${JSON.stringify(outcomes)}`);
      expect(outcomes).toEqual(Array(ROUNDS).fill(413));
      expect(emu.messages()).toHaveLength(0);
    },
    120_000,
  );

  it('the server takes the next request after each 413', async () => {
    const res = await fetch(`${emu.baseUrl}/${emu.workspaceId}/live/event`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'known', to: { email: 'a@b.co' } }),
    });
    expect(res.status).toBe(202);
  });
});
