// What a simulator in this process received, from Node's own diagnostics channel: every `/v1`
// request with its time, and the `Idempotency-Key` of every create.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/** One request the server received. */
export interface LoggedRequest {
  readonly atMs: number;
  readonly method: string;
  readonly url: string;
  readonly idempotencyKey: string | undefined;
}

/** The requests received by HTTP servers of this process while the log is open. */
export interface RequestLog {
  readonly requests: readonly LoggedRequest[];
  /** When each 429 was sent, `Date.now()`. */
  readonly refusedAt: readonly number[];
  /** How many creates each `Idempotency-Key` sent. */
  createsByKey(): Map<string | undefined, number>;
  close(): void;
}

const CHANNEL = 'http.server.request.start';
const RESPONSE_CHANNEL = 'http.server.response.finish';

/** Starts logging the requests of every HTTP server of this process, files (`/files/`) excepted. */
export function openRequestLog(): RequestLog {
  const requests: LoggedRequest[] = [];
  const onRequest = (message: unknown) => {
    const { request } = message as {
      request: { url?: string; method?: string; headers: Record<string, string | undefined> };
    };
    const url = request.url ?? '';
    if (url.startsWith('/files/')) return;
    requests.push({
      atMs: Date.now(),
      method: request.method ?? '',
      url,
      idempotencyKey: request.headers['idempotency-key'],
    });
  };
  const refusedAt: number[] = [];
  const onResponse = (message: unknown) => {
    const { response } = message as { response: { statusCode: number } };
    if (response.statusCode === 429) refusedAt.push(Date.now());
  };
  subscribe(CHANNEL, onRequest);
  subscribe(RESPONSE_CHANNEL, onResponse);
  return {
    requests,
    refusedAt,
    createsByKey: () => {
      const counts = new Map<string | undefined, number>();
      for (const { method, idempotencyKey } of requests) {
        if (method === 'POST') counts.set(idempotencyKey, (counts.get(idempotencyKey) ?? 0) + 1);
      }
      return counts;
    },
    close: () => {
      unsubscribe(CHANNEL, onRequest);
      unsubscribe(RESPONSE_CHANNEL, onResponse);
    },
  };
}
