import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the Angular entry in a browser bundle', () => {
  it('bundles for the browser with the core, no node: module and no undici', async () => {
    const result = await build({
      entryPoints: ['src/angular/index.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // What an Angular app's bundler brings in itself. `sora-rx` resolves to the sources here,
      // through tsconfig.json's `paths`, so the core is bundled and checked with it.
      external: ['@angular/*', 'rxjs', 'io-ts', 'fp-ts'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    const code = result.outputFiles.map((file) => file.text).join('\n');

    expect(inputs).toContain('src/angular/http-client-transport.ts');
    expect(inputs).toContain('src/platform/browser.ts');
    expect(
      inputs.filter((input) => /undici|platform\/node|download-video|node:/.test(input)),
    ).toEqual([]);
    expect(code).not.toMatch(/from ["']node:|require\(["']node:|["']undici["']/);
    expect(code).toMatch(/from ["']@angular\/common\/http["']/);
  });
});
