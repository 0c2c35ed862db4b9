import type { Observable, SchedulerLike } from 'rxjs';
import { throwError } from 'rxjs';
import { assertTaskIdType, taskIdError } from '../api/api-request.js';
import type { PushedEvents } from '../events/pushed-events.js';
import type { JournalHooks } from '../journal/journal-hooks.js';
import type { VideoTask } from '../model/video-task.js';
import type { KnownTask } from '../schedule/task-planner.js';
import { canonicalJson } from '../util/merge-options.js';
import { StartLine } from '../watch/start-line.js';
import type { TaskSource } from '../watch/task-source.js';
import type { WatchParts } from '../watch/watch-parts.js';
import { PacedTaskWatch, WatchKind, type WatchRegistry } from './paced-task-watch.js';
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
  /** The client's scheduler: it paces the start of the watches. */
  readonly scheduler: SchedulerLike;
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
export function createTaskWatches({
  parts,
  events,
  journal,
  scheduler,
}: TaskWatchesDeps): WatchTask {
  const registry = new TaskWatchRegistry(parts, events, new StartLine(scheduler));
  return (id, settings, source, known, optionsKey) => {
    assertTaskIdType(id);
    // An id no URL can carry ends its own watch, typed, before any request: it may be a server's.
    const invalid = taskIdError(id);
    if (invalid !== undefined) return throwError(() => invalid);
    // Until it is subscribed, a watch is its id and its kind: nothing is built for it yet.
    return journal.watched(
      new PacedTaskWatch(registry.kind(settings, source, known, optionsKey), id),
    );
  };
}

/** The live shared watches of a client, by kind (source and options), then by id. */
class TaskWatchRegistry implements WatchRegistry {
  private readonly byKind = new Map<string, Map<string, Observable<VideoTask>>>();
  /** The kind of the last call: a burst of calls with the same options shares it. */
  private last: WatchKind | undefined;

  constructor(
    readonly parts: WatchParts,
    readonly events: PushedEvents,
    readonly line: StartLine,
  ) {}

  /** The kind of a call's watches: the last one again when nothing differs. */
  kind(
    settings: WatchSettings,
    source: TaskSource,
    known: KnownTask,
    optionsKey: string | undefined,
  ): WatchKind {
    const last = this.last;
    if (
      last !== undefined &&
      last.settings === settings &&
      last.source === source &&
      last.known === known &&
      last.optionsKey === optionsKey
    ) {
      return last;
    }
    // Own GETs, the common case, add nothing to the key.
    const key =
      optionsKey === undefined || source.name === ''
        ? optionsKey
        : `${source.name}\u0000${optionsKey}`;
    const kind = new WatchKind(this, settings, source, known, key, optionsKey);
    this.last = kind;
    return kind;
  }

  running(key: string | undefined, id: string): Observable<VideoTask> | undefined {
    return key === undefined ? undefined : this.byKind.get(key)?.get(id);
  }

  add(key: string | undefined, id: string, watch: Observable<VideoTask>): void {
    if (key === undefined) return;
    let watches = this.byKind.get(key);
    if (watches === undefined) {
      watches = new Map();
      this.byKind.set(key, watches);
    }
    watches.set(id, watch);
  }

  drop(key: string | undefined, id: string, watch: Observable<VideoTask>): void {
    if (key === undefined) return;
    const watches = this.byKind.get(key);
    if (watches === undefined || watches.get(id) !== watch) return;
    watches.delete(id);
    if (watches.size === 0) this.byKind.delete(key);
  }
}

/** The key of a call's options and what it knows, for sharing a watch. */
export function watchKey(callOptions: object | undefined, known: KnownTask): string | undefined {
  // The common call, with no options, allocates nothing: a burst of thousands makes many.
  if (known === NOTHING_KNOWN && (callOptions === undefined || setsNothing(callOptions))) {
    return NO_OPTIONS_KEY;
  }
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
