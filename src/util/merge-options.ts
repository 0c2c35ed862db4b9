/** Some of the options of `T`, any of them possibly `undefined`. */
export type OptionLayer<T> = { readonly [K in keyof T]?: T[K] | undefined };

/**
 * Merges layers of options left to right, as object spread does, except that a key whose value is
 * `undefined` never overrides: `undefined` means "not set here", so the layer below (in the end,
 * the default) applies.
 */
export function mergeOptions<T extends object>(
  base: T,
  ...layers: readonly (OptionLayer<T> | undefined)[]
): T {
  const merged: Record<string, unknown> = {};
  for (const layer of [base, ...layers]) {
    if (layer === undefined) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) merged[key] = value;
    }
  }
  return merged as T;
}

/**
 * A JSON text of `value` that is the same for equal options whatever the order of their keys,
 * with keys of `undefined` value (and objects left empty by that) left out; `undefined` when `value` holds a function, which no
 * text can stand for.
 */
export function canonicalJson(value: unknown): string | undefined {
  let hasFunction = false;
  const text = JSON.stringify(value, (key, inner: unknown) => {
    if (typeof inner === 'function') hasFunction = true;
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    const entries = Object.entries(inner)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // An object of options none of which is set says no more than leaving it out.
    return entries.length === 0 && key !== '' ? undefined : Object.fromEntries(entries);
  });
  return hasFunction ? undefined : text;
}
