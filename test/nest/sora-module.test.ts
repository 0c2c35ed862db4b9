import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { build } from 'esbuild';
import { lastValueFrom, toArray } from 'rxjs';
import { SORA_MODULE_OPTIONS, SoraModule, type SoraModuleOptions, SoraService } from 'sora-rx/nest';
import { type SoraSimulator, startSoraSimulator } from 'sora-rx/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let sim: SoraSimulator;
beforeEach(async () => {
  sim = await startSoraSimulator({ clock: 'manual' });
});
let dir: string | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await sim.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const SETTINGS = 'SETTINGS';

/** Stands in for a configuration module, such as `@nestjs/config`'s. */
@Module({
  providers: [{ provide: SETTINGS, useFactory: () => ({ url: sim.baseUrl, key: sim.apiKey }) }],
  exports: [SETTINGS],
})
class SettingsModule {}

/** A feature module that injects SoraService without importing SoraModule. */
@Injectable()
class Gallery {
  constructor(@Inject(SoraService) readonly sora: SoraService) {}
}
@Module({ providers: [Gallery] })
class GalleryModule {}

async function serviceOf(soraModule: DynamicModule): Promise<SoraService> {
  const moduleRef = await Test.createTestingModule({ imports: [soraModule] }).compile();
  return moduleRef.get(SoraService);
}

describe('SoraModule.forRoot', () => {
  it('provides a SoraService whose client talks to the API', async () => {
    const sora = await serviceOf(SoraModule.forRoot({ baseUrl: sim.baseUrl, apiKey: sim.apiKey }));
    const { id } = sim.createTask({ status: 'completed' });

    expect(sora.baseUrl).toBe(sim.baseUrl);
    const tasks = await lastValueFrom(sora.videoStatus$(id).pipe(toArray()));
    expect(tasks.map((task) => task.status)).toEqual(['completed']);
    expect(await lastValueFrom(sora.client.getVideo$(id))).toMatchObject({ id });
  });

  it('reads SORA_BASE_URL and SORA_API_KEY when given no options', async () => {
    vi.stubEnv('SORA_BASE_URL', sim.baseUrl);
    vi.stubEnv('SORA_API_KEY', sim.apiKey);
    const sora = await serviceOf(SoraModule.forRoot());
    const { id } = sim.createTask({ status: 'queued' });

    expect(await lastValueFrom(sora.getVideo$(id))).toMatchObject({ id, status: 'queued' });
  });

  it('fails at startup on an invalid option, naming it', async () => {
    const options = { baseUrl: sim.baseUrl, apiKey: sim.apiKey, requestTimeoutMs: -1 };
    await expect(serviceOf(SoraModule.forRoot(options))).rejects.toThrow(/`requestTimeoutMs`/);
  });

  it('keeps isGlobal out of the client options', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SoraModule.forRoot({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, isGlobal: true })],
    }).compile();
    expect(moduleRef.get(SORA_MODULE_OPTIONS)).toEqual({
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
    });
  });

  it('with isGlobal, serves modules that do not import it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SoraModule.forRoot({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, isGlobal: true }),
        GalleryModule,
      ],
    }).compile();
    expect(moduleRef.get(Gallery).sora).toBe(moduleRef.get(SoraService));
  });

  it('without isGlobal, serves only the modules that import it', async () => {
    const compiling = Test.createTestingModule({
      imports: [SoraModule.forRoot({ baseUrl: sim.baseUrl, apiKey: sim.apiKey }), GalleryModule],
    }).compile();
    await expect(compiling).rejects.toThrow(/SoraService/);
  });
});

describe('SoraModule.forRootAsync', () => {
  it('takes the options from a factory, with what it injects from the modules it imports', async () => {
    const sora = await serviceOf(
      SoraModule.forRootAsync({
        imports: [SettingsModule],
        inject: [SETTINGS],
        useFactory: async (settings: { url: string; key: string }): Promise<SoraModuleOptions> => ({
          baseUrl: settings.url,
          apiKey: settings.key,
        }),
      }),
    );
    const { id } = sim.createTask({ status: 'completed' });

    expect(await lastValueFrom(sora.getVideo$(id))).toMatchObject({ id, status: 'completed' });
  });

  it("takes the options from a class's create()", async () => {
    @Injectable()
    class SoraOptionsFactory {
      create(): SoraModuleOptions {
        return { baseUrl: sim.baseUrl, apiKey: sim.apiKey };
      }
    }
    const sora = await serviceOf(SoraModule.forRootAsync({ useClass: SoraOptionsFactory }));
    expect(sora.baseUrl).toBe(sim.baseUrl);
  });

  it('with isGlobal, serves modules that do not import it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SoraModule.forRootAsync({
          isGlobal: true,
          useFactory: () => ({ baseUrl: sim.baseUrl, apiKey: sim.apiKey }),
        }),
        GalleryModule,
      ],
    }).compile();
    expect(moduleRef.get(Gallery).sora.baseUrl).toBe(sim.baseUrl);
  });
});

describe('SoraModule compiled to CommonJS', () => {
  it('works in a Nest app when compiled to CommonJS without decorator metadata', async () => {
    // Inside the project, so that `require` finds node_modules.
    const cache = join('node_modules', '.cache');
    await mkdir(cache, { recursive: true });
    dir = await mkdtemp(join(cache, 'sora-rx-nest-'));
    const outfile = join(process.cwd(), dir, 'nest.cjs');
    // As tsup builds dist/nest.cjs: esbuild, which emits no `design:paramtypes` metadata.
    await build({
      entryPoints: ['src/nest/index.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      logLevel: 'silent',
      external: ['@nestjs/*', 'rxjs', 'io-ts', 'fp-ts', 'undici'],
    });
    const { SoraModule, SoraService } = createRequire(import.meta.url)(outfile);

    const moduleRef = await Test.createTestingModule({
      imports: [SoraModule.forRoot({ baseUrl: 'https://gateway.test/v1', apiKey: 'sk-test' })],
    }).compile();
    const sora = moduleRef.get(SoraService);
    expect(sora.baseUrl).toBe('https://gateway.test/v1');
    expect(typeof sora.videoStatus$).toBe('function');
    expect(Reflect.getMetadata('design:paramtypes', SoraService)).toBeUndefined();
  });
});
