import { truncate } from '../format.js';

/** A piece of a line and the colour to paint it with. */
export type Segment = readonly [text: string, paint?: (text: string) => string];

/**
 * Joins segments into a line of at most `width` visible characters, cutting the text before it
 * is painted so that a cut never splits a colour code. Each text is redacted before it is cut, so
 * that a cut never leaves part of a secret.
 */
export function fitSegments(
  segments: readonly Segment[],
  width: number,
  redact: (text: string) => string = (text) => text,
): string {
  let remaining = Math.max(0, width);
  let line = '';
  for (const [text, paint] of segments) {
    if (remaining === 0) break;
    const cut = truncate(redact(text), remaining);
    remaining -= cut.length;
    if (cut !== '') line += paint === undefined ? cut : paint(cut);
  }
  return line;
}
