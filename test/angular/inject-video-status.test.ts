// @vitest-environment happy-dom
// A signal id reaches the watch through an effect, and effects run in change detection, which
// renders: this file has a DOM.
import './angular-test-bed.js';
import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { isSoraError } from 'sora-rx';
import { injectVideoStatus, provideSora } from 'sora-rx/angular';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const baseUrl = 'https://gateway.test/v1';
const wireTask = (id: string, status = 'queued', more: object = {}) => ({
  id,
  object: 'video.generation',
  created: 1_700_000_000,
  model: 'sora-2',
  status,
  video_url: null,
  error: null,
  ...more,
});

let backend: HttpTestingController;
beforeEach(() => {
  // The poll timers run on a fake clock, which the test moves.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideHttpClient(),
      provideHttpClientTesting(),
      // Each poll waits 5 ms for its timer.
      provideSora({
        baseUrl,
        apiKey: 'sk-test',
        poll: { intervalMs: 5, jitter: 0, ageAware: false },
      }),
    ],
  });
  backend = TestBed.inject(HttpTestingController);
});

afterEach(() => {
  vi.useRealTimers();
});

/** The next poll of `id`, once its timer has sent it. */
async function nextPoll(id: string): Promise<TestRequest> {
  await vi.advanceTimersByTimeAsync(5);
  return backend.expectOne(`${baseUrl}/videos/${id}`);
}

describe('injectVideoStatus', () => {
  it('runs without zone.js', () => {
    expect('Zone' in globalThis).toBe(false);
  });

  it('follows a task from undefined through queued and processing to completed', async () => {
    const task = TestBed.runInInjectionContext(() => injectVideoStatus('sora_1'));
    expect(task()).toBeUndefined();

    (await nextPoll('sora_1')).flush(wireTask('sora_1', 'queued'));
    expect(task()?.status).toBe('queued');
    (await nextPoll('sora_1')).flush(wireTask('sora_1', 'processing', { progress: 50 }));
    expect(task()).toMatchObject({ status: 'processing', progress: 50 });
    const videoUrl = 'https://cdn.test/sora_1.mp4';
    (await nextPoll('sora_1')).flush(wireTask('sora_1', 'completed', { video_url: videoUrl }));
    expect(task()).toMatchObject({ status: 'completed', video_url: videoUrl });

    expect(task.error()).toBeUndefined();
    backend.verify();
  });

  it('cancels the request in flight when its injector is destroyed', () => {
    TestBed.runInInjectionContext(() => injectVideoStatus('sora_1'));
    const req = backend.expectOne(`${baseUrl}/videos/sora_1`);

    TestBed.resetTestingModule();
    expect(req.cancelled).toBe(true);
  });

  it('shows an error in its error signal, keeps the last task, and never throws on read', async () => {
    const task = TestBed.runInInjectionContext(() => injectVideoStatus('sora_1'));
    (await nextPoll('sora_1')).flush(wireTask('sora_1'));
    (await nextPoll('sora_1')).flush({ error: 'gone' }, { status: 404, statusText: 'Not Found' });

    expect(isSoraError(task.error(), 'SORA_NOT_FOUND')).toBe(true);
    expect(task()?.status).toBe('queued');
  });

  it('shows invalid options in its error signal', () => {
    const task = TestBed.runInInjectionContext(() =>
      injectVideoStatus('sora_1', { intervalMs: -5 }),
    );
    expect(task.error()?.message).toMatch(/`intervalMs`/);
    backend.expectNone(() => true);
  });

  it('throws outside an injection context', () => {
    expect(() => injectVideoStatus('sora_1')).toThrow(/injection context/);
  });
});

describe('injectVideoStatus with a signal of the id', () => {
  it('watches nothing while the id is undefined, then the id it is given', () => {
    const id = signal<string | undefined>(undefined);
    const task = TestBed.runInInjectionContext(() => injectVideoStatus(id));
    TestBed.tick();
    backend.expectNone(() => true);

    id.set('sora_a');
    TestBed.tick();
    backend.expectOne(`${baseUrl}/videos/sora_a`).flush(wireTask('sora_a'));
    expect(task()?.id).toBe('sora_a');
  });

  it('cancels the watch of the old id when the id changes, and starts over from undefined', () => {
    const id = signal<string | undefined>('sora_a');
    const task = TestBed.runInInjectionContext(() => injectVideoStatus(id));
    TestBed.tick();
    backend.expectOne(`${baseUrl}/videos/sora_a`).flush(wireTask('sora_a'));
    expect(task()?.id).toBe('sora_a');

    id.set('sora_b');
    TestBed.tick();
    expect(task()).toBeUndefined();
    const second = backend.expectOne(`${baseUrl}/videos/sora_b`);

    id.set('sora_c');
    TestBed.tick();
    expect(second.cancelled).toBe(true);
    backend.expectOne(`${baseUrl}/videos/sora_c`).flush(wireTask('sora_c'));
    expect(task()?.id).toBe('sora_c');
  });
});
