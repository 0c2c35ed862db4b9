import type { ConfigurableModuleAsyncOptions } from '@nestjs/common';
import type { SoraModuleExtras, SoraModuleOptions } from './sora-module-definition.js';

/**
 * Options of `SoraModule.forRootAsync`: `useFactory` with `inject` and `imports`, or `useClass` or
 * `useExisting` with a class whose `create()` returns the options; and `isGlobal`.
 */
export type SoraModuleAsyncOptions = ConfigurableModuleAsyncOptions<SoraModuleOptions> &
  SoraModuleExtras;
