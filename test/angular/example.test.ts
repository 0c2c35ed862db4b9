// @vitest-environment happy-dom
import './angular-test-bed.js';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Input } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appConfig } from '../../examples/angular/app.config.js';
import { VideoCard } from '../../examples/angular/video-card.js';

// The Angular CLI compiles `input()` ahead of time. Tests compile just in time, where a signal
// input needs the metadata the CLI's JIT transform would add.
Input({ isSignal: true, alias: 'videoId', required: true } as Input)(
  VideoCard.prototype,
  'videoId',
);

const baseUrl = 'https://app.test/api/sora/v1';
const wireTask = (status: string, more: object = {}) => ({
  id: 'sora_1',
  object: 'video.generation',
  // Ten minutes old: old enough to be done, so polls follow the interval.
  created: Math.floor(Date.now() / 1000) - 600,
  model: 'sora-2',
  status,
  video_url: null,
  error: null,
  ...more,
});

let backend: HttpTestingController;

async function render(id: string): Promise<ComponentFixture<VideoCard>> {
  const fixture = TestBed.createComponent(VideoCard);
  fixture.componentRef.setInput('videoId', id);
  await settle(fixture);
  return fixture;
}

async function settle(fixture: ComponentFixture<VideoCard>): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  await fixture.whenStable();
}

const text = (fixture: ComponentFixture<VideoCard>) =>
  (fixture.nativeElement as HTMLElement).textContent?.trim();

describe('the Angular example', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    TestBed.configureTestingModule({
      providers: [
        ...appConfig({ baseUrl, sessionToken: 'session-1' }).providers,
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the task as it goes, then the video, with requests through the interceptor', async () => {
    const fixture = await render('sora_1');
    expect(text(fixture)).toBe('Looking up sora_1…');

    const first = backend.expectOne(`${baseUrl}/videos/sora_1`);
    expect(first.request.headers.get('authorization')).toBe('Bearer session-1');
    expect(first.request.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    first.flush(wireTask('processing', { progress: 40 }));
    await settle(fixture);
    expect(text(fixture)).toBe('processing 40%');

    await vi.advanceTimersByTimeAsync(40_000);
    backend
      .expectOne(`${baseUrl}/videos/sora_1`)
      .flush(wireTask('completed', { video_url: 'https://cdn.test/sora_1.mp4' }));
    await settle(fixture);
    const video = (fixture.nativeElement as HTMLElement).querySelector('video');
    expect(video?.getAttribute('src')).toBe('https://cdn.test/sora_1.mp4');

    await vi.advanceTimersByTimeAsync(60_000);
    backend.verify();
  });

  it('shows why it could not follow a task', async () => {
    const fixture = await render('sora_gone');
    backend
      .expectOne(`${baseUrl}/videos/sora_gone`)
      .flush({ error: { message: 'No such video' } }, { status: 404, statusText: 'Not Found' });
    await settle(fixture);

    expect(text(fixture)).toMatch(/^Could not follow sora_gone: .*404/);
  });
});
