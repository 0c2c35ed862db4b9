#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { runCli } from './program.js';

/** How long to let pending work (such as removing a partial download) settle before forcing exit. */
const EXIT_GRACE_MS = 1000;

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
// The process normally ends on its own once every request and timer is gone. Should anything
// still hold it open, end it anyway: a CLI must not hang after saying it is done.
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
