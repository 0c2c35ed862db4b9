// fetchTransport against a fetch of our own making: what it sends, how it reads headers and
// bodies, and where its size limit falls.
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fetchTransport } from '../../src/http/fetch-transport.js';
import type { HttpRequest } from '../../src/http/http-transport.js';

const request: HttpRequest = {
  method: 'GET',
  url: 'https://gateway.example/v1/videos/sora_1',
  headers: { accept: 'application/json' },
  maxBodyBytes: 8,
};

/** A fetch that answers every call with `chunks` as the body and records what it was given. */
function fakeFetch(chunks: readonly string[], headers: Record<string, string> = {}) {
  const calls: RequestInit[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    calls.push(init ?? {});
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

describe('fetchTransport, on the wire', () => {
  it('sends the body of a request that has one, and none otherwise', async () => {
    const { fetch, calls } = fakeFetch(['{}']);
    const transport = fetchTransport({ fetch });
    await lastValueFrom(transport({ ...request, method: 'POST', body: '{"prompt":"fox"}' }));
    await lastValueFrom(transport(request));
    expect(calls[0]).toMatchObject({ method: 'POST', body: '{"prompt":"fox"}' });
    expect(calls[1]).not.toHaveProperty('body');
  });

  it('emits one response, headers in lower case and chunks in order, then completes', async () => {
    const { fetch } = fakeFetch(['{"a":', '1,', '"b":2}'], { 'X-Request-Id': 'req_1' });
    const events: string[] = [];
    await new Promise<void>((resolve) => {
      fetchTransport({ fetch })({ ...request, maxBodyBytes: 100 }).subscribe({
        next: (res) => events.push(`${res.status} ${res.headers['x-request-id']} ${res.body}`),
        complete: () => {
          events.push('complete');
          resolve();
        },
      });
    });
    expect(events).toEqual(['200 req_1 {"a":1,"b":2}', 'complete']);
  });

  it('reads a body of exactly maxBodyBytes, declared or not', async () => {
    for (const headers of [{}, { 'content-length': '8' }]) {
      const { fetch } = fakeFetch(['1234', '5678'], headers);
      const response = await lastValueFrom(fetchTransport({ fetch })(request));
      expect(response.body).toBe('12345678');
    }
  });

  it('refuses a body declared larger than maxBodyBytes before reading it', async () => {
    const { fetch } = fakeFetch(['123456789'], { 'content-length': '9' });
    await expect(lastValueFrom(fetchTransport({ fetch })(request))).rejects.toMatchObject({
      code: 'SORA_RESPONSE_TOO_LARGE',
    });
  });

  it('wraps a failed fetch in SORA_NETWORK, keeping the cause', async () => {
    const failure = new TypeError('fetch failed');
    const fetch = (async () => {
      throw failure;
    }) as typeof globalThis.fetch;
    await expect(lastValueFrom(fetchTransport({ fetch })(request))).rejects.toMatchObject({
      code: 'SORA_NETWORK',
      cause: failure,
    });
  });
});
