// Your first video: a prompt in, a saved MP4 out. Run it with `node first-video.mjs`.
import { createSoraClient } from 'sora-rx';
import { startSoraSimulator } from 'sora-rx/testing';

// A simulated gateway, 600 times faster than real time: no key, no cost, a few seconds.
const sim = await startSoraSimulator({ timeScale: 600 });
const sora = createSoraClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey });
// A real gateway: change the two lines above to these two.
//   const sim = undefined;
//   const sora = createSoraClient({ baseUrl: 'https://openrouter.ai/api/v1', apiKey: process.env.OPENROUTER_API_KEY });

const { task, file } = await sora.generateVideo(
  { prompt: 'A lighthouse at dusk, waves below' },
  { saveTo: './videos', onTask: (task) => console.log(task.status) },
);
console.log(`Saved ${task.id} to ${file}`);
await sim?.close();
