import { type BuildOptions, build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Bundles the core entry in memory, with a metafile, for `platform`. */
function bundleCore(platform: 'browser' | 'node', options: BuildOptions) {
  return build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    platform,
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    ...options,
  });
}

describe('the core entry in a browser bundle', () => {
  it('bundles for the browser with no node: module and no undici', async () => {
    // What an app's bundler brings in itself: all three run in browsers.
    const result = await bundleCore('browser', { external: ['rxjs', 'io-ts', 'fp-ts'] });
    const inputs = Object.keys(result.metafile.inputs);
    const code = result.outputFiles.map((file) => file.text).join('\n');

    expect(inputs).toContain('src/platform/browser.ts');
    expect(inputs).toContain('src/http/fetch-transport.ts');
    expect(
      inputs.filter((input) => /undici|platform\/node|download-video|node:/.test(input)),
    ).toEqual([]);
    expect(code).not.toMatch(/from ["']node:|require\(["']node:|["']undici["']/);
  });

  it("imports fp-ts by module, never its root's namespaces, which bring all of fp-ts", async () => {
    const result = await bundleCore('browser', { external: ['rxjs'] });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('node_modules/io-ts/'))).toBe(true);
    expect(inputs.filter((input) => /fp-ts\/(es6|lib)\/index\.js$/.test(input))).toEqual([]);
  });

  it('bundles for Node with undici as the default transport', async () => {
    const result = await bundleCore('node', { packages: 'external' });
    expect(Object.keys(result.metafile.inputs)).toContain('src/platform/node.ts');
  });
});
