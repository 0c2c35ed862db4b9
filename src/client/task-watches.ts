import { defer, finalize, type Observable, throwError } from 'rxjs';
import { assertTaskIdType, taskIdError } from '../api/api-request.js';
import type { PushedEvents } from '../events/pushed-events.js';
import type { JournalHooks } from '../journal/journal-hooks.js';
import type { VideoTask } from '../model/video-task.js';
import type { KnownTask } from '../schedule/task-planner.js';
import { canonicalJson } from '../util/merge-options.js';
import { StartLine } from '../watch/start-line.js';
import type { TaskSource } from '../watch/task-source.js';
import type { WatchParts } from '../watch/watch-parts.js';
import type { WatchSettings } from './watch-settings.js';

/** What a plain `videoStatus$` knows of a task beyond its fields: nothing. */
export const NOTHING_KNOWN: KnownTask = {};

/** What the shared watches of a client are made of. */
export interface TaskWatchesDeps {
  /** The poll loop and the sharing: hand-written, or in tests their twins. */
  readonly parts: WatchParts;
  /** The client's pushed events, or none. */
  readonly events: PushedEvents;
  /** The client's journal, or none. */
  readonly journal: JournalHooks;
}

/**
 * The shared watch of a task, made by its first subscriber and dropped after its last.
 * @param settings The watch's schedule and retries.
 * @param source Where the looks at the task come from.
 * @param known What the caller knows beyond the task's fields (its length, its creation):
 *   `maxWaitMs` then counts from that creation.
 * @param key The key of the options, for sharing; `undefined` for options that cannot be keyed.
 */
export type WatchTask = (
  id: string,
  settings: WatchSettings,
  source: TaskSource,
  known: KnownTask,
  key: string | undefined,
) => Observable<VideoTask>;

/**
 * The registry of a client's shared watches: subscriptions to the same id, source and options
 * share one poll loop, and a late subscriber gets the latest task at once.
 */
export function createTaskWatches({ parts, events, journal }: TaskWatchesDeps): WatchTask {
  /** The live shared watches, by id, source and options. */
  const watches = new Map<string, Observable<VideoTask>>();
  /** Paces the start of the loops, so that a burst of watches never blocks the event loop. */
  const startLine = new StartLine();
  return (id, { schedule, retry }, source, known, optionsKey) => {
    assertTaskIdType(id);
    // An id no URL can carry ends its own watch, typed, before any request: it may be a server's.
    const invalid = taskIdError(id);
    if (invalid !== undefined) return throwError(() => invalid);
    // Own GETs, the common case, add nothing to the key: it is held as long as the watch lives.
    const key =
      optionsKey === undefined
        ? undefined
        : source.name === ''
          ? `${id}\u0000${optionsKey}`
          : `${id}\u0000${source.name}\u0000${optionsKey}`;
    const running = () => (key === undefined ? undefined : watches.get(key));
    const watch$ = startLine.pace(
      running,
      (release) => {
        const watch = running();
        if (watch !== undefined) {
          release();
          return watch;
        }
        let first: (() => void) | undefined = release;
        // The request is built at each poll: between polls a watch holds no request chain.
        const fetch$ = defer(() => {
          const request$ = source.fetch$(id).pipe(retry);
          const ended = first;
          if (ended === undefined) return request$;
          // The end of the first request lets the next watch in line start.
          first = undefined;
          return request$.pipe(finalize(ended));
        });
        // The planner is made per poll loop: a loop that ends and starts again starts afresh.
        const poll$ = defer(() => {
          const planner = schedule.planTask(known);
          const loop$ = events.poll(id, fetch$, schedule, planner, parts.pollUntil);
          // A listed task may end on a page read for others: its planner sees that answer too.
          return source.track(id, loop$, planner);
        });
        const created = parts.shareTaskWatch(poll$, () => {
          if (key !== undefined && watches.get(key) === created) watches.delete(key);
        });
        if (key !== undefined) watches.set(key, created);
        return created;
      },
      schedule.scheduler,
    );
    return watch$.pipe(journal.watched);
  };
}

/** The key of a call's options and what it knows, for sharing a watch. */
export function watchKey(callOptions: object, known: KnownTask): string | undefined {
  // The common call, with no options, allocates nothing: a burst of thousands makes many.
  if (known === NOTHING_KNOWN && setsNothing(callOptions)) return NO_OPTIONS_KEY;
  return canonicalJson({ ...callOptions, ...known });
}

/** The key of options none of which is set: `canonicalJson({})`. */
const NO_OPTIONS_KEY = '{}';

function setsNothing(options: object): boolean {
  for (const name in options) {
    if ((options as Record<string, unknown>)[name] !== undefined) return false;
  }
  return true;
}
