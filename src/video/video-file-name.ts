import path from 'node:path';

/**
 * The path of a task's video inside `dir`: the id with every character outside `[A-Za-z0-9._-]`
 * replaced, no leading dots, `.mp4` appended. The result always stays inside `dir`.
 */
export function videoFilePath(dir: string, id: string): string {
  const name =
    id
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^\.+/, '')
      .slice(0, 200) || 'video';
  const root = path.resolve(dir);
  const file = path.join(root, `${name}.mp4`);
  if (path.dirname(file) !== root) throw new TypeError(`Refusing a file name outside ${root}`);
  return file;
}
