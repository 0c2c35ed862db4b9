// The names each entry exports, pinned: adding, removing or renaming an export (a type included)
// is a change users see, so it must show here as a diff. Types are marked `type `; the names
// without the mark are the entry's values, which exist at run time.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ENTRIES, type EntryName } from '../helpers/entries.js';

const SURFACE: Record<EntryName, readonly string[]> = {
  'sora-rx': [
    'type CheckedCreateParams',
    'type CheckedVideoImage',
    'type CreateVideoParams',
    'DEFAULT_POLL_OPTIONS',
    'DEFAULT_RETRY_OPTIONS',
    'DEFAULT_STATUS_ALIASES',
    'type DecodeErrorOptions',
    'type Dialect',
    'type DialectName',
    'type DownloadOptions',
    'type DownloadProgress',
    'type FetchTransportOptions',
    'GENERATION_ESTIMATES',
    'type GenerateOptions',
    'type GenerateVideoOptions',
    'type GeneratedVideo',
    'type GenerationEstimate',
    'type GenerationEstimates',
    'type HttpRequest',
    'type HttpResponse',
    'type HttpTransport',
    'type Journal',
    'type JournalEntry',
    'type JournalParams',
    'type JournalRecord',
    'type LimitOptions',
    'type ListPollingMode',
    'type ListPollingOptions',
    'type MemoryJournal',
    'type PollOptions',
    'type PollUntilOptions',
    'type RateLimiter',
    'type RateLimiterOptions',
    'type RequestDescription',
    'type ResponseErrorDetails',
    'type ResumeEvent',
    'type ResumeOptions',
    'type RetryWithBackoffOptions',
    'SORA_ERROR_CODES',
    'SoraAddressRefusedError',
    'SoraAuthError',
    'type SoraClient',
    'type SoraClientOptions',
    'SoraDecodeError',
    'SoraError',
    'type SoraErrorCode',
    'type SoraErrorsByCode',
    'SoraFileError',
    'SoraHttpError',
    'SoraInvalidTaskIdError',
    'SoraInvalidVideoError',
    'SoraInvalidVideoUrlError',
    'SoraJournalError',
    'SoraJournalForeignError',
    'SoraJournalLockedError',
    'SoraNetworkError',
    'SoraNotFoundError',
    'SoraPollTimeoutError',
    'SoraRateLimitedError',
    'SoraRequestError',
    'SoraRequestTimeoutError',
    'SoraResponseError',
    'SoraResponseTooLargeError',
    'SoraServerError',
    'SoraTaskFailedError',
    'SoraTaskMismatchError',
    'SoraUncertainCreateError',
    'SoraVideoExpiredError',
    'SoraVideoMismatchError',
    'type StatusAliases',
    'type StreamDownloadOptions',
    'type StreamDownloadProgress',
    'type TaskLocation',
    'type TaskRequest',
    'type VideoBytesOptions',
    'type VideoEvent',
    'type VideoImage',
    'type VideoImageRole',
    'type VideoModel',
    'type VideoStatus',
    'type VideoStatusOptions',
    'type VideoTask',
    'type VideoTaskEvent',
    'type VideoVariant',
    'type WatchAllOptions',
    'type WatchEvent',
    'type WatchSummary',
    'createRateLimiter',
    'createSoraClient',
    'decodeVideoTask',
    'fetchTransport',
    'isSafeToResendCreate',
    'isSoraError',
    'isTerminal',
    'memoryJournal',
    'pollUntil',
    'retryWithBackoff',
    'summarizeWatch',
    'taskCost',
    'taskExpiresAt',
    'throwIfFailed',
  ],
  'sora-rx/node': [
    'type FileJournalOptions',
    'type UndiciTransportOptions',
    'fileJournal',
    'undiciTransport',
  ],
  'sora-rx/testing': [
    'type FaultKind',
    'type RateLimitFault',
    'SAMPLE_MP4_URL',
    'type SimulatedStatus',
    'type SimulatedTask',
    'type SimulatedTaskError',
    'type SimulatedTaskInit',
    'type SimulatedTaskPatch',
    'type SimulatorClock',
    'type SimulatorWebhookFaults',
    'type SimulatorWebhookOptions',
    'type SimulatorWebhooks',
    'type SoraDialect',
    'type SoraSimulator',
    'type SoraSimulatorFaults',
    'type SoraSimulatorMetrics',
    'type SoraSimulatorOptions',
    'type StubTransport',
    'type VideoSeconds',
    'jsonResponse',
    'signWebhook',
    'startSoraSimulator',
    'stubTransport',
  ],
  'sora-rx/angular': [
    'type ProvideSoraOptions',
    'SORA_CLIENT',
    'type VideoStatusSignal',
    'httpClientTransport',
    'injectSora',
    'injectVideoStatus',
    'provideSora',
  ],
  'sora-rx/nest': [
    'SORA_MODULE_OPTIONS',
    'SoraModule',
    'type SoraModuleAsyncOptions',
    'type SoraModuleExtras',
    'type SoraModuleOptions',
    'SoraService',
  ],
  'sora-rx/webhooks': [
    'DEFAULT_WEBHOOK_RECEIVER_OPTIONS',
    'SoraWebhookError',
    'type VerifiedWebhook',
    'type WebhookHeaders',
    'type WebhookOutcome',
    'type WebhookReceiver',
    'type WebhookReceiverOptions',
    'type WebhookRejection',
    'type WebhookRequest',
    'type WebhookScheme',
    'type WebhookVerifier',
    'createOpenRouterVerifier',
    'createWebhookReceiver',
    'createWebhookVerifier',
    'normalizeWebhookEvent',
  ],
  'sora-rx/bullmq': [
    'CREATE_JOB',
    'CREATE_PRIORITY',
    'type EnqueueVideoOptions',
    'type EnqueueWatchOptions',
    'type FleetAnswer',
    'type FleetEvent',
    'type FleetJob',
    'type FleetJobData',
    'type FleetJobResult',
    'type FleetProcessor',
    'type FleetProcessorOptions',
    'type FleetQueue',
    'type FleetSave',
    'type FleetStatusOptions',
    'type FleetSweepOptions',
    'type FleetSweepResult',
    'type FleetWorker',
    'type FleetWorkerOptions',
    'SWEEP_JOB',
    'SoraFleetJobError',
    'WATCH_JOB',
    'createFleetProcessor',
    'createFleetWorker',
    'enqueueVideo',
    'enqueueWatch',
    'fleetEvents$',
    'fleetStatus$',
    'scheduleFleetSweeps',
    'stopFleetSweeps',
  ],
};

/** The TypeScript program of every entry, compiled as `npm run typecheck` compiles them. */
function entriesProgram(): ts.Program {
  const config = ts.readConfigFile('tsconfig.json', ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, process.cwd());
  return ts.createProgram(
    ENTRIES.map(({ source }) => resolve(source)),
    options,
  );
}

/** Whether an export is a type only: a type, or a value exported with `export type`. */
function isTypeOnly(checker: ts.TypeChecker, exported: ts.Symbol): boolean {
  let symbol: ts.Symbol | undefined = exported;
  while (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) {
    const typeOnly = symbol.declarations?.some(
      (declaration) =>
        ts.isExportSpecifier(declaration) &&
        (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly),
    );
    if (typeOnly) return true;
    symbol = checker.getImmediateAliasedSymbol(symbol);
  }
  return symbol === undefined || !(symbol.flags & ts.SymbolFlags.Value);
}

/** Every name the entry file exports, types marked `type `, as the type checker sees them. */
function compiledNames(program: ts.Program, source: string): string[] {
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(resolve(source));
  const module = file && checker.getSymbolAtLocation(file);
  if (module === undefined) throw new Error(`${source} is not a module of the program`);
  return checker
    .getExportsOfModule(module)
    .map((symbol) => (isTypeOnly(checker, symbol) ? `type ${symbol.name}` : symbol.name));
}

/** Sorts names as the lists above are written: by name, whether or not it is a type. */
function byName(names: readonly string[]): string[] {
  const bare = (name: string) => name.replace(/^type /, '');
  return [...names].sort((a, b) => (bare(a) < bare(b) ? -1 : bare(a) > bare(b) ? 1 : 0));
}

describe('the exported names', () => {
  it('are pinned for every entry package.json declares', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const declared = Object.keys(manifest.exports)
      .filter((path) => path !== './package.json')
      .map((path) => path.replace(/^\.$/, 'sora-rx').replace(/^\.\//, 'sora-rx/'));
    expect(ENTRIES.map(({ name }) => name).sort()).toEqual(declared.sort());
    expect(Object.keys(SURFACE).sort()).toEqual(declared.sort());
  });

  it('come from the files the API reference documents', () => {
    const typedoc = JSON.parse(readFileSync('typedoc.json', 'utf8')) as { entryPoints: string[] };
    expect(ENTRIES.map(({ source }) => source).sort()).toEqual([...typedoc.entryPoints].sort());
  });

  it.each(ENTRIES)('of $name at run time are its values', ({ name, module }) => {
    const values = SURFACE[name].filter((exported) => !exported.startsWith('type '));
    expect(Object.keys(module).sort()).toEqual([...values].sort());
  });

  it('to the type checker are the values and the types', { timeout: 60_000 }, () => {
    const program = entriesProgram();
    for (const { name, source } of ENTRIES) {
      expect(byName(compiledNames(program, source)), name).toEqual(byName(SURFACE[name]));
    }
  });
});
