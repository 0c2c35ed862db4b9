import { map, type Observable } from 'rxjs';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { buildSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpResponse } from '../../src/http/http-transport.js';
import type { VideoStatus } from '../../src/model/video-status.js';
import type { VideoTask } from '../../src/model/video-task.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { HAND_WRITTEN_WATCH, type WatchParts } from '../../src/watch/watch-parts.js';

export const baseUrl = 'https://gateway.test/v1';
export const apiKey = 'sk-test-key';

/** A task of the seed's shape, created long before virtual time 0 unless `extra` says otherwise. */
export function task(status: VideoStatus, extra: Partial<VideoTask> = {}): VideoTask {
  return {
    id: 'sora_1',
    object: 'video.generation',
    // Long before virtual time 0, so the task is old enough to be done at any poll.
    created: -1_000_000,
    model: 'sora-2',
    status,
    video_url: status === 'completed' ? 'https://cdn.test/sora_1.mp4' : null,
    error: status === 'failed' ? 'content policy' : null,
    ...extra,
  };
}

/** JSON answers of `tasks`, in order. */
export function answers(...tasks: VideoTask[]): HttpResponse[] {
  return tasks.map((t) => jsonResponse(t));
}

/**
 * A client whose n-th request is answered, after the timing of `http`, by `responses[n]` (the
 * last repeats), built on the hand-written watch parts or on the given ones.
 */
export function scriptedClient(
  http: Observable<unknown>,
  responses: HttpResponse[],
  options: SoraClientOptions = {},
  parts: WatchParts = HAND_WRITTEN_WATCH,
) {
  const transport = stubTransport((_req, index) =>
    http.pipe(map(() => responses[Math.min(index, responses.length - 1)] as HttpResponse)),
  );
  return { sora: buildSoraClient({ baseUrl, apiKey, transport, ...options }, parts), transport };
}
