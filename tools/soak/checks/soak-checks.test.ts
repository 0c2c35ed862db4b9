// The soak's checks catch what they are meant to: each one is shown a run that breaks its promise.
import { describe, expect, it } from 'vitest';
import type { SoakRecord } from '../run-soak.js';
import { shortSoakOptions } from '../soak-options.js';
import { checkAfterUnsubscribe } from './check-after-unsubscribe.js';
import { checkRequestRate, countWindows } from './check-request-rate.js';
import { checkSavedVideos } from './check-saved-videos.js';
import { checkSimulatorAgreement } from './check-simulator-agreement.js';
import { checkTerminalStatus } from './check-terminal-status.js';
import { checkUnhandledRejections } from './check-unhandled-rejections.js';
import { checkSoak } from './soak-checks.js';

const SHA = 'a'.repeat(64);

/** A clean run of two tasks: `a` completes and is saved, `b` fails. */
function cleanRun(): SoakRecord {
  return {
    options: shortSoakOptions(7),
    ids: ['a', 'b'],
    pendingIds: ['p'],
    tasks: [
      { id: 'a', status: 'processing', atMs: 1_000 },
      { id: 'p', status: 'processing', atMs: 1_000 },
      { id: 'a', status: 'completed', atMs: 2_000 },
      { id: 'b', status: 'failed', atMs: 2_500 },
    ],
    watchErrors: [],
    saved: [{ id: 'a', file: '/d/a.mp4', bytes: 10 }],
    downloadErrors: [],
    files: [{ file: '/d/a.mp4', size: 10, sha256: SHA }],
    video: { size: 10, sha256: SHA },
    simulator: {
      type: 'report',
      tasks: [
        { id: 'a', status: 'completed', finishedAtMs: 1_900 },
        { id: 'b', status: 'failed', finishedAtMs: 2_400 },
        { id: 'p', status: 'processing', finishedAtMs: null },
      ],
      requestTimes: [0, 100, 200, 3_000],
      connectionTimes: [0],
      metrics: {
        totalRequests: 4,
        downloads: 1,
        maxRequestsPerSecond: 3,
        maxConcurrency: 2,
        faults: {
          rateLimited: 0,
          serverError: 0,
          dropped: 0,
          slow: 0,
          malformedJson: 0,
          htmlBody: 0,
          unknownStatus: 0,
          expiredUrl: 0,
          failedTask: 0,
          downloadDropped: 0,
        },
      },
    },
    unsubscribedAtMs: 3_000,
    timedOut: false,
    unhandledRejections: [],
    leftoverResources: [],
    clientMs: 3_000,
    wallMs: 4_000,
  };
}

describe('the soak checks', () => {
  it('pass a clean run', () => {
    expect(checkSoak(cleanRun()).filter((result) => !result.passed)).toEqual([]);
  });

  describe('terminal status', () => {
    it('fails a task reported terminal twice', () => {
      const run = cleanRun();
      const result = checkTerminalStatus({
        ...run,
        tasks: [...run.tasks, { id: 'a', status: 'completed', atMs: 3_000 }],
      });
      expect(result.passed).toBe(false);
      expect(result.summary).toContain('1 twice or more');
    });

    it('fails a task whose watch errored, naming the code', () => {
      const run = cleanRun();
      const result = checkTerminalStatus({
        ...run,
        tasks: run.tasks.filter((task) => task.id !== 'b'),
        watchErrors: [{ id: 'b', code: 'SORA_DECODE', message: 'not JSON' }],
      });
      expect(result.passed).toBe(false);
      expect(result.details).toContain('watch ended in an error: SORA_DECODE 1');
    });

    it('fails a task that never ended', () => {
      const run = cleanRun();
      const result = checkTerminalStatus({
        ...run,
        tasks: run.tasks.filter((task) => task.id !== 'b'),
      });
      expect(result.passed).toBe(false);
      expect(result.summary).toContain('1 missing (0 errored, 1 unfinished)');
    });

    it('fails a never-finishing task reported terminal', () => {
      const run = cleanRun();
      const result = checkTerminalStatus({
        ...run,
        tasks: [...run.tasks, { id: 'p', status: 'completed', atMs: 3_000 }],
      });
      expect(result.passed).toBe(false);
    });
  });

  describe('saved videos', () => {
    it('fails a completed task whose download errored, naming the code', () => {
      const run = cleanRun();
      const result = checkSavedVideos({
        ...run,
        saved: [],
        files: [],
        downloadErrors: [{ id: 'a', code: 'SORA_SERVER', message: '503' }],
      });
      expect(result.passed).toBe(false);
      expect(result.details).toContain('  download errors: SORA_SERVER 1');
    });

    it('fails a file whose bytes differ from the served video', () => {
      const run = cleanRun();
      const result = checkSavedVideos({
        ...run,
        files: [{ file: '/d/a.mp4', size: 10, sha256: 'b'.repeat(64) }],
      });
      expect(result.passed).toBe(false);
      expect(result.summary).toContain('1 corrupt');
    });

    it('fails a video saved twice', () => {
      const run = cleanRun();
      const result = checkSavedVideos({ ...run, saved: [...run.saved, ...run.saved] });
      expect(result.passed).toBe(false);
      expect(result.summary).toContain('1 saved twice');
    });

    it('fails two tasks saved to one file', () => {
      const run = cleanRun();
      const result = checkSavedVideos({
        ...run,
        tasks: [...run.tasks, { id: 'c', status: 'completed', atMs: 2_000 }],
        saved: [...run.saved, { id: 'c', file: '/d/a.mp4', bytes: 10 }],
      });
      expect(result.passed).toBe(false);
      expect(result.details.join('\n')).toContain('two tasks saved to one file');
    });

    it('fails a file left behind that no download reported, such as a .part', () => {
      const run = cleanRun();
      const result = checkSavedVideos({
        ...run,
        files: [...run.files, { file: '/d/a.mp4.1234.part', size: 3, sha256: SHA }],
      });
      expect(result.passed).toBe(false);
      expect(result.summary).toContain('1 stray files');
    });
  });

  describe('agreement with the simulator', () => {
    it('fails a completion reported before the simulator finished the task', () => {
      const run = cleanRun();
      const result = checkSimulatorAgreement({
        ...run,
        tasks: [{ id: 'a', status: 'completed', atMs: 1_800 }],
      });
      expect(result.passed).toBe(false);
      expect(result.details).toEqual([
        'reported before the simulator finished it: 1 (e.g. a (100 ms early))',
      ]);
    });

    it('fails a completion of a task the simulator failed', () => {
      const run = cleanRun();
      const result = checkSimulatorAgreement({
        ...run,
        tasks: [{ id: 'b', status: 'completed', atMs: 3_000 }],
      });
      expect(result.passed).toBe(false);
      expect(result.summary).toContain('1 with another status');
    });

    it('fails a completion of a task still running at the simulator', () => {
      const run = cleanRun();
      const result = checkSimulatorAgreement({
        ...run,
        tasks: [{ id: 'p', status: 'completed', atMs: 3_000 }],
      });
      expect(result.passed).toBe(false);
    });
  });

  describe('request rate', () => {
    it('counts a window as the simulator does: an arrival 1000 ms earlier is out of it', () => {
      expect(countWindows([0, 1_000, 1_999], 2)).toEqual({
        max: 2,
        over: 0,
        maxAtMs: 1_999,
        overBetweenMs: undefined,
      });
      expect(countWindows([0, 999, 1_000], 1)).toEqual({
        max: 2,
        over: 2,
        maxAtMs: 999,
        overBetweenMs: [999, 1_000],
      });
    });

    it('fails a second with more than rate + burst requests, counting those over', () => {
      const run = cleanRun();
      const { requestsPerSecond, burst } = run.options.rateLimit;
      const limit = requestsPerSecond + burst;
      const requestTimes = Array.from({ length: limit + 5 }, (_, i) => i);
      const result = checkRequestRate({ ...run, simulator: { ...run.simulator, requestTimes } });
      expect(result.passed).toBe(false);
      expect(result.details[0]).toMatch(
        /^5 of 185 requests arrived over the limit, from 0.18 s to 0.184 s in/,
      );
    });

    it('passes rate + burst requests in one second', () => {
      const run = cleanRun();
      const { requestsPerSecond, burst } = run.options.rateLimit;
      const requestTimes = Array.from({ length: requestsPerSecond + burst }, (_, i) => i);
      const result = checkRequestRate({ ...run, simulator: { ...run.simulator, requestTimes } });
      expect(result.passed).toBe(true);
    });
  });

  describe('process hygiene', () => {
    it('fails an unhandled rejection', () => {
      const result = checkUnhandledRejections({ unhandledRejections: ['boom'] });
      expect(result).toMatchObject({ passed: false, details: ['boom 1'] });
    });

    it('fails a handle left after the unsubscribe', () => {
      const result = checkAfterUnsubscribe({ ...cleanRun(), leftoverResources: ['Timeout'] });
      expect(result).toMatchObject({ passed: false, details: ['handles left: Timeout 1'] });
    });

    it('fails a request or a connection that reached the simulator after the unsubscribe', () => {
      const run = cleanRun();
      const late = run.unsubscribedAtMs + 400;
      const result = checkAfterUnsubscribe({
        ...run,
        simulator: {
          ...run.simulator,
          requestTimes: [...run.simulator.requestTimes, late],
          connectionTimes: [late],
        },
      });
      expect(result.passed).toBe(false);
      expect(result.details).toEqual([
        '1 requests arrived after the unsubscribe',
        '1 connections opened after the unsubscribe',
      ]);
    });
  });
});
