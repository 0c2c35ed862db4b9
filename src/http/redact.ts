const REDACTED = '[REDACTED]';

/** Replaces every occurrence of each secret in `text`. Secrets shorter than 4 characters are ignored. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** The credential in an `authorization` header (the part after the scheme), if any. */
export function credentialOf(headers: Readonly<Record<string, string>>): string | undefined {
  const value = headers.authorization;
  if (value === undefined) return undefined;
  const space = value.indexOf(' ');
  return space === -1 ? value : value.slice(space + 1);
}
