import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import {
  closeScriptedServers,
  type ScriptedHandler,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.js';

let gateway: ScriptedServer;
/** What each create carried: its path and its parsed body. */
let creates: { path: string; body: unknown }[];

/** Answers a create with a queued task, after reading its body. */
const acceptCreate: ScriptedHandler = (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    creates.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString()) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'task_1', status: 'queued' }));
  });
};

beforeEach(async () => {
  creates = [];
  gateway = await startScriptedServer(acceptCreate);
});
afterEach(closeScriptedServers);

async function createWith(dialect: DialectName | undefined) {
  const sora = createSoraClient({ baseUrl: gateway.baseUrl, apiKey: 'sk-test-k', dialect });
  const task = await lastValueFrom(sora.createVideo$({ prompt: 'a fox', seconds: 10 }));
  await sora.close();
  return task;
}

describe('creates in each dialect, over the wire', () => {
  it("sends OpenAI's shape by default: POST /videos with seconds", async () => {
    await createWith(undefined);
    expect(creates).toEqual([
      { path: '/v1/videos', body: { model: 'sora-2', prompt: 'a fox', seconds: 10 } },
    ]);
  });

  it("sends OpenRouter's: duration, not seconds, and its model slug", async () => {
    const task = await createWith('openrouter');
    expect(task).toMatchObject({ id: 'task_1', status: 'queued' });
    expect(creates).toEqual([
      { path: '/v1/videos', body: { model: 'openai/sora-2', prompt: 'a fox', duration: 10 } },
    ]);
  });

  it("sends the seed gateway's to its documented path, POST /sora/videos", async () => {
    await createWith('seed');
    expect(creates).toEqual([
      { path: '/v1/sora/videos', body: { model: 'sora-2', prompt: 'a fox', seconds: 10 } },
    ]);
  });
});
