// Angular's packages are partially compiled: an app's build links them, a test that loads
// `sora-rx/angular` outside the Angular project loads the JIT compiler first.
import '@angular/compiler';
import * as core from 'sora-rx';
import * as angular from 'sora-rx/angular';
import * as bullmq from 'sora-rx/bullmq';
import * as nest from 'sora-rx/nest';
import * as node from 'sora-rx/node';
import * as testing from 'sora-rx/testing';
import * as webhooks from 'sora-rx/webhooks';

/** Every entry of the package, by the name an app imports, with the source it is built from. */
export const ENTRIES = [
  { name: 'sora-rx', source: 'src/index.ts', module: core },
  { name: 'sora-rx/node', source: 'src/node.ts', module: node },
  { name: 'sora-rx/testing', source: 'src/testing/index.ts', module: testing },
  { name: 'sora-rx/angular', source: 'src/angular/index.ts', module: angular },
  { name: 'sora-rx/nest', source: 'src/nest/index.ts', module: nest },
  { name: 'sora-rx/webhooks', source: 'src/webhooks/index.ts', module: webhooks },
  { name: 'sora-rx/bullmq', source: 'src/bullmq/index.ts', module: bullmq },
] as const satisfies ReadonlyArray<{
  readonly name: string;
  readonly source: string;
  readonly module: object;
}>;

/** The name of an entry, such as `sora-rx/node`. */
export type EntryName = (typeof ENTRIES)[number]['name'];
