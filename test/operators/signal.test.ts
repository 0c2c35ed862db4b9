import { describe, expect, it } from 'vitest';
import { Signal } from '../../src/operators/signal.js';

describe('Signal', () => {
  it('tells every listener, and no longer one that left', () => {
    const signal = new Signal();
    const heard: string[] = [];
    const a = signal.subscribe(() => heard.push('a'));
    signal.subscribe(() => heard.push('b'));
    signal.emit();
    a.unsubscribe();
    signal.emit();
    expect(heard).toEqual(['a', 'b', 'b']);
  });

  it('does not tell a listener that joins while it emits, until the next time', () => {
    const signal = new Signal();
    const heard: string[] = [];
    let joined = false;
    signal.subscribe(() => {
      heard.push('first');
      if (joined) return;
      joined = true;
      signal.subscribe(() => heard.push('late'));
    });
    signal.emit();
    expect(heard).toEqual(['first']);
    signal.emit();
    expect(heard).toEqual(['first', 'first', 'late']);
  });

  it('lets a listener leave while it emits, and the others still hear it', () => {
    const signal = new Signal();
    const heard: string[] = [];
    const first = signal.subscribe(() => {
      heard.push('first');
      first.unsubscribe();
    });
    signal.subscribe(() => heard.push('second'));
    signal.emit();
    signal.emit();
    expect(heard).toEqual(['first', 'second', 'second']);
  });
});
