import { describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { cliEnv, runCli } from './cli-process.js';
import { FAST_POLL, startFastSim } from './simulators.js';

/** Stderr holds exactly one line, and no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

/** Registers the end-to-end tests of usage and configuration errors. */
export function describeUsage(): void {
  describe('sora-rx usage and configuration errors', () => {
    it('exits 2 with one line on stderr when the API key or the base URL is missing or invalid', async (t) => {
      const key = 'sk-live-0123456789abcdef';
      const [noKey, badUrl] = await Promise.all([
        runCli(t, ['watch', 'sora_abc'], cliEnv({ SORA_BASE_URL: 'http://127.0.0.1:9/v1' })),
        runCli(
          t,
          ['create', '--prompt', 'A cat', '--base-url', 'ftp://example.com/v1'],
          cliEnv({ SORA_API_KEY: key }),
        ),
      ]);

      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toBe('sora-rx: missing API key: pass --api-key or set SORA_API_KEY\n');
      expect(badUrl.code).toBe(2);
      expect(badUrl.stderr).toMatch(
        /^sora-rx: invalid configuration: .*`--base-url`.*http or https/,
      );
      for (const result of [noKey, badUrl]) {
        expectOneLine(result.stderr);
        expect(result.stdout).toBe('');
        expect(result.stderr).not.toContain(key);
      }
    });

    it('exits 2 on an unknown flag and on a bad flag value, without echoing the key', async (t) => {
      const key = 'sk-live-0123456789abcdef';
      const env = cliEnv({ SORA_BASE_URL: 'http://127.0.0.1:9/v1' });
      const [unknown, badValue] = await Promise.all([
        runCli(t, ['watch', 'sora_abc', '--bogus'], env),
        // A key pasted into the wrong flag is still not printed.
        runCli(t, ['watch', 'sora_abc', '--api-key', key, '--interval', key], env),
      ]);

      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^error: unknown option '--bogus'/);
      expect(badValue.code).toBe(2);
      expect(badValue.stderr).toMatch(/'--interval <seconds>' argument '\[REDACTED\]' is invalid/);
      expect(badValue.stderr).not.toContain(key);
      for (const result of [unknown, badValue]) expect(result.stderr).not.toMatch(/^\s+at /m);
    });

    it('prints help and the version with exit code 0', async (t) => {
      const [help, version] = await Promise.all([
        runCli(t, ['watch', '--help']),
        runCli(t, ['--version']),
      ]);

      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: sora-rx watch \[options\] <id\.\.\.>/);
      expect(help.stdout).toMatch(/--download <dir>[\s\S]*--json[\s\S]*--interval <seconds>/);
      expect(help.stdout).toMatch(/SORA_API_KEY/);
      expect(version).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
    });

    it('never prints the API key, even when the server echoes it back in an error', async (t) => {
      const sim = await startFastSim(t);
      const wrongKey = 'sk-wrong-key-0123456789';
      const env = cliEnv({ SORA_BASE_URL: sim.baseUrl });

      // The key doubles as the task id, so the 401's URL carries it.
      const result = await runCli(t, ['watch', wrongKey, '--api-key', wrongKey, ...FAST_POLL], env);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^sora-rx: the API refused the key from --api-key \(GET .*\/videos\/\[REDACTED\] answered 401/,
      );
      expect(`${result.stdout}${result.stderr}`).not.toContain(wrongKey);
    });
  });
}
