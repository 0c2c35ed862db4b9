import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as seam from '../../src/core-for-fleet.js';
import * as core from '../../src/index.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const FLEET = path.join(SRC, 'bullmq');
const SEAM = path.join(SRC, 'core-for-fleet.ts');
/** The core files src/bullmq/ may import: `sora-rx`, `sora-rx/node`, and the seam made for it. */
const ENTRIES = [path.join(SRC, 'index.ts'), path.join(SRC, 'node.ts'), SEAM];

/** Every module a source file names: imports, re-exports, `import()` and `import('…').T`. */
function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((entry) => entry.fileName);
}

/** The source file a relative specifier names, as the TypeScript sources spell it. */
function targetOf(file: string, specifier: string): string {
  return path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
}

/**
 * `import type {} from 'sora-rx'` and `declare module 'sora-rx' {`: no names and no code, only an
 * error class adding its code to the core's `SoraErrorsByCode`, as users see the core.
 */
const AUGMENTED_MODULE = /^(import type \{\} from 'sora-rx';|declare module 'sora-rx' \{)$/gm;

/** The imports of a fleet file that reach the core other than through its entries. */
function strayImports(file: string, source: string): string[] {
  return specifiersOf(source.replace(AUGMENTED_MODULE, '')).filter((specifier) => {
    // `#platform` and the package's own name lead into the core's internals, or into its build.
    if (specifier.startsWith('#') || /^sora-rx(\/|$)/.test(specifier)) return true;
    if (!specifier.startsWith('.')) return false; // bullmq, rxjs, node:…
    const target = targetOf(file, specifier);
    return !target.startsWith(FLEET + path.sep) && !ENTRIES.includes(target);
  });
}

function sourcesUnder(dir: string): { file: string; source: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name))
    .map((file) => ({ file, source: readFileSync(file, 'utf8') }));
}

describe('the fleet’s seam into the core', () => {
  it('flags any import of the core other than its public entries and the seam', () => {
    const file = path.join(FLEET, 'some-step.ts');
    const source = `
      import { DelayedError } from 'bullmq';
      import { map } from 'rxjs';
      import { randomUUID } from 'node:crypto';
      import type { VideoTask } from '../index.js';
      import { undiciTransport } from '../node.js';
      import { TaskPlanner } from '../core-for-fleet.js';
      import { toUnrecoverable } from './fleet-errors.js';
      import type { TaskResponse } from '../api/fetch-video-task.js';
      export { TaskPlanner } from '../schedule/task-planner.js';
      import {
        isSoraError,
      } from "../errors/is-sora-error.js";
      const later = () => import('../client/create-sora-client.js');
      type Later = import('../model/video-task.js').VideoTask;
      import { platform } from '#platform';
      import { createSoraClient } from 'sora-rx';
      import type { SoraError } from 'sora-rx';
      import { provideSora } from '../angular/index.js';
      // import { commented } from '../util/wait.js';
    `;
    expect(strayImports(file, source)).toEqual([
      '../api/fetch-video-task.js',
      '../schedule/task-planner.js',
      '../errors/is-sora-error.js',
      '../client/create-sora-client.js',
      '../model/video-task.js',
      '#platform',
      'sora-rx',
      'sora-rx',
      '../angular/index.js',
    ]);
  });

  it('src/bullmq/ imports the core only from sora-rx, sora-rx/node and the seam', () => {
    const files = sourcesUnder(FLEET);
    const stray = files.flatMap(({ file, source }) =>
      strayImports(file, source).map((specifier) => `${path.relative(SRC, file)}: ${specifier}`),
    );
    expect(stray).toEqual([]);
    // Not vacuous: the scan read the fleet, and saw it use the entries.
    const used = new Set(
      files.flatMap(({ file, source }) =>
        specifiersOf(source)
          .filter((specifier) => specifier.startsWith('.'))
          .map((specifier) => targetOf(file, specifier)),
      ),
    );
    expect(files.length).toBeGreaterThan(10);
    expect([...used]).toEqual(expect.arrayContaining([path.join(SRC, 'index.ts'), SEAM]));
  });

  it('no file of src/ but the fleet’s imports the seam', () => {
    const importers = sourcesUnder(SRC)
      .filter(({ file }) => !file.startsWith(FLEET + path.sep))
      .filter(({ file, source }) =>
        specifiersOf(source).some(
          (specifier) => specifier.startsWith('.') && targetOf(file, specifier) === SEAM,
        ),
      );
    expect(importers.map(({ file }) => path.relative(SRC, file))).toEqual([]);
  });

  it('the seam holds only what sora-rx does not export', () => {
    const both = Object.keys(seam).filter((name) => name in core);
    expect(Object.keys(seam).length).toBeGreaterThan(0);
    expect(both).toEqual([]);
  });
});
