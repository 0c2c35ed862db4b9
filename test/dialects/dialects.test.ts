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
