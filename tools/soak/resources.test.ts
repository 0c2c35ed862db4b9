import { describe, expect, it } from 'vitest';
import { resourcesAbove } from './resources.js';

describe('resourcesAbove', () => {
  it('lists each kind as many times as it exceeds the baseline', () => {
    expect(
      resourcesAbove(
        ['Timeout', 'TCPSocketWrap'],
        ['TCPSocketWrap', 'Timeout', 'Timeout', 'FSReqCallback'],
      ),
    ).toEqual(['Timeout', 'FSReqCallback']);
  });

  it('lists nothing when fewer resources are left than at the start', () => {
    expect(resourcesAbove(['Timeout', 'Timeout'], ['Timeout'])).toEqual([]);
  });
});
