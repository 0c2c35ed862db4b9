import fc from 'fast-check';
import type { VideoTaskEvent } from 'sora-rx';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver, type SoraWebhookError } from '../../src/webhooks/index.js';
import { newSecret, openRouterSignature, signedHeaders } from './sign.js';

// Signed deliveries drawn at random, as a sender that signs every kind of event with the same
// secret sends them (the seeds of defects 7 and 8 of the hostile-edge issue): whatever comes,
// `handle()` answers 204, 400 or 413 and never throws, emits only video events, and never takes a
// body over `maxBodyBytes`.

const secret = newSecret();
const openRouterSecret = 'or-workspace-signing-secret-for-properties';
const maxBodyBytes = 2_048;

const word = fc.constantFrom(
  'completed',
  'failed',
  'cancelled',
  'canceled',
  'expired',
  'succeeded',
  'generated',
  'created',
  'in_progress',
  'queued',
  'incoming',
  '__proto__',
  'constructor',
);
const kind = fc.constantFrom(
  'video',
  'video.generation',
  'Video',
  'batch',
  'response',
  'fine_tuning.job',
  'eval.run',
  'realtime.call',
  'videos',
  'invoice',
  '',
);
const text = fc.oneof(fc.string({ maxLength: 12 }), word, fc.constant(''));
const value = fc.oneof(text, fc.integer(), fc.constant(null), fc.constant(undefined));

/** A JSON body: an event envelope, a task posted as it is, or something else entirely. */
const payload = fc.oneof(
  fc.record(
    {
      object: fc.oneof(fc.constant('event'), text),
      id: text,
      type: fc.oneof(
        fc.tuple(kind, word).map(([k, w]) => (k === '' ? w : `${k}.${w}`)),
        value,
      ),
      data: fc.oneof(
        fc.record(
          { id: value, video_id: value, task_id: value, status: fc.oneof(word, value) },
          { requiredKeys: [] },
        ),
        value,
        fc.array(text, { maxLength: 2 }),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    { id: value, object: fc.oneof(kind, value), status: fc.oneof(word, value) },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

/** The body as sent: JSON, maybe padded past the cap, or not JSON at all. */
const body = fc.oneof(
  { weight: 6, arbitrary: payload.map((p) => JSON.stringify(p) ?? 'null') },
  { weight: 1, arbitrary: payload.map((p) => `${JSON.stringify(p)}${' '.repeat(maxBodyBytes)}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

/** Whether a parsed body names a kind of event or object that is not a video. */
function isOtherKind(parsed: unknown): boolean {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const { type, object } = parsed as { type?: unknown; object?: unknown };
  const isVideo = (k: unknown) =>
    typeof k === 'string' && (k.toLowerCase() === 'video' || k.toLowerCase().startsWith('video.'));
  if (type !== undefined) return !isVideo(type);
  return object !== undefined && !isVideo(object);
}

describe.each(['standard-webhooks', 'openrouter'] as const)(
  'handle() over random signed deliveries (%s)',
  (scheme) => {
    it('answers 204, 400 or 413, never throws, emits only video events, and never over the cap', () => {
      fc.assert(
        fc.property(body, fc.boolean(), (sent, wellSigned) => {
          const events: VideoTaskEvent[] = [];
          const rejected: SoraWebhookError[] = [];
          const receiver = createWebhookReceiver({
            secret: scheme === 'openrouter' ? openRouterSecret : secret,
            scheme,
            maxBodyBytes,
            onRejected: (error) => rejected.push(error),
          });
          receiver.events$.subscribe((event) => events.push(event));
          const key = wellSigned ? undefined : newSecret();
          const headers =
            scheme === 'openrouter'
              ? { 'x-openrouter-signature': openRouterSignature(sent, [key ?? openRouterSecret]) }
              : signedHeaders(sent, [key ?? secret]);
          const outcome = receiver.handle(sent, headers);
          expect([204, 400, 413]).toContain(outcome.status);
          if (Buffer.byteLength(sent) > maxBodyBytes) {
            expect(outcome.status).toBe(413);
            expect(rejected.map((e) => e.reason)).toEqual(['too-large']);
          }
          if (!wellSigned) expect(outcome.status).not.toBe(204);
          expect(events).toEqual(outcome.event === undefined ? [] : [outcome.event]);
          for (const event of events) {
            expect(isOtherKind(JSON.parse(sent))).toBe(false);
            expect(event.id).toEqual(expect.any(String));
            expect(event.id).not.toBe('');
            expect(['queued', 'processing', 'completed', 'failed']).toContain(event.status);
          }
        }),
        { numRuns: 400 },
      );
    });
  },
);
