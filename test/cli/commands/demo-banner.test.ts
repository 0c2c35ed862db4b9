import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/program.js';

// The runner loads the simulator and the library, which takes seconds on a cold start: here it
// never even starts, and the demo's first line must be out regardless.
vi.mock('../../../src/cli/commands/demo-runner.js', () => ({
  runDemoCommand: () => new Promise<number>(() => {}),
}));

function fakeIo() {
  const stdout = new PassThrough();
  let written = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => {
    written += chunk;
  });
  const io = {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new PassThrough() as unknown as NodeJS.WriteStream,
    env: {},
    cwd: '/tmp',
  };
  return { io, written: () => written };
}

describe('sora-rx demo', () => {
  it('prints its first line before it loads the simulator', async () => {
    const { io, written } = fakeIo();
    void runCli(['demo'], io);
    await vi.waitFor(() => expect(written()).toMatch(/^sora-rx demo: 6 videos on an embedded/));
  });

  it('prints no banner with --json, whose stdout is NDJSON only', async () => {
    const { io, written } = fakeIo();
    void runCli(['demo', '--json'], io);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe('');
  });
});
