/** Any function: the methods of an object that can be closed. */
// biome-ignore lint/suspicious/noExplicitAny: the wrapper passes any arguments through unchanged.
type AnyFunction = (...args: any[]) => any;

/**
 * `methods` and a `close()` that runs `release` once; each method called after `close()` throws a
 * `TypeError`, rather than reaching pools that are gone.
 */
export function closeable<T extends Record<string, AnyFunction>>(
  methods: T,
  release: () => Promise<void>,
): T & { close(): Promise<void> } {
  let closing: Promise<void> | undefined;
  const guarded = {} as Record<string, AnyFunction>;
  for (const [name, method] of Object.entries(methods)) {
    guarded[name] = (...args: unknown[]) => {
      if (closing !== undefined) {
        throw new TypeError(`Expected an open client: \`${name}\` was called after \`close()\``);
      }
      return method(...args);
    };
  }
  const close = () => (closing ??= release());
  return Object.assign(guarded as T, { close });
}
