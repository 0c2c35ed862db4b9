/**
 * `SoraModule` and `SoraService` for NestJS. Every injection names its token, so it needs no
 * `emitDecoratorMetadata`, and it runs from ESM and CommonJS alike.
 *
 * @module sora-rx/nest
 */

export { SoraModule } from './sora-module.js';
export type { SoraModuleAsyncOptions } from './sora-module-async-options.js';
export {
  SORA_MODULE_OPTIONS,
  type SoraModuleExtras,
  type SoraModuleOptions,
} from './sora-module-definition.js';
export { SoraService } from './sora-service.js';
