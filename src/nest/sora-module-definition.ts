import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SoraClientOptions } from 'sora-rx';

/** Options of `SoraModule.forRoot`, and what `forRootAsync`'s factory returns: the client's. */
export type SoraModuleOptions = SoraClientOptions;

/** Options of `SoraModule` beside the client's, for `forRoot` and `forRootAsync` alike. */
export interface SoraModuleExtras {
  /**
   * Register the module globally, so that every module can inject `SoraService` without
   * importing `SoraModule`.
   * @default false
   */
  readonly isGlobal?: boolean;
}

/** The token of the options given to `SoraModule`. */
export const SORA_MODULE_OPTIONS = 'SORA_MODULE_OPTIONS';

/** The class `SoraModule` extends: it makes `forRoot` and `forRootAsync`. */
export const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<SoraModuleOptions>({
  optionsInjectionToken: SORA_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras<SoraModuleExtras>({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal ?? false,
  }))
  .build();
