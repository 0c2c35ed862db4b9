// Issue 21, "a standing fuzzer": the real client against a generated hostile gateway (a real
// node:http server on 127.0.0.1), whose statuses, ids, headers, bodies and connection behaviour
// fast-check draws per request. `npm test` runs a few runs; `npm run fuzz` runs many
// (FUZZ_RUNS), and FUZZ_SEED replays a run: see docs/reliability.md, "The fuzzer".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLETED, type RunScript, runScriptOf, type TaskStep, WHOLE } from './hostile-gateway.js';
import { outcomesOf, playRun, violationsOf } from './play-run.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 4);
// `npm test` (no FUZZ_RUNS) draws its few runs from one fixed seed, so that CI is reproducible;
// `npm run fuzz` draws a fresh seed each time, to explore.
const SEED =
  process.env.FUZZ_SEED !== undefined
    ? Number(process.env.FUZZ_SEED)
    : process.env.FUZZ_RUNS === undefined
      ? 20_261_206
      : Date.now() ^ (Math.random() * 2 ** 31);

/** A poll answer: a completed task, with `overrides`. */
const step = (overrides: Partial<TaskStep>): TaskStep => ({ ...COMPLETED, ...overrides });

/** A run of one task, watched with its download. */
const oneTask = (
  id: string,
  steps: TaskStep[],
  mode: RunScript['mode'] = 'status-and-download',
): RunScript => ({
  mode,
  tasks: [{ id, steps, video: [WHOLE] }],
  list: [],
});

/** The defects of issue 21 that a gateway can cause, each a run the fuzzer always plays first. */
const SEEDS: ReadonlyArray<[RunScript]> = [
  // 1. An id with a lone surrogate, from the caller and from a gateway's answer.
  [oneTask('sora_\ud800x', [COMPLETED])],
  [oneTask('sora_\ud800x', [COMPLETED], 'watch-all')],
  [oneTask('sora_1', [step({ taskStatus: 'processing', otherId: 'sora_\ud800x' }), COMPLETED])],
  // 2. "Retry now" in each form, after a 429 and after a 503.
  [
    oneTask('sora_2', [
      step({ status: 429, body: 'html', hints: { retryAfter: '0' } }),
      step({ status: 503, body: 'html', hints: { retryAfterMs: '0' } }),
      COMPLETED,
    ]),
  ],
  [
    oneTask('sora_3', [
      step({ status: 503, body: 'html', hints: { retryAfter: { dateInSeconds: -3_600 } } }),
      step({ status: 429, body: 'html', hints: { retryAfter: '0', retryAfterMs: '0' } }),
      COMPLETED,
    ]),
  ],
  // A terminal status, then a running one, then the other terminal one: nothing after the first.
  [
    oneTask(
      'sora_t',
      [COMPLETED, step({ taskStatus: 'processing' }), step({ taskStatus: 'failed' })],
      'watch-all',
    ),
  ],
  // 5. A video cut short on a connection without a content-length, then whole on the resume.
  [
    {
      mode: 'status-and-download',
      tasks: [
        {
          id: 'sora_5',
          steps: [COMPLETED],
          video: [{ ...WHOLE, kind: 'close-cut', cut: 0.5 }, WHOLE],
        },
      ],
      list: [],
    },
  ],
  // 12. Oversize list pages beside tasks still polled.
  [
    {
      mode: 'watch-all',
      tasks: ['sora_a', 'sora_b', 'sora_c'].map((id) => ({
        id,
        steps: [step({ taskStatus: 'processing' }), step({ taskStatus: 'queued' }), COMPLETED],
        video: [WHOLE],
      })),
      list: [step({ body: 'oversize' }), step({ body: 'oversize' })],
    },
  ],
  // 16. A list page that met a 503 while tasks came due at other moments: no page sooner than 1 s.
  [
    {
      mode: 'watch-all',
      tasks: ['sora_l1', 'sora_l2', 'sora_l3'].map((id, i) => ({
        id,
        steps: [
          step({ taskStatus: 'processing', hints: { pollAfterMs: String(10 + 300 * i) } }),
          step({ taskStatus: 'queued', hints: { pollAfterMs: '10' } }),
          COMPLETED,
        ],
        video: [WHOLE],
      })),
      list: [
        step({ taskStatus: 'failed', hints: { contentEncoding: 'br-lie' } }),
        step({
          status: 503,
          taskStatus: 'in_progress',
          hints: { retryAfter: '2', pollAfterMs: '0' },
        }),
      ],
    },
  ],
];

describe('the client against a hostile gateway', () => {
  it(
    'lets nothing escape, emits nothing after a terminal task, saves only what was served, waits 1 s after a 429 or 503, and never shows the key',
    async () => {
      console.info(`fuzz: ${RUNS} runs with seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(runScriptOf({ closeDelimitedCuts: true }), async (run) => {
          const dir = mkdtempSync(join(tmpdir(), 'sora-rx-fuzz-'));
          try {
            const observed = await playRun(run, dir);
            for (const o of outcomesOf(observed)) outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
            expect(violationsOf(run, observed)).toEqual([]);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }),
        {
          numRuns: RUNS + SEEDS.length,
          seed: SEED,
          // FUZZ_PATH (from a failure's report) replays that one run of the seed.
          ...(process.env.FUZZ_PATH === undefined ? {} : { path: process.env.FUZZ_PATH }),
          examples: [...SEEDS],
          // Shrinking replays runs of seconds each: the counterexample is reported as drawn.
          endOnFailure: true,
        },
      );
      const counted = [...outcomes].sort(([a], [b]) => a.localeCompare(b));
      console.info(`fuzz: outcomes ${counted.map(([o, n]) => `${o} ${n}`).join(', ')}`);
    },
    (RUNS + SEEDS.length) * 20_000,
  );
});
