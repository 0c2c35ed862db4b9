// One timer keeps the process alive while any request is in flight, and none once all are done.
import { afterEach, describe, expect, it } from 'vitest';
import { holdProcessOpen } from '../../src/http/hold-process-open.js';

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('holdProcessOpen', () => {
  const releases: Array<() => void> = [];
  afterEach(() => {
    for (const release of releases.splice(0)) release();
  });
  const hold = () => {
    const release = holdProcessOpen();
    releases.push(release);
    return release;
  };

  it('holds one timer for any number of requests, until the last is released', () => {
    const before = timers();
    const first = hold();
    const second = hold();
    expect(timers()).toBe(before + 1);
    first();
    expect(timers()).toBe(before + 1);
    second();
    expect(timers()).toBe(before);
  });

  it('counts a second release of the same request as nothing', () => {
    const before = timers();
    const first = hold();
    hold();
    first();
    first();
    expect(timers()).toBe(before + 1);
  });

  it('holds the process again after every request was released', () => {
    const before = timers();
    hold()();
    hold();
    expect(timers()).toBe(before + 1);
  });
});
