import { HttpClient } from '@angular/common/http';
import {
  type EnvironmentProviders,
  InjectionToken,
  inject,
  makeEnvironmentProviders,
} from '@angular/core';
import { createSoraClient, type SoraClient, type SoraClientOptions } from 'sora-rx';
import { httpClientTransport } from './http-client-transport.js';

/**
 * Options of {@link provideSora}: those of `createSoraClient`, except `transport`, which is always
 * the app's `HttpClient`.
 */
export type ProvideSoraOptions = Omit<SoraClientOptions, 'transport'>;

/** The app's `SoraClient`, provided by {@link provideSora}. {@link injectSora} reads it. */
export const SORA_CLIENT = new InjectionToken<SoraClient>('SORA_CLIENT');

/**
 * Provides a `SoraClient` to an Angular app, as {@link SORA_CLIENT}. Its requests go through the
 * app's `HttpClient`, so interceptors apply; provide `HttpClient` with `provideHttpClient()`
 * (Angular 20 needs it; Angular 21 provides a default one in root).
 *
 * The options may be a function: it runs in an injection context, so it can `inject()` what it
 * needs, such as a configuration token.
 *
 * ## Example
 * ```ts
 * bootstrapApplication(App, {
 *   providers: [
 *     provideZonelessChangeDetection(),
 *     provideHttpClient(withFetch()),
 *     provideSora({ baseUrl: '/api/sora/v1', apiKey: 'session' }),
 *   ],
 * });
 * ```
 * @param options The client's options, or a function that returns them.
 * @return Providers for `bootstrapApplication`, a route's `providers` or `TestBed`.
 */
export function provideSora(
  options: ProvideSoraOptions | (() => ProvideSoraOptions),
): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: SORA_CLIENT,
      useFactory: (): SoraClient => {
        const resolved = typeof options === 'function' ? options() : options;
        if (resolved !== null && typeof resolved === 'object' && 'transport' in resolved) {
          throw new TypeError(
            'Expected no `transport` option: provideSora sends requests through HttpClient',
          );
        }
        return createSoraClient({
          ...resolved,
          transport: httpClientTransport(inject(HttpClient)),
        });
      },
    },
  ]);
}

/**
 * The `SoraClient` of {@link provideSora}. Call it in an injection context: a field initializer,
 * a constructor, or a provider's factory.
 *
 * @example
 * ```ts
 * export class Gallery {
 *   private readonly sora = injectSora();
 * }
 * ```
 */
export function injectSora(): SoraClient {
  return inject(SORA_CLIENT);
}
