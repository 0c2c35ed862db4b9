// `npm run docs:pictures`: draws the docs' SVG pictures from the sources (the architecture), a real
// run (the poll timeline) and the benchmarks.
import { writeFileSync } from 'node:fs';
import { PICTURES } from './pictures.js';

for (const [path, draw] of Object.entries(PICTURES)) {
  writeFileSync(path, draw());
  console.log(`wrote ${path}`);
}
