// Vitest's global setup of the core project: the scripts the tests start as child processes (the
// CLI, the process-liveness children), bundled once for the whole run instead of transpiled by tsx
// at each of their dozens of starts. The tests find them with `childScript(name)`.
import { mkdtemp, rm } from 'node:fs/promises';
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
    project.provide('childScripts', scripts);
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
  return () => rm(outDir, { recursive: true, force: true });
}
