import { describe, expect, it } from 'vitest';
import { checkCreateParams } from '../../src/api/create-params.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { OPENAI_DIALECT } from '../../src/dialects/openai.js';
import { OPENROUTER_DIALECT } from '../../src/dialects/openrouter.js';
import { resolveDialect } from '../../src/dialects/resolve-dialect.js';
import { SEED_DIALECT } from '../../src/dialects/seed.js';

const body = (dialect: Dialect, params: Parameters<typeof checkCreateParams>[0]) =>
  dialect.createBody(checkCreateParams(params));

describe('the create body of each dialect', () => {
  const params = {
    prompt: 'a fox',
    seconds: '10',
    size: '1280x720',
    webhookUrl: 'https://app.test/hook',
  };

  it("OpenAI's: seconds as given, webhook_url, sora-2 by default", () => {
    expect(OPENAI_DIALECT.createPath).toEqual(['videos']);
    expect(body(OPENAI_DIALECT, params)).toEqual({
      model: 'sora-2',
      prompt: 'a fox',
      seconds: '10',
      size: '1280x720',
      webhook_url: 'https://app.test/hook',
    });
  });

  it("OpenRouter's: duration in whole seconds, not seconds; callback_url; openai/sora-2", () => {
    expect(OPENROUTER_DIALECT.createPath).toEqual(['videos']);
    const sent = body(OPENROUTER_DIALECT, params);
    expect(sent).toEqual({
      model: 'openai/sora-2',
      prompt: 'a fox',
      duration: 10,
      size: '1280x720',
      callback_url: 'https://app.test/hook',
    });
    expect(sent).not.toHaveProperty('seconds');
  });

  it("the seed gateway's: POST sora/videos with seconds as a number", () => {
    expect(SEED_DIALECT.createPath).toEqual(['sora', 'videos']);
    expect(body(SEED_DIALECT, params)).toMatchObject({ model: 'sora-2', seconds: 10 });
  });

  it.each([OPENAI_DIALECT, OPENROUTER_DIALECT, SEED_DIALECT])(
    '$name keeps the model the user chose and leaves out what was not given',
    (dialect) => {
      expect(body(dialect, { prompt: 'p', model: 'sora-2-pro' })).toEqual({
        model: 'sora-2-pro',
        prompt: 'p',
      });
    },
  );
});

describe('resolveDialect', () => {
  it("picks OpenRouter's for a base URL on openrouter.ai, OpenAI's elsewhere", () => {
    expect(resolveDialect(undefined, 'https://openrouter.ai/api/v1')).toBe(OPENROUTER_DIALECT);
    expect(resolveDialect(undefined, 'https://eu.openrouter.ai/api/v1')).toBe(OPENROUTER_DIALECT);
    expect(resolveDialect(undefined, 'https://notopenrouter.ai/v1')).toBe(OPENAI_DIALECT);
    expect(resolveDialect(undefined, 'https://gateway.test/v1')).toBe(OPENAI_DIALECT);
  });

  it('lets the dialect the user named win over the base URL', () => {
    expect(resolveDialect('seed', 'https://openrouter.ai/api/v1')).toBe(SEED_DIALECT);
    expect(resolveDialect('openai', 'https://openrouter.ai/api/v1')).toBe(OPENAI_DIALECT);
  });

  it('takes a dialect of the user’s own as it is', () => {
    const own: Dialect = { name: 'own', createPath: ['video', 'create'], createBody: () => ({}) };
    expect(resolveDialect(own, 'https://gateway.test/v1')).toBe(own);
  });

  it.each([
    ['an unknown name', 'sora', /`dialect` to be 'seed', 'openai', 'openrouter' or a Dialect/],
    ['a prototype key', 'constructor', /`dialect` to be/],
    ['no name', { createPath: ['videos'], createBody: () => ({}) }, /`dialect.name`/],
    [
      'an empty path',
      { name: 'x', createPath: [], createBody: () => ({}) },
      /`dialect.createPath`/,
    ],
    ['no body', { name: 'x', createPath: ['videos'] }, /`dialect.createBody`/],
    [
      'a models path that is no list of segments',
      { name: 'x', createPath: ['videos'], createBody: () => ({}), modelsPath: 'videos/models' },
      /`dialect.modelsPath`/,
    ],
    [
      'a task location that is no function',
      { name: 'x', createPath: ['videos'], createBody: () => ({}), taskLocation: '/query' },
      /`dialect.taskLocation`/,
    ],
    [
      'a cancel that is no function',
      { name: 'x', createPath: ['videos'], createBody: () => ({}), cancelRequest: 'POST' },
      /`dialect.cancelRequest`/,
    ],
    [
      'a delete that is no function',
      { name: 'x', createPath: ['videos'], createBody: () => ({}), deleteRequest: {} },
      /`dialect.deleteRequest`/,
    ],
  ])('refuses %s with a TypeError naming the option', (_, option, message) => {
    expect(() => resolveDialect(option as never, 'https://gateway.test/v1')).toThrow(message);
  });
});

describe('the images of a create, in each dialect', () => {
  const first = { url: 'https://cdn.test/first.png', role: 'first_frame' } as const;
  const last = { url: 'https://cdn.test/last.png', role: 'last_frame' } as const;
  const ref = 'https://cdn.test/ref.png';

  it("OpenAI's: one image, a reference or a first frame, as input_reference { image_url }", () => {
    expect(body(OPENAI_DIALECT, { prompt: 'p', images: [ref] })).toEqual({
      model: 'sora-2',
      prompt: 'p',
      input_reference: { image_url: ref },
    });
    expect(body(OPENAI_DIALECT, { prompt: 'p', images: [first] })).toMatchObject({
      input_reference: { image_url: first.url },
    });
  });

  it.each([
    ['two images', [ref, first], /openai dialect takes one image in `images`.*got 2/],
    ['a last frame', [last], /openai dialect takes no last frame.*'last_frame'/],
  ])("OpenAI's refuses %s with a TypeError", (_, images, message) => {
    expect(() => body(OPENAI_DIALECT, { prompt: 'p', images })).toThrow(message);
  });

  it("OpenRouter's: frames as frame_images, references as input_references", () => {
    expect(body(OPENROUTER_DIALECT, { prompt: 'p', images: [ref, last, first] })).toEqual({
      model: 'openai/sora-2',
      prompt: 'p',
      frame_images: [
        { type: 'image_url', image_url: { url: last.url }, frame_type: 'last_frame' },
        { type: 'image_url', image_url: { url: first.url }, frame_type: 'first_frame' },
      ],
      input_references: [{ type: 'image_url', image_url: { url: ref } }],
    });
  });

  it("the seed gateway's: up to 3 reference images as image_urls", () => {
    const images = [ref, { url: 'https://cdn.test/2.png' }, 'https://cdn.test/3.png'];
    expect(body(SEED_DIALECT, { prompt: 'p', images })).toMatchObject({
      image_urls: [ref, 'https://cdn.test/2.png', 'https://cdn.test/3.png'],
    });
  });

  it.each([
    ['four images', [ref, ref, ref, ref], /seed dialect takes at most 3 images.*got 4/],
    ['a first frame', [ref, first], /reference images only.*`images\[1\]` has role 'first_frame'/],
  ])("the seed gateway's refuses %s with a TypeError", (_, images, message) => {
    expect(() => body(SEED_DIALECT, { prompt: 'p', images })).toThrow(message);
  });
});

describe('a remix, in each dialect', () => {
  it("OpenAI's goes to videos/{id}/remix and says only its prompt (and webhook)", () => {
    expect(OPENAI_DIALECT.remixPath?.('video_1')).toEqual(['videos', 'video_1', 'remix']);
    expect(body(OPENAI_DIALECT, { prompt: 'at night', remixOf: 'video_1' })).toEqual({
      prompt: 'at night',
    });
    expect(
      body(OPENAI_DIALECT, {
        prompt: 'at night',
        remixOf: 'video_1',
        webhookUrl: 'https://app.test/hook',
      }),
    ).toEqual({ prompt: 'at night', webhook_url: 'https://app.test/hook' });
  });

  it.each([
    ['model', { model: 'sora-2-pro' }],
    ['seconds', { seconds: 8 }],
    ['size', { size: '1280x720' }],
    ['images', { images: ['https://cdn.test/a.png'] }],
  ])("OpenAI's refuses %s beside remixOf: the source's carry over", (name, extra) => {
    expect(() => body(OPENAI_DIALECT, { prompt: 'p', remixOf: 'video_1', ...extra })).toThrow(
      new RegExp(`no \`${name}\` beside \`remixOf\``),
    );
  });

  it('OpenRouter and the seed gateway document no remix', () => {
    expect(OPENROUTER_DIALECT.remixPath).toBeUndefined();
    expect(SEED_DIALECT.remixPath).toBeUndefined();
  });

  it('refuses a remix path that is no function on a dialect of the user’s own', () => {
    const own = { name: 'x', createPath: ['videos'], createBody: () => ({}), remixPath: ['r'] };
    expect(() => resolveDialect(own as never, 'https://gateway.test/v1')).toThrow(
      /`dialect.remixPath`/,
    );
  });
});
