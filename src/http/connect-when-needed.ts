import type { buildConnector } from 'undici';

/** The error with which a connection nobody needs is refused, before any socket is opened. */
class ConnectionNotNeededError extends Error {
  override readonly name = 'ConnectionNotNeededError';
  readonly code = 'SORA_CONNECTION_NOT_NEEDED';
}

/**
 * A connector that opens a connection only while `needed()` says a request waits for one.
 *
 * undici (7.x; nodejs/undici#5845) puts a request aborted in flight back in its queue when the
 * aborted connection closes, opens a new connection for it, then drops it there: every watch given
 * up in flight would cost a second connection, left idle in the pool. Such a connection is
 * refused here, and undici drops the aborted request without it.
 *
 * The refusal is given in a microtask, never from within the call: undici asks for a connection
 * from inside its resume loop, which must see the refusal as a fresh turn (a `close()` waiting for
 * the queue to empty resolves only then). If a request has come to need the connection
 * meanwhile, it is opened after all.
 */
export function connectWhenNeeded(
  connect: buildConnector.connector,
  needed: () => boolean,
): buildConnector.connector {
  return (options, callback) => {
    if (needed()) {
      connect(options, callback);
      return;
    }
    queueMicrotask(() => {
      if (needed()) connect(options, callback);
      else callback(new ConnectionNotNeededError('No request waits for this connection'), null);
    });
  };
}
