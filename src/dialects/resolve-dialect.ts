import { assertFunction } from '../util/assert-options.js';
import type { Dialect, DialectName } from './dialect.js';
import { OPENAI_DIALECT } from './openai.js';
import { OPENROUTER_DIALECT } from './openrouter.js';
import { SEED_DIALECT } from './seed.js';

const BY_NAME: Readonly<Record<DialectName, Dialect>> = {
  seed: SEED_DIALECT,
  openai: OPENAI_DIALECT,
  openrouter: OPENROUTER_DIALECT,
};

/**
 * The dialect of a client: the one the user named or gave, else OpenRouter's for a base URL on
 * `openrouter.ai`, else OpenAI's (the shape sora-rx has always sent). Throws a `TypeError` naming
 * the option for a name it does not know or a dialect without its parts.
 */
export function resolveDialect(
  option: DialectName | Dialect | undefined,
  baseUrl: string,
): Dialect {
  if (option === undefined) {
    const { hostname } = new URL(baseUrl);
    const onOpenRouter = hostname === 'openrouter.ai' || hostname.endsWith('.openrouter.ai');
    return onOpenRouter ? OPENROUTER_DIALECT : OPENAI_DIALECT;
  }
  if (typeof option === 'string') {
    if (Object.hasOwn(BY_NAME, option)) return BY_NAME[option];
    throw new TypeError(
      `Expected \`dialect\` to be 'seed', 'openai', 'openrouter' or a Dialect, got ${JSON.stringify(option)}`,
    );
  }
  const { name, createPath, createBody, taskLocation } = (option ?? {}) as Partial<Dialect>;
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('Expected `dialect.name` to be a non-empty string');
  }
  if (!isPath(createPath)) {
    throw new TypeError('Expected `dialect.createPath` to be path segments such as ["videos"]');
  }
  assertFunction(createBody, 'dialect.createBody');
  if (taskLocation !== undefined) assertFunction(taskLocation, 'dialect.taskLocation');
  const { modelsPath, remixPath, cancelRequest, deleteRequest } = option;
  if (remixPath !== undefined) assertFunction(remixPath, 'dialect.remixPath');
  if (cancelRequest !== undefined) assertFunction(cancelRequest, 'dialect.cancelRequest');
  if (deleteRequest !== undefined) assertFunction(deleteRequest, 'dialect.deleteRequest');
  if (modelsPath !== undefined && !isPath(modelsPath)) {
    throw new TypeError(
      'Expected `dialect.modelsPath` to be path segments such as ["videos", "models"]',
    );
  }
  return option;
}

/** Whether a value is path segments: a list of one or more non-empty strings. */
function isPath(value: unknown): value is readonly string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((segment) => typeof segment === 'string' && segment !== '')
  );
}
