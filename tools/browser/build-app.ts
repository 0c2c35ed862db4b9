// Builds tools/browser/app with Angular's own builder against the packed tarball: the app resolves
// `sora-rx/angular` from the tarball's dist, as in a user's project, never from src/.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApplication } from '@angular/build';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Fills `dir` with a project: the app, the unpacked tarball and the repo's other packages. */
function prepareProject(dir: string): void {
  cpSync(join(root, 'tools/browser/app'), dir, { recursive: true });
  // SORA_RX_BROWSER_NO_BUILD=1 packs the dist/ already built, to iterate on the app.
  if (process.env.SORA_RX_BROWSER_NO_BUILD !== '1') {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const args = ['pack', '--json', '--ignore-scripts', '--pack-destination', dir];
  const packed = execFileSync('npm', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'sora-rx'), { recursive: true });
  execFileSync('tar', [
    '-xzf',
    join(dir, filename),
    '-C',
    join(modules, 'sora-rx'),
    '--strip-components=1',
  ]);
  // The app's other packages (Angular, rxjs, io-ts) come from the repo's node_modules.
  const installed = realpathSync(join(root, 'node_modules'));
  for (const name of readdirSync(installed)) {
    if (name !== 'sora-rx' && name !== '.bin')
      symlinkSync(join(installed, name), join(modules, name));
  }
}

/** Quiet logger for the builder, errors and warnings kept. */
const logger = {
  info: () => {},
  debug: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  fatal: (message: string) => console.error(message),
  log: () => {},
  createChild: () => logger,
};

/**
 * Packs sora-rx, builds the app with `buildApplication` from `@angular/build` (optimized, as
 * `ng build` would) and returns the directory of the browser files.
 */
export async function buildAppAgainstTarball(): Promise<{ project: string; browserDir: string }> {
  const project = mkdtempSync(join(tmpdir(), 'sora-rx-browser-'));
  try {
    prepareProject(project);
    await build(project);
  } catch (error) {
    rmSync(project, { recursive: true, force: true });
    throw error;
  }
  return { project, browserDir: join(project, 'dist/browser') };
}

/** Runs the application builder in `project`; throws if the build fails. */
async function build(project: string): Promise<void> {
  // The part of an Architect context that the application builder reads.
  const context = {
    workspaceRoot: project,
    target: { project: 'app', target: 'build' },
    logger,
    getProjectMetadata: async () => ({ root: '', sourceRoot: 'src' }),
    addTeardown: () => {},
  } as unknown as Parameters<typeof buildApplication>[1];
  const options = {
    browser: 'src/main.ts',
    index: 'src/index.html',
    tsConfig: 'tsconfig.json',
    outputPath: 'dist',
    optimization: true,
    statsJson: true,
  } as Parameters<typeof buildApplication>[0];
  for await (const result of buildApplication(options, context)) {
    if (!result.success) throw new Error(`The Angular build failed: ${String(result.error ?? '')}`);
  }
}
