import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { json, startScriptedServer, wireTask } from '../../helpers/scripted-server.js';
import { cliEnv, parseNdjson, runCli, tempDir } from './cli-process.js';

const ESC = '\u001b';
const BEL = '\u0007';
/**
 * What a hostile gateway puts in a string the CLI shows: a new window title, a screen clear, a
 * clipboard write (OSC 52), a carriage return that overwrites the line, and C1's CSI.
 */
const HOSTILE = `blocked${ESC}]0;owned${BEL}${ESC}[2J${ESC}]52;c;cm0gLXJmIH4=${BEL}\rall good\u009b2J`;

/** Whether `text` holds a character a terminal would act on, other than the line feed. */
const hasControl = (text: string) => /(?!\n)\p{Cc}/u.test(text);

/** A gateway whose task `sora_evil` failed with {@link HOSTILE} as its reason. */
async function startHostileGateway(t: TestContext) {
  const api = await startScriptedServer(
    json(wireTask({ id: 'sora_evil', status: 'failed', error: HOSTILE })),
  );
  t.onTestFinished(() => api.close());
  return cliEnv({ SORA_BASE_URL: api.baseUrl, SORA_API_KEY: 'sk-e2e-escapes-123456' });
}

/** Registers the end-to-end tests of what the CLI shows of a server's strings. */
export function describeEscapes(): void {
  describe("a server's control characters", () => {
    it('never reach the terminal in plain lines and the summary, shown as ?', async (t) => {
      const result = await runCli(t, ['watch', 'sora_evil'], await startHostileGateway(t));

      expect(result.code).toBe(1);
      expect(hasControl(result.stdout + result.stderr)).toBe(false);
      expect(result.stdout).toContain('blocked?]0;owned??[2J?]52;c;cm0gLXJmIH4=??all good?2J');
    });

    it('stay in --json output as data, escaped', async (t) => {
      const result = await runCli(
        t,
        ['watch', 'sora_evil', '--json'],
        await startHostileGateway(t),
      );

      expect(hasControl(result.stdout + result.stderr)).toBe(false);
      const failed = parseNdjson(result.stdout).find((event) => event.type === 'task');
      expect(failed).toMatchObject({ status: 'failed', task: { error: HOSTILE } });
    });

    it("never reach the terminal from an error quoting the server's body", async (t) => {
      const api = await startScriptedServer((_req, res) => {
        res.writeHead(418, { 'content-type': 'text/plain' });
        res.end(`I am a teapot ${HOSTILE}`);
      });
      t.onTestFinished(() => api.close());
      const env = cliEnv({ SORA_BASE_URL: api.baseUrl, SORA_API_KEY: 'sk-e2e-escapes-123456' });

      const watched = await runCli(t, ['watch', 'sora_evil'], env);
      const created = await runCli(t, ['create', '--prompt', 'a teapot', '--no-journal'], env);

      expect(watched.code).toBe(1);
      expect(created.code).toBe(1);
      for (const result of [watched, created]) {
        expect(result.stdout + result.stderr).toContain('I am a teapot');
        expect(hasControl(result.stdout + result.stderr)).toBe(false);
      }
    });

    it('never reach the terminal from a journal, in ls and its warnings', async (t) => {
      const dir = await tempDir(t);
      const journal = path.join(dir, 'tasks.jsonl');
      const at = Date.now() - 21 * 3_600_000; // completed and not saved for 21 h: a warning
      const records = [
        { type: 'status', at, id: `sora_${ESC}[2J`, status: 'failed', error: HOSTILE },
        { type: 'status', at, id: `sora_${ESC}]0;owned${BEL}`, status: 'completed' },
      ];
      await writeFile(journal, records.map((record) => `${JSON.stringify(record)}\n`).join(''));

      const table = await runCli(t, ['ls', '--journal', journal]);
      const lines = await runCli(t, ['ls', '--journal', journal, '--json']);

      expect(hasControl(table.stdout + table.stderr)).toBe(false);
      expect(hasControl(lines.stdout + lines.stderr)).toBe(false);
      expect(parseNdjson(lines.stdout)[0]).toMatchObject({ error: HOSTILE });
    });
  });
}
