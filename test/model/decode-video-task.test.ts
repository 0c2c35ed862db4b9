import { either } from 'fp-ts';
import { describe, expect, it } from 'vitest';
import { decodeVideoTask } from '../../src/model/decode-video-task.js';
import { describeValidationErrors } from '../../src/model/describe-validation-errors.js';
import { DEFAULT_STATUS_ALIASES, mergeStatusAliases } from '../../src/model/status-aliases.js';
import { isTerminal } from '../../src/model/video-status.js';

const aliases = mergeStatusAliases(DEFAULT_STATUS_ALIASES);
const seedTask = {
  id: 'sora_abc123def456',
  object: 'video.generation',
  created: 1761635478,
  model: 'sora-2',
  status: 'processing',
  video_url: null,
  error: null,
};

function decoded(input: unknown) {
  const result = decodeVideoTask(input, aliases);
  if (either.isLeft(result)) throw new Error(describeValidationErrors(result.left).join('\n'));
  return result.right;
}

function failures(input: unknown): string[] {
  const result = decodeVideoTask(input, aliases);
  return either.isLeft(result) ? describeValidationErrors(result.left) : [];
}

describe('decodeVideoTask', () => {
  it('decodes the task exactly as the API documents it', () => {
    expect(decoded(seedTask)).toEqual(seedTask);
  });

  it('lets extra fields pass through, and types progress', () => {
    expect(decoded({ ...seedTask, progress: 42, seconds: '10' })).toEqual({
      ...seedTask,
      progress: 42,
      seconds: '10',
    });
    expect(failures({ ...seedTask, progress: 'half' })).toEqual([
      'progress: got "half", expected number',
    ]);
  });

  it('decodes the OpenAI shape into the documented one', () => {
    const openAi = {
      id: 'video_123',
      object: 'video',
      created_at: 1761635478,
      completed_at: null,
      expires_at: null,
      model: 'sora-2',
      status: 'in_progress',
      progress: 33,
      error: null,
    };
    expect(decoded(openAi)).toMatchObject({
      id: 'video_123',
      created: 1761635478,
      status: 'processing',
      video_url: null,
      error: null,
      progress: 33,
    });
    expect(
      decoded({
        ...openAi,
        status: 'failed',
        error: { code: 'moderation_blocked', message: 'Blocked' },
      }),
    ).toMatchObject({
      status: 'failed',
      error: 'Blocked',
    });
  });

  it.each([
    ['pending', 'queued'],
    ['NOT_START', 'queued'],
    ['running', 'processing'],
    ['In_Progress', 'processing'],
    ['succeeded', 'completed'],
    ['cancelled', 'failed'],
    ['expired', 'failed'],
  ])('maps the alias %s to %s', (alias, status) => {
    expect(decoded({ ...seedTask, status: alias }).status).toBe(status);
  });

  it('gives a task that an alias marks failed an error naming the original status', () => {
    expect(decoded({ ...seedTask, status: 'cancelled' }).error).toBe(
      'Task ended with status "cancelled"',
    );
    expect(decoded({ ...seedTask, status: 'expired' }).error).toBe(
      'The video expired; gateways keep a video about a day. Generate it again. (status "expired")',
    );
    expect(decoded({ ...seedTask, status: 'EXPIRED', expires_at: 1_700_000_000 }).error).toBe(
      'The video expired at 2023-11-14T22:13:20.000Z; gateways keep a video about a day. Generate it again. (status "EXPIRED")',
    );
    expect(decoded({ ...seedTask, status: 'cancelled', error: 'by user' }).error).toBe('by user');
  });

  it('refuses an unknown status, naming the field and the value', () => {
    expect(failures({ ...seedTask, status: 'mystery' })).toEqual([
      'status: got "mystery", expected "queued" | "processing" | "completed" | "failed"',
    ]);
  });

  it('accepts aliases added by the caller', () => {
    const custom = mergeStatusAliases(DEFAULT_STATUS_ALIASES, { Rendering: 'processing' });
    const result = decodeVideoTask({ ...seedTask, status: 'rendering' }, custom);
    expect(either.isRight(result) && result.right.status).toBe('processing');
  });

  it("reads the gateways' status names when the caller gives no aliases", () => {
    const result = decodeVideoTask({ ...seedTask, status: 'IN_PROGRESS' });
    expect(either.isRight(result) && result.right.status).toBe('processing');
    expect(either.isLeft(decodeVideoTask({ ...seedTask, status: 'rendering' }))).toBe(true);
  });

  it('reports every missing or mistyped field', () => {
    expect(failures({ id: 7, status: 'queued' })).toEqual(['id: got 7, expected string']);
    expect(failures({ status: 'queued', created: 'yesterday', model: 4 })).toEqual([
      'id: got undefined, expected string',
      'created: got "yesterday", expected number',
      'model: got 4, expected string',
    ]);
    expect(failures('<html>')).toEqual(['(root): got "<html>", expected an object']);
    expect(failures(null)).toEqual(['(root): got null, expected an object']);
  });
});

describe('decodeVideoTask of a task with only an id and a status', () => {
  it("decodes OpenRouter's answer to a create: no object, created or model", () => {
    const task = decoded({
      id: 'gen-1769',
      polling_url: 'https://openrouter.ai/api/v1/videos/gen-1769',
      status: 'pending',
    });
    expect(task).toEqual({
      id: 'gen-1769',
      polling_url: 'https://openrouter.ai/api/v1/videos/gen-1769',
      status: 'queued',
      video_url: null,
      error: null,
    });
    expect(task.created).toBeUndefined();
    expect(task.model).toBeUndefined();
  });

  it('keeps what OpenRouter adds to a completed task as plain data: urls and cost', () => {
    const task = decoded({
      id: 'gen-1769',
      status: 'completed',
      unsigned_urls: ['https://openrouter.ai/api/v1/videos/gen-1769/content?index=0'],
      usage: { cost: 0.5, is_byok: false },
    });
    expect(task).toMatchObject({
      status: 'completed',
      video_url: null,
      unsigned_urls: ['https://openrouter.ai/api/v1/videos/gen-1769/content?index=0'],
      usage: { cost: 0.5, is_byok: false },
    });
  });

  it.each([
    ['cancelled', 'Task ended with status "cancelled"'],
    [
      'expired',
      'The video expired; gateways keep a video about a day. Generate it again. (status "expired")',
    ],
  ])('ends with a failed task naming the %s status', (status, error) => {
    expect(decoded({ id: 'gen-1', status })).toMatchObject({ status: 'failed', error });
  });
});

describe('decodeVideoTask of a task in an envelope', () => {
  it.each(['detail', 'data'])('reads the task nested under %s', (key) => {
    const task = decoded({
      code: 0,
      message: 'ok',
      [key]: { id: 'sora-2:task_01k', status: 'running', status_update_time: 1761635478123 },
    });
    expect(task).toMatchObject({ id: 'sora-2:task_01k', status: 'processing' });
  });

  it('reads an envelope that has a status of its own as the task', () => {
    expect(failures({ status: 'queued', detail: { id: 'inner', status: 'completed' } })).toEqual([
      'id: got undefined, expected string',
    ]);
  });

  it('leaves an envelope whose nested value is no task to fail as it is', () => {
    expect(failures({ code: 500, detail: 'internal error' })).toEqual([
      'id: got undefined, expected string',
      'status: got undefined, expected "queued" | "processing" | "completed" | "failed"',
    ]);
  });
});

describe('decodeVideoTask on hostile keys', () => {
  const parse = (text: string): unknown => JSON.parse(text);
  const openAiBody = (extra: string) =>
    `{"id":"video_1","object":"video","created_at":1761635478,"model":"sora-2","status":"in_progress","error":null${extra}}`;

  it('does not let `__proto__` in an OpenAI-shaped body become the task prototype', () => {
    const task = decoded(parse(openAiBody(',"__proto__":{"status":"completed","polluted":true}')));
    expect(Object.getPrototypeOf(task)).toBe(Object.prototype);
    expect((task as Record<string, unknown>).polluted).toBeUndefined();
    expect(task.status).toBe('processing');
    expect(Object.hasOwn(task, '__proto__')).toBe(false);
  });

  it('drops an own `__proto__` key from a task decoded as it came', () => {
    const body = parse(`{${JSON.stringify(seedTask).slice(1, -1)},"__proto__":{"x":1}}`);
    const task = decoded(body);
    expect(Object.getPrototypeOf(task)).toBe(Object.prototype);
    expect(Object.hasOwn(task, '__proto__')).toBe(false);
    // Copied as a user would: no prototype of the server's choosing.
    expect(Object.getPrototypeOf(Object.assign({}, task))).toBe(Object.prototype);
    expect(decoded(body)).toEqual(seedTask);
  });

  it('keeps keys named after Object.prototype members as plain data', () => {
    const task = decoded(parse(openAiBody(',"constructor":"x","toString":1,"hasOwnProperty":2')));
    expect(Object.getPrototypeOf(task)).toBe(Object.prototype);
    expect(task.status).toBe('processing');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([['__proto__'], ['constructor'], ['toString']])(
    'maps a status alias named %j that the caller added',
    (name) => {
      const custom = mergeStatusAliases(
        DEFAULT_STATUS_ALIASES,
        parse(`{"${name}":"completed"}`) as never,
      );
      const result = decodeVideoTask({ ...seedTask, status: name }, custom);
      expect(either.isRight(result) && result.right.status).toBe('completed');
      expect(Object.hasOwn(custom, name.toLowerCase())).toBe(true);
    },
  );
});

describe('isTerminal', () => {
  it('is true only for completed and failed', () => {
    expect(
      ['queued', 'processing', 'completed', 'failed'].map((s) => isTerminal(s as never)),
    ).toEqual([false, false, true, true]);
  });
});
