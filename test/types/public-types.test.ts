// The public types, pinned: a change here is a change users see. `npm run typecheck` checks every
// assertion (`expectTypeOf` is inert at run time); the one runtime test makes the file a suite.
import type { Observable, OperatorFunction } from 'rxjs';
import {
  type CreateVideoParams,
  createSoraClient,
  type DownloadOptions,
  type DownloadProgress,
  decodeVideoTask,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  isSafeToResendCreate,
  isSoraError,
  isTerminal,
  type SoraClient,
  type SoraClientOptions,
  type SoraError,
  type SoraErrorCode,
  type SoraNotFoundError,
  type StatusAliases,
  type StreamDownloadOptions,
  type StreamDownloadProgress,
  type VideoBytesOptions,
  type VideoEvent,
  type VideoStatus,
  type VideoStatusOptions,
  type VideoTask,
  type WatchEvent,
} from 'sora-rx';
import type { SoraFleetJobError } from 'sora-rx/bullmq';
import { type UndiciTransportOptions, undiciTransport } from 'sora-rx/node';
import { type SoraSimulator, startSoraSimulator, stubTransport } from 'sora-rx/testing';
import type { SoraWebhookError } from 'sora-rx/webhooks';
import { describe, expectTypeOf, it } from 'vitest';

describe('the public types', () => {
  it('are pinned by the type checker', () => {
    expectTypeOf(createSoraClient).parameter(0).toEqualTypeOf<SoraClientOptions | undefined>();
    expectTypeOf(createSoraClient).returns.toEqualTypeOf<SoraClient>();

    expectTypeOf<SoraClient['baseUrl']>().toEqualTypeOf<string>();
    expectTypeOf<SoraClient['getVideo$']>().toEqualTypeOf<(id: string) => Observable<VideoTask>>();
    expectTypeOf<SoraClient['videoStatus$']>().toEqualTypeOf<
      (id: string, options?: VideoStatusOptions) => Observable<VideoTask>
    >();
    expectTypeOf<SoraClient['createVideo$']>().toEqualTypeOf<
      (params: CreateVideoParams) => Observable<VideoTask>
    >();
    expectTypeOf<SoraClient['download$']>().toEqualTypeOf<{
      (
        source: VideoTask | string,
        options: StreamDownloadOptions,
      ): Observable<StreamDownloadProgress>;
      (source: VideoTask | string, options: DownloadOptions): Observable<DownloadProgress>;
    }>();
    expectTypeOf<SoraClient['videoBytes$']>().toEqualTypeOf<
      (source: VideoTask | string, options?: VideoBytesOptions) => Observable<Uint8Array>
    >();
    expectTypeOf<SoraClient['downloadWhenCompleted']>().returns.toEqualTypeOf<
      OperatorFunction<VideoTask, VideoEvent>
    >();
    expectTypeOf<SoraClient['watchAll$']>().returns.toEqualTypeOf<Observable<WatchEvent>>();
    expectTypeOf<SoraClient['close']>().toEqualTypeOf<() => Promise<void>>();

    expectTypeOf<VideoStatus>().toEqualTypeOf<'queued' | 'processing' | 'completed' | 'failed'>();
    expectTypeOf<VideoTask>().toExtend<{
      readonly id: string;
      readonly object?: string;
      readonly created?: number;
      readonly model?: string;
      readonly status: VideoStatus;
      readonly video_url: string | null;
      readonly error: string | null;
      readonly progress?: number;
      readonly seconds?: number | string;
    }>();
    expectTypeOf(isTerminal).parameter(0).toEqualTypeOf<VideoStatus>();
    expectTypeOf(decodeVideoTask).parameter(1).toEqualTypeOf<StatusAliases | undefined>();
    expectTypeOf(isSafeToResendCreate).toEqualTypeOf<(error: unknown) => boolean>();
    expectTypeOf<DownloadProgress>().toEqualTypeOf<{
      readonly file: string;
      readonly bytes: number;
      readonly totalBytes: number | undefined;
      readonly done: boolean;
    }>();

    expectTypeOf<SoraErrorCode>().toExtend<string>();
    expectTypeOf<'SORA_NOT_FOUND'>().toExtend<SoraErrorCode>();
    expectTypeOf<SoraError['code']>().toEqualTypeOf<SoraErrorCode>();
    expectTypeOf<SoraError['retryable']>().toEqualTypeOf<boolean>();
    const error: unknown = undefined;
    if (isSoraError(error, 'SORA_NOT_FOUND')) {
      expectTypeOf(error).toEqualTypeOf<SoraNotFoundError>();
    }
    if (isSoraError(error)) expectTypeOf(error).toEqualTypeOf<SoraError>();
    // The faces add their classes to the core's map of codes.
    if (isSoraError(error, 'SORA_WEBHOOK_REJECTED')) {
      expectTypeOf(error).toEqualTypeOf<SoraWebhookError>();
    }
    if (isSoraError(error, 'SORA_FLEET_JOB_FAILED')) {
      expectTypeOf(error).toEqualTypeOf<SoraFleetJobError>();
    }
    expectTypeOf<SoraWebhookError>().toExtend<SoraError>();
    expectTypeOf<SoraFleetJobError>().toExtend<SoraError>();

    expectTypeOf<HttpTransport>().toExtend<(request: HttpRequest) => Observable<HttpResponse>>();
    expectTypeOf(undiciTransport).parameter(0).toEqualTypeOf<UndiciTransportOptions | undefined>();
    expectTypeOf(undiciTransport).returns.toEqualTypeOf<HttpTransport>();

    expectTypeOf(startSoraSimulator).returns.toEqualTypeOf<Promise<SoraSimulator>>();
    expectTypeOf(stubTransport).returns.toExtend<HttpTransport>();
  });
});
