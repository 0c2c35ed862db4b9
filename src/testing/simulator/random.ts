/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** A fast, seedable PRNG (mulberry32): the same seed always gives the same sequence. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A child seed for an independent stream, so that drawing faults does not shift durations. */
export function deriveSeed(seed: number, stream: number): number {
  return Math.floor(createRandom((seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0)() * 4294967296);
}

/** A number drawn uniformly from [min, max). */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** Whether an event of probability `share` happens: 0 never, 1 always. */
export function chance(random: Random, share: number): boolean {
  return share > 0 && random() < share;
}

/** `length` lowercase hex characters drawn from `random`. */
export function randomHex(random: Random, length: number): string {
  let hex = '';
  while (hex.length < length) {
    hex += Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  }
  return hex.slice(0, length);
}

/** One element of a list drawn uniformly, or `fallback` if the list is empty. */
export function pick<T>(random: Random, items: readonly T[], fallback: T): T {
  return items[Math.floor(random() * items.length)] ?? fallback;
}
