#!/usr/bin/env node
/** The `netioapi` command. */
import { defaultIo, run } from './run.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const version = (require('../../package.json') as { version: string }).version;
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

run(process.argv.slice(2), { ...defaultIo(), signal: controller.signal, version }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`netioapi: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
