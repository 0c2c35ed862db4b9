import { createHash } from 'node:crypto';
import path from 'node:path';

/** An id kept as it is: lower case (so that no two differ only in case), a safe first character. */
const SAFE_ID = /^[a-z0-9_][a-z0-9._-]{0,199}$/;
/** Windows device names, reserved with any extension (`NUL.mp4`, `con.tar.mp4`). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
/** How much of a changed id stays readable in its name. */
const READABLE_LENGTH = 64;

/**
 * The path of a task's video inside `dir`, always one file name directly inside it, and never the
 * same for two different ids, even on a case-insensitive file system (Windows, macOS):
 *
 * - An id of lower-case letters, digits, `_`, `-` and `.`, starting with a letter, digit or `_`,
 *   at most 200 characters and not a Windows device name (`con`, `nul`, `com1`...), is kept as it
 *   is: `sora_abc123` saves to `sora_abc123.mp4`.
 * - Any other id gets a readable part (its letters, digits and `-`, every other run of characters
 *   as one `_`, at most 64 characters, `video` when nothing is left), then `~` and the first 16 hex
 *   digits of the SHA-256 of the id: `a b` saves to `a_b~<hash>.mp4`, `""` to `video~<hash>.mp4`.
 *   A kept id holds no `~`, so a changed one never takes the name of a kept one.
 *
 * `suffix` ends the name: `.mp4` for the video, another for another file of the task (see
 * `contentFileSuffix`).
 */
export function videoFilePath(dir: string, id: string, suffix = '.mp4'): string {
  const root = path.resolve(dir);
  const file = path.join(root, `${videoFileName(id)}${suffix}`);
  if (path.dirname(file) !== root) throw new TypeError(`Refusing a file name outside ${root}`);
  return file;
}

function videoFileName(id: string): string {
  if (SAFE_ID.test(id) && !WINDOWS_DEVICE.test(id)) return id;
  const readable =
    id
      .replace(/[^A-Za-z0-9-]+/g, '_')
      .replace(/^[_-]+|_+$/g, '')
      .slice(0, READABLE_LENGTH) || 'video';
  // UTF-16 code units, not UTF-8: two ids with different lone surrogates must not hash alike.
  const hash = createHash('sha256').update(id, 'utf16le').digest('hex').slice(0, 16);
  return `${readable}~${hash}`;
}
