/**
 * The fleet-wide rate limit counted in notifications. BullMQ's own limiter (the worker's `limiter`
 * option) counts jobs: each job it starts adds 1 to the queue's limiter counter in Redis, and no worker
 * starts another while the counter is at `max`. A batch job charges the rest of its size to the same
 * counter before it sends, so a job of 100 weighs 100. Past `max`, the window is stretched in
 * proportion and the job waits for the part of it that is its own, so batch jobs a worker started
 * together (up to its concurrency) still leave at the configured rate.
 */
import type { Cluster, Redis } from 'ioredis';

// KEYS[1]: BullMQ's limiter key. ARGV: count to add, max, window ms.
const CHARGE = `
local n = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local count = redis.call('INCRBY', KEYS[1], n)
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = window
  redis.call('PEXPIRE', KEYS[1], ttl)
end
local over = math.min(n, count - max)
if over <= 0 then return 0 end
ttl = ttl + math.floor(window * over / max)
redis.call('PEXPIRE', KEYS[1], ttl)
return math.max(0, ttl - window)`;

/** Charges batch jobs to the queue's BullMQ limiter, by their size. */
export class NotificationLimiter {
  readonly #redis: Redis | Cluster;
  readonly #key: string;
  readonly #max: number;
  readonly #durationMs: number;

  /** `limiterKey`: the worker's `keys.limiter` (BullMQ's counter for this queue). */
  constructor(redis: Redis | Cluster, limiterKey: string, limit: { max: number; durationMs: number }) {
    this.#redis = redis;
    this.#key = limiterKey;
    this.#max = Math.max(1, Math.floor(limit.max));
    this.#durationMs = Math.max(1, Math.floor(limit.durationMs));
  }

  /**
   * Adds `count` notifications to the current window (BullMQ already counted the job itself as 1), and
   * resolves when they may leave: at once while the window has room, else when their turn comes.
   */
  async charge(count: number): Promise<void> {
    if (count <= 0) return;
    const waitMs = Number(await this.#redis.eval(CHARGE, 1, this.#key, count, this.#max, this.#durationMs));
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
