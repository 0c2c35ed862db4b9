import { type DynamicModule, Module } from '@nestjs/common';
import type { SoraModuleAsyncOptions } from './sora-module-async-options.js';
import {
  ConfigurableModuleClass,
  type SoraModuleExtras,
  type SoraModuleOptions,
} from './sora-module-definition.js';
import { SoraService } from './sora-service.js';

/**
 * The Nest module of sora-rx: it provides {@link SoraService}. Import it once, with
 * {@link SoraModule.forRoot} or {@link SoraModule.forRootAsync}.
 *
 * ## Example
 * ```ts
 * @Module({
 *   imports: [SoraModule.forRoot({ baseUrl: 'https://gateway.example/v1', apiKey, isGlobal: true })],
 * })
 * export class AppModule {}
 * ```
 */
@Module({ providers: [SoraService], exports: [SoraService] })
export class SoraModule extends ConfigurableModuleClass {
  /**
   * The module with these client options. Without `baseUrl` and `apiKey`, the client reads the
   * `SORA_BASE_URL` and `SORA_API_KEY` environment variables.
   * @param options The options of `createSoraClient`, and `isGlobal`.
   */
  static override forRoot(options: SoraModuleOptions & SoraModuleExtras = {}): DynamicModule {
    // biome-ignore lint/complexity/noThisInStatic: `super` runs it with `this` = SoraModule, the module it returns.
    return super.forRoot(options);
  }

  /**
   * The module with client options from a factory, which may inject providers (such as
   * `ConfigService`) and return a Promise.
   *
   * @example
   * ```ts
   * SoraModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ baseUrl: config.get('SORA_URL'), apiKey: config.get('SORA_KEY') }),
   * })
   * ```
   * @param options The factory, what it injects and the modules that provide it, and `isGlobal`.
   */
  static override forRootAsync(options: SoraModuleAsyncOptions): DynamicModule {
    // biome-ignore lint/complexity/noThisInStatic: `super` runs it with `this` = SoraModule, the module it returns.
    return super.forRootAsync(options);
  }
}
