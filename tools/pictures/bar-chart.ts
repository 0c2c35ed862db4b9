import { element, px, svgDocument } from './svg.js';

/** One bar: a value with its label and colour. */
export interface Bar {
  /** Written inside the group, left of the bar. */
  readonly label: string;
  /** Its length, in the panel's unit. */
  readonly value: number;
  /** Its colour. */
  readonly color: string;
}

/** Bars that belong together, under one label. */
export interface BarGroup {
  /** Written above the bars; none if empty. */
  readonly label: string;
  /** The bars, top to bottom. */
  readonly bars: readonly Bar[];
}

/** One chart of a figure, with its own scale. */
export interface BarPanel {
  /** Written above the panel. */
  readonly title: string;
  /** Written after each value, e.g. ` s`. */
  readonly unit: string;
  /** The groups, top to bottom. */
  readonly groups: readonly BarGroup[];
}

const WIDTH = 860;
const LABEL = 320;
const BAR = 14;
const GAP = 4;

/** Draws horizontal bars, panel under panel, each bar with its value written after it. */
export function drawBarChart(title: string, panels: readonly BarPanel[], note: string): string {
  const body: string[] = [element('text', { x: 10, y: 20, 'font-weight': 'bold' }, title)];
  let y = 30;
  for (const panel of panels) {
    y += 24;
    body.push(element('text', { x: 10, y, 'font-weight': 'bold' }, panel.title));
    const max = Math.max(...panel.groups.flatMap((g) => g.bars.map((b) => b.value)));
    const scale = (WIDTH - LABEL - 80) / max;
    for (const group of panel.groups) {
      y += group.label === '' ? 6 : 20;
      if (group.label !== '') body.push(element('text', { x: 20, y }, group.label));
      for (const bar of group.bars) {
        y += GAP;
        body.push(
          element(
            'text',
            { x: LABEL - 8, y: y + 11, 'text-anchor': 'end', fill: '#555' },
            bar.label,
          ),
        );
        const width = px(Math.max(bar.value * scale, 1));
        body.push(
          element('rect', { class: 'bar', x: LABEL, y, width, height: BAR, fill: bar.color }),
        );
        body.push(
          element('text', { x: px(LABEL + width + 6), y: y + 11 }, `${bar.value}${panel.unit}`),
        );
        y += BAR;
      }
    }
  }
  body.push(element('text', { x: 10, y: y + 30, fill: '#555' }, note));
  return svgDocument(WIDTH, y + 44, title, body);
}
