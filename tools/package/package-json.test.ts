import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Manifest {
  readonly license: string;
  readonly repository: { readonly type: string; readonly url: string };
  readonly homepage: string;
  readonly bugs: { readonly url: string };
  readonly keywords: readonly string[];
  readonly bin: Record<string, string>;
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

  // What the npm page shows beside the README, and what `npm publish` would otherwise warn of.
  it('says where the code, the docs and the issues are, and under which license', () => {
    const repository = 'https://github.com/sora-rx/sora-rx';
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${repository}.git` });
    expect(manifest.homepage).toBe(`${repository}#readme`);
    expect(manifest.bugs.url).toBe(`${repository}/issues`);
    expect(manifest.keywords).toEqual(expect.arrayContaining(['sora', 'rxjs', 'video']));
    expect(manifest.license).toBe('MIT');
    const license = readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} sora-rx contributors\n/);
  });

  // npm publishes `./dist/cli.js` as `dist/cli.js`, and warns that it "auto-corrected" it.
  it('names the file of its command as npm publishes it', () => {
    expect(manifest.bin).toEqual({ 'sora-rx': 'dist/cli.js' });
  });
});
