import { type BuildOptions, build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Bundles the core entry in memory for `platform`: the files it took in, and its code. */
async function bundleCore(
  platform: 'browser' | 'node',
  options: Pick<BuildOptions, 'external' | 'packages'>,
): Promise<{ inputs: string[]; code: string }> {
  const result = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    platform,
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    ...options,
  });
  return {
    inputs: Object.keys(result.metafile.inputs),
    code: result.outputFiles.map((file) => file.text).join('\n'),
  };
}

describe('the core entry in a browser bundle', () => {
  it('bundles for the browser with no node: module and no undici', async () => {
    // What an app's bundler brings in itself: all three run in browsers.
    const { inputs, code } = await bundleCore('browser', { external: ['rxjs', 'io-ts', 'fp-ts'] });

    expect(inputs).toContain('src/platform/browser.ts');
    expect(inputs).toContain('src/http/fetch-transport.ts');
    expect(
      inputs.filter((input) => /undici|platform\/node|download-video|node:/.test(input)),
    ).toEqual([]);
    expect(code).not.toMatch(/from ["']node:|require\(["']node:|["']undici["']/);
  });

  it("imports fp-ts by module, never its root's namespaces, which bring all of fp-ts", async () => {
    const { inputs } = await bundleCore('browser', { external: ['rxjs'] });
    expect(inputs.some((input) => input.includes('node_modules/io-ts/'))).toBe(true);
    expect(inputs.filter((input) => /fp-ts\/(es6|lib)\/index\.js$/.test(input))).toEqual([]);
  });

  it('bundles for Node with undici as the default transport', async () => {
    const { inputs } = await bundleCore('node', { packages: 'external' });
    expect(inputs).toContain('src/platform/node.ts');
  });
});
