import { Observable, type Subscriber, Subscription } from 'rxjs';
import { isTerminal } from '../model/video-status.js';
import type { VideoTaskEvent } from '../model/video-task-event.js';

/** How many recent terminal events the hub remembers for watches that start just after them. */
const RECENT_EVENTS = 1_000;

/** Hands the terminal events of one shared source to the watches of their tasks. */
export interface TaskEventHub {
  /**
   * The terminal events of one task: at once if one came lately, then each that comes. It errors
   * when the source errors; the source's completion ends nothing.
   */
  terminal$(id: string): Observable<VideoTaskEvent>;
}

/**
 * One subscription to `events$` for every watch of a client, held while any watch listens, with
 * the events dispatched by task id: ten thousand watches cost one lookup per event, not ten
 * thousand filters. Events that are not `{ id, status }` with a terminal status are ignored. The
 * last {@link RECENT_EVENTS} terminal events are remembered, so that a watch that starts just
 * after its task's event (a create answered after its webhook) still hears of it.
 */
export function createTaskEventHub(events$: Observable<VideoTaskEvent>): TaskEventHub {
  const listeners = new Map<string, Set<Subscriber<VideoTaskEvent>>>();
  const recent = new Map<string, VideoTaskEvent>();
  let count = 0;
  let source: Subscription | undefined;

  const dispatch = (event: unknown): void => {
    if (!isTerminalEvent(event)) return;
    recent.delete(event.id);
    recent.set(event.id, event);
    if (recent.size > RECENT_EVENTS) recent.delete(recent.keys().next().value as string);
    const subscribers = listeners.get(event.id);
    if (subscribers !== undefined)
      for (const subscriber of [...subscribers]) subscriber.next(event);
  };
  const fail = (error: unknown): void => {
    source = undefined;
    const all = [...listeners.values()].flatMap((subscribers) => [...subscribers]);
    for (const subscriber of all) subscriber.error(error);
  };

  const terminal$ = (id: string): Observable<VideoTaskEvent> =>
    new Observable<VideoTaskEvent>((subscriber) => {
      const known = recent.get(id);
      if (known !== undefined) subscriber.next(known);
      let subscribers = listeners.get(id);
      if (subscribers === undefined) {
        subscribers = new Set();
        listeners.set(id, subscribers);
      }
      subscribers.add(subscriber);
      count += 1;
      if (source === undefined) {
        // Set before the source runs, so that one that fails at once finds it.
        const running = new Subscription();
        source = running;
        running.add(events$.subscribe({ next: dispatch, error: fail }));
      }
      return () => {
        const own = listeners.get(id);
        if (own?.delete(subscriber) && own.size === 0) listeners.delete(id);
        count -= 1;
        if (count === 0 && source !== undefined) {
          const running = source;
          source = undefined;
          running.unsubscribe();
        }
      };
    });
  return { terminal$ };
}

/** Whether a value is an event that ends a wait: an object with a string `id` and a terminal status. */
function isTerminalEvent(event: unknown): event is VideoTaskEvent {
  if (typeof event !== 'object' || event === null) return false;
  const { id, status } = event as Record<string, unknown>;
  return (
    typeof id === 'string' && (status === 'completed' || status === 'failed') && isTerminal(status)
  );
}
