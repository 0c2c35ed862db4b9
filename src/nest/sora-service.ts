import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Observable, OperatorFunction } from 'rxjs';
import {
  type CreateVideoParams,
  createSoraClient,
  type DownloadOptions,
  type DownloadProgress,
  type GeneratedVideo,
  type GenerateOptions,
  type GenerateVideoOptions,
  type ResumeEvent,
  type ResumeOptions,
  type SoraClient,
  type StreamDownloadOptions,
  type StreamDownloadProgress,
  type VideoBytesOptions,
  type VideoEvent,
  type VideoModel,
  type VideoStatusOptions,
  type VideoTask,
  type WatchAllOptions,
  type WatchEvent,
} from 'sora-rx';
import { SORA_MODULE_OPTIONS, type SoraModuleOptions } from './sora-module-definition.js';

/**
 * The `SoraClient` of {@link SoraModule}, as a Nest provider: inject it and call its methods,
 * such as `videoStatus$`, or pass its `client` to code that takes a `SoraClient`. Requests go
 * through undici in Node, and every option is checked when the app starts.
 *
 * ## Example
 * ```ts
 * @Controller()
 * export class VideosController {
 *   constructor(@Inject(SoraService) private readonly sora: SoraService) {}
 * }
 * ```
 */
@Injectable()
export class SoraService implements SoraClient, OnApplicationShutdown {
  /** The client this service delegates to. */
  readonly client: SoraClient;
  /** The API's base URL, normalised. */
  readonly baseUrl: string;

  constructor(@Inject(SORA_MODULE_OPTIONS) options: SoraModuleOptions) {
    this.client = createSoraClient(options);
    this.baseUrl = this.client.baseUrl;
  }

  /** {@inheritDoc sora-rx!SoraClient.getVideo$} */
  getVideo$(id: string): Observable<VideoTask> {
    return this.client.getVideo$(id);
  }

  /** {@inheritDoc sora-rx!SoraClient.videoStatus$} */
  videoStatus$(id: string, options?: VideoStatusOptions): Observable<VideoTask> {
    return this.client.videoStatus$(id, options);
  }

  /** {@inheritDoc sora-rx!SoraClient.models$} */
  models$(): Observable<VideoModel[]> {
    return this.client.models$();
  }

  /** {@inheritDoc sora-rx!SoraClient.createVideo$} */
  createVideo$(params: CreateVideoParams): Observable<VideoTask> {
    return this.client.createVideo$(params);
  }

  /** {@inheritDoc sora-rx!SoraClient.generate$} */
  generate$(params: CreateVideoParams, options?: GenerateOptions): Observable<VideoTask> {
    return this.client.generate$(params, options);
  }

  /** {@inheritDoc sora-rx!SoraClient.generateVideo} */
  generateVideo(
    params: CreateVideoParams,
    options?: GenerateVideoOptions,
  ): Promise<GeneratedVideo> {
    return this.client.generateVideo(params, options);
  }

  /** {@inheritDoc sora-rx!SoraClient.cancelVideo$} */
  cancelVideo$(id: string): Observable<VideoTask | undefined> {
    return this.client.cancelVideo$(id);
  }

  /** {@inheritDoc sora-rx!SoraClient.deleteVideo$} */
  deleteVideo$(id: string): Observable<void> {
    return this.client.deleteVideo$(id);
  }

  /** {@inheritDoc sora-rx!SoraClient.download$} */
  download$(
    source: VideoTask | string,
    options: StreamDownloadOptions,
  ): Observable<StreamDownloadProgress>;
  download$(source: VideoTask | string, options: DownloadOptions): Observable<DownloadProgress>;
  download$(
    source: VideoTask | string,
    options: DownloadOptions | StreamDownloadOptions,
  ): Observable<DownloadProgress | StreamDownloadProgress> {
    return this.client.download$(source, options as DownloadOptions);
  }

  /** {@inheritDoc sora-rx!SoraClient.videoBytes$} */
  videoBytes$(source: VideoTask | string, options?: VideoBytesOptions): Observable<Uint8Array> {
    return this.client.videoBytes$(source, options);
  }

  /** {@inheritDoc sora-rx!SoraClient.downloadWhenCompleted} */
  downloadWhenCompleted(options: DownloadOptions): OperatorFunction<VideoTask, VideoEvent> {
    return this.client.downloadWhenCompleted(options);
  }

  /** {@inheritDoc sora-rx!SoraClient.watchAll$} */
  watchAll$(
    ids: Iterable<string> | Observable<string>,
    options?: WatchAllOptions,
  ): Observable<WatchEvent> {
    return this.client.watchAll$(ids, options);
  }

  /** {@inheritDoc sora-rx!SoraClient.close} */
  close(): Promise<void> {
    return this.client.close();
  }

  /** Releases the client's connection pools when the app closes (Nest's shutdown hook). */
  onApplicationShutdown(): Promise<void> {
    return this.client.close();
  }

  /** {@inheritDoc sora-rx!SoraClient.resume$} */
  resume$(options?: ResumeOptions): Observable<ResumeEvent> {
    return this.client.resume$(options);
  }
}
