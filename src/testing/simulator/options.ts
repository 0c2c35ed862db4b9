import { randomBytes, randomInt } from 'node:crypto';
import type { SimulatorClock, SoraDialect, SoraSimulatorOptions } from './types.js';

/** The options of a simulator with every default filled in (faults and size excepted). */
export interface ResolvedOptions {
  readonly dialect: SoraDialect;
  /** Whether `POST /videos/{id}/cancel` is served. */
  readonly cancel: boolean;
  readonly apiKey: string;
  readonly host: string;
  readonly port: number;
  readonly clock: 'system' | 'manual' | SimulatorClock;
  readonly timeScale: number;
  readonly startTime: number;
  readonly seed: number;
  /** The poll hint in simulated ms, or `null` for none. */
  readonly pollAfterMs: number | null;
  /** The `openai-poll-after-ms` header: `pollAfterMs` in clock ms, or `null` for none. */
  readonly pollHintMs: number | null;
}

/** The poll hint of the `openai` dialect, in simulated ms. */
const OPENAI_POLL_AFTER_MS = 5000;

/** The poll hint of a sped-up `seed` simulator, in simulated ms: the API asks for 30–60 s. */
const SEED_POLL_AFTER_MS = 30_000;

/**
 * The default poll hint: OpenAI's, or the seed API's 30 s once time runs faster; the seed API
 * and OpenRouter (which asks for a poll every 10–30 s in its docs) send none, so neither do their
 * dialects at real speed.
 */
function defaultPollAfterMs(dialect: SoraDialect, timeScale: number): number | null {
  if (dialect === 'openai') return OPENAI_POLL_AFTER_MS;
  return timeScale === 1 ? null : SEED_POLL_AFTER_MS;
}

/** Throws a TypeError naming the option unless `ok`. */
function expect(ok: boolean, name: string, wanted: string, value: unknown): void {
  if (!ok) {
    const shown = typeof value === 'string' ? `'${value}'` : String(value);
    throw new TypeError(`Expected \`${name}\` to be ${wanted}, got ${shown}`);
  }
}

function isClock(value: unknown): value is SimulatorClock {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { now?: unknown }).now === 'function'
  );
}

/** Checks the options at once, with messages naming the option, and fills in the defaults. */
export function resolveOptions(options: SoraSimulatorOptions): ResolvedOptions {
  const {
    dialect = 'seed',
    apiKey = `sim_${randomBytes(16).toString('hex')}`,
    host = '127.0.0.1',
    port = 0,
    clock = 'system',
    timeScale = 1,
    startTime = Date.now(),
    seed = randomInt(0, 2 ** 32 - 1),
  } = options;
  expect(
    dialect === 'seed' || dialect === 'openai' || dialect === 'openrouter',
    'dialect',
    "'seed', 'openai' or 'openrouter'",
    dialect,
  );
  const { cancel = false } = options;
  expect(typeof cancel === 'boolean', 'cancel', 'true or false', cancel);
  expect(!cancel || dialect === 'openai', 'cancel', "false unless `dialect` is 'openai'", cancel);
  expect(
    typeof apiKey === 'string' && /^\S+$/.test(apiKey),
    'apiKey',
    'a non-empty string without spaces',
    apiKey,
  );
  expect(typeof host === 'string' && host !== '', 'host', 'a host name or address', host);
  expect(Number.isInteger(port) && port >= 0 && port <= 65_535, 'port', 'a port number', port);
  expect(
    clock === 'system' || clock === 'manual' || isClock(clock),
    'clock',
    "'system', 'manual' or an object with now()",
    clock,
  );
  expect(Number.isFinite(timeScale) && timeScale > 0, 'timeScale', 'a positive number', timeScale);
  expect(Number.isFinite(startTime), 'startTime', 'a finite number', startTime);
  expect(Number.isInteger(seed), 'seed', 'an integer', seed);
  const pollAfterMs =
    options.pollAfterMs === undefined
      ? defaultPollAfterMs(dialect, timeScale)
      : options.pollAfterMs;
  expect(
    pollAfterMs === null || (Number.isFinite(pollAfterMs) && pollAfterMs >= 0),
    'pollAfterMs',
    'a non-negative number or null',
    pollAfterMs,
  );
  return {
    dialect,
    cancel,
    apiKey,
    host,
    port,
    clock,
    timeScale,
    startTime,
    seed: seed >>> 0,
    pollAfterMs,
    pollHintMs: pollAfterMs === null ? null : Math.round(pollAfterMs / timeScale),
  };
}
