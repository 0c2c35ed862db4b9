// The layers of the architecture picture, read from the rules of .dependency-cruiser.cjs: the
// picture draws the layers that `npm run lint:deps` enforces.
import { createRequire } from 'node:module';

/** One row of the picture: a layer, with its boxes left to right. */
export interface Layer {
  /** Written left of the row. */
  readonly name: string;
  /** Top-level folders of src/, or entry files such as `index.ts`. */
  readonly boxes: readonly string[];
}

/** The part of a dependency-cruiser rule that the layers are read from. */
interface Rule {
  readonly name: string;
  readonly from: { readonly path?: string };
  readonly to: { readonly path?: string | readonly string[] };
}

/** The folders of a rule's path written as `^src/(a|b)/`. */
function foldersOf(path: unknown, rule: string): string[] {
  const match = typeof path === 'string' ? /^\^src\/\(([\w|-]+)\)\/$/.exec(path) : null;
  if (match === null) throw new Error(`Expected ${rule} to name its folders as ^src/(a|b)/`);
  return (match[1] as string).split('|');
}

/**
 * The layers top to bottom, with the boxes there are: the faces (rule `core-not-to-faces`), the
 * entry files, then the core's layers (the rules `<layer>-not-upward`, in order). A box that no
 * rule places is `unplaced`.
 */
export function readLayers(
  rules: readonly Rule[],
  boxes: readonly string[],
): { layers: Layer[]; unplaced: string[] } {
  const faces = rules.find((rule) => rule.name === 'core-not-to-faces');
  if (faces === undefined) throw new Error('Expected the rule core-not-to-faces');
  const core = rules
    .filter((rule) => rule.name.endsWith('-not-upward'))
    .map((rule) => ({
      name: rule.name.replace(/-not-upward$/, ''),
      boxes: foldersOf(rule.from.path, rule.name),
    }));
  const declared: Layer[] = [
    { name: 'faces', boxes: foldersOf(faces.to.path, faces.name) },
    { name: 'entries', boxes: boxes.filter((box) => box.endsWith('.ts')) },
    ...core,
  ];
  const present = new Set(boxes);
  const layers = declared
    .map((layer) => ({ ...layer, boxes: layer.boxes.filter((box) => present.has(box)) }))
    .filter((layer) => layer.boxes.length > 0);
  const placed = new Set(layers.flatMap((layer) => layer.boxes));
  return { layers, unplaced: boxes.filter((box) => !placed.has(box)) };
}

/** The rules of the repository's .dependency-cruiser.cjs. */
export function readRules(): Rule[] {
  const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as {
    forbidden: Rule[];
  };
  return config.forbidden;
}
