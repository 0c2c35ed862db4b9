import type { buildConnector } from 'undici';
import { describe, expect, it } from 'vitest';
import { connectWhenNeeded } from '../../src/http/connect-when-needed.js';

const options = { hostname: '127.0.0.1', host: '127.0.0.1', protocol: 'http:', port: '80' };

describe('connectWhenNeeded', () => {
  it('refuses in a microtask, without connecting, when no request waits for a connection', async () => {
    const connects: unknown[] = [];
    const connect: buildConnector.connector = (opts) => {
      connects.push(opts);
    };
    const results: unknown[] = [];
    connectWhenNeeded(connect, () => false)(options, (...args) => {
      results.push(args[0]);
    });
    // Never from within the call: undici asks from inside its resume loop.
    expect(results).toEqual([]);
    await Promise.resolve();
    expect(connects).toEqual([]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ name: 'ConnectionNotNeededError' });
  });

  it('connects as the connector does while a request waits', () => {
    const connects: unknown[] = [];
    const connect: buildConnector.connector = (opts) => {
      connects.push(opts);
    };
    connectWhenNeeded(connect, () => true)(options, () => {});
    expect(connects).toEqual([options]);
  });

  it('connects after all when a request has come to need the connection before the microtask', async () => {
    const connects: unknown[] = [];
    const connect: buildConnector.connector = (opts) => {
      connects.push(opts);
    };
    let needed = false;
    connectWhenNeeded(connect, () => needed)(options, () => {});
    needed = true;
    await Promise.resolve();
    expect(connects).toEqual([options]);
  });
});
