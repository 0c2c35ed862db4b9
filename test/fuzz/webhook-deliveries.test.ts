// Issue 21, "a standing fuzzer", its webhook half: drawn deliveries sent over real sockets to
// `createWebhookReceiver`'s handler on 127.0.0.1 (signed or not, video events or others, over the
// body cap, slow, cut short). Whatever comes, every delivery is answered or closed within the
// body deadline, nothing escapes, only a whole, signed video event is emitted (once), and the
// secret shows nowhere. `npm run fuzz` runs more (FUZZ_RUNS, FUZZ_SEED, as the gateway's fuzzer).
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { inspect } from 'node:util';
import fc from 'fast-check';
import type { VideoTaskEvent } from 'sora-rx';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver } from '../../src/webhooks/index.js';
import { newSecret, signedHeaders } from '../webhooks/sign.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED =
  process.env.FUZZ_SEED === undefined
    ? Date.now() ^ (Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED);

const MAX_BODY_BYTES = 2_048;
const BODY_TIMEOUT_MS = 300;
/** How long a delivery may wait for its answer or its close: the deadline, and room for a loaded machine. */
const ANSWER_WITHIN_MS = BODY_TIMEOUT_MS + 2_000;

const delivery = fc.record({
  type: fc.constantFrom(
    'video.completed',
    'video.failed',
    'video.generation.cancelled',
    'batch.completed',
    'response.cancelled',
    'fine_tuning.job.succeeded',
    'eval.run.failed',
  ),
  taskId: fc.constantFrom('video_1', 'video_2', 'sora_\ud800x', '__proto__', ''),
  /** Bytes of padding: some bodies go over the cap. */
  pad: fc.constantFrom(0, 0, 0, 100, MAX_BODY_BYTES),
  signature: fc.constantFrom('valid', 'valid', 'valid', 'other secret', 'none', 'stale', 'garbage'),
  body: fc.constantFrom('json', 'json', 'json', 'cut', 'html'),
  send: fc.constantFrom('whole', 'whole', 'whole', 'slow', 'reset-mid', 'stall-mid', 'no-length'),
});
type Delivery = typeof delivery extends fc.Arbitrary<infer D> ? D : never;

/** The body and headers of `d`, as its sender writes them. */
function messageOf(d: Delivery, n: number, secret: string): { body: Buffer; headers: string } {
  const event = {
    object: 'event',
    id: `evt_${n}`,
    type: d.type,
    created_at: 1_761_635_478,
    data: { id: d.taskId, pad: 'x'.repeat(d.pad) },
  };
  const json = JSON.stringify(event);
  const text =
    d.body === 'html'
      ? '<html>hi</html>'
      : d.body === 'cut'
        ? json.slice(0, json.length / 2)
        : json;
  const at = d.signature === 'stale' ? new Date(Date.now() - 3_600_000) : new Date();
  const signer = d.signature === 'other secret' ? newSecret() : secret;
  const signed = signedHeaders(text, [signer], { id: `msg_${n}`, at });
  if (d.signature === 'none') signed['webhook-signature'] = '';
  if (d.signature === 'garbage') signed['webhook-signature'] = 'v1,!!!';
  const body = Buffer.from(text);
  const lines = [
    'POST /hooks HTTP/1.1',
    'host: 127.0.0.1',
    'content-type: application/json',
    ...(d.send === 'no-length' ? ['connection: close'] : [`content-length: ${body.length}`]),
    ...Object.entries(signed).map(([name, value]) => `${name}: ${value}`),
  ];
  return { body, headers: `${lines.join('\r\n')}\r\n\r\n` };
}

/** Sends one delivery on a socket of its own; resolves with the answer's status line, or 'closed'. */
async function send(port: number, d: Delivery, message: { body: Buffer; headers: string }) {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  const ended = new Promise<string>((resolve) => {
    socket.once('close', () => resolve(answer.split('\r\n')[0] || 'closed'));
  });
  const { body, headers } = message;
  const half = body.subarray(0, body.length >> 1);
  socket.write(headers);
  if (d.send === 'whole') socket.write(body);
  if (d.send === 'no-length') socket.end(body);
  if (d.send === 'reset-mid') socket.write(half, () => socket.destroy());
  if (d.send === 'stall-mid') socket.write(half);
  if (d.send === 'slow') {
    // A byte every 100 ms: the body outlives its deadline unless it is tiny.
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || sent >= body.length) return clearInterval(timer);
      socket.write(body.subarray(sent, ++sent));
    }, 100);
    socket.once('close', () => clearInterval(timer));
  }
  // An answer ends the exchange for the sender, as a client that does not keep the connection.
  socket.on('data', () => {
    if (/\r\n\r\n/.test(answer)) socket.end();
  });
  const timeout = new Promise<string>((resolve) =>
    setTimeout(() => resolve('no answer'), ANSWER_WITHIN_MS).unref(),
  );
  const outcome = await Promise.race([ended, timeout]);
  socket.destroy();
  return outcome;
}

/** Whether the receiver must emit `d`'s event: whole, signed, under the cap, a video event. */
function mustEmit(d: Delivery): boolean {
  return (
    d.signature === 'valid' &&
    d.body === 'json' &&
    d.send === 'whole' &&
    d.pad < MAX_BODY_BYTES &&
    d.type.startsWith('video.') &&
    /^video_\d$/.test(d.taskId)
  );
}

describe('the webhook receiver against drawn deliveries', () => {
  it(
    'answers or closes every delivery in time, lets nothing escape, emits only whole signed video events once, and never shows the secret',
    async () => {
      console.info(`fuzz webhooks: ${RUNS} runs with seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
      await fc.assert(
        fc.asyncProperty(fc.array(delivery, { minLength: 1, maxLength: 6 }), async (deliveries) => {
          const escaped: unknown[] = [];
          const onEscape = (error: unknown) => escaped.push(error);
          process.on('uncaughtException', onEscape);
          process.on('unhandledRejection', onEscape);
          const secret = newSecret();
          const rejected: unknown[] = [];
          const receiver = createWebhookReceiver({
            secret,
            maxBodyBytes: MAX_BODY_BYTES,
            bodyTimeoutMs: BODY_TIMEOUT_MS,
            onRejected: (error) => rejected.push(error),
          });
          const emitted: VideoTaskEvent[] = [];
          const subscription = receiver.events$.subscribe((e) => emitted.push(e));
          const server = createServer(receiver.handler).listen(0, '127.0.0.1');
          try {
            await once(server, 'listening');
            const { port } = server.address() as AddressInfo;
            const outcomes = await Promise.all(
              deliveries.map((d, n) => send(port, d, messageOf(d, n, secret))),
            );
            const answers = outcomes.map((o, n) => `${deliveries[n]?.send}: ${o}`);
            expect(answers.filter((a) => a.endsWith('no answer'))).toEqual([]);
            const expected = deliveries.filter(mustEmit).map((d) => d.taskId);
            const allowed = new Set<string>(
              deliveries
                .filter((d) => d.signature === 'valid' && d.type.startsWith('video.'))
                .map((d) => d.taskId),
            );
            const ids = emitted.map((e) => e.id);
            expect(ids.filter((id) => !allowed.has(id))).toEqual([]);
            expect([...ids].sort()).toEqual(expect.arrayContaining(expected));
            expect(ids.length).toBeLessThanOrEqual(
              deliveries.filter((d) => d.signature === 'valid').length,
            );
            const shown = inspect([rejected, emitted], { depth: 8 });
            expect(shown.includes(secret.slice('whsec_'.length))).toBe(false);
          } finally {
            subscription.unsubscribe();
            server.closeAllConnections();
            await new Promise((resolve) => server.close(resolve));
            await new Promise((resolve) => setTimeout(resolve, 20));
            process.off('uncaughtException', onEscape);
            process.off('unhandledRejection', onEscape);
          }
          expect(escaped.map((e) => inspect(e))).toEqual([]);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    RUNS * 10_000,
  );
});
