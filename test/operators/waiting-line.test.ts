import { describe, expect, it } from 'vitest';
import { WaitingLine } from '../../src/operators/waiting-line.js';

const entry = (name: string) => ({ name, cancelled: false });

describe('WaitingLine', () => {
  it('serves in order, skipping those that gave up wherever they stood', () => {
    const line = new WaitingLine<ReturnType<typeof entry>>();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(entry) as [
      ReturnType<typeof entry>,
      ReturnType<typeof entry>,
      ReturnType<typeof entry>,
      ReturnType<typeof entry>,
    ];
    for (const e of [a, b, c, d]) line.push(e);
    line.cancel(b);
    line.cancel(a);
    expect(line.size).toBe(2);
    expect(line.peek()).toBe(c);
    line.shift();
    expect(line.peek()).toBe(d);
    line.shift();
    expect(line.size).toBe(0);
    expect(line.peek()).toBeUndefined();
  });

  it('keeps its order through many joins and departures', () => {
    const line = new WaitingLine<ReturnType<typeof entry>>();
    const served: string[] = [];
    for (let i = 0; i < 5000; i++) {
      line.push(entry(`${i}`));
      if (i % 3 === 2) {
        served.push((line.peek() as ReturnType<typeof entry>).name);
        line.shift();
      }
    }
    while (line.size > 0) {
      served.push((line.peek() as ReturnType<typeof entry>).name);
      line.shift();
    }
    expect(served).toEqual(Array.from({ length: 5000 }, (_, i) => `${i}`));
  });
});
