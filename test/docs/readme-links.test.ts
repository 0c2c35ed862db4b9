import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// npm's page shows the README without the repository around it: a relative link to docs/ or a
// relative picture breaks there. So the README links to the repository's files by absolute URLs,
// which TypeDoc no longer checks: this file checks that each names a file, and a heading, that exist.

const REPOSITORY = 'https://github.com/sora-rx/sora-rx';
const FILE_URL =
  /^https:\/\/(?:github\.com\/sora-rx\/sora-rx\/blob|raw\.githubusercontent\.com\/sora-rx\/sora-rx)\/main\/([^#?]+)(?:#(.*))?$/;

const readme = readFileSync('README.md', 'utf8');

/** The targets of the Markdown links and pictures of a text, outside its code blocks and spans. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(
    ([, target]) => target as string,
  );
}

/** The anchors GitHub gives a Markdown file's headings (as github-slugger makes them). */
function headingAnchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const anchors = new Set<string>();
  for (const [, heading] of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = (heading as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

describe('the README', () => {
  it('links to files of the repository only by absolute URLs, which work on the npm page too', () => {
    const relative = linkTargets(readme).filter((target) => !/^(?:https?:|mailto:|#)/.test(target));
    expect(relative).toEqual([]);
  });

  it('links to files of the repository that exist, and to headings they have', () => {
    const broken: string[] = [];
    for (const target of linkTargets(readme)) {
      if (
        !target.startsWith(REPOSITORY) &&
        !target.startsWith('https://raw.githubusercontent.com/')
      )
        continue;
      const [, path, anchor] = FILE_URL.exec(target) ?? [];
      if (path === undefined || !existsSync(path)) {
        broken.push(`${target}: no such file on main`);
      } else if (anchor !== undefined && !headingAnchors(readFileSync(path, 'utf8')).has(anchor)) {
        broken.push(`${target}: ${path} has no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('links within itself to headings it has', () => {
    const anchors = headingAnchors(readme);
    const missing = linkTargets(readme)
      .filter((target) => target.startsWith('#'))
      .filter((target) => !anchors.has(target.slice(1)));
    expect(missing).toEqual([]);
  });

  it('gives the anchors GitHub gives', () => {
    expect([
      ...headingAnchors('## g) Task journal\n## `sora-rx/node`: Node only\n## A\n## A'),
    ]).toEqual(['g-task-journal', 'sora-rxnode-node-only', 'a', 'a-1']);
  });
});

describe('the docs site (typedoc.json)', () => {
  it('has every guide of docs/', () => {
    const config = JSON.parse(readFileSync('typedoc.json', 'utf8')) as {
      projectDocuments: string[];
    };
    const guides = readdirSync('docs')
      .filter((file) => file.endsWith('.md'))
      .map((file) => `docs/${file}`);
    expect([...config.projectDocuments].sort()).toEqual(guides.sort());
  });
});
