import './angular-test-bed.js';
import {
  HttpClient,
  HttpHeaderResponse,
  HttpHeaders,
  provideHttpClient,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { type HttpRequest, isSoraError } from 'sora-rx';
import { httpClientTransport } from 'sora-rx/angular';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/observe.js';

const url = 'https://gateway.test/v1/videos/sora_1';
const get: HttpRequest = {
  method: 'GET',
  url,
  headers: { authorization: 'Bearer sk-test', accept: 'application/json' },
  maxBodyBytes: 100,
};

let http: HttpClient;
let backend: HttpTestingController;

beforeEach(() => {
  TestBed.configureTestingModule({
    providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
  });
  http = TestBed.inject(HttpClient);
  backend = TestBed.inject(HttpTestingController);
});

describe('httpClientTransport', () => {
  it('sends the method, headers and body through HttpClient', () => {
    const body = JSON.stringify({ prompt: 'a lighthouse' });
    const post = { ...get, method: 'POST', body, headers: { 'content-type': 'application/json' } };
    httpClientTransport(http)(post).subscribe();

    const req = backend.expectOne(url);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toBe(body);
    expect(req.request.headers.get('content-type')).toBe('application/json');
    expect(req.request.responseType).toBe('text');
  });

  it('emits one response with the body as text and header names in lower case', async () => {
    const response = firstValueFrom(httpClientTransport(http)(get));
    backend.expectOne(url).flush('{"id":"sora_1"}', {
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req_1' },
    });

    expect(await response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_1' },
      body: '{"id":"sora_1"}',
    });
  });

  it.each([
    [404, 'Not Found'],
    [429, 'Too Many Requests'],
    [503, 'Service Unavailable'],
  ])('emits a %i as a response, not an error', async (status, statusText) => {
    const response = firstValueFrom(httpClientTransport(http)(get));
    backend.expectOne(url).flush('{"error":"no"}', {
      status,
      statusText,
      headers: { 'Retry-After': '3' },
    });

    expect(await response).toEqual({
      status,
      headers: { 'retry-after': '3' },
      body: '{"error":"no"}',
    });
  });

  it('fails with SORA_NETWORK when no answer came (status 0)', async () => {
    const error = errorOf(httpClientTransport(http)(get));
    backend.expectOne(url).error(new Event('error') as ProgressEvent);

    const failure = await error;
    expect(isSoraError(failure, 'SORA_NETWORK')).toBe(true);
    expect(failure).toMatchObject({ method: 'GET', url });
  });

  it('cancels the request when unsubscribed', () => {
    const subscription = httpClientTransport(http)(get).subscribe();
    const req = backend.expectOne(url);
    subscription.unsubscribe();
    expect(req.cancelled).toBe(true);
  });

  it('fails with SORA_RESPONSE_TOO_LARGE and cancels as soon as Content-Length is over the limit', async () => {
    const error = errorOf(httpClientTransport(http)(get));
    const req = backend.expectOne(url);
    expect(req.request.reportProgress).toBe(true);
    req.event(
      new HttpHeaderResponse({
        status: 200,
        headers: new HttpHeaders({ 'Content-Length': '5000' }),
      }),
    );

    expect(isSoraError(await error, 'SORA_RESPONSE_TOO_LARGE')).toBe(true);
    expect(req.cancelled).toBe(true);
  });

  it('fails with SORA_RESPONSE_TOO_LARGE when the body read is over the limit, in UTF-8 bytes', async () => {
    const fits = firstValueFrom(httpClientTransport(http)(get));
    backend.expectOne(url).flush('é'.repeat(50));
    expect((await fits).body).toHaveLength(50);

    const tooLarge = errorOf(httpClientTransport(http)(get));
    backend.expectOne(url).flush('é'.repeat(51));
    expect(isSoraError(await tooLarge, 'SORA_RESPONSE_TOO_LARGE')).toBe(true);
  });

  it('fails with SORA_RESPONSE_TOO_LARGE when an error body is over the limit', async () => {
    const error = errorOf(httpClientTransport(http)(get));
    backend.expectOne(url).flush('x'.repeat(101), { status: 500, statusText: 'Server Error' });
    expect(isSoraError(await error, 'SORA_RESPONSE_TOO_LARGE')).toBe(true);
  });
});
