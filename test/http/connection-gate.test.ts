import { describe, expect, it } from 'vitest';
import {
  ConnectionGate,
  ConnectionGates,
  type GatedRequest,
} from '../../src/http/connection-gate.js';

/** A request that records when it starts, and may leave the gate as it starts. */
function request(name: string, started: string[], onStart?: () => void): GatedRequest {
  return {
    nextInLine: undefined,
    previousInLine: undefined,
    start: () => {
      started.push(name);
      onStart?.();
    },
  };
}

describe('ConnectionGate', () => {
  it('starts at most `limit` requests, then the waiting ones in order as places free up', () => {
    const started: string[] = [];
    const gate = new ConnectionGate(2);
    for (const name of ['a', 'b', 'c', 'd']) gate.enter(request(name, started));
    expect(started).toEqual(['a', 'b']);
    gate.leave();
    expect(started).toEqual(['a', 'b', 'c']);
    gate.leave();
    gate.leave();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.idle).toBe(false);
    gate.leave();
    expect(gate.idle).toBe(true);
  });

  it('never starts a request withdrawn from the line, wherever it stood', () => {
    const started: string[] = [];
    const gate = new ConnectionGate(1);
    const waiting = ['b', 'c', 'd', 'e'].map((name) => request(name, started));
    gate.enter(request('a', started));
    for (const r of waiting) gate.enter(r);
    gate.withdraw(waiting[0] as GatedRequest);
    gate.withdraw(waiting[2] as GatedRequest);
    gate.withdraw(waiting[3] as GatedRequest);
    // Withdrawing twice, or a request that is not in line, changes nothing.
    gate.withdraw(waiting[3] as GatedRequest);
    gate.leave();
    gate.leave();
    expect(started).toEqual(['a', 'c']);
    expect(gate.idle).toBe(true);
  });

  it('lets a request in at once when the line is empty again', () => {
    const started: string[] = [];
    const gate = new ConnectionGate(1);
    gate.enter(request('a', started));
    const b = request('b', started);
    gate.enter(b);
    gate.withdraw(b);
    gate.leave();
    gate.enter(request('c', started));
    expect(started).toEqual(['a', 'c']);
  });

  it('starts a long line of requests that fail as they start without deepening the stack', () => {
    const started: string[] = [];
    const gate = new ConnectionGate(1);
    gate.enter(request('first', started));
    for (let i = 0; i < 100_000; i++) gate.enter(request(`r${i}`, started, () => gate.leave()));
    gate.leave();
    expect(started).toHaveLength(100_001);
    expect(gate.idle).toBe(true);
  });

  it('keeps the order when a request enters while the line is being started', () => {
    const started: string[] = [];
    const gate = new ConnectionGate(1);
    gate.enter(request('a', started));
    gate.enter(
      request('b', started, () => {
        gate.leave();
        gate.enter(request('d', started));
      }),
    );
    gate.enter(request('c', started));
    gate.leave();
    expect(started).toEqual(['a', 'b', 'c']);
    gate.leave();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('hands the place of a request given up on in a microtask, once the rest of the burst is withdrawn', async () => {
    const started: string[] = [];
    const gate = new ConnectionGate(2);
    gate.enter(request('a', started));
    gate.enter(request('b', started));
    const waiting = ['c', 'd', 'e'].map((name) => request(name, started));
    for (const r of waiting) gate.enter(r);
    // A loop of unsubscribes: the two running are given up, then the three waiting.
    gate.leaveGivenUp();
    gate.leaveGivenUp();
    for (const r of waiting) gate.withdraw(r);
    // A request that comes in meanwhile waits for the hand-on too.
    gate.enter(request('f', started));
    expect(started).toEqual(['a', 'b']);
    await Promise.resolve();
    expect(started).toEqual(['a', 'b', 'f']);
    expect(gate.idle).toBe(false);
    gate.leave();
    expect(gate.idle).toBe(true);
  });

  it('starts the ones still in line once the burst of cancellations has settled', async () => {
    const started: string[] = [];
    const gate = new ConnectionGate(1);
    gate.enter(request('a', started));
    const b = request('b', started);
    gate.enter(b);
    gate.enter(request('c', started));
    gate.leaveGivenUp();
    gate.withdraw(b);
    await Promise.resolve();
    expect(started).toEqual(['a', 'c']);
  });
});

describe('ConnectionGates', () => {
  it('gives each origin its own gate, and forgets one once nothing runs or waits at it', () => {
    const gates = new ConnectionGates(1);
    const a = gates.of('http://a');
    expect(gates.of('http://a')).toBe(a);
    expect(gates.of('http://b')).not.toBe(a);
    a.enter(request('x', []));
    gates.forgetIfIdle('http://a', a);
    expect(gates.of('http://a')).toBe(a);
    a.leave();
    gates.forgetIfIdle('http://a', a);
    expect(gates.of('http://a')).not.toBe(a);
  });
});
