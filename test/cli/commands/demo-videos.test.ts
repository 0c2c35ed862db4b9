import { describe, expect, it } from 'vitest';
import { DEMO_VIDEOS, demoVideosFor } from '../../../src/cli/commands/demo-videos.js';

describe('demoVideosFor', () => {
  it("keeps the demo's videos for the seed and OpenAI dialects", () => {
    expect(demoVideosFor(undefined)).toBe(DEMO_VIDEOS);
    expect(demoVideosFor('seed')).toBe(DEMO_VIDEOS);
    expect(demoVideosFor('openai')).toBe(DEMO_VIDEOS);
  });

  it('asks OpenRouter for its slugs and the lengths it makes, keeping each prompt and the one that fails', () => {
    const videos = demoVideosFor('openrouter');
    expect(videos.map((video) => video.model)).toEqual(
      DEMO_VIDEOS.map((video) => `openai/${video.model}`),
    );
    expect(videos.map((video) => video.seconds)).toEqual([4, 8, 12, 4, 8, 12]);
    expect(videos.map((video) => video.prompt)).toEqual(DEMO_VIDEOS.map((video) => video.prompt));
    expect(videos.findIndex((video) => video.fails === true)).toBe(
      DEMO_VIDEOS.findIndex((video) => video.fails === true),
    );
  });
});
