import { lastValueFrom, type Observable } from 'rxjs';

/** The error `source` fails with. Throws if it completes instead, so a test cannot pass by accident. */
export async function errorOf(
  source: Observable<unknown> | (() => Observable<unknown>),
): Promise<unknown> {
  try {
    await lastValueFrom(typeof source === 'function' ? source() : source);
  } catch (error) {
    return error;
  }
  throw new Error('Expected the Observable to error, but it completed');
}
