/**
 * The ids of the last `capacity` messages, to drop a delivery seen before. A replay older than
 * the 5-minute tolerance fails its timestamp check anyway, so the memory needs to cover only
 * the messages of that long.
 */
export class SeenIds {
  private readonly ids = new Set<string>();

  /** @param capacity How many ids to remember; the oldest is forgotten first. */
  constructor(private readonly capacity: number) {}

  /** Remembers an id; whether it is new. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}
