// Run by process-liveness.test.ts in a child process: two requests through an undici transport
// of two connections, and 2,000 more queued behind them and given up at once. Once the two are
// answered, it prints what still keeps the process alive, then does nothing: it must exit by itself.
import { firstValueFrom } from 'rxjs';
import { undiciTransport } from '../../src/http/undici-transport.js';

const baseUrl = process.argv[2] ?? '';
const transport = undiciTransport({ connections: 2 });
const request = (id: string) =>
  transport({
    method: 'GET',
    url: `${baseUrl}/videos/${id}`,
    headers: { accept: 'application/json' },
    maxBodyBytes: 1024,
  });

const sent = [firstValueFrom(request('sora_1')), firstValueFrom(request('sora_2'))];
const queued = Array.from({ length: 2000 }, () => request('sora_queued').subscribe());
for (const subscription of queued) subscription.unsubscribe();
await Promise.all(sent);
await new Promise((resolve) => setImmediate(resolve));
const resources = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
process.stdout.write(`${JSON.stringify(resources)}\n`);
