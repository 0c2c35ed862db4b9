// npm run test:browser: the Angular app of tools/browser/app, built against the packed tarball,
// in Debian's headless Chromium beside the simulator. It watches a task go from queued to
// completed on the page, waits for the <video> to load the MP4, and saves docs/angular-app.png.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startSoraSimulator } from '../../src/testing/index.js';
import { buildAppAgainstTarball } from './build-app.js';
import { serveApp } from './serve-app.js';

const screenshot = fileURLToPath(new URL('../../docs/angular-app.png', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const started = Date.now();
const { project, browserDir } = await buildAppAgainstTarball();
console.log(`built the app against the tarball in ${((Date.now() - started) / 1000).toFixed(1)} s`);

// The bundle holds sora-rx from the tarball's dist, never from the sources.
const stats = JSON.parse(readFileSync(join(project, 'dist/stats.json'), 'utf8')) as {
  inputs: Record<string, unknown>;
};
const soraInputs = Object.keys(stats.inputs).filter((input) => input.includes('sora-rx/'));
assert.ok(soraInputs.length > 0, 'the bundle holds sora-rx');
assert.deepEqual(
  soraInputs.filter((input) => !input.includes('node_modules/sora-rx/dist/')),
  [],
  'sora-rx comes from the tarball',
);

const sim = await startSoraSimulator();
const { server, origin } = await serveApp(browserDir, { origin: sim.origin, apiKey: sim.apiKey });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
try {
  const task = sim.createTask({ id: 'sora_angular_demo', queuedMs: 1500, processingMs: 2500 });
  const page = await browser.newPage({ viewport: { width: 560, height: 520 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });

  await page.goto(`${origin}/?id=${encodeURIComponent(task.id)}`);
  await page.waitForSelector('[data-status="queued"]', { timeout: 10_000 });
  await page.waitForSelector('[data-status="completed"]', { timeout: 15_000 });
  const steps = await page.locator('li').allTextContents();
  assert.deepEqual(
    steps.map((step) => step.trim()),
    ['queued', 'processing', 'completed'],
  );

  // HAVE_CURRENT_DATA: the browser fetched and decoded the MP4's first frame.
  await page.waitForFunction(
    () => (document.querySelector('video')?.readyState ?? 0) >= 2,
    undefined,
    { timeout: 10_000 },
  );
  const video = await page.$eval('video', (element) => ({
    src: element.currentSrc,
    width: element.videoWidth,
    duration: element.duration,
  }));
  assert.ok(
    video.src.startsWith(`${sim.origin}/files/`),
    `the video comes from the API: ${video.src}`,
  );
  assert.ok(video.width > 0, 'the video has a frame');
  assert.deepEqual(pageErrors, []);

  // The picture shows the first frame without a loading spinner.
  await page.waitForFunction(() => document.querySelector('video')?.readyState === 4, undefined, {
    timeout: 10_000,
  });
  await page.screenshot({ path: screenshot });
  console.log(`queued → processing → completed, video loaded (${video.width} px wide)`);
  console.log(`screenshot: ${screenshot}`);
} finally {
  await browser.close();
  server.close();
  await sim.close();
  rmSync(project, { recursive: true, force: true });
}
