// Issue 21, defect 1, in the CLI: a gateway that answers a create with a task id no URL can carry
// (`"sora_\ud800x"`, valid JSON), and a journal that holds one, give a clear one-line error per
// task and exit 1: never Node's raw stack, never a 30 s wait for ERR_UNEXPECTED.
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import {
  type ScriptedHandler,
  startScriptedServer,
  wireTask,
} from '../../helpers/scripted-server.js';
import { cliEnv, parseNdjson, runCli, tempDir } from './cli-process.js';

/** A created task whose id holds a lone surrogate, as raw JSON text, the way a gateway sends it. */
const CREATED = JSON.stringify(wireTask({ status: 'queued' })).replace(
  '"sora_1"',
  '"sora_\\ud800x"',
);

/** Answers every request with the task of the bad id. */
const answerBadId: ScriptedHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(CREATED);
};

/**
 * A gateway that answers the bad id, closed when its own test ends: the tests run at once, and
 * one closing every server would close the other's under it.
 */
async function startGateway(t: TestContext) {
  const server = await startScriptedServer(answerBadId);
  t.onTestFinished(() => server.close());
  return server;
}

/** What a clear error looks like: the code and the id, escaped; no stack, no unexpected error. */
function expectClearError(output: string): void {
  expect(output).toContain('SORA_INVALID_TASK_ID');
  expect(output).toContain('"sora_\\ud800x"');
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('URIError');
  expect(output).not.toContain('ERR_UNEXPECTED');
}

describe.concurrent('the sora-rx command and a task id no URL can carry', {
  timeout: 30_000,
}, () => {
  it('create --wait against a gateway that answers one ends at once with SORA_INVALID_TASK_ID: exit 1', async (t) => {
    const server = await startGateway(t);
    const env = cliEnv({ SORA_BASE_URL: server.baseUrl, SORA_API_KEY: 'sk-test-cli-id' });

    const result = await runCli(t, ['create', '--prompt', 'A cat surfing', '--wait'], env);

    expect(result.code).toBe(1);
    expectClearError(result.stdout + result.stderr);
    // The create went out; no poll was ever sent for an id that no URL can carry.
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('resume on a journal that holds one reports that task with SORA_INVALID_TASK_ID: exit 1', async (t) => {
    const server = await startGateway(t);
    const env = cliEnv({ SORA_BASE_URL: server.baseUrl, SORA_API_KEY: 'sk-test-cli-id' });
    const journal = path.join(await tempDir(t), 'tasks.jsonl');

    const created = await runCli(t, ['create', '--prompt', 'A cat', '--journal', journal], env);
    expect(created.code, `${created.stdout}${created.stderr}`).toBe(0);

    const resumed = await runCli(t, ['resume', '--journal', journal], env);
    expect(resumed.code).toBe(1);
    expectClearError(resumed.stdout + resumed.stderr);

    const json = await runCli(t, ['resume', '--journal', journal, '--json'], env);
    expect(json.code).toBe(1);
    expect(parseNdjson(json.stdout)).toContainEqual(
      expect.objectContaining({ type: 'error', id: 'sora_\ud800x', code: 'SORA_INVALID_TASK_ID' }),
    );
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
  });
});
