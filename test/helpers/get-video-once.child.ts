// Run by process-liveness.test.ts in a child process: one getVideo$ through the default
// transport, then nothing. The process must exit by itself once the answer is in.
import { lastValueFrom } from 'rxjs';
import { createSoraClient } from '../../src/client/create-sora-client.js';

const baseUrl = process.argv[2] ?? '';
const sora = createSoraClient({ baseUrl, apiKey: 'sk-test-child', retry: { maxRetries: 0 } });
const task = await lastValueFrom(sora.getVideo$('sora_1'));
process.stdout.write(`status=${task.status}\n`);
