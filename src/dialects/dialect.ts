import type { CheckedCreateParams } from '../api/create-params.js';

/** The gateways whose dialect sora-rx knows by name. */
export type DialectName = 'seed' | 'openai' | 'openrouter';

/**
 * What differs between gateways when sora-rx writes to them: where a create goes and what its body
 * says, and where a cancel and a delete go, for a gateway that has them. Reading a task needs no dialect: the decoder reads every known shape (see `VideoTask`).
 * Pass one of your own as the client's `dialect` for a gateway sora-rx does not know.
 *
 * `createBody` gets the checked params, `images` (each with its role) and `remixOf` among them:
 * a dialect throws a `TypeError` for what its gateway does not take, and the client then sends
 * nothing. A dialect written before images existed ignores them: have it refuse `images` it does
 * not send, or a create would be paid for without them. `remixOf` needs no such care: without
 * `remixPath` the client refuses it.
 *
 * ## Example
 * ```ts
 * const myGateway: Dialect = {
 *   name: 'my-gateway',
 *   createPath: ['video', 'create'],
 *   createBody: ({ prompt, model, seconds }) => ({ model: model ?? 'sora-2', prompt, length: Number(seconds ?? 10) }),
 * };
 * createSoraClient({ baseUrl, apiKey, dialect: myGateway });
 * ```
 */
export interface Dialect {
  /** A name for messages and logs. */
  readonly name: string;
  /** The path of a create under the base URL, as segments: `['videos']` is `POST {base}/videos`. */
  readonly createPath: readonly string[];
  /** The JSON body of a create, from params already checked. */
  createBody(params: CheckedCreateParams): Record<string, unknown>;
  /**
   * Where one task is read, for a gateway that does not serve `GET {base}/videos/{id}`: path
   * segments under the base URL, and a query.
   * @example (id) => ({ path: ['video', 'query'], query: { id } }) // GET {base}/video/query?id=…
   */
  readonly taskLocation?: ((id: string) => TaskLocation) | undefined;
  /**
   * The path of the gateway's list of video models and what each accepts, where it has one
   * (OpenRouter's `['videos', 'models']`); without it, `models$()` has nothing to ask.
   */
  readonly modelsPath?: readonly string[] | undefined;
  /**
   * The path of the gateway's list of tasks, read in pages as OpenAI's
   * (`GET {base}/videos?limit=&order=&after=`, answering `{ data, has_more }`), where it has one.
   * With it, `watchAll$`'s `listPolling: 'auto'` finds out whether the gateway serves the list;
   * without it, `'auto'` polls task by task and never asks, and `listPolling: true` asks at
   * `['videos']`.
   */
  readonly listPath?: readonly string[] | undefined;
  /**
   * Where a remix of the completed video `id` goes, for a gateway that remixes (OpenAI's
   * `['videos', id, 'remix']`, `POST {base}/videos/{id}/remix`). A create with `remixOf` is sent
   * there with the body `createBody` makes (it sees `remixOf`), and answers a task as a create
   * does. Without it, a create with `remixOf` fails with a `TypeError` before anything is sent.
   * @example (id) => ['videos', id, 'remix']
   */
  readonly remixPath?: ((id: string) => readonly string[]) | undefined;
  /**
   * Where a cancel of a task goes, for a gateway that has one (OpenAI documents none; some
   * gateways that copy its shape add `POST {base}/videos/{id}/cancel`). Without it,
   * `cancelVideo$` and `generate$`'s `cancelOnUnsubscribe` throw a `TypeError` at the call.
   * The id is checked before this is called.
   * @example (id) => ({ method: 'POST', path: ['videos', id, 'cancel'] })
   */
  readonly cancelRequest?: ((id: string) => TaskRequest) | undefined;
  /**
   * Where a delete of a task and its video goes, for a gateway that has one (OpenAI's
   * `DELETE {base}/videos/{id}`). Without it, `deleteVideo$` throws a `TypeError` at the call.
   * The id is checked before this is called.
   * @example (id) => ({ method: 'DELETE', path: ['videos', id] })
   */
  readonly deleteRequest?: ((id: string) => TaskRequest) | undefined;
}

/** A request about one task that changes it (a cancel, a delete): its method and where it goes. */
export interface TaskRequest extends TaskLocation {
  /** The HTTP method. */
  readonly method: 'POST' | 'DELETE';
}

/** Where a request goes under the base URL. */
export interface TaskLocation {
  /** Path segments, each percent-encoded: `['video', 'query']` is `{base}/video/query`. */
  readonly path: readonly string[];
  /** Query parameters, encoded. */
  readonly query?: Readonly<Record<string, string>> | undefined;
}

/** The fields of a body that are present, in order: `undefined` ones are left out. */
export function definedFields(fields: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body[name] = value;
  return body;
}
