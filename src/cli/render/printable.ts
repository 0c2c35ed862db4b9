/**
 * Characters a terminal may act on instead of showing: C0 and C1 controls (ESC, CSI, BEL, CR
 * among them), DEL, line and paragraph separators, and the marks that reorder text.
 */
const UNSAFE = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * `text` from a server (an id, a failure's reason, an error quoting a body), each character a
 * terminal would act on shown as `?`: a gateway can neither retitle the window, clear the screen,
 * write the clipboard (OSC 52) nor overwrite a line with a carriage return.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, '?');
}

/**
 * `value` as one line of JSON, its data kept: JSON escapes the C0 controls itself, and the others
 * a terminal would act on are escaped here as `\uXXXX`, so that the line parses to the same value.
 */
export function jsonLine(value: unknown): string {
  const json = JSON.stringify(value).replace(
    UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${json}\n`;
}
