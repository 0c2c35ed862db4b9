import { createHmac, randomBytes } from 'node:crypto';
import type { SimulationClock } from './clock.js';
import { chance, type Random, randomHex } from './random.js';
import type { TaskBody } from './render-task.js';
import type { SimulatedTask } from './task-types.js';
import type { TaskStore } from './tasks.js';
import type { TimerRegistry } from './timers.js';
import type { SoraDialect } from './types.js';
import { openRouterEnvelope, openRouterHeaders } from './webhook-openrouter.js';
import type {
  SimulatorWebhookFaults,
  SimulatorWebhookOptions,
  SimulatorWebhooks,
} from './webhook-types.js';

/** How long one delivery may take before it counts as failed, in clock ms. */
const DELIVERY_TIMEOUT_MS = 10_000;

/** What the dispatcher needs of its simulator. */
export interface WebhookDeps {
  readonly clock: SimulationClock;
  /** Whether the clock is the system's: then each task's finish is awaited with a real timer. */
  readonly realTime: boolean;
  readonly timeScale: number;
  readonly tasks: TaskStore;
  readonly timers: TimerRegistry;
  readonly random: Random;
  /** The API's dialect: `'openrouter'` sends OpenRouter's envelope and signature. */
  readonly dialect: SoraDialect;
  /** The task as `GET /videos/{id}` shows it. */
  readonly render: (task: SimulatedTask) => TaskBody;
}

/**
 * Sends each watched task's terminal webhook, signed with the Standard Webhooks scheme (in the
 * `'openrouter'` dialect, OpenRouter's `{ type: 'video.generation.<status>', created_at, data }`
 * signed in `X-OpenRouter-Signature`, with `X-OpenRouter-Idempotency-Key`), when the task ends: at its finish on a real timer with the system clock, or at the first
 * `advance()` or `setTask()` past it with another clock. Faults on demand: lost, duplicated,
 * retried, delayed and out-of-order deliveries; a delivery without a 2xx answer is retried.
 */
export class WebhookDispatcher implements SimulatorWebhooks {
  readonly secret: string;
  sent = 0;
  lost = 0;
  repeated = 0;
  failedAttempts = 0;
  abandoned = 0;
  readonly #deps: WebhookDeps;
  readonly #options: SimulatorWebhookOptions;
  readonly #maxAttempts: number;
  readonly #retryDelayMs: number;
  #faults: Required<SimulatorWebhookFaults>;
  /** The watched tasks not yet ended: their URL and their timer, if one runs. */
  readonly #pending = new Map<string, { url: string; timer?: NodeJS.Timeout | undefined }>();
  readonly #lostIds: string[] = [];
  readonly #abort = new AbortController();

  constructor(deps: WebhookDeps, options: SimulatorWebhookOptions = {}) {
    this.#deps = deps;
    this.#options = options;
    const { url, secret, shape = 'event', maxAttempts = 5, retryDelayMs = 1_000 } = options;
    if (url !== undefined) assertUrl(url, 'webhooks.url');
    if (deps.dialect === 'openrouter') {
      if (secret !== undefined && (typeof secret !== 'string' || secret === '')) {
        throw new TypeError('Expected `webhooks.secret` to be a non-empty string');
      }
    } else if (secret !== undefined && !/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) {
      throw new TypeError('Expected `webhooks.secret` to be `whsec_` and base64');
    }
    if (shape !== 'event' && shape !== 'task') {
      throw new TypeError("Expected `webhooks.shape` to be 'event' or 'task'");
    }
    assertCount(maxAttempts, 'webhooks.maxAttempts', 1);
    assertCount(retryDelayMs, 'webhooks.retryDelayMs', 0);
    this.secret = secret ?? `whsec_${randomBytes(24).toString('base64')}`;
    this.#maxAttempts = maxAttempts;
    this.#retryDelayMs = retryDelayMs;
    this.#faults = checkFaults({}, options.faults ?? {});
  }

  setFaults(faults: SimulatorWebhookFaults): void {
    this.#faults = checkFaults(this.#faults, faults);
  }

  lostTaskIds(): readonly string[] {
    return [...this.#lostIds];
  }

  /** Sends `id`'s terminal webhook to `url` (or the default URL) when it ends; none without a URL. */
  watch(id: string, url: string | undefined): void {
    const target = url ?? this.#options.url;
    if (target === undefined) return;
    this.#pending.set(id, { url: target });
    this.taskChanged(id);
  }

  /** A task's timeline changed (`setTask`): its webhook goes at the new finish, or now. */
  taskChanged(id: string): void {
    const entry = this.#pending.get(id);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    const task = this.#deps.tasks.get(id);
    if (task === undefined) return;
    if (task.status === 'completed' || task.status === 'failed') {
      this.#pending.delete(id);
      this.#send(task, entry.url);
    } else if (this.#deps.realTime) {
      const waitMs = (task.finishedAt - this.#deps.clock.now()) / this.#deps.timeScale;
      entry.timer = setTimeout(() => this.taskChanged(id), Math.max(0, Math.ceil(waitMs)) + 1);
    }
  }

  /** The clock moved (`advance`): sends the webhooks of the tasks that ended meanwhile. */
  clockMoved(): void {
    for (const id of [...this.#pending.keys()]) this.taskChanged(id);
  }

  /** Stops every timer and delivery. */
  close(): void {
    for (const entry of this.#pending.values()) clearTimeout(entry.timer);
    this.#pending.clear();
    this.#abort.abort();
  }

  #send(task: SimulatedTask, url: string): void {
    const { random } = this.#deps;
    const faults = this.#faults;
    if (chance(random, faults.lossRate)) {
      this.lost += 1;
      this.#lostIds.push(task.id);
      return;
    }
    this.sent += 1;
    const message = this.#message(task, task.status);
    const stale = chance(random, faults.outOfOrderRate)
      ? this.#message(task, 'processing')
      : undefined;
    const copies = chance(random, faults.duplicateRate) ? 2 : 1;
    const retried = chance(random, faults.retryRate);
    void (async () => {
      await Promise.all(
        Array.from({ length: copies }, (_, copy) => {
          if (copy > 0) this.repeated += 1;
          return this.#deliver(url, message);
        }),
      );
      if (stale !== undefined) await this.#deliver(url, stale);
      if (retried && (await this.#deps.timers.sleep(this.#retryDelayMs))) {
        this.repeated += 1;
        await this.#deliver(url, message);
      }
    })();
  }

  #message(task: SimulatedTask, status: string): { id: string; body: string } {
    const data = this.#deps.render(task);
    if (this.#deps.dialect === 'openrouter') {
      if (status === 'processing') {
        data.status = 'in_progress';
        for (const field of ['generation_id', 'unsigned_urls', 'usage', 'error'])
          delete data[field];
      }
      return {
        id: `${task.id}-${String(data.status)}`,
        body: JSON.stringify(openRouterEnvelope(data)),
      };
    }
    if (status === 'processing') Object.assign(data, { status, video_url: null });
    const body =
      this.#options.shape === 'task'
        ? data
        : { type: `video.${status}`, timestamp: new Date().toISOString(), data };
    return { id: `msg_${randomHex(this.#deps.random, 24)}`, body: JSON.stringify(body) };
  }

  /** Delivers a message after the delay fault, retrying without a 2xx answer. */
  async #deliver(url: string, message: { id: string; body: string }): Promise<void> {
    const { delayMs, delayJitterMs } = this.#faults;
    const wait = delayMs + delayJitterMs * this.#deps.random();
    if (wait > 0 && !(await this.#deps.timers.sleep(wait))) return;
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      if (this.#abort.signal.aborted) return;
      if (await this.#post(url, message)) return;
      this.failedAttempts += 1;
      if (attempt === this.#maxAttempts) break;
      const backoff = this.#retryDelayMs * 2 ** (attempt - 1);
      if (!(await this.#deps.timers.sleep(backoff))) return;
    }
    this.abandoned += 1;
  }

  /** One signed POST; whether it got a 2xx answer. */
  async #post(url: string, { id, body }: { id: string; body: string }): Promise<boolean> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature =
      this.#deps.dialect === 'openrouter'
        ? openRouterHeaders(this.secret, id, timestamp, body)
        : {
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(this.secret, id, timestamp, body),
          };
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...signature },
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      await res.arrayBuffer();
      return res.status >= 200 && res.status < 300;
    } catch {
      return false;
    }
  }
}

/** The Standard Webhooks signature of a message: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

function checkFaults(
  current: Partial<Required<SimulatorWebhookFaults>>,
  patch: SimulatorWebhookFaults,
): Required<SimulatorWebhookFaults> {
  const merged = {
    lossRate: 0,
    duplicateRate: 0,
    retryRate: 0,
    outOfOrderRate: 0,
    delayMs: 0,
    delayJitterMs: 0,
    ...current,
    ...patch,
  };
  for (const [name, value] of Object.entries(merged)) {
    const isRate = name.endsWith('Rate');
    if (
      typeof value !== 'number' ||
      !(value >= 0) ||
      (isRate ? value > 1 : !Number.isFinite(value))
    ) {
      const wanted = isRate ? 'a share from 0 to 1' : 'a non-negative number';
      throw new TypeError(
        `Expected \`webhooks.faults.${name}\` to be ${wanted}, got ${String(value)}`,
      );
    }
  }
  return merged;
}

function assertUrl(url: unknown, name: string): void {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url) || !URL.canParse(url)) {
    throw new TypeError(`Expected \`${name}\` to be an absolute http(s) URL`);
  }
}

function assertCount(value: unknown, name: string, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`Expected \`${name}\` to be a whole number of at least ${min}`);
  }
}
