import { provideHttpClient, withFetch } from '@angular/common/http';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideSora } from 'sora-rx/angular';
import { App } from './app.js';

// The page's own server forwards `/v1` to the API and puts the real key there: the browser only
// holds a session token.
bootstrapApplication(App, {
  providers: [
    provideZonelessChangeDetection(),
    provideHttpClient(withFetch()),
    provideSora({ baseUrl: `${location.origin}/v1`, apiKey: 'browser-session' }),
  ],
}).catch((error: unknown) => console.error(error));
