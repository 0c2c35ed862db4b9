/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

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
 * - each character as it is, or escaped: JSON and JavaScript (`\/`, `\"`, `\\`, `\u002f`,
 *   `\x2f`, also escaped again inside another JSON string), URL percent-encoding (`%2F`, also
 *   encoded twice), HTML character references (`&#47;`, `&#x2f;`, `&amp;`, `&quot;`…), in any mix;
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
  const source = kept.flatMap(secretForms).map(echoPattern).join('|');
  const finder = new RegExp(source);
  const replacer = new RegExp(source, 'g');
  const redactor: Redactor = {
    test: (text) => finder.test(text),
    redact: (text) => {
      if (!finder.test(text)) return text;
      const redacted = text.replace(replacer, REDACTED);
      return finder.test(redacted) ? text.replace(replacer, REDACTED_NON_ASCII) : redacted;
    },
  };
  if (redactors.size >= MAX_CACHED_REDACTORS) redactors.clear();
  redactors.set(cacheKey, redactor);
  return redactor;
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
 * The secret, and the runs of characters that stand for it inside base64 and base64url text: of
 * the secret as it is, or as it is escaped in the JSON or the URL that was encoded.
 */
function secretForms(secret: string): string[] {
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
  return [secret, ...runs];
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

/** A pattern that matches `text` with each character as it is or escaped in any echo form. */
function echoPattern(text: string): string {
  return [...text].map(characterPattern).join('');
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  '&': 'amp',
  '<': 'lt',
  '>': 'gt',
  '"': 'quot',
  "'": 'apos',
};

function characterPattern(char: string): string {
  const code = char.charCodeAt(0);
  const hex = code.toString(16);
  const alternatives = [
    escapeRegExp(char),
    // JSON and JavaScript escapes, once or within a string escaped again.
    `\\\\+u${hexPattern(hex.padStart(4, '0'))}`,
    `\\\\+x${hexPattern(hex.padStart(2, '0'))}`,
    // URL percent-encoding, once or more.
    `%(?:25)*${hexPattern(hex.padStart(2, '0'))}`,
    // HTML numeric character references.
    `&#0*${code};`,
    `&#[xX]0*${hexPattern(hex)};`,
  ];
  if (char === '/' || char === '"' || char === '\\' || char === "'") {
    alternatives.push(`\\\\+${escapeRegExp(char)}`);
  }
  const named = NAMED_REFERENCES[char];
  if (named !== undefined) alternatives.push(`&${named};`);
  return `(?:${alternatives.join('|')})`;
}

/** Hex digits matched in either case. */
function hexPattern(hex: string): string {
  return hex.replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
