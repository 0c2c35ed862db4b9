/** What waits in a {@link WaitingLine}: it may give up its place while it waits. */
export interface InLine {
  cancelled: boolean;
}

/**
 * A first come, first served line that thousands may join: a moving head instead of `shift()`,
 * which copies the array, and entries that gave up skipped when they reach the head rather than
 * searched for.
 */
export class WaitingLine<T extends InLine> {
  private items: T[] = [];
  private head = 0;
  private count = 0;

  /** How many wait, those that gave up not counted. */
  get size(): number {
    return this.count;
  }

  /** Puts `item` at the end of the line. */
  push(item: T): void {
    this.items.push(item);
    this.count += 1;
  }

  /** The first in line that still waits, with those before it that gave up dropped. */
  peek(): T | undefined {
    while (this.head < this.items.length) {
      const item = this.items[this.head] as T;
      if (!item.cancelled) return item;
      this.head += 1;
    }
    this.clear();
    return undefined;
  }

  /** Removes the item that {@link peek} returned. */
  shift(): void {
    this.head += 1;
    this.count -= 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Takes `item`, which waits in this line, out of it. */
  cancel(item: T): void {
    item.cancelled = true;
    this.count -= 1;
    if (this.count === 0) this.clear();
  }

  private clear(): void {
    this.items = [];
    this.head = 0;
  }
}
