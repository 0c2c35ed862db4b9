let inFlight = 0;
let holder: ReturnType<typeof setInterval> | undefined;

/**
 * Keeps the Node process alive while at least one request is in flight, so that idle keep-alive
 * sockets can be unref'd, as Node's own http.Agent does with its free sockets. Returns the release
 * function; calling it more than once is harmless.
 */
export function holdProcessOpen(): () => void {
  inFlight += 1;
  holder ??= setInterval(() => {}, 2 ** 30);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    inFlight -= 1;
    if (inFlight === 0 && holder !== undefined) {
      clearInterval(holder);
      holder = undefined;
    }
  };
}
