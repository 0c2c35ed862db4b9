// docs/architecture.svg: the folders of src/ as boxes in the layers of .dependency-cruiser.cjs, and
// the imports between them as arrows, as the sources have them today.
import { type Layer, readLayers, readRules } from './architecture-layers.js';
import {
  boxOf,
  type FolderImport,
  folderImports,
  readAliases,
  readSources,
} from './folder-imports.js';
import { element, px, svgDocument } from './svg.js';

const TITLE = 'The folders of src/ and their imports';
const LEFT = 100;
const TOP = 48;
const ROW = 84;
const BOX_WIDTH = 92;
const BOX_HEIGHT = 26;
const GAP_X = 30;
/** The room an arrow's end takes along a box's edge. */
const PORT = 11;
const UPWARD = '#cf222e';
/** One colour per layer, top to bottom (repeated past the tenth). */
const COLORS = [
  '#8250df',
  '#bf3989',
  '#0969da',
  '#1b7c83',
  '#1a7f37',
  '#9a6700',
  '#bc4c00',
  '#6e7781',
  '#57606a',
  '#24292f',
];
const color = (row: number) => COLORS[row % COLORS.length] as string;

/** A box where it is drawn. */
interface Placed {
  readonly row: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

/** Each box wide enough to keep its arrows' ends apart. */
function boxWidths(rows: readonly string[][], imports: readonly FolderImport[]) {
  const ends = (box: string, side: 'from' | 'to') => imports.filter((i) => i[side] === box).length;
  return new Map(
    rows.flat().map((box) => {
      const most = Math.max(ends(box, 'from'), ends(box, 'to'));
      return [box, Math.max(BOX_WIDTH, PORT * (most + 1))] as const;
    }),
  );
}

/** How wide a row is: its boxes and the gaps between them. */
const rowWidth = (row: readonly string[], widths: Map<string, number>) =>
  row.reduce((sum, box) => sum + (widths.get(box) as number), 0) + (row.length - 1) * GAP_X;

/**
 * The left edge of every box, each row centred, and ordered by where its boxes' neighbours in the
 * other rows stand (fewer crossings); ties by name, so the drawing is always the same.
 */
function placeBoxes(
  rows: string[][],
  imports: readonly FolderImport[],
  widths: Map<string, number>,
  width: number,
) {
  const neighbours = new Map<string, string[]>();
  for (const { from, to } of imports) {
    neighbours.set(from, [...(neighbours.get(from) ?? []), to]);
    neighbours.set(to, [...(neighbours.get(to) ?? []), from]);
  }
  const rowOf = new Map(rows.flatMap((row, index) => row.map((box) => [box, index] as const)));
  const x = new Map<string, number>();
  const middle = (box: string) => (x.get(box) as number) + (widths.get(box) as number) / 2;
  const place = (row: readonly string[]) => {
    let left = LEFT + (width - LEFT - rowWidth(row, widths)) / 2;
    for (const box of row) {
      x.set(box, left);
      left += (widths.get(box) as number) + GAP_X;
    }
  };
  const reorder = (index: number, fromAbove: boolean) => {
    const row = rows[index] as string[];
    const centres = new Map(
      row.map((box) => {
        const near = (neighbours.get(box) ?? []).filter((other) => {
          const otherRow = rowOf.get(other) as number;
          return fromAbove ? otherRow < index : otherRow > index;
        });
        const sum = near.reduce((total, other) => total + middle(other), 0);
        return [box, near.length === 0 ? middle(box) : sum / near.length];
      }),
    );
    row.sort((a, b) => (centres.get(a) as number) - (centres.get(b) as number) || (a < b ? -1 : 1));
    place(row);
  };
  rows.forEach(place);
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let index = 1; index < rows.length; index++) reorder(index, true);
    for (let index = rows.length - 2; index >= 0; index--) reorder(index, false);
  }
  return x;
}

/**
 * Where each arrow leaves and arrives: a box's outgoing arrows leave its edge in the order of
 * their targets, left to right, and its incoming ones arrive in the order of their sources.
 */
function ports(placed: Map<string, Placed>, imports: readonly FolderImport[]) {
  const at = (box: string) => placed.get(box) as Placed;
  const centre = (box: string) => at(box).x + at(box).width / 2;
  const start = new Map<FolderImport, number>();
  const end = new Map<FolderImport, number>();
  const spread = (box: string, side: 'from' | 'to', into: Map<FolderImport, number>) => {
    const other = side === 'from' ? 'to' : 'from';
    const list = imports
      .filter((i) => i[side] === box)
      .sort((a, b) => centre(a[other]) - centre(b[other]) || (a[other] < b[other] ? -1 : 1));
    list.forEach((item, index) => {
      into.set(item, at(box).x + (at(box).width * (index + 1)) / (list.length + 1));
    });
  };
  for (const box of placed.keys()) {
    spread(box, 'from', start);
    spread(box, 'to', end);
  }
  return (item: FolderImport) => [start.get(item) as number, end.get(item) as number] as const;
}

/** An arrow's curve: down (or up) between rows, or an arc under a row between its boxes. */
function arrowPath(from: Placed, to: Placed, x1: number, x2: number): string {
  const curve = (y1: number, bend1: number, bend2: number, y2: number) =>
    `M${px(x1)},${y1} C${px(x1)},${px(bend1)} ${px(x2)},${px(bend2)} ${px(x2)},${y2}`;
  if (from.row === to.row) {
    const y = from.y + BOX_HEIGHT;
    return curve(y, y + 30, y + 30, y);
  }
  const [y1, y2] = from.row < to.row ? [from.y + BOX_HEIGHT, to.y] : [from.y, to.y + BOX_HEIGHT];
  return curve(y1, (y1 + y2) / 2, (y1 + y2) / 2, y2);
}

/** An arrowhead of one colour. */
const marker = (id: string, fill: string) =>
  `<marker id="${id}" viewBox="0 0 8 8" refX="8" refY="4" markerUnits="userSpaceOnUse" markerWidth="7" markerHeight="7" orient="auto">${element('path', { d: 'M0,0 L8,4 L0,8 z', fill })}</marker>`;

/** One arrow, with its count as a tooltip: red if it imports a layer above. */
function drawArrow(item: FolderImport, from: Placed, to: Placed, x1: number, x2: number) {
  const upward = from.row > to.row;
  const span = Math.abs(to.row - from.row);
  return [
    '<g>',
    element('title', {}, `${item.from} → ${item.to}: ${item.count} import(s)`),
    element('path', {
      class: upward ? 'import upward' : 'import',
      d: arrowPath(from, to, x1, x2),
      fill: 'none',
      stroke: upward ? UPWARD : color(from.row),
      'stroke-opacity': upward ? 1 : span === 1 ? 0.8 : 0.4,
      'stroke-width': px(Math.min(1 + Math.log2(item.count) / 2, 2.5)),
      'marker-end': `url(#head-${upward ? 'up' : from.row % COLORS.length})`,
    }),
    '</g>',
  ].join('');
}

/** One box, in its layer's colour, a folder's name ending in `/`. */
function drawBox(box: string, { row, x, y, width }: Placed): string[] {
  return [
    element('rect', {
      class: 'folder',
      x: px(x),
      y,
      width,
      height: BOX_HEIGHT,
      rx: 4,
      fill: '#ffffff',
      stroke: color(row),
      'stroke-width': 1.5,
    }),
    element(
      'text',
      { x: px(x + width / 2), y: y + 17, 'text-anchor': 'middle' },
      box.endsWith('.ts') ? box : `${box}/`,
    ),
  ];
}

/** Draws the layers, a row each (the unplaced boxes last), and the imports between their boxes. */
export function drawArchitecture(
  layers: readonly Layer[],
  unplaced: readonly string[],
  imports: readonly FolderImport[],
): string {
  const all = unplaced.length === 0 ? layers : [...layers, { name: 'unplaced', boxes: unplaced }];
  const rows = all.map((layer) => [...layer.boxes]);
  const boxes = new Set(rows.flat());
  const drawn = imports.filter(({ from, to }) => boxes.has(from) && boxes.has(to));
  const widths = boxWidths(rows, drawn);
  const width = LEFT + Math.max(...rows.map((row) => rowWidth(row, widths))) + 40;
  const x = placeBoxes(rows, drawn, widths, width);
  const placed = new Map<string, Placed>();
  rows.forEach((row, index) => {
    for (const box of row) {
      const [left, boxWidth] = [x.get(box) as number, widths.get(box) as number];
      placed.set(box, { row: index, x: left, y: TOP + index * ROW, width: boxWidth });
    }
  });
  const at = (box: string) => placed.get(box) as Placed;
  const portsOf = ports(placed, drawn);
  const bottom = TOP + rows.length * ROW;
  const body = [
    `<defs>${COLORS.map((fill, index) => marker(`head-${index}`, fill)).join('')}${marker('head-up', UPWARD)}</defs>`,
    element('text', { x: 10, y: 22, 'font-weight': 'bold', 'font-size': 14 }, TITLE),
    ...drawn.map((item) => drawArrow(item, at(item.from), at(item.to), ...portsOf(item))),
    ...all.map((layer, index) =>
      element(
        'text',
        { x: 10, y: TOP + index * ROW + 17, fill: color(index), 'font-weight': 'bold' },
        layer.name,
      ),
    ),
    ...[...placed].flatMap(([box, where]) => drawBox(box, where)),
    element(
      'text',
      { x: 10, y: bottom + 4, fill: '#555' },
      'An arrow: some file of one box imports a file of the other (type-only imports too), coloured by the importing layer.',
    ),
    element(
      'text',
      { x: 10, y: bottom + 22, fill: '#555' },
      'A red arrow would import a layer above, which npm run lint:deps refuses. Redraw: npm run docs:pictures.',
    ),
  ];
  return svgDocument(width, bottom + 36, TITLE, body);
}

/** The picture of today's sources, in the layers of today's rules. */
export function architectureSvg(): string {
  const sources = readSources('src');
  const boxes = [...new Set(sources.map((file) => boxOf(file.path) as string))].sort();
  const { layers, unplaced } = readLayers(readRules(), boxes);
  return drawArchitecture(layers, unplaced, folderImports(sources, readAliases()));
}
