/**
 * A fixed-capacity FIFO that drops its oldest item when full, so capped logs cost O(1) per push
 * instead of the O(n) of `Array#shift` on a large array.
 */

/** Capped FIFO list; `Infinity` capacity makes it a plain growing array. */
export class RingBuffer<T> {
  private items: (T | undefined)[] = [];
  private start = 0;
  private count = 0;

  /** @param capacity Most items kept; older ones are dropped. */
  constructor(private readonly capacity: number) {}

  /** Number of items held. */
  get size(): number {
    return this.count;
  }

  /** Append an item, dropping the oldest when full. */
  push(item: T): void {
    if (this.count < this.capacity) {
      // While filling, `start` stays 0 (it only moves once full), so the items are contiguous.
      this.items[this.count++] = item;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Items oldest first, as a new array. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) {
      out[i] = this.items[(this.start + i) % this.items.length] as T;
    }
    return out;
  }

  /** Visit items oldest first without copying. */
  forEach(visit: (item: T) => void): void {
    const len = this.items.length;
    for (let i = 0; i < this.count; i++) visit(this.items[(this.start + i) % len] as T);
  }

  /** Drop every item. */
  clear(): void {
    this.items = [];
    this.start = 0;
    this.count = 0;
  }
}
