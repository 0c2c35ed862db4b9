import { InvalidArgumentError } from 'commander';
import { assertDuration } from '../util/assert-options.js';

/**
 * A positive number of seconds, fractions allowed (`--interval 0.5`), that the library takes as a
 * wait: from 1 ms to about 24.8 days, by the very check its options go through. Every command
 * with the flag parses it here, so that a bad one is a usage error before any request.
 */
export function parsePositiveSeconds(value: string): number {
  const seconds = Number(value);
  const problem =
    'Expected a positive number of seconds from 0.001 to 2147483 (about 24.8 days), such as 30.';
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError(problem);
  }
  try {
    assertDuration(seconds * 1000, 'intervalMs');
  } catch {
    throw new InvalidArgumentError(problem);
  }
  return seconds;
}

/** A whole, positive number of seconds (`--seconds 10`). */
export function parseVideoSeconds(value: string): number {
  if (!/^[1-9]\d*$/.test(value.trim())) {
    throw new InvalidArgumentError('Expected a whole number of seconds, such as 10, 15 or 25.');
  }
  return Number(value);
}

/** Width x height (`--size 1280x720`). */
export function parseSize(value: string): string {
  if (!/^[1-9]\d*x[1-9]\d*$/.test(value.trim())) {
    throw new InvalidArgumentError('Expected WIDTHxHEIGHT, such as 1280x720.');
  }
  return value.trim();
}

/**
 * An image URL (`--image`, `--first-frame`, `--last-frame`): absolute http(s), or a base64
 * `data:image/…` URL. The library checks it again, naming the param; this check names the flag.
 */
export function parseImageUrl(value: string): string {
  const url = value.trim();
  const isData = /^data:image\/[a-z0-9.+-]+;base64,[a-z0-9+/]+={0,2}$/i.test(url);
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!isData && parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:') {
    throw new InvalidArgumentError(
      'Expected an absolute http(s) URL, such as https://cdn.example/first.png, or a data:image/…;base64, URL.',
    );
  }
  return url;
}

/** Each value of a repeatable flag, in order (`--image A --image B`). */
export function collect<T>(parse: (value: string) => T): (value: string, previous?: T[]) => T[] {
  return (value, previous = []) => [...previous, parse(value)];
}

/** A TCP port, 0 for any free one. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65_535) {
    throw new InvalidArgumentError('Expected a port number from 0 to 65535.');
  }
  return port;
}

/** A positive factor (`--time-scale 60`). */
export function parseTimeScale(value: string): number {
  const scale = Number(value);
  if (value.trim() === '' || !Number.isFinite(scale) || scale <= 0) {
    throw new InvalidArgumentError('Expected a positive number, such as 60.');
  }
  return scale;
}

/** A share from 0 to 1 (`--fail-rate 0.2`). */
export function parseRate(value: string): number {
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new InvalidArgumentError('Expected a number from 0 to 1, such as 0.2.');
  }
  return rate;
}

/** A whole number (`--seed 42`). */
export function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a whole number.');
  return Number(value);
}

/** The dialects a gateway speaks that the CLI knows by name. */
const DIALECTS = ['seed', 'openai', 'openrouter'] as const;

/** `seed`, `openai` or `openrouter` (`--dialect openrouter`). */
export function parseDialect(value: string): (typeof DIALECTS)[number] {
  const dialect = DIALECTS.find((name) => name === value.trim());
  if (dialect === undefined) {
    throw new InvalidArgumentError('Expected seed, openai or openrouter.');
  }
  return dialect;
}

/** Which other file of a task to save (`--variant thumbnail`): not the video, which is the default. */
export function parseVariant(value: string): 'thumbnail' | 'spritesheet' {
  const variant = value.trim();
  if (variant !== 'thumbnail' && variant !== 'spritesheet') {
    throw new InvalidArgumentError('Expected thumbnail or spritesheet.');
  }
  return variant;
}

/** Which output of a task to save, from 0 (`--index 1`). */
export function parseIndex(value: string): number {
  const index = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(index)) {
    throw new InvalidArgumentError('Expected a whole number of 0 or more, such as 1.');
  }
  return index;
}
