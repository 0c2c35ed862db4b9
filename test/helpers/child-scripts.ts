import { inject } from 'vitest';

/** The scripts bundled once per run by child-scripts.setup.ts. */
export type ChildScriptName = 'cli' | 'get-video-once' | 'cancel-queued' | 'cancel-on-unsubscribe';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled child scripts, by name: see child-scripts.setup.ts. */
    childScripts: Record<ChildScriptName, string>;
    /** A folder removed at the end of the run: see child-scripts.setup.ts. */
    scratchDir: string;
  }
}

const NOT_SET_UP =
  'No child scripts: run the tests with vitest.config.ts, whose core project builds them (test/helpers/child-scripts.setup.ts)';

/** The path of a child script bundled for this run, to start with `node <path>`. */
export function childScript(name: ChildScriptName): string {
  const script = inject('childScripts')?.[name];
  if (script === undefined) throw new Error(NOT_SET_UP);
  return script;
}

/**
 * A folder for what child processes leave behind, such as their state folders: removed at the
 * end of the run, whatever happens to the worker.
 */
export function scratchDir(): string {
  const dir = inject('scratchDir');
  if (dir === undefined) throw new Error(NOT_SET_UP);
  return dir;
}
