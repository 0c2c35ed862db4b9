import { Agent, buildConnector } from 'undici';

/**
 * A keep-alive undici `Agent` whose sockets never keep the process alive by themselves, as Node's
 * own http.Agent does with its free sockets. Whoever sends a request holds the process open with
 * `holdProcessOpen()` until the answer is read.
 */
export function createUnrefAgent(connections: number): Agent {
  const connect = buildConnector({});
  return new Agent({
    connections,
    connect: (connectOptions, callback) =>
      connect(connectOptions, (...args) => {
        args[1]?.unref();
        callback(...args);
      }),
  });
}
