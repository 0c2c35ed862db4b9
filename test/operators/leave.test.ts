import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Leave } from '../../src/operators/leave.js';

describe('Leave', () => {
  it('takes its member out of what it joined when the subscription ends, as a teardown', () => {
    const members = new Set(['a', 'b']);
    const from = { remove: (member: string) => members.delete(member) };
    const subscription = new Observable<never>(() => new Leave(from, 'a')).subscribe();
    expect([...members]).toEqual(['a', 'b']);
    subscription.unsubscribe();
    expect([...members]).toEqual(['b']);
  });
});
