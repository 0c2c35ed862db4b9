import { isSoraError } from '../../index.js';
import { describeError } from '../describe-error.js';

/** The low-level network codes worth naming, in the words of a status line. */
const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection dropped',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** Why a request is being retried, in a few words: `connection refused`, `server error (503)`. */
export function describeRetryReason(error: unknown): string {
  if (!isSoraError(error)) return describeError(error).message;
  if (isSoraError(error, 'SORA_NETWORK')) {
    const code = error.causeCode;
    return (
      (code === undefined ? undefined : NETWORK_REASONS[code]) ??
      `network error (${code ?? 'unknown'})`
    );
  }
  if (isSoraError(error, 'SORA_RATE_LIMITED')) return 'rate limited (429)';
  if (isSoraError(error, 'SORA_SERVER')) return `server error (${error.status})`;
  if (isSoraError(error, 'SORA_REQUEST_TIMEOUT')) return 'no answer in time';
  return error.code;
}
