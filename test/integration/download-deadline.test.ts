import { readdir } from 'node:fs/promises';
import { VirtualTimeScheduler } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { useDownloadFolder } from '../helpers/download-folder.js';
import { errorOf } from '../helpers/observe.js';
import {
  hold,
  type ScriptedServer,
  startScriptedServer,
  text,
} from '../helpers/scripted-server.js';
import { makeVideo, openFilesUnder, trickle } from '../helpers/video-host.js';
import { advance, pendingWaits } from '../helpers/virtual-clock.js';

let host: ScriptedServer;
let dir: string;
useDownloadFolder('sora-rx-deadline-', (folder) => (dir = folder));
const video = makeVideo(100_000);

beforeEach(async () => {
  host = await startScriptedServer();
});

function url(): string {
  return `${host.origin}/files/v.mp4`;
}

/** Resolves with the error of a subscription, once it comes. */
function errorOfSubscription() {
  const next = vi.fn();
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<unknown>((resolve) => {
    fail = resolve;
  });
  return { observer: { next, error: (error: unknown) => fail(error) }, next, failed };
}

describe('download$ time limit', () => {
  it('ends a download that trickles past timeoutMs with SORA_REQUEST_TIMEOUT, aborting the request and leaving nothing behind', async () => {
    const scheduler = new VirtualTimeScheduler();
    host.script(trickle(video, 5));
    const sora = createSoraClient({ baseUrl: host.baseUrl, apiKey: 'sk-test-k', scheduler });
    const { observer, next, failed } = errorOfSubscription();

    sora.download$(url(), { dir, timeoutMs: 1_000 }).subscribe(observer);
    // Bytes keep coming: the idle timeout never fires.
    await vi.waitFor(() => expect(next).toHaveBeenCalled());
    expect(pendingWaits(scheduler)).toEqual([1_000]);
    advance(scheduler, 1_000);

    expect(await failed).toMatchObject({
      code: 'SORA_REQUEST_TIMEOUT',
      timeoutMs: 1_000,
      retryable: true,
      url: url(),
    });
    expect(await host.requests[0]?.closed).toMatchObject({ finished: false });
    expect(await readdir(dir)).toEqual([]);
    expect(openFilesUnder(dir)).toEqual([]);
    expect(scheduler.actions).toEqual([]);
  });

  it('counts retries and their waits within timeoutMs', async () => {
    const scheduler = new VirtualTimeScheduler();
    host.script(text('busy', 503));
    const sora = createSoraClient({
      baseUrl: host.baseUrl,
      apiKey: 'sk-test-k',
      scheduler,
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    const { observer, failed } = errorOfSubscription();

    sora.download$(url(), { dir, timeoutMs: 5_000 }).subscribe(observer);
    await vi.waitFor(() => expect(pendingWaits(scheduler)).toEqual([5_000, 10_000]));
    advance(scheduler, 60_000);

    expect(await failed).toMatchObject({ code: 'SORA_REQUEST_TIMEOUT', timeoutMs: 5_000 });
    expect(host.requests).toHaveLength(1);
    expect(scheduler.actions).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('ends a trickling download on the default scheduler too, closing every file', async () => {
    host.script(trickle(video, 5));
    const sora = createSoraClient({ baseUrl: host.baseUrl, apiKey: 'sk-test-k' });

    const error = await errorOf(sora.download$(url(), { dir, timeoutMs: 200 }));

    expect(error).toMatchObject({ code: 'SORA_REQUEST_TIMEOUT', timeoutMs: 200 });
    expect(await readdir(dir)).toEqual([]);
    expect(openFilesUnder(dir)).toEqual([]);
  });

  it('has a time limit of one hour by default, and none with Infinity', async () => {
    host.script(hold());
    const scheduler = new VirtualTimeScheduler();
    const sora = createSoraClient({ baseUrl: host.baseUrl, apiKey: 'sk-test-k', scheduler });

    const unlimited = sora
      .download$(url(), { dir, timeoutMs: Number.POSITIVE_INFINITY })
      .subscribe({ error: () => {} });
    await host.waitForRequest(0);
    expect(scheduler.actions).toEqual([]);
    unlimited.unsubscribe();

    const byDefault = sora.download$(url(), { dir }).subscribe({ error: () => {} });
    expect(pendingWaits(scheduler)).toEqual([3_600_000]);
    byDefault.unsubscribe();
    expect(scheduler.actions).toEqual([]);
  });

  it.each([0, -1, Number.NaN, 2 ** 31, '1000', null])(
    'refuses timeoutMs %o with a TypeError that names it',
    (timeoutMs) => {
      const sora = createSoraClient({ baseUrl: host.baseUrl, apiKey: 'sk-test-k' });
      expect(() => sora.download$(url(), { dir, timeoutMs: timeoutMs as number })).toThrow(
        /`timeoutMs`/,
      );
    },
  );
});
