// Vitest's global setup of the core project: the scripts the tests start as child processes (the
// CLI, the process-liveness children), bundled once for the whole run instead of transpiled by tsx
// at each of their dozens of starts, and a scratch folder for what those processes leave behind.
// The tests find them with `childScript(name)` and `scratchDir()`; both go at the end of the run
// (the workers' own exit handlers never run: vitest kills them).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import packageJson from '../../package.json' with { type: 'json' };
import { bundleForNode } from './bundle-for-node.js';
import type { ChildScriptName } from './child-scripts.js';

const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const ENTRY_POINTS: Record<ChildScriptName, string> = {
  cli: source('../../src/cli/main.ts'),
  'get-video-once': source('./get-video-once.child.ts'),
  'cancel-queued': source('./cancel-queued.child.ts'),
  'cancel-on-unsubscribe': source('./cancel-on-unsubscribe.child.ts'),
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'sora-rx-child-scripts-'));
  try {
    const scripts = await bundleForNode({
      entryPoints: ENTRY_POINTS,
      outDir,
      // As tsup.config.ts builds dist/cli.js: the version alone, not package.json read at runtime.
      define: { __SORA_RX_VERSION__: JSON.stringify(packageJson.version) },
    });
    const scratch = path.join(outDir, 'scratch');
    await mkdir(scratch);
    project.provide('childScripts', scripts);
    project.provide('scratchDir', scratch);
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
  return () => rm(outDir, { recursive: true, force: true });
}
