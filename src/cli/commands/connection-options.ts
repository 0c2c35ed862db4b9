import type { Command } from 'commander';
import type { VideoStatusOptions } from '../../index.js';
import { parseDialect, parseIndex, parsePositiveSeconds, parseVariant } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

/**
 * Adds `--base-url` and `--api-key`, which fall back to SORA_BASE_URL and SORA_API_KEY, and
 * `--dialect`, the gateway's API shape.
 */
export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--base-url <url>',
      'the API base URL with its version prefix (default: $SORA_BASE_URL)',
    )
    .option(
      '--api-key <key>',
      'the API key (default: $SORA_API_KEY; prefer the variable, flags show up in `ps`)',
    )
    .option(
      '--dialect <name>',
      "the gateway's API shape: seed, openai or openrouter (default: openrouter for a base URL on openrouter.ai, else openai)",
      parseDialect,
    );
}

/** Adds `--allow-private-addresses`, which lets `--download` reach private addresses. */
export function addDownloadOptions(command: Command): Command {
  return command.option(
    '--allow-private-addresses',
    "with --download, fetch videos from loopback, link-local and private addresses too (refused by default, but for the API's own origin)",
  );
}

/** The flags of {@link addDownloadOptions}. */
export interface DownloadFlags {
  readonly allowPrivateAddresses?: boolean | undefined;
}

/** Adds `--variant` and `--index`: which file of a task `--download` saves. */
export function addContentOptions(command: Command): Command {
  return command
    .option(
      '--variant <name>',
      "with --download, save the task's thumbnail or spritesheet instead of its video, as <id>.thumbnail.webp or <id>.spritesheet.jpg (OpenAI-shaped gateways)",
      parseVariant,
    )
    .option(
      '--index <n>',
      'with --download, save output N of the task, from 0, as <id>~index-N.mp4 (OpenRouter)',
      parseIndex,
    );
}

/** The flags of {@link addContentOptions}. */
export interface ContentFlags {
  readonly variant?: 'thumbnail' | 'spritesheet' | undefined;
  readonly index?: number | undefined;
}

/**
 * The `download$` options of the content flags; a usage error when they are given without
 * `--download`, which they qualify, before anything is sent.
 */
export function contentOptionsOf(
  flags: ContentFlags & { readonly download?: string | undefined },
): ContentFlags {
  if (flags.download === undefined && (flags.variant !== undefined || flags.index !== undefined)) {
    const flag = flags.variant !== undefined ? '--variant' : '--index';
    throw new UsageError(`${flag} chooses the file that --download saves: add --download <dir>`);
  }
  return {
    ...(flags.variant === undefined ? {} : { variant: flags.variant }),
    ...(flags.index === undefined ? {} : { index: flags.index }),
  };
}

/** Adds `--interval` and `--no-age-aware`, the cadence of polls. */
export function addPollOptions(command: Command): Command {
  return command
    .option(
      '--interval <seconds>',
      "poll every N seconds, from the first answer (default: an adaptive schedule that waits out the shortest time a video takes, then polls every 30 s, and follows the server's hints)",
      parsePositiveSeconds,
    )
    .option(
      '--no-age-aware',
      'poll from the start, instead of waiting out the shortest time a video takes',
    );
}

/** The flags of {@link addPollOptions}. */
export interface PollFlags {
  readonly interval?: number | undefined;
  readonly ageAware?: boolean | undefined;
}

/** The `videoStatus$` options of the poll flags. */
export function pollOptionsOf(flags: PollFlags): VideoStatusOptions {
  return {
    ...(flags.interval === undefined ? {} : { intervalMs: flags.interval * 1000 }),
    ...(flags.ageAware === false ? { ageAware: false } : {}),
  };
}

/** Help text on settings and exit codes, shared by the commands that call the API. */
export const CONNECTION_HELP = `
Settings:
  --base-url and --api-key win over SORA_BASE_URL and SORA_API_KEY.
  The key is never printed.
  --dialect names the gateway's API shape; unset, it is openrouter for a base URL on
  openrouter.ai, else openai.
  --download refuses videos on loopback, link-local and private addresses (such as localhost,
  169.254.169.254 or 10.0.0.1), checked after DNS, except on the API's own origin; pass
  --allow-private-addresses to allow them.

Exit codes:
  0    every task completed (and its video was saved, with --download)
  1    a task failed, or its watch or download ended in an error
  2    usage or configuration error
  130  interrupted (Ctrl-C); partial downloads are removed`;
