import { concatMap, map, type Observable } from 'rxjs';
import { platform } from '#platform';
import { type CreateVideoParams, checkCreateParams } from '../api/create-params.js';
import { createVideo, createVideoRequest } from '../api/create-video.js';
import { fetchVideoModels } from '../api/fetch-video-models.js';
import { fetchVideoPage } from '../api/fetch-video-page.js';
import { fetchVideoTask } from '../api/fetch-video-task.js';
import type { TaskResponse } from '../api/task-response.js';
import { NO_PUSHED_EVENTS, pushedEvents } from '../events/pushed-events.js';
import { createJournalHooks, NO_JOURNAL_HOOKS } from '../journal/journal-hooks.js';
import { ListStatusSource } from '../list/list-status-source.js';
import type { VideoModel } from '../model/video-model.js';
import type { VideoTask } from '../model/video-task.js';
import {
  computeRetryDelay,
  resolveRetryOptions,
  retryWithBackoff,
} from '../operators/retry-with-backoff.js';
import { GenerationLearner } from '../schedule/generation-learner.js';
import { assertKnownOptions } from '../util/assert-options.js';
import { closeable } from '../util/closeable.js';
import { ownRequests } from '../watch/task-source.js';
import { watchAll } from '../watch/watch-all.js';
import { HAND_WRITTEN_WATCH, type WatchParts } from '../watch/watch-parts.js';
import type { GenerateOptions, SoraClientOptions, VideoStatusOptions } from './client-options.js';
import { createModelCheck } from './create-check.js';
import { createDownloads } from './downloads.js';
import { generateVideo } from './generate.js';
import { type GenerateVideoOptions, generateVideoPromise } from './generate-video-promise.js';
import { POLL_OPTIONS, RETRY_OPTIONS, resolveClientOptions } from './resolve-client-options.js';
import type { SoraClient, WatchAllOptions } from './sora-client.js';
import { createTaskActions, GENERATE_OPTIONS } from './task-actions.js';
import { createTaskWatches, NOTHING_KNOWN, watchKey } from './task-watches.js';
import { createWatchSettings } from './watch-settings.js';

/**
 * Creates a client of a Sora-style video API. Every option is checked at once: a missing or
 * invalid one throws a `TypeError` that names it.
 *
 * ## Example
 * ```ts
 * const sora = createSoraClient({ baseUrl: 'https://gateway.example/v1', apiKey });
 * sora.videoStatus$('sora_abc123').subscribe((task) => console.log(task.status));
 * merge(...ids.map((id) => sora.videoStatus$(id))).subscribe(render);
 * ```
 */
export function createSoraClient(options: SoraClientOptions = {}): SoraClient {
  return buildSoraClient(options, HAND_WRITTEN_WATCH);
}

/**
 * {@link createSoraClient} with the parts of a watch given: the hand-written ones, or in tests
 * their twins composed from standard operators, which must behave the same.
 *
 * The composition root: it resolves the options, plugs in the features the options ask for (the
 * journal, pushed events; each has a no-op default), and wires the methods from their own files.
 */
export function buildSoraClient(options: SoraClientOptions, parts: WatchParts): SoraClient {
  const resolved = resolveClientOptions(options);
  const { api, retry, scheduler, webhookUrl, listPolling, ownTransport } = resolved;
  const events = resolved.events === undefined ? NO_PUSHED_EVENTS : pushedEvents(resolved.events);
  const journal =
    options.journal === undefined
      ? NO_JOURNAL_HOOKS
      : createJournalHooks(options.journal, platform.recordDownload);

  // What this client learns of the gateway's generation times, shared by all its watches; it
  // starts from what its journal saw.
  const learner = new GenerationLearner();
  journal.teach(({ model, seconds, ageMs }) => learner.record(model, seconds, ageMs));
  /** Settles each call's poll options; every schedule shares the client's clock and learning. */
  const settle = createWatchSettings(resolved, {
    scheduler,
    learner,
    // Read at each draw, not once: a test that seeds Math.random after creating the client counts.
    random: () => Math.random(),
    pushed: events.pushed,
  });
  const fetchOne = (id: string) => fetchVideoTask(api, id);
  const ownGets = ownRequests(fetchOne);
  const pageRetry = resolveRetryOptions(retry);
  /** Answers the polls of `watchAll$` and `resume$` from list pages where the gateway has them. */
  const listSource = new ListStatusSource(
    listPolling,
    (after, order) => fetchVideoPage(api, listPolling.pageSize, after, order),
    fetchOne,
    scheduler,
    (error, failures) => computeRetryDelay(error, failures, pageRetry),
  );
  const listedOrOwn = () => (listSource.enabled ? listSource : ownGets);
  const watchTask = createTaskWatches({ parts, events, journal, scheduler });

  const retryGet = retryWithBackoff<TaskResponse>({ ...retry, scheduler });
  const getVideo$ = (id: string): Observable<VideoTask> =>
    fetchOne(id).pipe(
      retryGet,
      map((response) => response.task),
    );

  const videoStatus$ = (id: string, callOptions?: VideoStatusOptions) =>
    watchTask(
      id,
      settle(callOptions),
      ownGets,
      NOTHING_KNOWN,
      watchKey(callOptions, NOTHING_KNOWN),
    );

  const retryModels = retryWithBackoff<VideoModel[]>({ ...retry, scheduler });
  const models$ = () => {
    const { modelsPath, name } = api.dialect;
    if (modelsPath === undefined) {
      throw new TypeError(
        `The ${name} dialect has no list of models: models$() needs one (openrouter)`,
      );
    }
    return fetchVideoModels(api, modelsPath).pipe(retryModels);
  };

  const send = (params: CreateVideoParams, key: string | undefined) =>
    createVideo(api, params, { ...retry, scheduler }, key);
  const checkCreate = createModelCheck(api);
  // Checked before the journal hears of it: a create refused here was never sent, nor uncertain.
  const createTask$ = (params: CreateVideoParams) => {
    // Bad params, and what the dialect does not take, throw at the call, as they always have;
    // the models list is asked on subscription.
    createVideoRequest(api, params);
    return checkCreate(checkCreateParams(params)).pipe(
      concatMap(() =>
        journal.create(webhookUrl === undefined ? params : { webhookUrl, ...params }, send),
      ),
    );
  };
  const createVideo$ = (params: CreateVideoParams) =>
    createTask$(params).pipe(map((response) => response.task));

  const actions = createTaskActions({ ...resolved, journal });
  const { cancelVideo$, deleteVideo$ } = actions;

  const generate$ = (params: CreateVideoParams, generateOptions: GenerateOptions = {}) => {
    assertKnownOptions(generateOptions, [...POLL_OPTIONS, ...GENERATE_OPTIONS], 'options');
    const { cancelOnUnsubscribe, onCancelError, ...callOptions } = generateOptions;
    const settings = settle(callOptions);
    return generateVideo(params, settings, {
      create: createTask$,
      watch: (id, known) => watchTask(id, settings, ownGets, known, watchKey(callOptions, known)),
      events,
      scheduler,
      abandon: actions.abandonment({ cancelOnUnsubscribe, onCancelError }),
    });
  };

  const downloads = createDownloads(resolved, journal, getVideo$);
  const { download$, videoBytes$, downloadWhenCompleted } = downloads;

  const watchAll$ = (
    ids: Iterable<string> | Observable<string>,
    watchAllOptions: WatchAllOptions = {},
  ) => {
    assertKnownOptions(watchAllOptions, [...POLL_OPTIONS, 'concurrency'], 'options');
    const { concurrency = Number.POSITIVE_INFINITY, ...callOptions } = watchAllOptions;
    // Settled once for every id, at the call, as videoStatus$ checks its options.
    assertKnownOptions(callOptions.retry, RETRY_OPTIONS, 'options.retry');
    const settings = settle(callOptions);
    const key = watchKey(callOptions, NOTHING_KNOWN);
    return watchAll(
      (id) => watchTask(id, settings, listedOrOwn(), NOTHING_KNOWN, key),
      ids,
      concurrency,
    );
  };

  const resume$ = (resumeOptions = {}) => {
    const settings = settle({});
    const key = watchKey({}, NOTHING_KNOWN);
    return journal.resume$(
      {
        watch: (id) => watchTask(id, settings, listedOrOwn(), NOTHING_KNOWN, key),
        downloadWhenCompleted,
        send,
      },
      resumeOptions,
    );
  };

  const methods = {
    models$,
    resume$,
    watchAll$,
    getVideo$,
    videoStatus$,
    createVideo$,
    generate$,
    generateVideo: (params: CreateVideoParams, callOptions?: GenerateVideoOptions) =>
      generateVideoPromise({ generate$, download$ }, params, callOptions),
    cancelVideo$,
    deleteVideo$,
    download$,
    videoBytes$,
    downloadWhenCompleted,
  };
  const close = async () => {
    await Promise.all([ownTransport?.close?.(), downloads.close()]);
  };
  return { baseUrl: api.baseUrl, ...closeable(methods, close) };
}
