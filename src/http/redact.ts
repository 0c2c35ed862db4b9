import { unescapedViews } from './unescaped-views.js';

/** What a secret is replaced with. */
const REDACTED = '[REDACTED]';

/**
 * The replacement in the rare text where `[REDACTED]` itself would complete a secret (a secret
 * such as `ACTED]x`). It holds no ASCII character, and secrets and all their forms are ASCII, so
 * it can never be part of one.
 */
const REDACTED_NON_ASCII = '\u2588\u2588\u2588';

/** Secrets shorter than this are not redacted: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** Finds secrets in text, in any form a server may echo them in. */
export interface Redactor {
  /** Whether `text` holds a secret in any form. */
  test(text: string): boolean;
  /** `text` with every form of every secret replaced by `[REDACTED]`. */
  redact(text: string): string;
}

const NOTHING_TO_REDACT: Redactor = { test: () => false, redact: (text) => text };

/** Redactors by their secrets: a client sends one key, so this stays tiny. */
const redactors = new Map<string, Redactor>();
const MAX_CACHED_REDACTORS = 16;

/**
 * A redactor of `secrets` (undefined and short ones ignored). It finds each secret as sent and as
 * a gateway may echo it:
 *
 * - escaped once or twice, each character as it is or escaped, in any mix: JSON and JavaScript
 *   (`\/`, `\"`, `\\`, `\u002f`, `\x2f`), URL percent-encoding (`%2F`), HTML character references
 *   (`&#47;`, `&#x2f;`, `&amp;`, `&quot;`);
 * - base64 and base64url of any text that holds the secret, as it is or escaped for JSON or a URL:
 *   `Bearer <key>`, `<key>:` of basic auth, the key alone, a JSON document around it. A secret in
 *   a base64 text shows as one of three runs of characters, one per alignment, found alike.
 *
 * The header as a whole, `Bearer <key>`, becomes `Bearer [REDACTED]`.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const kept = [
    ...new Set(
      secrets.filter((s): s is string => s !== undefined && s.length >= MIN_SECRET_LENGTH),
    ),
  ];
  if (kept.length === 0) return NOTHING_TO_REDACT;
  const cacheKey = kept.join('\u0000');
  const cached = redactors.get(cacheKey);
  if (cached !== undefined) return cached;
  const needles = [...new Set(kept.flatMap((secret) => [secret, ...base64Runs(secret)]))];
  const test = (text: string) => {
    for (const view of unescapedViews(text, false)) {
      if (needles.some((needle) => view.text.includes(needle))) return true;
    }
    return false;
  };
  const redactor: Redactor = {
    test,
    redact: (text) => {
      const spans = findSpans(text, needles);
      if (spans.length === 0) return text;
      const redacted = replaceSpans(text, spans, REDACTED);
      return test(redacted) ? replaceSpans(text, spans, REDACTED_NON_ASCII) : redacted;
    },
  };
  if (redactors.size >= MAX_CACHED_REDACTORS) redactors.clear();
  redactors.set(cacheKey, redactor);
  return redactor;
}

/** Where the needles are in `text`, in any of its views, as merged `[start, end)` spans. */
function findSpans(text: string, needles: readonly string[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const { text: viewed, starts } of unescapedViews(text)) {
    for (const needle of needles) {
      for (let at = viewed.indexOf(needle); at !== -1; at = viewed.indexOf(needle, at + 1)) {
        const end = at + needle.length;
        spans.push(
          starts === undefined ? [at, end] : [starts[at] as number, starts[end] as number],
        );
      }
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

function replaceSpans(
  text: string,
  spans: ReadonlyArray<[number, number]>,
  marker: string,
): string {
  const parts: string[] = [];
  let from = 0;
  for (const [start, end] of spans) {
    parts.push(text.slice(from, start), marker);
    from = end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Replaces every form of each secret in `text`. Secrets shorter than 4 characters are ignored. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  return createRedactor(secrets).redact(text);
}

/** The redactor of the credential a request sends, if any. */
export function redactorOf(headers: Readonly<Record<string, string>>): Redactor {
  return createRedactor([credentialOf(headers)]);
}

/** The credential in an `authorization` header (the part after the scheme), if any. */
export function credentialOf(headers: Readonly<Record<string, string>>): string | undefined {
  const value = headers.authorization;
  if (value === undefined) return undefined;
  const space = value.indexOf(' ');
  return space === -1 ? value : value.slice(space + 1);
}

/**
 * The runs of characters that stand for the secret inside base64 and base64url text: of the
 * secret as it is, or as it is escaped in the JSON or the URL that was encoded.
 */
function base64Runs(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const encoded = new Set([secret, json, json.replace(/\//g, '\\/'), encodeURIComponent(secret)]);
  const runs = new Set<string>();
  for (const text of encoded) {
    const bytes = new TextEncoder().encode(text);
    for (let shift = 0; shift < 3; shift++) {
      const run = base64Run(bytes, shift);
      if (run.length < MIN_SECRET_LENGTH) continue;
      runs.add(run);
      runs.add(run.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...runs];
}

/**
 * The base64 characters that depend on `bytes` alone when they sit `shift` bytes after a 3-byte
 * boundary: whatever surrounds them, any base64 text holding them at that alignment holds these.
 */
function base64Run(bytes: Uint8Array, shift: number): string {
  const padded = new Uint8Array(shift + bytes.length);
  padded.set(bytes, shift);
  const encoded = btoa(String.fromCharCode(...padded));
  const firstBit = 8 * shift;
  const endBit = 8 * (shift + bytes.length);
  // Character i covers bits [6i, 6i + 6): keep those wholly inside the secret's bits.
  const first = Math.ceil(firstBit / 6);
  const end = Math.floor(endBit / 6);
  return encoded.slice(first, end);
}
