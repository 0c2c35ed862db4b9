// Run by process-liveness.test.ts in a child process: one generate$ with cancelOnUnsubscribe
// through the default transport, left at once (`during-create`) or at its first task
// (`after-create`), then nothing. The cancel goes out in the background; once it is answered, the
// process must exit by itself: no timer, socket or subscription may keep it alive.
import { createSoraClient } from '../../src/client/create-sora-client.js';
import { OPENAI_DIALECT } from '../../src/dialects/openai.js';

const baseUrl = process.argv[2] ?? '';
const mode = process.argv[3];
const sora = createSoraClient({
  baseUrl,
  apiKey: 'sk-test-child',
  retry: { maxRetries: 0 },
  dialect: {
    ...OPENAI_DIALECT,
    name: 'cancelling-gateway',
    cancelRequest: (id) => ({ method: 'POST', path: ['videos', id, 'cancel'] }),
  },
});
const onCancelError = (error: unknown) => process.stdout.write(`cancel failed: ${String(error)}\n`);
const subscription = sora
  .generate$({ prompt: 'a fox' }, { cancelOnUnsubscribe: true, onCancelError })
  .subscribe(() => {
    if (mode === 'after-create') subscription?.unsubscribe();
  });
if (mode === 'during-create') subscription.unsubscribe();
