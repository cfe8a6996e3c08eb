import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { armBodyReadDeadline, DEADLINE_SWEEP_MS, PRECISE_DEADLINE_BELOW_MS, type DeadlineSocket } from '../src/server/body-read-deadline';

// A socket's state as the deadline reads it; `closed` records whether the deadline closed it.
function socket(): DeadlineSocket & { closed: boolean } {
  const s = { destroyed: false, writable: true, writableNeedDrain: false, closed: false } as DeadlineSocket & { closed: boolean };
  return Object.assign(s, { destroy: () => void (s.closed = true) });
}

function readBody(): { body: PassThrough; errors: unknown[] } {
  const body = new PassThrough();
  const errors: unknown[] = [];
  body.on('error', (error) => errors.push(error));
  return { body, errors };
}

// The default body timeout (10 s) and anything from PRECISE_DEADLINE_BELOW_MS up share one sweep
// instead of a timer each: same outcome, at most DEADLINE_SWEEP_MS late.
describe('armBodyReadDeadline: long deadlines on the shared sweep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails a read still going past a 10 s deadline, not before it, and no later than one sweep after', () => {
    const { body, errors } = readBody();
    const sock = socket();
    armBodyReadDeadline(body, sock, 10_000);
    body.write('{"a":');
    vi.advanceTimersByTime(10_000 - 1);
    expect(errors).toEqual([]);
    vi.advanceTimersByTime(DEADLINE_SWEEP_MS + 1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ type: 'request.timeout', status: 408, message: expect.stringContaining('10000') });
    expect(body.isPaused()).toBe(true);
    expect(sock.closed).toBe(false);
    expect(body.listenerCount('end') + body.listenerCount('close')).toBe(0);
  });

  it('closes the socket instead when nobody reads the body', () => {
    const unread = new PassThrough();
    const sock = socket();
    armBodyReadDeadline(unread, sock, PRECISE_DEADLINE_BELOW_MS);
    vi.advanceTimersByTime(PRECISE_DEADLINE_BELOW_MS + DEADLINE_SWEEP_MS);
    expect(sock.closed).toBe(true);
  });

  it('leaves a body that ended, or was given up on, alone, and stops sweeping once none is left', async () => {
    const { body: ended, errors } = readBody();
    const sock = socket();
    armBodyReadDeadline(ended, sock, 10_000);
    const { body: stopped, errors: stoppedErrors } = readBody();
    const stop = armBodyReadDeadline(stopped, sock, 10_000);
    const { body: late, errors: lateErrors } = readBody();
    armBodyReadDeadline(late, sock, 30_000);
    ended.end('{}');
    ended.resume();
    await once(ended, 'end');
    expect(ended.listenerCount('end') + ended.listenerCount('close')).toBe(0);
    stop();
    expect(stopped.listenerCount('end') + stopped.listenerCount('close')).toBe(0);
    vi.advanceTimersByTime(20_000);
    expect(errors).toEqual([]);
    expect(stoppedErrors).toEqual([]);
    expect(lateErrors).toEqual([]);
    expect(sock.closed).toBe(false);
    // The 30 s one is still armed: the sweep runs until it fires.
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(10_000 + DEADLINE_SWEEP_MS);
    expect(lateErrors).toHaveLength(1);
    vi.advanceTimersByTime(DEADLINE_SWEEP_MS);
    expect(vi.getTimerCount()).toBe(0);
  });
});
