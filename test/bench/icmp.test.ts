/**
 * ICMP figures for `npm run bench` (written beside the table figures; scripts/bench.mjs
 * prints them): ping() of a local address against ping.exe -n 1 plus a parse of its
 * output, measured in one node.exe, interleaved, medians; and 254 echoes to silent
 * addresses with a 1 s timeout, all at once. Traffic stays in the test namespace (under
 * Wine) or on the loopback interface (on Windows).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';

import { evaluate, system } from '../system/harness/remote.js';
import { record } from './record.js';

const ctx = system();
const results: Record<string, unknown> = {};
// Under Wine an address of v1; on Windows the loopback address.
const LOCAL = ctx.mode === 'wine' ? '198.51.100.2' : '127.0.0.1';
// Silent, in the namespace: 192.0.2.2–254 are on v0's subnet, and 198.51.100.200 is routed
// via 192.0.2.2, a neighbour whose MAC no host has. On Windows there is no namespace to
// keep that traffic in, so the sweep runs under Wine only.
const SILENT = [...Array.from({ length: 253 }, (_, i) => `192.0.2.${i + 2}`), '198.51.100.200'];

describe.skipIf(!ctx.available)(`ICMP benchmarks${ctx.available ? '' : ` (skipped: ${ctx.reason})`}`, () => {
  afterAll(() => {
    // The sweep leaves incomplete neighbour entries on v0; the fixture's are permanent and stay.
    if (ctx.mode === 'wine') execFileSync('ip', ['-n', ctx.namespace, 'neigh', 'flush', 'dev', 'v0']);
    record('icmp', results);
  });

  test(`ping('${LOCAL}') against ping.exe -n 1 plus a parse, interleaved, medians`, async () => {
    const figures = await evaluate(
      async (api, host: string, require) => {
        const { execFile } = require('node:child_process') as typeof import('node:child_process');
        const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
        const shellOut = () =>
          new Promise<number>((resolve, reject) => {
            execFile('ping.exe', ['-n', '1', '-w', '1000', host], { windowsHide: true }, (error, stdout) => {
              // What the `ping` package does: find the reply line and read its time.
              const match = /time[=<](\d+)ms/i.exec(String(stdout));
              if (!match) reject(error ?? new Error(`no reply in ping.exe's output: ${String(stdout)}`));
              else resolve(Number(match[1]));
            });
          });
        const ms = async (fn: () => Promise<unknown>) => {
          const started = process.hrtime.bigint();
          await fn();
          return Number(process.hrtime.bigint() - started) / 1e6;
        };
        await shellOut();
        await api.ping(host);
        const exe: number[] = [];
        const lib: number[] = [];
        for (let i = 0; i < 15; i++) {
          exe.push(await ms(shellOut));
          lib.push(await ms(() => api.ping(host)));
        }
        const pinged = await api.ping(host);
        return { pingExeMs: median(exe), pingMs: median(lib), received: pinged.received, rounds: exe.length };
      },
      LOCAL,
      { timeoutMs: 600_000 },
    );
    results.local = { address: LOCAL, ...figures, ratio: figures.pingExeMs / figures.pingMs };
    expect(figures.received).toBe(1);
  });

  // The silent addresses must be inside a network namespace the benchmark owns, or the
  // echoes would leave the machine: on Windows there is no such namespace.
  const sweepTitle = `254 echoes to silent addresses with a 1 s timeout, all at once${
    ctx.mode === 'wine' ? '' : ' (skipped: needs the Linux network namespace of the Wine run, so that no echo leaves the machine)'
  }`;
  test.skipIf(ctx.mode !== 'wine')(sweepTitle, async () => {
    const figures = await evaluate(
      async (api, hosts: string[]) => {
        const sweep = async () => {
          const started = process.hrtime.bigint();
          const rows = await Promise.all(hosts.map((h) => api.icmpSendEcho2Ex(h, { timeout: 1000 })));
          return { ms: Number(process.hrtime.bigint() - started) / 1e6, statuses: rows.map((r) => r[0]!.status) };
        };
        const runs = [await sweep(), await sweep(), await sweep()];
        const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
        const statuses: Record<string, number> = {};
        for (const s of runs[0]!.statuses) statuses[String(s)] = (statuses[String(s)] ?? 0) + 1;
        return { echoes: hosts.length, medianMs: ms[1]!, worstMs: ms[2]!, statuses };
      },
      SILENT,
      { timeoutMs: 600_000 },
    );
    results.sweep = figures;
    expect(figures.echoes).toBe(254);
    expect(figures.statuses.success ?? 0).toBe(0);
  });
});
