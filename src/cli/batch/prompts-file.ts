import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { checkCreateParams } from '../../api/create-params.js';
import type { CreateVideoParams } from '../../index.js';
import { UsageError } from '../usage-error.js';

/** One video a prompts file asks for. */
export interface PromptLine {
  /** Its line in the file, from 1, for messages. */
  readonly line: number;
  /** What to create; a field the line leaves out is the command's flag, if any. */
  readonly params: CreateVideoParams;
}

/** The columns of a CSV file and the fields of a JSONL line: the create's params. */
const FIELDS = ['prompt', 'model', 'seconds', 'size'] as const;

/** The most lines a file may hold: a batch larger than this is better split. */
const MAX_LINES = 10_000;

/**
 * The videos a prompts file asks for, each checked as a create's params, with the command's
 * `defaults` (`--model`, `--seconds`, `--size`) for the fields a line leaves out.
 *
 * - `.csv`: a header row naming its columns (`prompt`, and any of `model`, `seconds`, `size`),
 *   then one video per row; an empty cell is left out.
 * - Any other name is JSON Lines: one video per line, `{"prompt": "…", "seconds": 8}` or a bare
 *   string, the prompt; blank lines are skipped.
 *
 * A line that cannot be read, or asks for what no create takes, is a usage error naming the file
 * and the line, before anything is sent.
 */
export async function readPromptsFile(
  file: string,
  defaults: Omit<CreateVideoParams, 'prompt'>,
): Promise<PromptLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --from ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const rows =
    path.extname(file).toLowerCase() === '.csv' ? csvRows(file, text) : jsonlRows(file, text);
  if (rows.length === 0) throw new UsageError(`--from ${file} holds no prompt`);
  if (rows.length > MAX_LINES) {
    throw new UsageError(
      `--from ${file} holds ${rows.length} prompts; split it into files of ${MAX_LINES} at most`,
    );
  }
  return rows.map(({ line, fields }) => ({
    line,
    params: checked(file, line, { ...defaults, ...fields }),
  }));
}

interface Row {
  readonly line: number;
  readonly fields: Record<string, unknown>;
}

function jsonlRows(file: string, text: string): Row[] {
  const rows: Row[] = [];
  text.split(/\r?\n/).forEach((source, index) => {
    const line = index + 1;
    if (source.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      throw new UsageError(`${file}:${line}: not JSON: expected {"prompt": "…"} or a string`);
    }
    if (typeof value === 'string') rows.push({ line, fields: { prompt: value } });
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      rows.push({ line, fields: known(file, line, value as Record<string, unknown>) });
    } else throw new UsageError(`${file}:${line}: expected {"prompt": "…"} or a string`);
  });
  return rows;
}

function csvRows(file: string, text: string): Row[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
    });
  } catch (error) {
    throw new UsageError(`${file}: not CSV: ${(error as Error).message}`);
  }
  return records.map(({ record, info }) => {
    const fields: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(record)) if (value !== '') fields[name] = value;
    return { line: info.lines, fields: known(file, info.lines, fields) };
  });
}

/** The fields of a line, refusing one no create takes. */
function known(
  file: string,
  line: number,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const unknown = Object.keys(fields).find((name) => !(FIELDS as readonly string[]).includes(name));
  if (unknown !== undefined) {
    throw new UsageError(
      `${file}:${line}: unknown field "${unknown}"; a line takes ${FIELDS.join(', ')}`,
    );
  }
  return fields;
}

/** The line's params, checked as a create checks them: a bad one names the file and the line. */
function checked(file: string, line: number, fields: Record<string, unknown>): CreateVideoParams {
  const seconds = fields.seconds;
  const params = {
    ...fields,
    // A CSV cell is text: its digits are the length, as `--seconds` takes them.
    ...(typeof seconds === 'string' && /^\d+$/.test(seconds.trim())
      ? { seconds: Number(seconds) }
      : {}),
  } as CreateVideoParams;
  try {
    checkCreateParams(params);
  } catch (error) {
    throw new UsageError(`${file}:${line}: ${(error as Error).message}`);
  }
  return params;
}
