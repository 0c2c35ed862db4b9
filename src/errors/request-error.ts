import { SoraError } from './sora-error.js';

/** Where a request was going, for error messages. */
export interface RequestDescription {
  /** The HTTP method. */
  readonly method: string;
  /** The URL. It never holds credentials. */
  readonly url: string;
}

/** The base of errors about one HTTP request: it carries the request's method and URL. */
export abstract class SoraRequestError extends SoraError {
  /** The HTTP method of the request. */
  readonly method: string;
  /** The URL of the request. */
  readonly url: string;

  constructor(request: RequestDescription, message: string, options?: ErrorOptions) {
    super(`${request.method} ${request.url} ${message}`, options);
    this.method = request.method;
    this.url = request.url;
  }
}
