/**
 * A `SoraClient` on the app's `HttpClient`, and task signals. It needs no Angular compiler step: no
 * decorators, only providers, injection tokens and `inject()`.
 *
 * @module sora-rx/angular
 */

export { httpClientTransport } from './http-client-transport.js';
export { injectVideoStatus, type VideoStatusSignal } from './inject-video-status.js';
export {
  injectSora,
  type ProvideSoraOptions,
  provideSora,
  SORA_CLIENT,
} from './provide-sora.js';
