import { describe } from 'vitest';
import { describeBatch } from './batch.e2e.js';
import { describeCancelDelete } from './cancel-delete.e2e.js';
import { describeCost } from './cost.e2e.js';
import { describeCreate } from './create.e2e.js';
import { describeDemo } from './demo.e2e.js';
import { describeDialects } from './dialects.e2e.js';
import { describeEscapes } from './escapes.e2e.js';
import { describeImages } from './images.e2e.js';
import { describeInterrupt } from './interrupt.e2e.js';
import { describeJournal } from './journal.e2e.js';
import { describePrivateAddresses } from './private-addresses.e2e.js';
import { describeUsage } from './usage.e2e.js';
import { describeVariants } from './variants.e2e.js';
import { describeWatch } from './watch.e2e.js';

// Every test spawns the CLI as a real process and waits for it. They share one file and run
// concurrently, so that the processes of all of them overlap instead of queueing behind one
// another; each test cleans up after itself through its own context.
describe.concurrent('the sora-rx command, end to end', { timeout: 30_000 }, () => {
  describeWatch();
  describeUsage();
  describeCreate();
  describeDemo();
  describeInterrupt();
  describePrivateAddresses();
  describeJournal();
  describeCost();
  describeDialects();
  describeEscapes();
  describeBatch();
  describeImages();
  describeCancelDelete();
  describeVariants();
});
