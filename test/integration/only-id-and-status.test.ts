import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { useDownloadFolder } from '../helpers/download-folder.js';
import {
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';
import { makeVideo, videoAnswer } from '../helpers/video-host.js';

let gateway: ScriptedServer;
let dir: string;
useDownloadFolder('sora-rx-id-status-', (folder) => (dir = folder));
const video = makeVideo(50_000);
const KEY = 'sk-or-test-key';

/**
 * A gateway that answers as OpenRouter's video API does: a create and every poll carry an id,
 * a polling URL and a status, and nothing of `object`, `created` or `model`; the video is served
 * by `/videos/{id}/content` to the same Bearer key, and the finished task reports its cost.
 */
function idAndStatusGateway(statuses: readonly string[]): ScriptedHandler {
  let polls = 0;
  return (req, res, recorded) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const pollingUrl = `${gateway.baseUrl}/videos/gen-1`;
    if (req.method === 'POST' && req.url === '/v1/videos') {
      send({ id: 'gen-1', polling_url: pollingUrl, status: 'pending' });
    } else if (req.method === 'GET' && req.url === '/v1/videos/gen-1') {
      const status = statuses[Math.min(polls, statuses.length - 1)] as string;
      polls += 1;
      send({
        id: 'gen-1',
        polling_url: pollingUrl,
        status,
        ...(status === 'completed'
          ? {
              unsigned_urls: [`${gateway.baseUrl}/videos/gen-1/content?index=0`],
              usage: { cost: 0.4, is_byok: false },
            }
          : {}),
      });
    } else if (req.method === 'GET' && req.url?.startsWith('/v1/videos/gen-1/content')) {
      if (req.headers.authorization !== `Bearer ${KEY}`) {
        res.writeHead(401).end();
        return;
      }
      videoAnswer(video)(req, res, recorded);
    } else {
      res.writeHead(404).end();
    }
  };
}

beforeEach(async () => {
  gateway = await startScriptedServer();
});

describe('a gateway that sends only an id and a status', () => {
  it('creates, watches to completion and saves the video from /content with the key', async () => {
    gateway.script(idAndStatusGateway(['pending', 'in_progress', 'completed']));
    const sora = createSoraClient({
      baseUrl: gateway.baseUrl,
      apiKey: KEY,
      // Short waits: this test is about the shape of the answers, not the schedule.
      poll: { intervalMs: 5, minHintMs: 1 },
    });

    const tasks = await lastValueFrom(sora.generate$({ prompt: 'a fox' }).pipe(toArray()));
    expect(tasks.map((task) => task.status)).toEqual(['queued', 'processing', 'completed']);
    const done = tasks.at(-1);
    expect(done).toMatchObject({ id: 'gen-1', video_url: null, usage: { cost: 0.4 } });
    expect(done?.created).toBeUndefined();

    const last = await lastValueFrom(sora.download$(done as NonNullable<typeof done>, { dir }));
    expect(last.done).toBe(true);
    expect(await readFile(last.file)).toEqual(video);
    expect(path.dirname(last.file)).toBe(dir);
    const content = gateway.requests.find((request) => request.url.includes('/content'));
    expect(content?.headers.authorization).toBe(`Bearer ${KEY}`);
    await sora.close();
  });

  it.each(['cancelled', 'expired'])('ends the watch at once on %s, naming it', async (status) => {
    gateway.script(idAndStatusGateway(['in_progress', status]));
    const sora = createSoraClient({
      baseUrl: gateway.baseUrl,
      apiKey: KEY,
      poll: { intervalMs: 5 },
    });
    const tasks = await lastValueFrom(sora.videoStatus$('gen-1').pipe(toArray()));
    expect(tasks.at(-1)).toMatchObject({
      status: 'failed',
      error:
        status === 'expired'
          ? 'The video expired; gateways keep a video about a day. Generate it again. (status "expired")'
          : `Task ended with status "${status}"`,
    });
    expect(gateway.requests.filter((request) => request.method === 'GET')).toHaveLength(2);
    await sora.close();
  });
});
