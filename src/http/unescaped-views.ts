/** A text with escapes undone, and where each of its characters came from in the original. */
export interface UnescapedView {
  /** The text with one or two layers of escapes undone. */
  readonly text: string;
  /**
   * `starts[i]` is the offset in the original of the escape (or character) that became character
   * `i`; `starts[text.length]` is the original's length. Undefined for the original itself.
   */
  readonly starts: Int32Array | undefined;
}

/** An escape family a server may have applied to a text it echoes. */
interface Family {
  /** Finds the escapes of the family; the text holds none if it finds nothing. */
  readonly finder: RegExp;
}

const JSON_ESCAPE = String.raw`\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|["\\/'bfnrt])`;
const URL_ESCAPE = '%[0-9a-fA-F]{2}';
const HTML_REFERENCE = '&(?:#\\d{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos);';

/** JSON and JavaScript: `\/`, `\"`, `\\`, `\u002f`, `\x2f`. */
const JSON_FAMILY: Family = { finder: new RegExp(JSON_ESCAPE, 'g') };
/** URL percent-encoding: `%2F`. A `+` is left as it is: base64 text holds `+`. */
const URL_FAMILY: Family = { finder: new RegExp(URL_ESCAPE, 'g') };
/** HTML character references: `&#47;`, `&#x2f;`, `&amp;`, `&quot;`. */
const HTML_FAMILY: Family = { finder: new RegExp(HTML_REFERENCE, 'g') };
/** All three at once, for a text whose characters were escaped in a mix of them. */
const ALL_FAMILIES: Family = {
  finder: new RegExp(`${JSON_ESCAPE}|${URL_ESCAPE}|${HTML_REFERENCE}`, 'g'),
};
const ONE_FAMILY_EACH = [JSON_FAMILY, URL_FAMILY, HTML_FAMILY];

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  "'": "'",
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * The text as it is, then with one and with two layers of escapes undone: each family alone and
 * all together, in every order of two, so that a secret escaped once, escaped twice (JSON in JSON,
 * a URL in JSON), or with its characters escaped in a mix shows as itself in one of the views.
 * A view is made only when the text holds an escape of its family, so plain text costs one view.
 * Without `withStarts`, the views carry no starts: enough to tell whether a secret is there.
 */
export function* unescapedViews(text: string, withStarts = true): Generator<UnescapedView> {
  yield { text, starts: undefined };
  // Different orders often undo to the same text: each is given once.
  const seen = new Set([text]);
  for (const first of unescapeOnce(text, withStarts)) {
    if (!seen.has(first.text)) yield first;
    seen.add(first.text);
    for (const second of unescapeOnce(first.text, withStarts)) {
      if (seen.has(second.text)) continue;
      seen.add(second.text);
      yield {
        text: second.text,
        starts: withStarts ? compose(first.starts, second.starts) : undefined,
      };
    }
  }
}

/** The views of `text` with one layer undone: one per family it holds, and all of them together. */
function unescapeOnce(text: string, withStarts: boolean): UnescapedView[] {
  const present = ONE_FAMILY_EACH.filter((family) => holds(text, family));
  const families = present.length > 1 ? [...present, ALL_FAMILIES] : present;
  return families.map((family) =>
    withStarts
      ? undoEscapes(text, family)
      : { text: text.replace(family.finder, decodeEscape), starts: undefined },
  );
}

function holds(text: string, family: Family): boolean {
  family.finder.lastIndex = 0;
  return family.finder.test(text);
}

/** `text` with one layer of escapes of `family` undone, left to right. */
function undoEscapes(text: string, family: Family): UnescapedView {
  const starts = new Int32Array(text.length + 1);
  const parts: string[] = [];
  let length = 0;
  let copiedTo = 0;
  const { finder } = family;
  finder.lastIndex = 0;
  for (let match = finder.exec(text); match !== null; match = finder.exec(text)) {
    const found = match[0];
    const decoded = decodeEscape(found);
    // The plain characters before the escape map one to one.
    for (let j = copiedTo; j < match.index; j++) starts[length++] = j;
    for (let j = 0; j < decoded.length; j++) starts[length++] = match.index;
    parts.push(text.slice(copiedTo, match.index), decoded);
    copiedTo = match.index + found.length;
  }
  for (let j = copiedTo; j < text.length; j++) starts[length++] = j;
  parts.push(text.slice(copiedTo));
  starts[length] = text.length;
  return { text: parts.join(''), starts: starts.subarray(0, length + 1) };
}

/** What one escape found by a family's finder stands for. */
function decodeEscape(sequence: string): string {
  if (sequence[0] === '%') return String.fromCharCode(Number.parseInt(sequence.slice(1), 16));
  if (sequence[0] === '\\') {
    const kind = sequence[1] as string;
    if (kind === 'u' || kind === 'x')
      return String.fromCharCode(Number.parseInt(sequence.slice(2), 16));
    return SHORT_ESCAPES[kind] as string;
  }
  const name = sequence.slice(1, -1);
  const named = NAMED_REFERENCES[name];
  if (named !== undefined) return named;
  const code =
    name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
  return code > 0x10ffff ? sequence : String.fromCodePoint(code);
}

/** The starts of a view of a view, in the original's offsets. */
function compose(outer: Int32Array | undefined, inner: Int32Array | undefined): Int32Array {
  if (inner === undefined) return outer ?? new Int32Array(0);
  if (outer === undefined) return inner;
  return inner.map((offset) => outer[offset] as number);
}
