import { describe, expect, it } from 'vitest';
import { startScriptedServer } from '../../helpers/scripted-server.js';
import { cliEnv, parseNdjson, runCli } from './cli-process.js';
import { FAST_POLL, startFastSim } from './simulators.js';

/** Registers the end-to-end tests of `create --image`, `--first-frame`, `--last-frame` and `--remix`. */
export function describeImages(): void {
  describe('sora-rx create from images, and --remix', () => {
    it('sends --first-frame, --image and --last-frame in the dialect’s fields', async (t) => {
      const bodies: unknown[] = [];
      const gateway = await startScriptedServer((req, res) => {
        if (req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: 'job-1', status: 'pending' }));
        });
      });
      t.onTestFinished(() => gateway.close());
      const env = cliEnv({ SORA_BASE_URL: gateway.baseUrl, SORA_API_KEY: 'sk-test-k' });

      const result = await runCli(
        t,
        [
          'create',
          '--dialect',
          'openrouter',
          '--prompt',
          'The fox runs off',
          '--first-frame',
          'https://cdn.test/first.png',
          '--image',
          'https://cdn.test/a.png',
          '--image',
          'https://cdn.test/b.png',
          '--last-frame',
          'https://cdn.test/last.png',
          '--no-journal',
        ],
        env,
      );

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('job-1\n');
      // The models list is asked first (a 404 here leaves the create to the gateway).
      expect(gateway.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
        'GET /v1/videos/models',
        'POST /v1/videos',
      ]);
      const part = (url: string) => ({ type: 'image_url', image_url: { url } });
      expect(bodies.at(-1)).toEqual({
        model: 'openai/sora-2',
        prompt: 'The fox runs off',
        frame_images: [
          { ...part('https://cdn.test/first.png'), frame_type: 'first_frame' },
          { ...part('https://cdn.test/last.png'), frame_type: 'last_frame' },
        ],
        input_references: [part('https://cdn.test/a.png'), part('https://cdn.test/b.png')],
      });
    });

    it('exits 2 before any request for a bad image flag, or images the dialect does not take', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai' });
      // A journal each: concurrent processes would otherwise find it in use.
      const env = () => cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
      const create = ['create', '--prompt', 'A fox'];

      const [relative, two, lastFrame, remixOnSeed, remixWithSeconds] = await Promise.all([
        runCli(t, [...create, '--image', 'fox.png'], env()),
        runCli(
          t,
          [...create, '--image', 'https://cdn.test/a.png', '--image', 'https://cdn.test/b.png'],
          env(),
        ),
        runCli(t, [...create, '--last-frame', 'https://cdn.test/z.png'], env()),
        runCli(t, [...create, '--dialect', 'seed', '--remix', 'video_1'], env()),
        runCli(t, [...create, '--remix', 'video_1', '--seconds', '8'], env()),
      ]);

      expect(relative.stderr.split('\n')[0]).toBe(
        "error: option '--image <url>' argument 'fox.png' is invalid. Expected an absolute http(s) URL, such as https://cdn.example/first.png, or a data:image/…;base64, URL.",
      );
      expect(two.stderr).toMatch(/^sora-rx: The openai dialect takes one image in `images`/);
      expect(lastFrame.stderr).toMatch(/^sora-rx: The openai dialect takes no last frame/);
      expect(remixOnSeed.stderr).toMatch(/^sora-rx: The seed dialect cannot remix/);
      expect(remixWithSeconds.stderr).toMatch(/no `seconds` beside `remixOf`/);
      for (const result of [relative, two, lastFrame, remixOnSeed, remixWithSeconds]) {
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).not.toMatch(/^\s+at /m);
      }
      expect(sim.metrics.totalRequests).toBe(0);
    });

    it('remixes a completed video with --remix and watches the remix to completion', async (t) => {
      const sim = await startFastSim(t, { dialect: 'openai' });
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl, SORA_API_KEY: sim.apiKey });
      const source = await runCli(
        t,
        [
          'create',
          '--prompt',
          'A fox',
          '--image',
          'https://cdn.test/fox.png',
          '--wait',
          '--json',
          ...FAST_POLL,
        ],
        env,
      );
      expect(source.code).toBe(0);
      const sourceId = parseNdjson(source.stdout).find((event) => event.type === 'task')
        ?.id as string;

      const remix = await runCli(
        t,
        [
          'create',
          '--prompt',
          'The fox, at night',
          '--remix',
          sourceId,
          '--wait',
          '--json',
          ...FAST_POLL,
        ],
        env,
      );

      expect(remix.stderr).toBe('');
      expect(remix.code).toBe(0);
      const tasks = parseNdjson(remix.stdout).filter((event) => event.type === 'task');
      expect(tasks.at(-1)).toMatchObject({ status: 'completed' });
      const remixId = tasks.at(-1)?.id as string;
      expect(remixId).not.toBe(sourceId);
      expect(sim.getTask(remixId)).toMatchObject({
        prompt: 'The fox, at night',
        remixedFromVideoId: sourceId,
      });
    });
  });
}
