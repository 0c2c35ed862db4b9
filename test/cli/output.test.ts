import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { collectSecrets, createOutput } from '../../src/cli/output.js';

/** An io whose streams record what is written. */
function recordingIo(): { io: CliIo; written: { stdout: string; stderr: string } } {
  const written = { stdout: '', stderr: '' };
  const stream = (name: 'stdout' | 'stderr') =>
    ({
      write: (text: string) => {
        written[name] += text;
        return true;
      },
    }) as unknown as NodeJS.WriteStream;
  return { io: { stdout: stream('stdout'), stderr: stream('stderr'), env: {}, cwd: '/' }, written };
}

describe('collectSecrets', () => {
  it('finds the key in the environment and in both forms of --api-key', () => {
    expect(
      collectSecrets(['watch', '--api-key', 'sk-one', '--api-key=sk-two', 'id'], {
        SORA_API_KEY: 'sk-env',
      }),
    ).toEqual(['sk-env', 'sk-one', 'sk-two']);
    expect(collectSecrets(['watch', 'id'], {})).toEqual([]);
  });
});

describe('createOutput', () => {
  it('redacts every secret from both streams', () => {
    const { io, written } = recordingIo();
    const output = createOutput(io, ['sk-secret-1', 'sk-secret-2']);

    output.out('GET /videos/sk-secret-1 answered 404\n');
    output.err('key sk-secret-2 refused\n');

    expect(written).toEqual({
      stdout: 'GET /videos/[REDACTED] answered 404\n',
      stderr: 'key [REDACTED] refused\n',
    });
  });
});
