import { architectureSvg } from './architecture.js';
import { benchmarkSvgs } from './bench-figures.js';
import { pollTimelineSvg } from './poll-timeline.js';

/** Every picture of the docs, by the path it is written to, with the function that draws it. */
export const PICTURES: Readonly<Record<string, () => string>> = {
  'docs/architecture.svg': () => architectureSvg(),
  'docs/poll-timeline.svg': () => pollTimelineSvg(),
  'docs/bench-detection.svg': () => benchmarkSvgs().detection,
  'docs/bench-webhooks.svg': () => benchmarkSvgs().webhooks,
  'docs/bench-fleet-sweeps.svg': () => benchmarkSvgs().fleetSweeps,
};
