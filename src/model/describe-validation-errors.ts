import type * as t from 'io-ts';

const MAX_VALUE_LENGTH = 80;

/**
 * Turns io-ts validation errors into one readable line each, naming the field, the value
 * received and the type expected: `status: got "mystery", expected "queued" | "processing" | …`.
 */
export function describeValidationErrors(errors: t.Errors): string[] {
  const lines = errors.map((error) => {
    const path = error.context
      .map((entry) => entry.key)
      .filter((key) => key !== '' && !/^\d+$/.test(key))
      .join('.');
    if (path === '') return `(root): got ${describeValue(error.value)}, expected an object`;
    const expected = error.context[error.context.length - 1]?.type.name ?? 'unknown';
    return `${path}: got ${describeValue(error.value)}, expected ${expected}`;
  });
  return [...new Set(lines)];
}

/** A short, printable rendering of any value. */
function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}
