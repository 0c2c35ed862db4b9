import { describe, expect, it } from 'vitest';
import { readVideoModels } from '../../src/model/video-model.js';

describe('readVideoModels', () => {
  it("reads OpenRouter's models list, field by field", () => {
    expect(
      readVideoModels({
        data: [
          {
            id: 'openai/sora-2',
            canonical_slug: 'openai/sora-2',
            name: 'OpenAI: Sora 2',
            supported_durations: [4, 8, 12],
            supported_resolutions: ['720p'],
            supported_aspect_ratios: ['16:9', '9:16'],
            supported_sizes: ['1280x720', '720x1280'],
          },
        ],
      }),
    ).toEqual([
      {
        id: 'openai/sora-2',
        name: 'OpenAI: Sora 2',
        durations: [4, 8, 12],
        resolutions: ['720p'],
        aspectRatios: ['16:9', '9:16'],
        sizes: ['1280x720', '720x1280'],
      },
    ]);
  });

  it('knows nothing of a field a hostile or careless gateway garbled', () => {
    const [model] =
      readVideoModels({
        data: [
          {
            id: 'm',
            name: 7,
            supported_durations: [4, '8', -1],
            supported_resolutions: '720p',
            supported_aspect_ratios: [{}],
            supported_sizes: null,
          },
        ],
      }) ?? [];
    expect(model).toEqual({
      id: 'm',
      name: undefined,
      durations: undefined,
      resolutions: undefined,
      aspectRatios: undefined,
      sizes: undefined,
    });
  });

  it('leaves out items without a string id', () => {
    const models = readVideoModels({ data: [null, 'x', { id: '' }, { id: 3 }, { id: 'ok' }] });
    expect(models?.map((model) => model.id)).toEqual(['ok']);
  });

  it.each([[null], ['text'], [[]], [{ data: {} }], [{ models: [] }]])(
    'is undefined for %j, which is no list',
    (body) => {
      expect(readVideoModels(body)).toBeUndefined();
    },
  );
});
