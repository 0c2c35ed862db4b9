import packageJson from '../../package.json' with { type: 'json' };

/** The version of sora-rx, from its package.json (inlined into the bundle). */
export const VERSION: string = packageJson.version;
