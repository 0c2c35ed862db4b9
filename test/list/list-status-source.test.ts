import { asyncScheduler, map, NEVER, type Observable, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { VideoPage } from '../../src/api/fetch-video-page.js';
import type { TaskResponse } from '../../src/api/task-response.js';
import type { SoraClientOptions } from '../../src/client/client-options.js';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { SoraResponseTooLargeError } from '../../src/errors/transport-errors.js';
import type { HttpRequest, HttpResponse } from '../../src/http/http-transport.js';
import { ListStatusSource } from '../../src/list/list-status-source.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import type { WatchEvent } from '../../src/watch/watch-all.js';
import { createTestScheduler } from '../helpers/marbles.js';

const baseUrl = 'https://gateway.test/v1';
/** Virtual ms between a request and its answer. */
const LATENCY = 1;

/** A task of the model gateway: when it was made (Unix s) and when it completes (virtual ms). */
interface ModelTask {
  readonly id: string;
  readonly created: number;
  readonly doneAtMs: number;
  readonly status?: string;
}

interface GatewayOptions {
  /** How the gateway answers `GET /videos`: pages (default), or a status without a list. */
  readonly list?: 'pages' | number;
  /** Ids the list leaves out, as a gateway that lists only recent videos does. */
  readonly unlisted?: readonly string[];
  /** Answers `GET /videos` with this status at these request numbers (0-based among lists). */
  readonly failLists?: Readonly<Record<number, number>>;
  /** Answers `GET /videos` with this 200 body at these request numbers (0-based among lists). */
  readonly oddLists?: Readonly<Record<number, string>>;
  /** Refuses every `GET /videos` as larger than `maxResponseBytes`, as an 8 MiB page is. */
  readonly hugeLists?: boolean;
  /** Virtual ms before each answer. */
  readonly latency?: number;
}

/**
 * A gateway in OpenAI's shape over `tasks` (the oldest first), on the virtual clock: it answers
 * `GET /videos/{id}` and `GET /videos?limit=&order=desc&after=` as the simulator does.
 */
function modelGateway(
  now: () => number,
  tasks: readonly ModelTask[],
  options: GatewayOptions = {},
) {
  let lists = 0;
  const render = (task: ModelTask) => ({
    id: task.id,
    object: 'video',
    created_at: task.created,
    model: 'sora-2',
    status: task.status ?? (now() >= task.doneAtMs ? 'completed' : 'in_progress'),
    progress: now() >= task.doneAtMs ? 100 : 50,
    error: null,
  });
  const respond = (req: HttpRequest): HttpResponse => {
    const url = new URL(req.url);
    const path = url.pathname.replace('/v1/videos', '');
    if (path === '') {
      const index = lists++;
      const failure = options.failLists?.[index];
      if (failure !== undefined)
        return jsonResponse({ error: { message: 'no' } }, { status: failure });
      const odd = options.oddLists?.[index];
      if (odd !== undefined) return { status: 200, headers: {}, body: odd };
      if (options.list !== undefined && options.list !== 'pages') {
        return jsonResponse({ error: { message: 'no list' } }, { status: options.list });
      }
      const newestFirst = [...tasks].reverse().filter((t) => !options.unlisted?.includes(t.id));
      const listed = url.searchParams.get('order') === 'asc' ? newestFirst.reverse() : newestFirst;
      const after = url.searchParams.get('after');
      const start = after === null ? 0 : listed.findIndex((t) => t.id === after) + 1;
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const data = listed.slice(start, start + limit).map(render);
      return jsonResponse({
        object: 'list',
        data,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
        has_more: start + limit < listed.length,
      });
    }
    const task = tasks.find((t) => `/${t.id}` === path);
    return task === undefined
      ? jsonResponse({ error: { message: 'not found' } }, { status: 404 })
      : jsonResponse(render(task));
  };
  return stubTransport(
    (req): Observable<HttpResponse> =>
      timer(options.latency ?? LATENCY).pipe(
        map(() => {
          if (options.hugeLists === true && new URL(req.url).pathname === '/v1/videos') {
            throw new SoraResponseTooLargeError({ method: req.method, url: req.url }, 1 << 20);
          }
          return respond(req);
        }),
      ),
  );
}

/** What each request asked for: `list` with its query, or the task id. */
function describeRequests(requests: readonly HttpRequest[]): string[] {
  return requests.map((req) => {
    const url = new URL(req.url);
    const after = url.searchParams.get('after');
    const order = url.searchParams.get('order') === 'asc' ? ' oldest first' : '';
    if (url.pathname === '/v1/videos') {
      return after === null ? `list${order}` : `list${order} after ${after}`;
    }
    return `get ${url.pathname.split('/').pop()}`;
  });
}

const describeEvent = (event: WatchEvent) =>
  event.task
    ? `${event.id}:${event.task.status}`
    : `${event.id}:${(event.error as { code: string }).code}`;

const OLD = 1_000; // created long before virtual time 0, in Unix seconds

/** Runs `body` in virtual time, giving it the virtual clock for the model gateway. */
function run(
  body: (
    helpers: Parameters<Parameters<ReturnType<typeof createTestScheduler>['run']>[0]>[0],
  ) => void,
): void {
  const scheduler = createTestScheduler();
  now = () => scheduler.now();
  scheduler.run(body);
}
let now: () => number = () => 0;

/** A client polling every 10 s; new tasks take their first look at once (`maxAgeMs: 0`). */
function client(transport: ReturnType<typeof modelGateway>, options: SoraClientOptions = {}) {
  return createSoraClient({
    baseUrl,
    apiKey: 'k',
    transport,
    poll: { intervalMs: 10_000, jitter: 0 },
    listPolling: { maxAgeMs: 0 },
    ...options,
  });
}

describe('watchAll$ with list polling', () => {
  it('serves every task due at the same moment with one page', () => {
    run(({ expectObservable, flush }) => {
      const tasks = ['a', 'b', 'c'].map((id) => ({ id, created: OLD, doneAtMs: 0 }));
      const transport = modelGateway(now, tasks);
      const sora = client(transport);

      expectObservable(sora.watchAll$(['a', 'b', 'c']).pipe(map(describeEvent))).toBe('-(zyx|)', {
        x: 'a:completed',
        y: 'b:completed',
        z: 'c:completed',
      });
      flush();
      expect(describeRequests(transport.requests)).toEqual(['list']);
    });
  });

  it('polls each round with the page that starts at the oldest due task, oldest first', () => {
    run(({ expectObservable, flush }) => {
      const tasks = ['a', 'b', 'c'].map((id) => ({ id, created: OLD, doneAtMs: 15_000 }));
      const transport = modelGateway(now, tasks);
      const sora = client(transport);

      expectObservable(sora.watchAll$(['a', 'b', 'c']).pipe(map(describeEvent))).toBe(
        '-(cba) 19997ms (ABC|)',
        {
          a: 'a:processing',
          b: 'b:processing',
          c: 'c:processing',
          A: 'a:completed',
          B: 'b:completed',
          C: 'c:completed',
        },
      );
      flush();
      // Rounds at 0, 10 001 and 20 002 ms: one page each, as the three are due together.
      expect(describeRequests(transport.requests)).toEqual([
        'list',
        'list oldest first',
        'list oldest first',
      ]);
    });
  });

  it('answers a task due within maxAgeMs of a page from that page, without a request', () => {
    run(({ expectObservable, flush }) => {
      const tasks = ['a', 'b', 'c'].map((id) => ({ id, created: OLD, doneAtMs: 15_000 }));
      const transport = modelGateway(now, tasks);
      const sora = client(transport, { listPolling: { maxAgeMs: 2_000 } });

      const ab = sora.watchAll$(['a', 'b']).pipe(map(describeEvent));
      const c = sora.watchAll$(['c'], { intervalMs: 11_000 }).pipe(map(describeEvent));
      expectObservable(ab).toBe('-(ba) 19998ms (AB|)', {
        a: 'a:processing',
        b: 'b:processing',
        A: 'a:completed',
        B: 'b:completed',
      });
      // c's poll at 11 001 ms takes what the page of a and b showed at 10 002 ms; the page of
      // 20 003 ms shows it completed: its watch ends then, before its next poll.
      expectObservable(c).toBe('-c 20001ms (C|)', { c: 'c:processing', C: 'c:completed' });
      flush();
      expect(describeRequests(transport.requests)).toEqual([
        'list',
        'list oldest first',
        'list oldest first',
      ]);
    });
  });

  it('asks for the page that starts with a task due after maxAgeMs', () => {
    run(({ flush }) => {
      const tasks = ['a', 'b', 'c'].map((id) => ({ id, created: OLD, doneAtMs: 25_000 }));
      const transport = modelGateway(now, tasks);
      const sora = client(transport, { listPolling: { maxAgeMs: 500 } });

      sora.watchAll$(['a', 'b']).subscribe();
      sora.watchAll$(['c'], { intervalMs: 11_000 }).subscribe();
      flush();

      // c is due at 11 251 ms, 999 ms after the page of a and b showed it: too old.
      expect(describeRequests(transport.requests).slice(0, 3)).toEqual([
        'list',
        'list oldest first',
        'list oldest first after b',
      ]);
    });
  });

  it('waits up to half of maxAgeMs before the first look at new tasks, to share a page', () => {
    run(({ hot, expectObservable, flush }) => {
      const tasks = ['a', 'b', 'c', 'd'].map((id) => ({ id, created: OLD, doneAtMs: 60_000 }));
      const transport = modelGateway(now, tasks);
      const sora = client(transport, { listPolling: undefined });
      const ids = hot('(ab) 996ms c 999ms d', { a: 'a', b: 'b', c: 'c', d: 'd' });

      // a and b, due together, go at once; c waits 2.5 s, and d, due meanwhile, shares its page.
      expectObservable(sora.watchAll$(ids).pipe(map(describeEvent)), '^ 4s !').toBe(
        '-(ba) 3496ms (dc)',
        { a: 'a:processing', b: 'b:processing', c: 'c:processing', d: 'd:processing' },
      );
      flush();
      expect(describeRequests(transport.requests)).toEqual(['list', 'list']);
    });
  });

  it('asks a gateway without a list once, then polls every task with its own GET', () => {
    run(({ expectObservable, flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 15_000 }));
      const transport = modelGateway(now, tasks, { list: 405 });
      const sora = client(transport);

      expectObservable(sora.watchAll$(['a', 'b']).pipe(map(describeEvent))).toBe(
        '--(xy) 19998ms (uv|)',
        { x: 'a:processing', y: 'b:processing', u: 'a:completed', v: 'b:completed' },
      );
      flush();
      expect(describeRequests(transport.requests)).toEqual([
        'list',
        'get a',
        'get b',
        'get a',
        'get b',
        'get a',
        'get b',
      ]);
    });
  });

  it.each([400, 404, 501])(
    'takes a %s to the first page for a gateway without a list',
    (status) => {
      run(({ flush }) => {
        const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 15_000 }));
        const transport = modelGateway(now, tasks, { list: status });
        client(transport).watchAll$(['a', 'b']).subscribe();
        flush();
        expect(describeRequests(transport.requests).filter((r) => r === 'list')).toEqual(['list']);
      });
    },
  );

  it('takes JSON that is not a list for a gateway without a list, and asks no more', () => {
    run(({ flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 15_000 }));
      const oddLists = { 0: '{"videos":[]}' };
      const transport = modelGateway(now, tasks, { oddLists });
      client(transport).watchAll$(['a', 'b']).subscribe();
      flush();
      expect(describeRequests(transport.requests).filter((r) => r.startsWith('list'))).toEqual([
        'list',
      ]);
    });
  });

  it("does not take a proxy's HTML page for a gateway without a list", () => {
    run(({ flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 15_000 }));
      const oddLists = { 0: '<html><body>Just a moment...</body></html>' };
      const transport = modelGateway(now, tasks, { oddLists });
      client(transport).watchAll$(['a', 'b']).subscribe();
      flush();
      expect(describeRequests(transport.requests)).toEqual([
        'list',
        'get a',
        'get b',
        'list',
        'list oldest first',
      ]);
    });
  });

  it('falls back to GETs for a poll whose page fails, and lists again on the next', () => {
    run(({ flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 15_000 }));
      const transport = modelGateway(now, tasks, { failLists: { 1: 503 } });
      client(transport, { retry: { maxRetries: 0 } })
        .watchAll$(['a', 'b'])
        .subscribe();
      flush();
      // The page answered b before a, so b's next poll came due first.
      expect(describeRequests(transport.requests)).toEqual([
        'list',
        'list oldest first',
        'get b',
        'get a',
        'list oldest first',
      ]);
    });
  });

  it('asks for no page within 1 s of a page that met a 503: polls due meanwhile go by GET', () => {
    run(({ flush }) => {
      const tasks = ['a', 'b', 'c'].map((id) => ({ id, created: OLD, doneAtMs: 5_000 }));
      const transport = modelGateway(now, tasks, { failLists: { 0: 503, 2: 503 } });
      const sent: string[] = [];
      const timed = stubTransport((req) => {
        sent.push(`${now()} ${describeRequests([req])[0]}`);
        return transport(req);
      });
      const sora = client(timed, {
        poll: { intervalMs: 2_000, jitter: 0 },
        retry: { maxRetries: 0 },
        listPolling: { mode: true, maxAgeMs: 0 },
      });
      sora.watchAll$(['a', 'b']).subscribe();
      // A third task comes due 300 ms after the first page failed.
      timer(301).subscribe(() => sora.watchAll$(['c']).subscribe());
      flush();
      const [first = 0, second = 0, third = 0, fourth = 0] = sent
        .filter((line) => line.includes(' list'))
        .map((line) => Number.parseInt(line, 10));
      // Four pages at least: the list is asked again after each failure.
      expect(fourth).toBeGreaterThan(0);
      // Pages 0 and 2 failed; the page after each waits at least 1 s from its answer.
      expect(second - (first + LATENCY)).toBeGreaterThanOrEqual(1_000);
      expect(fourth - (third + LATENCY)).toBeGreaterThanOrEqual(1_000);
      expect(sent).toContain('301 get c');
    });
  });

  it('rests the list longer after each page failed in a row, and afresh once a page came', () => {
    run(({ flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 40_000 }));
      const failLists = { 0: 503, 1: 503, 2: 503, 3: 503, 6: 503 };
      const transport = modelGateway(now, tasks, { failLists });
      const listedAt: number[] = [];
      const timed = stubTransport((req) => {
        if (new URL(req.url).pathname === '/v1/videos') listedAt.push(now());
        return transport(req);
      });
      client(timed, {
        poll: { intervalMs: 1_000, jitter: 0 },
        // The longest backoff each time: 2 s, 4 s, 8 s, 16 s after the 1st, 2nd, 3rd, 4th failure.
        retry: { maxRetries: 0, random: () => 1 },
        listPolling: { mode: true, maxAgeMs: 0 },
      })
        .watchAll$(['a', 'b'])
        .subscribe();
      flush();
      const gaps = listedAt.slice(1).map((at, i) => at - (listedAt[i] as number));
      // After each failure, its rest (counted from its answer), then the next due poll.
      [2_000, 4_000, 8_000, 16_000].forEach((rest, i) => {
        expect(gaps[i]).toBeGreaterThanOrEqual(rest);
        expect(gaps[i]).toBeLessThan(rest + 1_000);
      });
      // Once a page came, the next one goes with the next due poll, a second later; a failure
      // after pages came rests the list as the first one did.
      expect(gaps.slice(4, 6)).toEqual([1_001, 1_001]);
      expect(gaps[6]).toBeGreaterThanOrEqual(2_000);
      expect(gaps[6]).toBeLessThan(3_000);
      expect(gaps.slice(7)).toEqual(gaps.slice(7).map(() => 1_001));
      expect(gaps.length).toBeGreaterThanOrEqual(9);
    });
  });

  it('gives up a list it cannot read, polls on at the interval, and tries it again 5 minutes later', () => {
    run(({ flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 400_000 }));
      const transport = modelGateway(now, tasks, { hugeLists: true });
      client(transport, { listPolling: { mode: true, maxAgeMs: 0 } })
        .watchAll$(['a', 'b'])
        .subscribe();
      flush();
      const requests = describeRequests(transport.requests);
      // One refused page at the start, one 5 minutes on; every other poll by GET, 10 s apart.
      expect(requests.filter((r) => r.startsWith('list'))).toHaveLength(2);
      expect(requests.filter((r) => r === 'get a')).toHaveLength(41);
      expect(transport.requests.length).toBe(2 + 2 * 41);
    });
  });

  it('keeps the interval of new tasks while their pages fail: the wait to share a page is once', () => {
    run(({ flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 20_000 }));
      const failLists = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [i, 503]));
      const transport = modelGateway(now, tasks, { failLists });
      client(transport, {
        poll: { intervalMs: 1_000, jitter: 0 },
        listPolling: { mode: true, maxAgeMs: 5_000 },
      })
        .watchAll$(['a', 'b'])
        .subscribe();
      flush();
      // The first look waits up to 2.5 s for other new tasks; after it, one poll a second even
      // though every page fails: not 2.5 s more before each one.
      const gets = describeRequests(transport.requests).filter((r) => r === 'get a');
      expect(gets.length).toBeGreaterThanOrEqual(15);
    });
  });

  it('polls a task the pages do not show with its own GET, and stops looking for it', () => {
    run(({ flush }) => {
      const tasks = ['x', 'a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 15_000 }));
      const transport = modelGateway(now, tasks, { unlisted: ['x'] });
      client(transport).watchAll$(['a', 'b', 'x']).subscribe();
      flush();
      expect(describeRequests(transport.requests)).toEqual([
        'list',
        'get x',
        'list oldest first',
        'get x',
        'list oldest first',
        'get x',
      ]);
    });
  });

  it("reports a listed task that does not decode through the task's own GET", () => {
    run(({ expectObservable, flush }) => {
      const tasks = [
        { id: 'a', created: OLD, doneAtMs: 0 },
        { id: 'b', created: OLD, doneAtMs: 0, status: 'rendering' },
      ];
      const transport = modelGateway(now, tasks);
      expectObservable(client(transport).watchAll$(['a', 'b']).pipe(map(describeEvent))).toBe(
        '-x(y|)',
        { x: 'a:completed', y: 'b:SORA_DECODE' },
      );
      flush();
      expect(describeRequests(transport.requests)).toEqual(['list', 'get b']);
    });
  });

  it('aborts the page in flight when every poll waiting for it is unsubscribed', () => {
    run(({ cold, expectObservable, expectSubscriptions }) => {
      const page = cold('-----(r|)', { r: jsonResponse({ data: [], has_more: false }) });
      const transport = stubTransport(() => page);
      const sora = createSoraClient({
        baseUrl,
        apiKey: 'k',
        transport,
        listPolling: { maxAgeMs: 0 },
      });

      expectObservable(sora.watchAll$(['a', 'b']), '^--!').toBe('---');
      expectSubscriptions(page.subscriptions).toBe('^--!');
    });
  });

  it('clears the wait before a first look when the watch is unsubscribed', () => {
    let lastFrame = 0;
    run(({ hot, expectObservable, flush }) => {
      const tasks = ['a', 'b', 'c'].map((id) => ({ id, created: OLD, doneAtMs: 60_000 }));
      const transport = modelGateway(now, tasks);
      const sora = client(transport, { listPolling: undefined });
      const ids = hot('(ab) 96ms c', { a: 'a', b: 'b', c: 'c' });

      // c waits for its first look until 2 600 ms; the watch ends at 1 s.
      expectObservable(sora.watchAll$(ids).pipe(map(describeEvent)), '^ 999ms !').toBe('-(ba)', {
        a: 'a:processing',
        b: 'b:processing',
      });
      flush();
      lastFrame = now();
      expect(describeRequests(transport.requests)).toEqual(['list']);
    });
    // No timer was left to run after the end: neither c's wait nor a poll.
    expect(lastFrame).toBeLessThanOrEqual(1_000);
  });

  it('never lists with listPolling: false', () => {
    run(({ flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 0 }));
      const transport = modelGateway(now, tasks);
      client(transport, { listPolling: false }).watchAll$(['a', 'b']).subscribe();
      flush();
      expect(describeRequests(transport.requests)).toEqual(['get a', 'get b']);
    });
  });

  it('polls a task watched alone with its own GET, unless listPolling is true', () => {
    run(({ flush }) => {
      const tasks = [{ id: 'a', created: OLD, doneAtMs: 0 }];
      const auto = modelGateway(now, tasks);
      const always = modelGateway(now, tasks);
      client(auto).watchAll$(['a']).subscribe();
      client(always, { listPolling: true }).watchAll$(['a']).subscribe();
      flush();
      expect(describeRequests(auto.requests)).toEqual(['get a']);
      expect(describeRequests(always.requests)).toEqual(['list']);
    });
  });

  it("never asks for a list in a dialect without one (OpenRouter's, the seed's) unless told to", () => {
    run(({ flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 0 }));
      const openrouter = modelGateway(now, tasks);
      const seed = modelGateway(now, tasks);
      const told = modelGateway(now, tasks);
      client(openrouter, { dialect: 'openrouter' }).watchAll$(['a', 'b']).subscribe();
      client(seed, { dialect: 'seed' }).watchAll$(['a', 'b']).subscribe();
      client(told, { dialect: 'seed', listPolling: { mode: true, maxAgeMs: 0 } })
        .watchAll$(['a', 'b'])
        .subscribe();
      flush();
      expect(describeRequests(openrouter.requests)).toEqual(['get a', 'get b']);
      expect(describeRequests(seed.requests)).toEqual(['get a', 'get b']);
      expect(describeRequests(told.requests)).toEqual(['list']);
    });
  });

  it('leaves videoStatus$ alone: one GET per task and poll', () => {
    run(({ flush }) => {
      const tasks = ['a', 'b'].map((id) => ({ id, created: OLD, doneAtMs: 0 }));
      const transport = modelGateway(now, tasks);
      const sora = client(transport);
      sora.videoStatus$('a').subscribe();
      sora.videoStatus$('b').subscribe();
      flush();
      expect(describeRequests(transport.requests)).toEqual(['get a', 'get b']);
    });
  });

  it.each<[unknown, RegExp]>([
    ['yes', /`listPolling` to be 'auto', true, false or an object/],
    [{ mode: 'always' }, /`listPolling.mode`/],
    [{ maxAgeMs: -1 }, /`listPolling.maxAgeMs`/],
    [{ pageSize: 0 }, /`listPolling.pageSize`/],
    [{ pageSize: 101 }, /`listPolling.pageSize`/],
    [{ pages: 2 }, /Unknown option `pages` in `listPolling`/],
  ])('refuses listPolling %j with a TypeError naming it', (listPolling, message) => {
    expect(() =>
      createSoraClient({ baseUrl, apiKey: 'k', listPolling: listPolling as never }),
    ).toThrow(message);
  });
});

describe('ListStatusSource', () => {
  const page = (ids: string[], statuses: Record<string, string>): VideoPage => ({
    tasks: ids.map((id) => ({
      id,
      object: 'video',
      created: OLD,
      model: 'sora-2',
      status: statuses[id] as 'processing',
      video_url: null,
      error: null,
    })),
    ids,
    hasMore: false,
    pollAfterMs: undefined,
    serverDate: undefined,
  });

  it("ends a tracked task's watch with the terminal task a page shows, seen first by its observer", () => {
    run(({ cold, expectObservable, flush }) => {
      const source = new ListStatusSource(
        { mode: 'auto', maxAgeMs: 0, pageSize: 100 },
        () => cold('-(p|)', { p: page(['a', 'b'], { a: 'processing', b: 'completed' }) }),
        () => cold('#', {}, new Error('no GET may go out')),
        asyncScheduler,
        () => 1_000,
      );
      const observed: string[] = [];
      const planner = {
        observe: (response: TaskResponse) =>
          observed.push(`${response.task.id}:${response.task.status}`),
      };
      const a = source.track('a', NEVER, planner);
      const b = source.track('b', NEVER, planner);

      expectObservable(b.pipe(map((r) => r.task.status))).toBe('-(c|)', { c: 'completed' });
      expectObservable(a.pipe(map((r) => r.task.status))).toBe('');
      expectObservable(source.fetch$('a').pipe(map((r) => r.task.status))).toBe('-(p|)', {
        p: 'processing',
      });
      flush();
      expect(observed).toEqual(['b:completed']);
    });
  });
});
