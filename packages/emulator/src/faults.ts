/**
 * Decides which API requests get an injected fault (5xx, 429, reset, stall) and applies it.
 * `failNext` queues exact faults for tests; random rates use a seeded PRNG so runs repeat.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createPrng } from './prng.js';
import { errorReply, writeReply, type Reply } from './respond.js';
import type { FailNextFault, FaultOptions, RequestLogEntry } from './types.js';

/** A fault picked for one request, with its phase settled. */
export type PickedFault =
  | { kind: 'status'; phase: 'before' | 'after'; reply: Reply }
  | { kind: 'reset'; phase: 'before' | 'after' }
  | { kind: 'stall'; phase: 'before' | 'after'; stallMs: number };

const DEFAULT_STALL_MS = 30_000;

/** Holds the fault configuration and the `failNext` queue; owns stall timers. */
export class FaultController {
  private options: FaultOptions | null = null;
  private random: () => number = Math.random;
  /** Queued faults, each with how many requests it still applies to: a counter, never a copy per request. */
  private readonly queue: Array<{ fault: PickedFault; remaining: number }> = [];
  private readonly stalls = new Set<{ timer: NodeJS.Timeout; res: ServerResponse }>();

  /** Replace the random fault configuration (`null` turns it off). */
  set(options: FaultOptions | null | undefined): void {
    this.options = options ?? null;
    const seed = options?.seed ?? Math.floor(Math.random() * 2 ** 32);
    this.random = createPrng(seed);
  }

  /** Queue `fault` for the next `count` API requests, ahead of any random fault. */
  failNext(count: number, fault: FailNextFault, phase: 'before' | 'after' = 'before'): void {
    const remaining = Math.floor(count);
    if (!(remaining >= 1)) return;
    this.queue.push({ fault: toPicked(fault, phase), remaining });
  }

  /** The fault for the next API request, or null; consumes one queued fault if any. */
  pick(): PickedFault | null {
    const queued = this.queue[0];
    if (queued) {
      if (--queued.remaining === 0) this.queue.shift();
      return queued.fault;
    }
    const o = this.options;
    if (!o) return null;
    const r = this.random();
    const phase = pickPhase(o.phase, this.random);
    let edge = o.resetRate ?? 0;
    if (r < edge) return { kind: 'reset', phase };
    edge += o.stallRate ?? 0;
    if (r < edge) return { kind: 'stall', phase, stallMs: o.stallMs ?? DEFAULT_STALL_MS };
    edge += o.error5xxRate ?? 0;
    if (r < edge) return toPicked({ status: o.status5xx ?? 503 }, phase);
    edge += o.rate429 ?? 0;
    if (r < edge) return toPicked({ status: 429, retryAfterS: o.retryAfterS ?? 1 }, phase);
    return null;
  }

  /**
   * Apply a status or reset fault now, or hold the request for a stall and call `resume` after
   * it (unless the client left meanwhile).
   */
  apply(fault: PickedFault, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, resume: () => void): void {
    entry.fault = fault.kind;
    if (fault.kind === 'reset') {
      entry.status = null;
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'status') {
      entry.status = fault.reply.status;
      writeReply(res, fault.reply);
      return;
    }
    const stall = {
      timer: setTimeout(() => {
        this.stalls.delete(stall);
        if (!res.destroyed && !req.socket.destroyed) resume();
      }, fault.stallMs),
      res,
    };
    // A stalled request must never keep the process alive on its own.
    stall.timer.unref();
    this.stalls.add(stall);
  }

  /** Cancel pending stalls and close their connections (used on stop). */
  close(): void {
    for (const stall of this.stalls) {
      clearTimeout(stall.timer);
      stall.res.destroy();
    }
    this.stalls.clear();
    this.queue.length = 0;
  }
}

function pickPhase(phase: FaultOptions['phase'], random: () => number): 'before' | 'after' {
  if (phase === 'after') return 'after';
  if (phase === 'random') return random() < 0.5 ? 'before' : 'after';
  return 'before';
}

function toPicked(fault: FailNextFault, phase: 'before' | 'after'): PickedFault {
  if (fault === 'reset') return { kind: 'reset', phase };
  if ('stallMs' in fault) return { kind: 'stall', phase, stallMs: fault.stallMs };
  const reply: Reply =
    fault.body === undefined
      ? errorReply(fault.status, STATUS_CODES[fault.status] ?? 'Injected fault')
      : {
          status: fault.status,
          body: typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body),
        };
  if (fault.retryAfterS !== undefined) reply.headers = { 'retry-after': String(fault.retryAfterS) };
  return { kind: 'status', phase, reply };
}
