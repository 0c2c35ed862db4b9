import { Agent, buildConnector } from 'undici';

/**
 * A keep-alive undici `Agent` whose sockets never keep the process alive by themselves, as Node's
 * own http.Agent does with its free sockets. Whoever sends a request holds the process open with
 * `holdProcessOpen()` until the answer is read. `connections` caps the connections to one origin
 * (`Infinity` for no cap). `connect` opens the sockets: undici's own by default, or one that picks
 * the addresses it may reach.
 */
export function createUnrefAgent(
  connections: number,
  connect: buildConnector.connector = buildConnector({}),
): Agent {
  return new Agent({
    // undici takes no Infinity: null is its "no cap".
    connections: Number.isFinite(connections) ? connections : null,
    connect: (connectOptions, callback) =>
      connect(connectOptions, (...args) => {
        args[1]?.unref();
        callback(...args);
      }),
  });
}
