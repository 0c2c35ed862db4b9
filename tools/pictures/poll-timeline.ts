import { defer, of, VirtualTimeScheduler } from 'rxjs';
import type { VideoStatusOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { VideoStatus } from '../../src/model/video-status.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { task } from '../../test/helpers/scripted-client.js';
import { drawTimeline, type TimelineGroup } from './timeline-chart.js';

/** A task of the picture: how long it takes on the gateway and how it ends. */
export interface PictureTask {
  /** Written above its lanes. */
  readonly title: string;
  /** When it ends, in ms after its creation. */
  readonly endMs: number;
  /** How it ends. */
  readonly end: 'completed' | 'failed';
  /** Whether its answers report `progress` (in OpenAI's way: a steady percentage). */
  readonly progress?: boolean;
}

/** The tasks of the picture: the seed's range of generation times, and an early rejection. */
export const PICTURE_TASKS: readonly PictureTask[] = [
  { title: 'rejected by the gateway 12 s in', endMs: 12_000, end: 'failed' },
  { title: 'done after 2 min 30 s', endMs: 150_000, end: 'completed' },
  { title: 'done after 4 min 10 s', endMs: 250_000, end: 'completed' },
  { title: 'done after 9 min', endMs: 540_000, end: 'completed' },
  {
    title: 'done after 6 min, reporting progress',
    endMs: 360_000,
    end: 'completed',
    progress: true,
  },
];

/** The schedules side by side: the default, and a fixed 30 s interval. */
export const PICTURE_SCHEDULES = [
  { label: 'default schedule', color: '#1f6feb', options: { jitter: 0 } },
  { label: 'fixed 30 s', color: '#8a8a8a', options: { intervalMs: 30_000, jitter: 0 } },
] as const satisfies readonly { label: string; color: string; options: VideoStatusOptions }[];

/**
 * Watches `t` with the real client in virtual time against a gateway that answers at once in the
 * seed's shape (queued for the first tenth, then processing, then its end, with `progress` if asked), and returns when each
 * poll went out.
 */
export function recordPolls(t: PictureTask, options: VideoStatusOptions): number[] {
  const scheduler = new VirtualTimeScheduler();
  const polls: number[] = [];
  const statusAt = (ms: number): VideoStatus =>
    ms >= t.endMs ? t.end : ms >= t.endMs / 10 ? 'processing' : 'queued';
  const transport = stubTransport(() =>
    defer(() => {
      polls.push(scheduler.now());
      const now = scheduler.now();
      const progress =
        t.progress && now < t.endMs ? { progress: Math.floor((100 * now) / t.endMs) } : {};
      return of(jsonResponse({ ...task(statusAt(now), { created: 0 }), ...progress }));
    }),
  );
  const sora = createSoraClient({
    baseUrl: 'https://gateway.test/v1',
    apiKey: 'sk-test',
    transport,
    scheduler,
  });
  sora.videoStatus$('sora_1', options).subscribe({ error: () => {} });
  scheduler.flush();
  return polls;
}

/** The timeline picture: each task's polls under each schedule, from a real run in virtual time. */
export function pollTimelineSvg(): string {
  const groups: TimelineGroup[] = PICTURE_TASKS.map((t) => ({
    title: t.title,
    lanes: PICTURE_SCHEDULES.map((s) => ({
      label: s.label,
      color: s.color,
      endMs: t.endMs,
      times: recordPolls(t, s.options),
    })),
  }));
  return drawTimeline('When sora-rx polls: the default schedule beside fixed 30 s polling', groups);
}
