import { inject } from 'vitest';

/** The scripts bundled once per run by child-scripts.setup.ts. */
export type ChildScriptName = 'cli' | 'get-video-once' | 'cancel-queued';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled child scripts, by name: see child-scripts.setup.ts. */
    childScripts: Record<ChildScriptName, string>;
  }
}

/** The path of a child script bundled for this run, to start with `node <path>`. */
export function childScript(name: ChildScriptName): string {
  const script = inject('childScripts')?.[name];
  if (script === undefined) {
    throw new Error(
      'No bundled child scripts: run the tests with vitest.config.ts, whose core project builds them (test/helpers/child-scripts.setup.ts)',
    );
  }
  return script;
}
