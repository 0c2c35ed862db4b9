import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  parseDialect,
  parseInteger,
  parsePort,
  parsePositiveSeconds,
  parseRate,
  parseSize,
  parseTimeScale,
  parseVideoSeconds,
} from '../../src/cli/parse-options.js';

describe('the flag parsers', () => {
  it.each([
    [parsePositiveSeconds, '0.5', 0.5],
    [parseVideoSeconds, '25', 25],
    [parseSize, '1280x720', '1280x720'],
    [parsePort, '0', 0],
    [parseTimeScale, '600', 600],
    [parseRate, '0.2', 0.2],
    [parseInteger, '-3', -3],
    [parseDialect, 'openai', 'openai'],
    [parseDialect, 'openrouter', 'openrouter'],
  ] as const)('%o accepts %s', (parse, text, value) => {
    expect((parse as (text: string) => unknown)(text)).toBe(value);
  });

  it.each([
    [parsePositiveSeconds, '0'],
    [parsePositiveSeconds, 'soon'],
    [parsePositiveSeconds, '0.0001'],
    [parsePositiveSeconds, '3000000'],
    [parseVideoSeconds, '10.5'],
    [parseSize, '1280*720'],
    [parsePort, '70000'],
    [parseTimeScale, '-1'],
    [parseRate, '1.5'],
    [parseInteger, '4.2'],
    [parseDialect, 'gemini'],
  ] as const)('%o refuses %s with a message commander shows', (parse, text) => {
    expect(() => (parse as (text: string) => unknown)(text)).toThrow(InvalidArgumentError);
  });
});
