import { describe, expect, it } from 'vitest';
import { type UnescapedView, unescapedViews } from '../../src/http/unescaped-views.js';

const texts = (text: string) => [...unescapedViews(text)].map((view) => view.text);

/** The original characters behind view characters [from, to). */
function source(original: string, view: UnescapedView, from: number, to: number): string {
  const { starts } = view;
  return starts === undefined ? original.slice(from, to) : original.slice(starts[from], starts[to]);
}

describe('unescapedViews', () => {
  it('gives plain text alone, as it is', () => {
    expect(texts('plain text, 100 % sure & done')).toEqual(['plain text, 100 % sure & done']);
  });

  it('undoes each family alone, all of them together, and a second layer', () => {
    const all = texts('a\\/b %2F &amp; \\u0025\\u0032\\u0046');
    expect(all).toContain('a/b %2F &amp; %2F'); // JSON alone
    expect(all).toContain('a/b %2F & %2F'); // JSON, then HTML
    expect(all).toContain('a\\/b / &amp; \\u0025\\u0032\\u0046'); // URL alone
    expect(all).toContain('a/b / & %2F'); // all at once
    expect(all).toContain('a/b / & /'); // all, twice
  });

  it('keeps a literal %41 of a JSON-escaped text, which undoing every family at once would lose', () => {
    expect(texts('key \\"%41\\"')).toContain('key "%41"');
  });

  it('undoes JSON escaped twice, as a JSON body quoted in another one holds it', () => {
    const inner = JSON.stringify({ echo: 'a/"b"' });
    const outer = JSON.stringify(inner).slice(1, -1);
    expect(texts(outer)).toContain(inner);
    expect(texts(outer).some((text) => text.includes('a/"b"'))).toBe(true);
  });

  it('maps each character of a view back to the escapes it came from, through two layers', () => {
    const original = 'x %255B \\u0041 &#x42; y';
    for (const view of unescapedViews(original)) {
      const at = view.text.indexOf('A');
      if (at !== -1) expect(source(original, view, at, at + 1)).toBe('\\u0041');
      const both = view.text.indexOf('[');
      if (both !== -1) expect(source(original, view, both, both + 1)).toBe('%255B');
    }
    const views = [...unescapedViews(original)];
    expect(views.some((view) => view.text.includes('['))).toBe(true);
    const full = views.find((view) => view.text.includes('A B'));
    expect(
      full && source(original, full, full.text.indexOf('A'), full.text.lastIndexOf('B') + 1),
    ).toBe('\\u0041 &#x42;');
  });

  it('decodes numeric references beyond the BMP, and leaves unknown names and bad escapes', () => {
    expect(texts('&#128512; &#x1F600; &nbsp; \\q %zz')).toContain('😀 😀 &nbsp; \\q %zz');
  });
});
