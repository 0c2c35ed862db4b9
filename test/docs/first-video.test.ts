import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = path.join(ROOT, 'examples/first-video.mjs');

/** Runs `node first-video.mjs` in `cwd`, its `sora-rx` imports resolved to the sources by tsx. */
function runScript(cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [SCRIPT], {
      cwd,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the README's first script", () => {
  it('is examples/first-video.mjs, word for word', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Your first video'));
    const block = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(await readFile(SCRIPT, 'utf8'));
  });

  it('saves a video against the simulator, as written, and exits on its own', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'sora-rx-first-video-'));
    try {
      const { code, stdout, stderr } = await runScript(cwd);

      expect(stderr).toBe('');
      expect(code).toBe(0);
      const lines = stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('queued');
      expect(lines.at(-2)).toBe('completed');
      const [name] = await readdir(path.join(cwd, 'videos'));
      expect(lines.at(-1)).toBe(
        `Saved ${name?.replace(/\.mp4$/, '')} to ${path.join(cwd, 'videos', name ?? '')}`,
      );
      const video = await readFile(path.join(cwd, 'videos', name ?? ''));
      expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 60_000);
});
