/**
 * adapters.list() beside what programs do today: run `ipconfig.exe /all` (Wine's on Linux,
 * Windows' own there) and parse its text. Both run in the same Windows node.exe, in
 * interleaved rounds; each figure is a median. scripts/bench.mjs prints the ratio.
 */
import { afterAll, describe, expect, test } from 'vitest';

import { parseIpconfig } from '../system/harness/ipconfig.js';
import { evaluate, system } from '../system/harness/remote.js';
import { record } from './record.js';

const ctx = system();

interface AdapterFigures {
  adapters: number;
  rounds: number;
  /** adapters.list(), async, per call. */
  listMs: number;
  /** getAdaptersAddressesSync() with the default flags, per call. */
  layer1SyncMs: number;
  /** execFile('ipconfig.exe', ['/all']) and parseIpconfig of its output. */
  ipconfigMs: number;
  /** ipconfigMs / listMs. */
  ratio: number;
}

describe.skipIf(!ctx.available)(`adapters benchmark${ctx.available ? '' : ` (skipped: ${ctx.reason})`}`, () => {
  let figures: AdapterFigures | undefined;

  afterAll(() => {
    record('adapters', figures);
  });

  test('adapters.list() against ipconfig.exe /all plus a parse', async () => {
    figures = await evaluate(
      async (api, parserSource: string, require) => {
        const parse = new Function(`return (${parserSource})`)() as (text: string) => { adapters: unknown[] };
        const { execFile } = require('node:child_process') as typeof import('node:child_process');
        const shellOut = () =>
          new Promise<{ adapters: unknown[] }>((resolve, reject) =>
            execFile('ipconfig.exe', ['/all'], { encoding: 'utf8', windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(parse(stdout)))),
          );
        const ms = async (fn: () => unknown) => {
          const started = process.hrtime.bigint();
          await fn();
          return Number(process.hrtime.bigint() - started) / 1e6;
        };
        const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
        // Warm-up: JIT, Wine's caches, the first process creation.
        for (let i = 0; i < 5; i++) await api.adapters.list();
        await shellOut();
        const parsed = await shellOut();
        const listed = await api.adapters.list();
        if (parsed.adapters.length !== listed.length) throw new Error(`ipconfig lists ${parsed.adapters.length} adapters, adapters.list() ${listed.length}`);
        const ROUNDS = 21;
        const list: number[] = [];
        const layer1: number[] = [];
        const shell: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          list.push((await ms(async () => { for (let i = 0; i < 5; i++) await api.adapters.list(); })) / 5);
          layer1.push((await ms(() => { for (let i = 0; i < 5; i++) api.getAdaptersAddressesSync(); })) / 5);
          shell.push(await ms(shellOut));
        }
        const listMs = median(list);
        const ipconfigMs = median(shell);
        return { adapters: listed.length, rounds: ROUNDS, listMs, layer1SyncMs: median(layer1), ipconfigMs, ratio: ipconfigMs / listMs };
      },
      parseIpconfig.toString(),
      { timeoutMs: 600_000 },
    );
    expect(figures.adapters).toBeGreaterThan(0);
    expect(figures.ratio).toBeGreaterThan(0);
  });
});
