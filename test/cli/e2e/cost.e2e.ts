import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, parseNdjson, runCli, tempDir } from './cli-process.js';
import { QUICK, startFastSim } from './simulators.js';
import { startUsageProxy } from './usage-proxy.js';

const ESC = String.fromCharCode(27);

/** Registers the end-to-end tests of costs a gateway reports: rows, summary, JSON and `ls`. */
export function describeCost(): void {
  describe('the cost a gateway reports', () => {
    it('shows on the rows, adds up under them, goes to --json and the journal, and shows in ls; a value that is not a cost never prints', async (t) => {
      const sim = await startFastSim(t);
      const paid = sim.createTask(QUICK);
      const odd = sim.createTask(QUICK);
      const proxy = await startUsageProxy(t, sim, {
        [paid.id]: { cost: 0.4, is_byok: false },
        [odd.id]: { cost: `${ESC}[2J$9`, is_byok: false },
      });
      const journal = path.join(await tempDir(t), 'tasks.jsonl');
      const env = cliEnv({ SORA_BASE_URL: `${proxy.origin}/v1`, SORA_API_KEY: sim.apiKey });

      const plain = await runCli(t, ['watch', paid.id, odd.id, '--journal', journal], env);
      expect(plain.code).toBe(0);
      const lines = plain.stdout.split('\n');
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${paid.id} +completed .*\\$0\\.40`)),
      );
      expect(lines.filter((line) => line.startsWith(odd.id)).join('\n')).not.toContain('$');
      expect(plain.stdout).toContain('Cost: $0.40 (reported for 1 of 2 tasks)');
      expect(plain.stdout).not.toContain(ESC);

      const json = parseNdjson(
        (await runCli(t, ['watch', paid.id, odd.id, '--json', '--no-journal'], env)).stdout,
      );
      expect(json.at(-1)).toMatchObject({ type: 'summary', cost: 0.4, costed: 1 });

      const ls = await runCli(t, ['ls', '--journal', journal], env);
      expect(ls.stdout).toMatch(new RegExp(`${paid.id} .*\\$0\\.40`));
      expect(ls.stdout).not.toContain(ESC);
    });
  });
}
