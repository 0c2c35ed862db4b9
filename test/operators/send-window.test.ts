import { describe, expect, it } from 'vitest';
import { SendWindow } from '../../src/operators/send-window.js';

describe('SendWindow', () => {
  it('holds a place from the start of a job until a window after its send', () => {
    const window = new SendWindow(2, 1000);
    window.startUnsent();
    window.startUnsent();
    // Two jobs not sent yet fill it: only a send or an end frees a place.
    expect(window.waitMs(0)).toBe(Number.POSITIVE_INFINITY);
    window.sent(300);
    expect(window.waitMs(400)).toBe(900);
    window.sent(500);
    expect(window.waitMs(1299)).toBe(1);
    // [300, 1300): the first send has left the window.
    expect(window.waitMs(1300)).toBe(0);
  });

  it('frees the place of a job that ends unsent at once', () => {
    const window = new SendWindow(1, 1000);
    window.startUnsent();
    expect(window.waitMs(0)).toBe(Number.POSITIVE_INFINITY);
    window.endUnsent();
    expect(window.waitMs(0)).toBe(0);
  });

  it('counts a job sent as it starts from that moment', () => {
    const window = new SendWindow(3, 1000);
    for (const at of [0, 10, 20]) window.startSent(at);
    expect(window.waitMs(20)).toBe(980);
    expect(window.waitMs(999)).toBe(1);
    // [0, 1000): the send at 0 has left the window at 1000.
    expect(window.waitMs(1000)).toBe(0);
  });

  it('forgets old sends, however many went through', () => {
    const window = new SendWindow(1, 10);
    for (let at = 0; at < 100_000; at += 10) {
      expect(window.waitMs(at)).toBe(0);
      window.startSent(at);
    }
    expect(window.waitMs(100_000)).toBe(0);
  });
});
