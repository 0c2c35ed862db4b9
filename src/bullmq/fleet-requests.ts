import { firstValueFrom, map } from 'rxjs';
import {
  type ApiContext,
  createVideoRequest,
  fetchVideoTask,
  readTaskResponse,
  sendRequest,
  type TaskResponse,
} from '../core-for-fleet.js';
import type { CreateVideoParams } from '../index.js';

// A fleet step sends one request, once: its retries are delayed jobs, not timers in the worker.

/**
 * The dialect's create once, with an `Idempotency-Key`, so that a create sent again after a worker
 * died is recognised by a provider that honours the key.
 */
export function sendFleetCreate(
  api: ApiContext,
  params: CreateVideoParams,
  idempotencyKey: string,
): Promise<TaskResponse> {
  const withKey = createVideoRequest(api, params, idempotencyKey);
  return firstValueFrom(
    sendRequest(api.transport, withKey).pipe(map((res) => readTaskResponse(withKey, res, api))),
  );
}

/** `GET /videos/{id}` once. */
export function sendFleetPoll(api: ApiContext, id: string): Promise<TaskResponse> {
  return firstValueFrom(fetchVideoTask(api, id));
}
