// The architecture of sora-rx as rules (`npm run lint:deps`); docs/architecture.md explains it.
// Dependencies point one way: faces → the public entries → client → platform → the features →
// schedule → api → http → operators, model, errors → util.

/** The faces and adapters: each is its own package entry, and the core never imports one. */
const FACES = ['webhooks', 'angular', 'nest', 'bullmq', 'cli', 'testing'];

/**
 * The core's folders, top layer first. A folder may import its own layer (where the rules below
 * allow it) and the layers under it, never a layer above.
 */
const LAYERS = [
  { name: 'client', folders: ['client'] },
  { name: 'platform', folders: ['platform'] },
  { name: 'features', folders: ['watch', 'list', 'download', 'events', 'journal'] },
  { name: 'schedule', folders: ['schedule'] },
  { name: 'api', folders: ['api', 'dialects'] },
  { name: 'http', folders: ['http'] },
  { name: 'leaves', folders: ['operators', 'model', 'errors'] },
  { name: 'util', folders: ['util'] },
];

/**
 * The one file of the core, besides the public entries, that the fleet (`src/bullmq/`) may
 * import: the seam through which it reaches the planner and the single requests.
 */
const FLEET_SEAM = '^src/core-for-fleet[.]ts$';

const ENTRIES = '^src/(index|node|core-for-fleet)[.]ts$';
const folders = (names) => `^src/(${names.join('|')})/`;

/** One rule per layer: nothing in it imports a layer above it, nor the public entries. */
const noUpwardImports = LAYERS.map((layer, index) => {
  const above = LAYERS.slice(0, index).flatMap((upper) => upper.folders);
  return {
    name: `${layer.name}-not-upward`,
    comment: `${layer.folders.join(', ')} import nothing above: ${['the public entries', ...above].join(', ')}.`,
    severity: 'error',
    from: { path: folders(layer.folders) },
    to: { path: above.length === 0 ? [ENTRIES] : [ENTRIES, folders(above)] },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle, type-only imports included, ties its modules into one: break it.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module that nothing imports and that imports nothing is dead or forgotten.',
      severity: 'error',
      from: { orphan: true, pathNot: '[.]d[.]ts$' },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to no file or package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'core-not-to-faces',
      comment:
        'The core (the entries and every folder but the faces) never imports a face, an adapter or the simulator.',
      severity: 'error',
      from: { path: '^src/', pathNot: folders(FACES) },
      to: { path: folders(FACES) },
    },
    {
      name: 'faces-apart',
      comment: 'A face or adapter imports no other face.',
      severity: 'error',
      from: { path: folders(FACES.filter((face) => face !== 'cli')) },
      to: { path: folders(FACES), pathNot: '^src/$1/' },
    },
    {
      name: 'cli-only-to-testing',
      comment: 'The CLI imports no other face but the simulator (for `demo` and `simulate`).',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: folders(FACES.filter((face) => face !== 'cli' && face !== 'testing')) },
    },
    {
      name: 'model-errors-only-each-other',
      comment:
        'model/ and errors/ import nothing of ours but each other, and no package but io-ts, fp-ts and rxjs.',
      severity: 'error',
      from: { path: folders(['model', 'errors']) },
      to: { pathNot: [folders(['model', 'errors']), 'node_modules/(io-ts|fp-ts|rxjs)/'] },
    },
    {
      name: 'operators-know-no-sora',
      comment:
        'operators/ are generic RxJS: they import only each other, util/ and rxjs, nothing of the domain.',
      severity: 'error',
      from: { path: '^src/operators/' },
      to: { pathNot: [folders(['operators', 'util']), 'node_modules/rxjs/'] },
    },
    {
      name: 'features-apart',
      comment:
        'list, download, pushed events and the journal import no other feature; they meet in the client. They may plug into watch/ (its TaskSource, its plain poll loop).',
      severity: 'error',
      from: { path: folders(['list', 'download', 'events']) },
      to: {
        path: folders(['list', 'download', 'events', 'journal']),
        pathNot: '^src/$1/',
      },
    },
    {
      name: 'watch-knows-no-feature',
      comment: 'watch/ is what the features plug into: it imports none of them.',
      severity: 'error',
      from: { path: '^src/watch/' },
      to: { path: folders(['list', 'download', 'events', 'journal']) },
    },
    {
      name: 'journal-only-to-download',
      comment: 'The journal imports no other feature but download/ (resume finishes downloads).',
      severity: 'error',
      from: { path: '^src/journal/' },
      to: { path: folders(['watch', 'list', 'events']) },
    },
    ...noUpwardImports,
    {
      name: 'fleet-through-the-seam',
      comment:
        'The fleet (bullmq/) imports the core only through the public entries or its seam, src/core-for-fleet.ts.',
      severity: 'error',
      from: { path: '^src/bullmq/' },
      to: { path: '^src/', pathNot: ['^src/bullmq/', ENTRIES, FLEET_SEAM] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // `#platform` (package.json `imports`) resolves as TypeScript sees it: to src/platform/node.ts.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'node', 'default'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
