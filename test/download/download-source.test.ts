import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContentAsset } from '../../src/download/content-asset.js';
import { resolveSource, resolveTarget } from '../../src/download/download-source.js';
import type { VideoTask } from '../../src/model/video-task.js';

const BASE = 'https://api.example/v1';
const VIDEO: ContentAsset = { variant: undefined, index: undefined };

function task(fields: Record<string, unknown>): VideoTask {
  return { id: 'video_1', status: 'completed', video_url: null, ...fields } as unknown as VideoTask;
}

describe('resolveSource with a URL', () => {
  it('keeps an http URL and names the file after its last segment, without .mp4 at its end only', () => {
    expect(resolveSource(BASE, 'http://cdn.example/a/clip.MP4?sig=1', VIDEO)).toEqual({
      url: 'http://cdn.example/a/clip.MP4?sig=1',
      id: 'clip',
    });
    expect(resolveSource(BASE, 'https://cdn.example/a.mp4x', VIDEO).id).toBe('a.mp4x');
  });

  it('refuses a relative URL with a TypeError quoting it', () => {
    expect(() => resolveSource(BASE, 'videos/v.mp4', VIDEO)).toThrow(
      new TypeError('Expected an absolute video URL, got "videos/v.mp4"'),
    );
  });

  it('refuses another scheme with a TypeError naming it', () => {
    expect(() => resolveSource(BASE, 'ftp://cdn.example/v.mp4', VIDEO)).toThrow(
      new TypeError('Expected an http(s) video URL, got "ftp:"'),
    );
  });
});

describe('resolveSource with a task', () => {
  it.each([
    ['null', null],
    ['a number', 42],
    ['a task without an id', { status: 'completed', video_url: 'https://cdn.example/v.mp4' }],
    ['a task with a numeric id', { id: 7, status: 'completed', video_url: 'https://x/v.mp4' }],
  ])('refuses %s with a TypeError', (_, source) => {
    expect(() => resolveSource(BASE, source as unknown as VideoTask, VIDEO)).toThrow(
      new TypeError('Expected a video task or a video URL to download'),
    );
  });

  it('fetches the content endpoint of a completed task without a video_url', () => {
    expect(resolveSource(BASE, task({ video_url: null }), VIDEO)).toEqual({
      url: `${BASE}/videos/video_1/content`,
      id: 'video_1',
    });
    expect(resolveSource(BASE, task({ video_url: undefined }), VIDEO).url).toBe(
      `${BASE}/videos/video_1/content`,
    );
  });

  it('fetches the content endpoint for another variant, even with a video_url', () => {
    const asset: ContentAsset = { variant: 'thumbnail', index: undefined };
    expect(resolveSource(BASE, task({ video_url: 'https://cdn.example/v.mp4' }), asset).url).toBe(
      `${BASE}/videos/video_1/content?variant=thumbnail`,
    );
  });

  it('resolves the video_url against the base URL', () => {
    expect(resolveSource(BASE, task({ video_url: 'files/v.mp4' }), VIDEO).url).toBe(
      'https://api.example/v1/files/v.mp4',
    );
  });

  it('hands back a bad video_url from the server as the error, for the stream', () => {
    const { url, id } = resolveSource(BASE, task({ video_url: 'ftp://cdn.example/v.mp4' }), VIDEO);
    expect(url).toMatchObject({ code: 'SORA_INVALID_VIDEO_URL', url: 'ftp://cdn.example/v.mp4' });
    expect(id).toBe('video_1');
  });
});

describe('resolveTarget', () => {
  it('saves to `file` as given, resolved', () => {
    expect(resolveTarget({ file: 'out/v.mp4' }, 'video_1', VIDEO)).toBe(path.resolve('out/v.mp4'));
  });

  it.each([
    ['an empty string', ''],
    ['a number', 42],
  ])('refuses a `file` that is %s', (_, file) => {
    expect(() => resolveTarget({ file } as never, 'video_1', VIDEO)).toThrow(
      new TypeError('Expected `file` to be a path'),
    );
  });

  it.each([
    ['an empty string', ''],
    ['absent', undefined],
  ])('refuses a `dir` that is %s', (_, dir) => {
    expect(() => resolveTarget({ dir } as never, 'video_1', VIDEO)).toThrow(
      new TypeError('Expected `dir`, `file` or `to`: where to save the video'),
    );
  });
});
