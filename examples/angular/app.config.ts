import {
  type HttpInterceptorFn,
  provideHttpClient,
  withFetch,
  withInterceptors,
} from '@angular/common/http';
import { type ApplicationConfig, provideZonelessChangeDetection } from '@angular/core';
import { provideSora } from 'sora-rx/angular';

/** Where the app reaches the video API; in an app, from `environment.ts`. */
export interface VideoApiSettings {
  /** Your backend's route to the gateway: the backend adds the real API key. */
  readonly baseUrl: string;
  /** The user's session token, sent as the bearer token, which your backend checks. */
  readonly sessionToken: string;
}

/** Tags every request, sora-rx's included, so that the backend's logs can follow it. */
export const requestIdInterceptor: HttpInterceptorFn = (req, next) =>
  next(req.clone({ setHeaders: { 'x-request-id': crypto.randomUUID() } }));

/** The app's providers: zoneless, HttpClient on fetch with the interceptor, and sora-rx. */
export function appConfig(api: VideoApiSettings): ApplicationConfig {
  return {
    providers: [
      provideZonelessChangeDetection(),
      provideHttpClient(withFetch(), withInterceptors([requestIdInterceptor])),
      provideSora({
        baseUrl: api.baseUrl,
        apiKey: api.sessionToken,
        poll: { maxWaitMs: 20 * 60_000 },
      }),
    ],
  };
}
