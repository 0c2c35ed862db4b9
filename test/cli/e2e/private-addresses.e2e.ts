import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { json, startScriptedServer, wireTask } from '../../helpers/scripted-server.js';
import { cliEnv, parseNdjson, runCli, tempDir } from './cli-process.js';
import { FAST_POLL } from './simulators.js';

const video = await readFile(new URL('../../../src/testing/fixtures/sample.mp4', import.meta.url));

/**
 * An API whose completed task points its `video_url` at `localhost`, on another port than the
 * API's: the kind of address a hostile gateway would send to reach an internal service.
 */
async function startApiPointingAtLocalhost(t: TestContext) {
  const internal = await startScriptedServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': video.length });
    res.end(video);
  });
  const videoUrl = `http://localhost:${new URL(internal.origin).port}/v.mp4?sig=secret`;
  const api = await startScriptedServer(
    json(wireTask({ id: 'sora_local1', status: 'completed', video_url: videoUrl })),
  );
  t.onTestFinished(async () => {
    await api.close();
    await internal.close();
  });
  return {
    internal,
    env: cliEnv({ SORA_BASE_URL: api.baseUrl, SORA_API_KEY: 'sk-e2e-private-123456' }),
  };
}

/** Registers the end-to-end tests of the CLI's refusal of private addresses for downloads. */
export function describePrivateAddresses(): void {
  describe('sora-rx watch --download and private addresses', () => {
    it('refuses a video_url on a private address by default, with SORA_ADDRESS_REFUSED; exit 1', async (t) => {
      const { internal, env } = await startApiPointingAtLocalhost(t);
      const dir = await tempDir(t);

      const result = await runCli(t, ['watch', 'sora_local1', '--download', dir, '--json'], env);

      expect(result.code).toBe(1);
      const events = parseNdjson(result.stdout);
      const error = events.find((event) => event.type === 'error');
      expect(error).toMatchObject({
        id: 'sora_local1',
        code: 'SORA_ADDRESS_REFUSED',
        message: expect.stringContaining('localhost'),
      });
      expect(error?.message).not.toContain('secret');
      expect(internal.requests).toEqual([]);
      expect(await readdir(dir)).toEqual([]);
    });

    it('downloads it with --allow-private-addresses; exit 0', async (t) => {
      const { internal, env } = await startApiPointingAtLocalhost(t);
      const dir = await tempDir(t);

      const result = await runCli(
        t,
        ['watch', 'sora_local1', '--download', dir, '--json', '--allow-private-addresses'],
        env,
      );

      expect(result.code).toBe(0);
      expect(internal.requests).toHaveLength(1);
      expect(await readFile(path.join(dir, 'sora_local1.mp4'))).toEqual(video);
    });

    it('create --download refuses it by default too', async (t) => {
      const { internal, env } = await startApiPointingAtLocalhost(t);
      const dir = await tempDir(t);

      const result = await runCli(
        t,
        ['create', '--prompt', 'A cat', '--download', dir, '--json', ...FAST_POLL],
        env,
      );

      expect(result.code).toBe(1);
      expect(parseNdjson(result.stdout)).toContainEqual(
        expect.objectContaining({ type: 'error', code: 'SORA_ADDRESS_REFUSED' }),
      );
      expect(internal.requests).toEqual([]);
    });
  });
}
