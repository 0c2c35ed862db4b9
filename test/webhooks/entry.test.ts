import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every TypeScript file under `dir`. */
function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the webhooks entry', () => {
  it('is the only part of sora-rx that imports standardwebhooks or the receiver', () => {
    const outside = sourcesOf('src').filter((file) => !file.startsWith(join('src', 'webhooks')));
    expect(outside.length).toBeGreaterThan(50);
    const importing = outside.filter((file) =>
      /from '(standardwebhooks|[./]*webhooks\/|sora-rx\/webhooks)/.test(readFileSync(file, 'utf8')),
    );
    expect(importing).toEqual([]);
  });

  it('imports the core by its package name only, as the other adapters do', () => {
    const relative = sourcesOf(join('src', 'webhooks')).filter((file) =>
      /from '\.\.\//.test(readFileSync(file, 'utf8')),
    );
    expect(relative).toEqual([]);
  });
});
