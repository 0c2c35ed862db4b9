import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// Each block marked `<!-- examples/... -->` in a guide is that file, which the tests run.
async function embeddedExamples(guide: string): Promise<Map<string, string>> {
  const markdown = await readFile(guide, 'utf8');
  const blocks = markdown.matchAll(/<!-- (examples\/\S+\.ts) -->\n```ts\n([\s\S]*?)```\n/g);
  return new Map([...blocks].map(([, path, code]) => [path as string, code as string]));
}

describe.each([
  ['docs/angular.md', 'examples/angular'],
  ['docs/nest.md', 'examples/nest'],
  ['docs/webhooks.md', 'examples/nest-webhooks'],
  ['docs/fleet.md', 'examples/nest-fleet'],
  ['docs/guide.md', 'examples/guide'],
])('the code in %s', (guide, examples) => {
  it('embeds every example file', async () => {
    const files = (await readdir(examples)).map((file) => `${examples}/${file}`).sort();
    expect([...(await embeddedExamples(guide)).keys()].sort()).toEqual(files);
  });

  it('is exactly the example files', async () => {
    for (const [path, code] of await embeddedExamples(guide)) {
      expect(code, path).toBe(await readFile(path, 'utf8'));
    }
  });
});
