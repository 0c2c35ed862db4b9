import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numberIn, tableRows } from './bench-figures.js';
import { PICTURES } from './pictures.js';
import { PICTURE_SCHEDULES, PICTURE_TASKS, recordPolls } from './poll-timeline.js';

/** The open tags left unclosed or closed out of order, or text that is not escaped: [] if none. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const tokens = xml.matchAll(
    /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g,
  );
  for (const [token, closing, name, , selfClosing, text, stray] of tokens) {
    if (stray) problems.push(`a stray < near ${xml.slice(xml.indexOf(token), 40)}`);
    else if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) problems.push(`an unescaped & in "${text}"`);
    } else if (closing) {
      if (open.pop() !== name) problems.push(`</${name}> closes nothing open`);
    } else if (!selfClosing) open.push(name as string);
  }
  return [...problems, ...open.map((name) => `<${name}> is never closed`)];
}

const count = (svg: string, mark: RegExp) => [...svg.matchAll(mark)].length;

describe('the docs’ pictures', () => {
  it.each(Object.keys(PICTURES))('draws %s as well-formed SVG', (path) => {
    const svg = (PICTURES[path] as () => string)();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(xmlProblems(svg)).toEqual([]);
  });

  it.each(Object.keys(PICTURES))('has %s as the script draws it now', (path) => {
    expect(readFileSync(path, 'utf8'), 'run npm run docs:pictures').toBe(
      (PICTURES[path] as () => string)(),
    );
  });

  it('finds a broken SVG broken', () => {
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>a & b</text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><rect/></svg>')).toEqual([]);
  });
});

describe('the poll timeline', () => {
  it('draws one dot per poll of the real client, for every task and schedule', () => {
    const polls = PICTURE_TASKS.flatMap((t) =>
      PICTURE_SCHEDULES.map((s) => recordPolls(t, s.options)),
    );
    const svg = (PICTURES['docs/poll-timeline.svg'] as () => string)();
    expect(count(svg, /<circle class="poll"/g)).toBe(polls.flat().length);
  });

  it('records fixed 30 s polling every 30 s until the task ends', () => {
    const nineMinutes = PICTURE_TASKS.find((t) => t.endMs === 540_000) as (typeof PICTURE_TASKS)[0];
    const fixed = recordPolls(nineMinutes, { intervalMs: 30_000, jitter: 0 });
    expect(fixed).toEqual(Array.from({ length: 19 }, (_, i) => i * 30_000));
  });

  it('records the default schedule skipping from 30 s to 2 minutes', () => {
    const nineMinutes = PICTURE_TASKS.find((t) => t.endMs === 540_000) as (typeof PICTURE_TASKS)[0];
    expect(recordPolls(nineMinutes, { jitter: 0 }).slice(0, 4)).toEqual([
      0, 30_000, 120_000, 150_000,
    ]);
  });
});

describe('the benchmark charts', () => {
  const markdown = readFileSync('docs/benchmarks.md', 'utf8');

  it('draws two bars (requests, delay) for each row of the detection table', () => {
    const rows = tableRows(markdown, '| workload | schedule | GET requests/task');
    expect(rows.length).toBeGreaterThan(5);
    const svg = (PICTURES['docs/bench-detection.svg'] as () => string)();
    expect(count(svg, /<rect class="bar"/g)).toBe(2 * rows.length);
  });

  it('draws two bars for each run of the webhooks table', () => {
    const rows = tableRows(markdown, '| run | tasks ended | requests / task');
    expect(rows).toHaveLength(3);
    const svg = (PICTURES['docs/bench-webhooks.svg'] as () => string)();
    expect(count(svg, /<rect class="bar"/g)).toBe(6);
  });

  it('draws three bars for each run of the fleet sweeps table', () => {
    const rows = tableRows(markdown, '| fleet, 2,000 tasks at 5 req/s |');
    expect(rows).toHaveLength(2);
    const svg = (PICTURES['docs/bench-fleet-sweeps.svg'] as () => string)();
    expect(count(svg, /<rect class="bar"/g)).toBe(6);
  });

  it('reads numbers as the tables write them', () => {
    expect(numberIn('**2.17**')).toBe(2.17);
    expect(numberIn('12,607')).toBe(12_607);
    expect(numberIn('14.7 s')).toBe(14.7);
    expect(numberIn('> 120.5 s')).toBe(120.5);
    expect(() => numberIn('—')).toThrow(/No number/);
  });
});
