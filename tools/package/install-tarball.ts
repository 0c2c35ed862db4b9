// The install test: the packed tarball installed into fresh projects (ESM, CommonJS, TypeScript
// under `node16` and under `bundler`), each running create → watch → download against the
// simulator of `sora-rx/testing`, then the `sora-rx` command itself. The ESM and CommonJS projects
// also load `sora-rx/bullmq`, and the CommonJS one checks that it shares the core's chunks instead
// of carrying a copy of the core. Run by `npm run test:install`; the packages come from npm's
// cache (`--prefer-offline`).
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSoraSimulator } from '../../src/testing/simulator/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const versions = JSON.parse(
  execFileSync(
    'npm',
    ['ls', 'rxjs', 'typescript', '@types/node', 'bullmq', 'ioredis', '--json', '--depth=0'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  ),
) as { dependencies: Record<string, { version: string }> };
const versionOf = (name: string) => versions.dependencies[name]?.version ?? 'latest';

/** The body every project runs, after its own way of importing sora-rx. */
const JOB = `
  const sim = await startSoraSimulator({ timeScale: 2000, seed: 1 });
  const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
  try {
    const done = await lastValueFrom(
      sora.generate$({ prompt: 'A lighthouse at dusk', seconds: 10 }, { intervalMs: 20, ageAware: false }),
    );
    if (done.status !== 'completed') throw new Error('task ended ' + done.status);
    const saved = await lastValueFrom(sora.download$(done, { dir: process.argv[2] }));
    if (!saved.done || saved.bytes !== sim.videoSize) throw new Error('download incomplete');
    console.log('ok ' + done.id + ' ' + saved.bytes + ' bytes');
  } finally {
    await sora.close();
    await sim.close();
  }
`;

/**
 * `sora-rx/bullmq` in CommonJS: it loads, and requires the chunks `sora-rx` already loaded (so a
 * `SoraError` of the core is the class the fleet sees) instead of a copy of the core of its own.
 */
const FLEET_SHARES_CORE_CJS = `
const { readFileSync, statSync } = require('node:fs');
const path = require('node:path');
const inDist = path.join('sora-rx', 'dist') + path.sep;
const loaded = () => new Set(Object.keys(require.cache).filter((file) => file.includes(inDist)));
const coreFiles = loaded();
const { createFleetWorker } = require('sora-rx/bullmq');
if (typeof createFleetWorker !== 'function') throw new Error('sora-rx/bullmq has no createFleetWorker');
const fleetFile = require.resolve('sora-rx/bullmq');
const added = [...loaded()].filter((file) => !coreFiles.has(file));
const chunks = readFileSync(fleetFile, 'utf8').match(/require\\('\\.\\/chunk-[\\w-]+\\.cjs'\\)/g) ?? [];
const bytes = statSync(fleetFile).size;
// The fleet's own code is some 20 KB; the core, some 160 KB.
if (added.join() !== fleetFile || chunks.length === 0 || bytes > 48_000) {
  throw new Error('sora-rx/bullmq carries a copy of the core: it loaded ' + added.join(', ') +
    ', requires ' + chunks.length + ' shared chunks, weighs ' + bytes + ' bytes');
}
`;

interface Project {
  readonly name: string;
  readonly type: 'module' | 'commonjs';
  /** Packages installed besides sora-rx and rxjs, at the versions this repository uses. */
  readonly dependencies?: readonly string[];
  readonly files: Record<string, string>;
  /** The TypeScript options, for a project that compiles with tsc first. */
  readonly tsconfig?: Record<string, unknown>;
  /** The file node runs. */
  readonly main: string;
}

const PROJECTS: Project[] = [
  {
    name: 'esm',
    type: 'module',
    main: 'index.js',
    dependencies: ['bullmq', 'ioredis'],
    files: {
      'index.js': `import { lastValueFrom } from 'rxjs';
import { createSoraClient } from 'sora-rx';
import { createFleetWorker } from 'sora-rx/bullmq';
import { startSoraSimulator } from 'sora-rx/testing';
if (typeof createFleetWorker !== 'function') throw new Error('sora-rx/bullmq has no createFleetWorker');
${JOB}`,
    },
  },
  {
    name: 'cjs',
    type: 'commonjs',
    main: 'index.js',
    dependencies: ['bullmq', 'ioredis'],
    files: {
      'index.js': `const { lastValueFrom } = require('rxjs');
const { createSoraClient } = require('sora-rx');
const { startSoraSimulator } = require('sora-rx/testing');
const { undiciTransport } = require('sora-rx/node');
if (typeof undiciTransport !== 'function') throw new Error('sora-rx/node has no undiciTransport');
${FLEET_SHARES_CORE_CJS}
(async () => {${JOB}})().catch((error) => { console.error(error); process.exit(1); });`,
    },
  },
  {
    name: 'ts-node16',
    type: 'module',
    main: 'dist/index.js',
    tsconfig: { module: 'node16', moduleResolution: 'node16' },
    files: {
      'index.ts': `import { lastValueFrom } from 'rxjs';
import { createSoraClient, type VideoTask, type SoraClient } from 'sora-rx';
import { undiciTransport } from 'sora-rx/node';
import { startSoraSimulator, type SoraSimulator } from 'sora-rx/testing';
const typed: (client: SoraClient) => Promise<void> = (client) => client.close();
void typed; void undiciTransport; void (null as unknown as VideoTask | SoraSimulator);
${JOB}`,
    },
  },
  {
    name: 'ts-bundler',
    type: 'module',
    main: 'dist/index.js',
    tsconfig: { module: 'esnext', moduleResolution: 'bundler' },
    files: {
      'index.ts': `import { lastValueFrom } from 'rxjs';
import { createSoraClient, isSoraError, type VideoTask } from 'sora-rx';
import { startSoraSimulator } from 'sora-rx/testing';
const check: (error: unknown) => boolean = (error) => isSoraError(error, 'SORA_NOT_FOUND');
void check; void (null as unknown as VideoTask);
${JOB}`,
    },
  },
];

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'sora-rx-install-'));
  try {
    let tarball = process.argv[2];
    if (tarball === undefined) {
      run('npm', ['run', 'build', '--silent'], ROOT);
      const packed = run(
        'npm',
        ['pack', '--ignore-scripts', '--silent', '--pack-destination', work],
        ROOT,
      );
      tarball = path.join(work, packed.trim().split('\n').at(-1) ?? '');
    }
    for (const project of PROJECTS) {
      const dir = path.join(work, project.name);
      await mkdir(dir);
      const typescript = project.tsconfig !== undefined;
      await writeFile(
        path.join(dir, 'package.json'),
        JSON.stringify({
          name: `sora-rx-install-${project.name}`,
          private: true,
          type: project.type,
          dependencies: {
            'sora-rx': `file:${path.resolve(tarball)}`,
            rxjs: versionOf('rxjs'),
            ...Object.fromEntries(
              (project.dependencies ?? []).map((name) => [name, versionOf(name)]),
            ),
          },
          ...(typescript
            ? {
                devDependencies: {
                  typescript: versionOf('typescript'),
                  '@types/node': versionOf('@types/node'),
                },
              }
            : {}),
        }),
      );
      for (const [file, text] of Object.entries(project.files)) {
        await writeFile(path.join(dir, file), text);
      }
      if (typescript) {
        await writeFile(
          path.join(dir, 'tsconfig.json'),
          JSON.stringify({
            compilerOptions: {
              target: 'es2022',
              strict: true,
              outDir: 'dist',
              types: ['node'],
              skipLibCheck: false,
              ...project.tsconfig,
            },
            include: ['index.ts'],
          }),
        );
      }
      run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent'], dir);
      if (typescript) run('npx', ['tsc', '-p', '.'], dir);
      const videos = path.join(dir, 'videos');
      const said = run('node', [project.main, videos], dir).trim();
      const saved = await readdir(videos);
      if (!said.startsWith('ok ') || saved.length !== 1) {
        throw new Error(`${project.name}: ${said} (saved: ${saved.join(', ')})`);
      }
      console.log(`${project.name.padEnd(10)} ${said}`);
    }
    // The command, from the installed package: its version, and the demo (which serves the MP4
    // shipped in dist/).
    const esm = path.join(work, 'esm');
    const version = run('npx', ['--no-install', 'sora-rx', '--version'], esm).trim();
    const demo = run(
      'npx',
      ['--no-install', 'sora-rx', 'demo', '--json', '--time-scale', '3000', '--dir', 'demo-videos'],
      esm,
    );
    const summary = JSON.parse(demo.trim().split('\n').at(-1) ?? '{}') as { ok?: boolean };
    if (summary.ok !== true) throw new Error(`sora-rx demo did not succeed:\n${demo}`);
    console.log(`cli        sora-rx ${version}; demo ok`);
    await firstHour(work, tarball);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Runs `command` without blocking the event loop (the simulator in this process must answer). */
function runAsync(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${command} ${args.join(' ')}: exit ${code}\n${stdout}`)),
    );
  });
}

/**
 * A newcomer's first hour, from the tarball in a fresh project: `npm install <tgz> rxjs`, the
 * README's first script as written, then `sora-rx create --from` a 3-line file and `sora-rx ls`.
 */
async function firstHour(work: string, tarball: string): Promise<void> {
  const dir = path.join(work, 'first-hour');
  await mkdir(dir);
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'first-hour', private: true }),
  );
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--silent',
      path.resolve(tarball),
      `rxjs@${versionOf('rxjs')}`,
    ],
    dir,
  );
  await writeFile(
    path.join(dir, 'first-video.mjs'),
    await readFile(path.join(ROOT, 'examples/first-video.mjs'), 'utf8'),
  );
  const said = (await runAsync('node', ['first-video.mjs'], dir)).trim().split('\n');
  if (
    !said.at(-1)?.startsWith('Saved ') ||
    (await readdir(path.join(dir, 'videos'))).length !== 1
  ) {
    throw new Error(`first-video.mjs: ${said.join(' / ')}`);
  }
  const sim = await startSoraSimulator({ timeScale: 2000 });
  try {
    await writeFile(
      path.join(dir, 'prompts.jsonl'),
      [
        '"A lighthouse at dusk"',
        '{"prompt": "Paper boats in the rain", "seconds": 15}',
        '"A fox in snow"',
      ].join('\n'),
    );
    const connection = [
      '--base-url',
      sim.baseUrl,
      '--api-key',
      sim.apiKey,
      '--journal',
      'tasks.jsonl',
    ];
    const created = await runAsync(
      'npx',
      [
        '--no-install',
        'sora-rx',
        'create',
        '--from',
        'prompts.jsonl',
        '--download',
        'batch',
        '--json',
        ...connection,
      ],
      dir,
    );
    const summary = JSON.parse(created.trim().split('\n').at(-1) ?? '{}') as { saved?: number };
    const listed = await runAsync(
      'npx',
      ['--no-install', 'sora-rx', 'ls', '--json', '--journal', 'tasks.jsonl'],
      dir,
    );
    const rows = listed
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { state?: string });
    if (summary.saved !== 3 || rows.filter((row) => row.state === 'saved').length !== 3) {
      throw new Error(`create --from and ls: ${created}\n${listed}`);
    }
  } finally {
    await sim.close();
  }
  console.log('first hour first-video.mjs saved a video; create --from saved 3; ls lists them');
}

await main();
