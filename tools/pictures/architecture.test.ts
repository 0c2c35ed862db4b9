import { describe, expect, it } from 'vitest';
import { drawArchitecture } from './architecture.js';
import { readLayers } from './architecture-layers.js';
import { boxOf, folderImports, readAliases, readSources } from './folder-imports.js';
import { PICTURES } from './pictures.js';

const file = (path: string, text: string) => ({ path, text });
const aliases = { 'sora-rx': 'src/index.ts', '#platform': 'src/platform/node.ts' };
const count = (svg: string, mark: RegExp) => [...svg.matchAll(mark)].length;

describe('the imports between folders', () => {
  it('leads a relative import to the top-level folder of its file', () => {
    const imports = folderImports(
      [file('src/client/deep/a.ts', "import { b } from '../../api/x/b.js';")],
      aliases,
    );
    expect(imports).toEqual([{ from: 'client', to: 'api', count: 1 }]);
  });

  it('leads the package name and # imports where tsconfig.json and package.json say', () => {
    const imports = folderImports(
      [
        file('src/nest/a.ts', "import { createSoraClient } from 'sora-rx';"),
        file('src/client/a.ts', "import { platform } from '#platform';"),
      ],
      aliases,
    );
    expect(imports).toEqual([
      { from: 'client', to: 'platform', count: 1 },
      { from: 'nest', to: 'index.ts', count: 1 },
    ]);
  });

  it('counts type-only imports, re-exports and dynamic imports, and nothing in a comment', () => {
    const text = [
      "// import { a } from '../cli/a.js';",
      "/** `import { b } from '../nest/b.js'` */",
      "import type { C } from '../model/c.js';",
      "export { d } from '../model/d.js';",
      "const e = await import('../errors/e.js');",
      "import { of } from 'rxjs';",
      "import { f } from './f.js';",
    ].join('\n');
    expect(folderImports([file('src/api/a.ts', text)], aliases)).toEqual([
      { from: 'api', to: 'errors', count: 1 },
      { from: 'api', to: 'model', count: 2 },
    ]);
  });

  it('makes the entry files at the top of src/ boxes of their own', () => {
    expect(boxOf('src/index.ts')).toBe('index.ts');
    expect(boxOf('src/index.js')).toBe('index.ts');
    expect(boxOf('src/http/url.ts')).toBe('http');
    expect(boxOf('test/http/url.test.ts')).toBeUndefined();
  });

  it('reads the aliases of this package', () => {
    expect(readAliases()).toMatchObject({
      'sora-rx': 'src/index.ts',
      'sora-rx/testing': 'src/testing/index.ts',
      '#platform': 'src/platform/node.ts',
    });
  });
});

describe('the layers', () => {
  const rules = [
    { name: 'core-not-to-faces', from: {}, to: { path: '^src/(cli|nest)/' } },
    { name: 'top-not-upward', from: { path: '^src/(client)/' }, to: {} },
    { name: 'bottom-not-upward', from: { path: '^src/(api|model)/' }, to: {} },
  ];

  it('are the faces, the entry files and the core layers, with the folders there are', () => {
    const boxes = ['api', 'cli', 'client', 'index.ts', 'model'];
    expect(readLayers(rules, boxes)).toEqual({
      layers: [
        { name: 'faces', boxes: ['cli'] },
        { name: 'entries', boxes: ['index.ts'] },
        { name: 'top', boxes: ['client'] },
        { name: 'bottom', boxes: ['api', 'model'] },
      ],
      unplaced: [],
    });
  });

  it('leave a folder that no rule names unplaced', () => {
    expect(readLayers(rules, ['api', 'dialects']).unplaced).toEqual(['dialects']);
  });

  it('need the rules to name their folders', () => {
    expect(() => readLayers(rules.slice(1), [])).toThrow(/core-not-to-faces/);
    const odd = [...rules, { name: 'odd-not-upward', from: { path: 'src/odd' }, to: {} }];
    expect(() => readLayers(odd, [])).toThrow(/odd-not-upward/);
  });
});

describe('the architecture picture', () => {
  const svg = (PICTURES['docs/architecture.svg'] as () => string)();
  const sources = readSources('src');

  it('draws one box per top-level folder of src/ and per entry file', () => {
    const boxes = new Set(sources.map((source) => boxOf(source.path)));
    expect(count(svg, /<rect class="folder"/g)).toBe(boxes.size);
    expect(svg).toContain('>client/</text>');
    expect(svg).toContain('>index.ts</text>');
  });

  it('draws one arrow per pair of boxes that import, none of them upward', () => {
    const imports = folderImports(sources, readAliases());
    expect(imports.length).toBeGreaterThan(20);
    expect(count(svg, /<path class="import/g)).toBe(imports.length);
    expect(svg).toContain('<title>client → api: ');
    expect(svg).not.toContain('import upward');
  });

  it('draws an import of a layer above in red', () => {
    const layers = [
      { name: 'top', boxes: ['client'] },
      { name: 'bottom', boxes: ['model'] },
    ];
    const upward = drawArchitecture(layers, [], [{ from: 'model', to: 'client', count: 1 }]);
    expect(upward).toContain('class="import upward"');
    expect(upward).toContain('stroke="#cf222e"');
  });
});
