import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { undiciTransport } from '../../src/http/undici-transport.js';
import {
  closeScriptedServers,
  json,
  type RecordedRequest,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';
import { makeVideo, videoAnswer } from '../helpers/video-host.js';

let server: ScriptedServer;
let dir: string;

beforeEach(async () => {
  server = await startScriptedServer(json({ ...wire(), status: 'completed' }));
  dir = await mkdtemp(path.join(tmpdir(), 'sora-rx-close-'));
});

afterEach(async () => {
  await closeScriptedServers();
  await rm(dir, { recursive: true, force: true });
});

function wire() {
  return {
    id: 'sora_1',
    object: 'video.generation',
    created: 1761635478,
    model: 'sora-2',
    status: 'completed',
    video_url: null,
    error: null,
  };
}

/** Whether the connection of `request` is still open, as the server sees it. */
async function isOpen(request: RecordedRequest): Promise<boolean> {
  const closed = Symbol('closed');
  // A settled promise wins a race against one resolved later in the same turn: no wall clock.
  const first = await Promise.race([
    request.socketClosed.then(() => closed),
    Promise.resolve().then(() => 'open'),
  ]);
  return first !== closed;
}

describe('SoraClient.close', () => {
  it('closes the keep-alive connections of the API pool', async () => {
    const sora = createSoraClient({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    await lastValueFrom(sora.getVideo$('sora_1'));
    const request = await server.waitForRequest(0);
    expect(await isOpen(request)).toBe(true);
    await sora.close();
    await request.socketClosed; // the test times out if close() leaves the socket open
    expect(await isOpen(request)).toBe(false);
  });

  it('closes the connections of the download pool', async () => {
    const video = makeVideo(10_000);
    server.script(videoAnswer(video));
    const sora = createSoraClient({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    await lastValueFrom(sora.download$(`${server.origin}/files/v.mp4`, { dir }));
    const request = await server.waitForRequest(0);
    expect(await isOpen(request)).toBe(true);
    await sora.close();
    await request.socketClosed;
  });

  it('leaves a transport passed in open: it is its owner to close', async () => {
    const transport = undiciTransport();
    const sora = createSoraClient({ baseUrl: server.baseUrl, apiKey: 'sk-test', transport });
    await lastValueFrom(sora.getVideo$('sora_1'));
    const request = await server.waitForRequest(0);
    await sora.close();
    expect(await isOpen(request)).toBe(true);
    await transport.close?.();
    await request.socketClosed;
  });

  it('makes every method called after it throw a TypeError that says so', async () => {
    const sora = createSoraClient({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    await sora.close();
    expect(() => sora.videoStatus$('sora_1')).toThrow(
      new TypeError('Expected an open client: `videoStatus$` was called after `close()`'),
    );
    expect(() => sora.getVideo$('sora_1')).toThrow(TypeError);
    expect(() => sora.download$('https://example.com/v.mp4', { dir })).toThrow(TypeError);
    await expect(sora.close()).resolves.toBeUndefined();
  });
});
