import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Manifest {
  readonly exports: Record<string, unknown>;
  readonly typesVersions: Record<string, Record<string, readonly string[]>>;
}

const manifest = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as Manifest;

describe('package.json', () => {
  // node10 resolution knows no `exports`: each subpath entry needs its own typesVersions line,
  // else `npm run check:package` (attw) fails on it.
  it('gives every subpath entry its types for node10 resolution', () => {
    const subpaths = Object.keys(manifest.exports)
      .filter((key) => key !== '.' && !key.endsWith('.json'))
      .map((key) => key.slice(2));
    for (const name of subpaths) {
      expect(manifest.typesVersions['*']?.[name], name).toEqual([`./dist/${name}.d.cts`]);
    }
  });
});
