import Table from 'cli-table3';
import type { VideoModel } from '../../index.js';
import { NO_BORDERS } from './summary.js';

const HEAD = ['id', 'seconds', 'sizes', 'resolutions', 'aspect ratios', 'frame images'];

/**
 * Characters a terminal may act on instead of showing: C0 and C1 controls (ESC, CSI among them),
 * DEL, line and paragraph separators, and the marks that reorder text.
 */
const UNSAFE = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** `text` from a server, each character a terminal would act on shown as `?`. */
export function printable(text: string): string {
  return text.replace(UNSAFE, '?');
}

/**
 * The models of a gateway as a table, one a row: its id, the lengths, sizes, resolutions and
 * aspect ratios it makes, and the frame images it takes, `-` where the gateway did not say (or
 * listed none). Every text from the server is made
 * {@link printable}. Without `borders` (for pipes and logs), columns are two spaces apart.
 */
export function renderModelsTable(models: readonly VideoModel[], borders = true): string {
  const table = new Table({
    head: HEAD,
    style: {
      head: [],
      border: [],
      compact: true,
      ...(borders ? {} : { 'padding-left': 0, 'padding-right': 0 }),
    },
    ...(borders ? {} : { chars: NO_BORDERS }),
  });
  for (const model of models) {
    table.push([
      printable(model.id),
      listCell(model.durations),
      listCell(model.sizes),
      listCell(model.resolutions),
      listCell(model.aspectRatios),
      listCell(model.frameImages),
    ]);
  }
  return `${table.toString()}\n`;
}

/**
 * One model as a line of JSON: fields the gateway did not send are left out. JSON escapes the C0
 * controls itself; the others are escaped here, so that the line stays the same JSON value.
 */
export function renderModelJson(model: VideoModel): string {
  const json = JSON.stringify(model).replace(
    UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${json}\n`;
}

function listCell(items: readonly (string | number)[] | undefined): string {
  return items === undefined || items.length === 0 ? '-' : printable(items.join(', '));
}
