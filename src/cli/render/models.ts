import Table from 'cli-table3';
import type { VideoModel } from '../../index.js';
import { printable } from './printable.js';
import { NO_BORDERS } from './summary.js';

const HEAD = ['id', 'seconds', 'sizes', 'resolutions', 'aspect ratios'];

/**
 * The models of a gateway as a table, one a row: its id, and the lengths, sizes, resolutions and
 * aspect ratios it makes, `-` where the gateway did not say. Every text from the server is made
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
    ]);
  }
  return `${table.toString()}\n`;
}

function listCell(items: readonly (string | number)[] | undefined): string {
  return items === undefined || items.length === 0 ? '-' : printable(items.join(', '));
}
