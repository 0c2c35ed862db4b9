import './angular-test-bed.js';
import {
  type HttpInterceptorFn,
  type HttpRequest,
  provideHttpClient,
  withFetch,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { InjectionToken, inject, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { isSoraError, type SoraClient } from 'sora-rx';
import { injectSora, provideSora, SORA_CLIENT } from 'sora-rx/angular';
import { type SoraSimulator, startSoraSimulator } from 'sora-rx/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/observe.js';

const baseUrl = 'https://gateway.test/v1';
const task = {
  id: 'sora_1',
  object: 'video.generation',
  created: 1_700_000_000,
  model: 'sora-2',
  status: 'queued',
  video_url: null,
  error: null,
};

let sim: SoraSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Records the headers of every request an app's interceptor sees, and adds one. */
function tracingInterceptor(seen: HttpRequest<unknown>[]): HttpInterceptorFn {
  return (req, next) => {
    seen.push(req);
    return next(req.clone({ setHeaders: { 'x-trace-id': 'trace-1' } }));
  };
}

function clientWithTestingBackend(seen: HttpRequest<unknown>[] = []): SoraClient {
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideHttpClient(withInterceptors([tracingInterceptor(seen)])),
      provideHttpClientTesting(),
      provideSora({ baseUrl, apiKey: 'sk-test', retry: { maxRetries: 0 } }),
    ],
  });
  return TestBed.runInInjectionContext(injectSora);
}

describe('provideSora', () => {
  it('provides one client, under SORA_CLIENT and through injectSora', () => {
    const sora = clientWithTestingBackend();
    expect(sora.baseUrl).toBe(baseUrl);
    expect(TestBed.inject(SORA_CLIENT)).toBe(sora);
  });

  it("sends every request through the app's HttpClient and its interceptors", async () => {
    const seen: HttpRequest<unknown>[] = [];
    const sora = clientWithTestingBackend(seen);
    const result = firstValueFrom(sora.getVideo$('sora_1'));

    const req = TestBed.inject(HttpTestingController).expectOne(`${baseUrl}/videos/sora_1`);
    expect(req.request.headers.get('x-trace-id')).toBe('trace-1');
    expect(req.request.headers.get('authorization')).toBe('Bearer sk-test');
    req.flush(task);

    expect(await result).toMatchObject({ id: 'sora_1', status: 'queued' });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${baseUrl}/videos/sora_1`]);
  });

  it.each([
    [401, 'SORA_AUTH'],
    [404, 'SORA_NOT_FOUND'],
    [400, 'SORA_HTTP'],
  ] as const)('turns an HttpClient error %i into %s', async (status, code) => {
    const sora = clientWithTestingBackend();
    const error = errorOf(sora.getVideo$('sora_1'));
    TestBed.inject(HttpTestingController)
      .expectOne(`${baseUrl}/videos/sora_1`)
      .flush({ error: { message: 'no' } }, { status, statusText: 'Error' });

    const failure = await error;
    expect(isSoraError(failure, code)).toBe(true);
    expect(failure).toMatchObject({ status });
  });

  it('cancels the HttpClient request when the watch is unsubscribed', () => {
    const sora = clientWithTestingBackend();
    const subscription = sora.videoStatus$('sora_1').subscribe();
    const req = TestBed.inject(HttpTestingController).expectOne(`${baseUrl}/videos/sora_1`);

    subscription.unsubscribe();
    expect(req.cancelled).toBe(true);
  });

  it('takes its options from a function run in an injection context', () => {
    const GATEWAY = new InjectionToken<string>('GATEWAY');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        { provide: GATEWAY, useValue: 'https://other.test/v2' },
        provideSora(() => ({ baseUrl: inject(GATEWAY), apiKey: 'sk-test' })),
      ],
    });
    expect(TestBed.inject(SORA_CLIENT).baseUrl).toBe('https://other.test/v2');
  });

  it('refuses a transport of its own, naming the option', () => {
    const options = { baseUrl, apiKey: 'sk-test', transport: () => undefined };
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideSora(options as never)],
    });
    expect(() => TestBed.inject(SORA_CLIENT)).toThrow(/`transport`/);
  });

  it('talks to a real server through HttpClient with fetch, with an interceptor supplying the key', async () => {
    sim = await startSoraSimulator({ clock: 'manual' });
    const { id } = sim.createTask({ status: 'completed' });
    const key = sim.apiKey;
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(
          withFetch(),
          withInterceptors([
            (req, next) => next(req.clone({ setHeaders: { authorization: `Bearer ${key}` } })),
          ]),
        ),
        // The key given here is wrong: only the interceptor's reaches the server.
        provideSora({ baseUrl: sim.baseUrl, apiKey: 'placeholder' }),
      ],
    });
    const sora = TestBed.inject(SORA_CLIENT);

    expect(await lastValueFrom(sora.getVideo$(id))).toMatchObject({ id, status: 'completed' });
    expect(sim.metrics.pollsByTask[id]).toBe(1);
  });
});
