import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { armBodyReadDeadline, type DeadlineSocket } from '../src/server/body-read-deadline';

// A socket's state as the deadline reads it; `destroyed` records whether the deadline closed it.
function socket(state: Partial<DeadlineSocket> = {}): DeadlineSocket & { closed: boolean } {
  const s = { destroyed: false, writable: true, writableNeedDrain: false, closed: false, ...state } as DeadlineSocket & { closed: boolean };
  return Object.assign(s, { destroy: () => void (s.closed = true) });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('armBodyReadDeadline: a timer on a body another reader consumes', () => {
  it('fails a read still going at the deadline with the 408 body-timeout error, and pauses the body', async () => {
    const body = new PassThrough();
    const errors: unknown[] = [];
    body.on('error', (error) => errors.push(error));
    const sock = socket();
    armBodyReadDeadline(body, sock, 30);
    body.write('{"a":');
    await wait(120);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ type: 'request.timeout', status: 408 });
    expect(body.isPaused()).toBe(true);
    expect(sock.closed).toBe(false);
  });

  it('closes the socket instead when nobody reads the body or the socket cannot take an answer', async () => {
    const unread = new PassThrough();
    const idle = socket();
    armBodyReadDeadline(unread, idle, 20);
    const stuck = new PassThrough();
    stuck.on('error', () => {});
    const full = socket({ writableNeedDrain: true });
    armBodyReadDeadline(stuck, full, 20);
    await wait(100);
    expect(idle.closed).toBe(true);
    expect(full.closed).toBe(true);
  });

  it('does nothing once the body has ended, or after stop(), and leaves no listener behind', async () => {
    const ended = new PassThrough();
    const errors: unknown[] = [];
    ended.on('error', (error) => errors.push(error));
    const sock = socket();
    armBodyReadDeadline(ended, sock, 30);
    ended.end('{}');
    ended.resume();
    const stopped = new PassThrough();
    stopped.on('error', (error) => errors.push(error));
    const stop = armBodyReadDeadline(stopped, sock, 30);
    stop();
    expect(stopped.listenerCount('end') + stopped.listenerCount('close')).toBe(0);
    await wait(120);
    expect(errors).toEqual([]);
    expect(sock.closed).toBe(false);
  });
});
