import type { LookupAddress } from 'node:dns';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildPublicOnlyConnector,
  publicOnlyLookup,
  type ResolveAll,
} from '../../src/http/public-only-connector.js';
import { createUnrefAgent } from '../../src/http/unref-agent.js';
import { closeScriptedServers, startScriptedServer, text } from '../helpers/scripted-server.js';

afterEach(closeScriptedServers);

/** A resolver that answers every name with `addresses`, and records the names it was asked. */
function fakeDns(...addresses: string[]): ResolveAll & { asked: string[] } {
  const asked: string[] = [];
  const resolve: ResolveAll = (hostname, _options, callback) => {
    asked.push(hostname);
    const answer: LookupAddress[] = addresses.map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    setImmediate(() => callback(null, answer));
  };
  return Object.assign(resolve, { asked });
}

function lookupOnce(
  resolve: ResolveAll,
  all: boolean,
): Promise<{ error: unknown; address: unknown; family: unknown }> {
  return new Promise((done) => {
    publicOnlyLookup(resolve)('video.test', { all }, (error, address, family) =>
      done({ error, address, family }),
    );
  });
}

describe('publicOnlyLookup', () => {
  it('answers only the public addresses of a host that has both', async () => {
    const resolve = fakeDns('10.0.0.1', '93.184.216.34', '::1', '2606:2800:220:1::1');
    expect(await lookupOnce(resolve, true)).toEqual({
      error: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ],
      family: undefined,
    });
    expect(await lookupOnce(resolve, false)).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('fails with SORA_ADDRESS_REFUSED naming the host and what it resolved to, when no address is public', async () => {
    const { error } = await lookupOnce(fakeDns('10.0.0.1', 'fd00::1'), true);
    expect(error).toMatchObject({
      code: 'SORA_ADDRESS_REFUSED',
      host: 'video.test',
      addresses: ['10.0.0.1', 'fd00::1'],
    });
  });

  it('passes a DNS failure on as it is', async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND video.test'), {
      code: 'ENOTFOUND',
    });
    const resolve: ResolveAll = (_hostname, _options, callback) =>
      setImmediate(() => callback(failure, []));
    expect((await lookupOnce(resolve, true)).error).toBe(failure);
  });
});

describe('buildPublicOnlyConnector', () => {
  it('refuses a host name that resolves to 10.0.0.1, after resolving it, without connecting', async () => {
    const dns = fakeDns('10.0.0.1');
    const agent = createUnrefAgent(1, buildPublicOnlyConnector({ resolve: dns }));
    try {
      await expect(request('http://video.test/v.mp4', { dispatcher: agent })).rejects.toMatchObject(
        { code: 'SORA_ADDRESS_REFUSED', host: 'video.test', addresses: ['10.0.0.1'] },
      );
      expect(dns.asked).toEqual(['video.test']);
    } finally {
      await agent.close();
    }
  });

  it('connects to the address the name resolved to when it is allowed, and to the trusted origin whatever its address', async () => {
    const server = await startScriptedServer(text('ok'));
    const dns = fakeDns('127.0.0.1');
    const port = new URL(server.origin).port;
    const agent = createUnrefAgent(
      1,
      buildPublicOnlyConnector({ resolve: dns, trustedOrigin: server.origin }),
    );
    try {
      const trusted = await request(`${server.origin}/a`, { dispatcher: agent });
      expect(await trusted.body.text()).toBe('ok');
      await expect(
        request(`http://video.test:${port}/b`, { dispatcher: agent }),
      ).rejects.toMatchObject({ code: 'SORA_ADDRESS_REFUSED' });
      expect(server.requests.map((r) => r.url)).toEqual(['/a']);
    } finally {
      await agent.close();
    }
  });

  it('refuses an IP address in the URL without looking it up', async () => {
    const dns = fakeDns('93.184.216.34');
    const agent = createUnrefAgent(1, buildPublicOnlyConnector({ resolve: dns }));
    try {
      for (const url of ['http://169.254.169.254/', 'http://[::1]:9/', 'http://[fe80::1]/']) {
        await expect(request(url, { dispatcher: agent })).rejects.toMatchObject({
          code: 'SORA_ADDRESS_REFUSED',
        });
      }
      expect(dns.asked).toEqual([]);
    } finally {
      await agent.close();
    }
  });
});
