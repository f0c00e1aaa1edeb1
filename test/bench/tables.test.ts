/**
 * The measurements behind `npm run bench` (scripts/bench.mjs runs this file and prints the
 * results). Under Wine the namespace is filled with 1,000, 10,000 and 100,000 IPv4 routes
 * (on-link, in the documentation ranges, told apart by metric) before each measurement;
 * on Windows the machine's own table is measured as it is.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

import { ROOT } from '../system/harness/environment.js';
import { evaluate, system } from '../system/harness/remote.js';
import { record } from './record.js';

const ctx = system();
const PROTO = '200'; // the routes the bench adds carry this protocol number, to be flushed by it
const results: Record<string, unknown> = {};

/** Where node.exe finds the benchmark build, and the facade's loader to hand it to. */
interface BenchBuild {
  addon: string;
  native: string;
}
const benchBuild: BenchBuild = { addon: ctx.benchAddon, native: path.join(ROOT, 'dist', 'native.js') };

/** `count` routes: every /25…/32 of the three IPv4 documentation /24s, times metrics 10, 11, … */
function routeBatch(count: number): string {
  const prefixes: string[] = [];
  for (const base of ['192.0.2', '198.51.100', '203.0.113']) {
    for (let length = 25; length <= 32; length++) {
      const size = 2 ** (32 - length);
      for (let start = 0; start < 256; start += size) prefixes.push(`${base}.${start}/${length}`);
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`route add ${prefixes[i % prefixes.length]} dev v0 metric ${10 + Math.floor(i / prefixes.length)} proto ${PROTO}`);
  return `${lines.join('\n')}\n`;
}

function fill(count: number): void {
  execFileSync('ip', ['-n', ctx.namespace, 'route', 'flush', 'proto', PROTO]);
  execFileSync('ip', ['-n', ctx.namespace, '-batch', '-'], { input: routeBatch(count) });
}

interface TableFigures {
  rows: number;
  bareMs: number;
  syncMs: number;
  asyncMs: number;
  bytesPerRow: number;
  maxStallMs: number;
  p99StallMs: number;
}

/** Runs in node.exe: the bare call, the sync and async reads, retained heap and event-loop delay. */
async function measureTable(bench: BenchBuild, iterations: number): Promise<TableFigures> {
  return evaluate(
    async (api, arg: BenchBuild & { iterations: number }, require) => {
      // The benchmark build, under the facade as well (a test-only seam of dist/native.js).
      const binding = require(arg.addon) as { __bench(name: string, n: number, x: unknown): { ns: number; rows: number } };
      (require(arg.native) as { setBinding(b: unknown): void }).setBinding(binding);
      const { monitorEventLoopDelay } = require('node:perf_hooks') as typeof import('node:perf_hooks');
      const gc = (globalThis as { gc?: () => void }).gc!;
      const ms = async (fn: () => unknown) => {
        const started = process.hrtime.bigint();
        await fn();
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      // Warm-up: JIT, allocator, and Wine's caches.
      binding.__bench('GetIpForwardTable2', 2, 2);
      api.getIpForwardTable2Sync('AF_INET');
      await api.getIpForwardTable2('AF_INET');
      // The OS call drifts under Wine: the three are interleaved, and each figure is a median.
      const bare: number[] = [];
      const sync: number[] = [];
      const asynchronous: number[] = [];
      for (let i = 0; i < arg.iterations; i++) {
        bare.push(binding.__bench('GetIpForwardTable2', 1, 2).ns / 1e6);
        sync.push(await ms(() => api.getIpForwardTable2Sync('AF_INET')));
        asynchronous.push(await ms(() => api.getIpForwardTable2('AF_INET')));
      }
      const bareMs = median(bare);
      const syncMs = median(sync);
      const asyncMs = median(asynchronous);

      gc();
      gc();
      const before = process.memoryUsage().heapUsed;
      const kept = api.getIpForwardTable2Sync('AF_INET');
      gc();
      gc();
      const bytesPerRow = (process.memoryUsage().heapUsed - before) / kept.length;

      const histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      // Something else wants the loop meanwhile: the delay is how long it had to wait.
      const ticker = setInterval(() => undefined, 1);
      await api.getIpForwardTable2('AF_INET');
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(ticker);
      histogram.disable();
      return { rows: kept.length, bareMs, syncMs, asyncMs, bytesPerRow, maxStallMs: histogram.max / 1e6, p99StallMs: histogram.percentile(99) / 1e6 };
    },
    { ...bench, iterations },
    { timeoutMs: 1_500_000, nodeArgs: ['--expose-gc'] },
  );
}

describe.skipIf(!ctx.available)(`benchmarks${ctx.available ? '' : ` (skipped: ${ctx.reason})`}`, () => {
  afterAll(() => {
    if (ctx.mode === 'wine') execFileSync('ip', ['-n', ctx.namespace, 'route', 'flush', 'proto', PROTO]);
    for (const [key, value] of Object.entries(results)) record(key, value);
  });

  const sizes = ctx.mode === 'wine' ? [1000, 10_000, 100_000] : [0];
  for (const size of sizes) {
    test(`route table reads${size ? ` with ${size} generated routes` : ' (this machine’s table)'}`, async () => {
      if (size) fill(size);
      const iterations = size >= 100_000 ? 7 : size >= 10_000 ? 15 : 51;
      const figures = await measureTable(benchBuild, iterations);
      (results.tables ??= [] as TableFigures[]) as TableFigures[];
      (results.tables as TableFigures[]).push(figures);
      expect(figures.rows).toBeGreaterThanOrEqual(size);
    });
  }

  test('cheap calls: ConvertInterfaceLuidToIndex and GetIfEntry2, sync and async, beside the bare call', async () => {
    results.calls = await evaluate(
      async (api, arg: BenchBuild, require) => {
        const binding = require(arg.addon) as { __bench(name: string, n: number, x: unknown): { ns: number } };
        (require(arg.native) as { setBinding(b: unknown): void }).setBinding(binding);
        const row = api.getIfTable2Sync().find((r) => r.type !== 'softwareLoopback') ?? api.getIfTable2Sync()[0]!;
        const luid = row.interfaceLuid;
        const index = row.interfaceIndex;
        // The OS call under Wine takes 100–300 µs and drifts; what the package adds is a few
        // µs. So the variants run in interleaved rounds, and each figure is a median.
        const ROUNDS = 9;
        const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
        const sync = (n: number, fn: () => unknown) => {
          const started = process.hrtime.bigint();
          for (let i = 0; i < n; i++) fn();
          return Number(process.hrtime.bigint() - started) / 1000 / n;
        };
        const sequential = async (n: number, fn: () => Promise<unknown>) => {
          const started = process.hrtime.bigint();
          for (let i = 0; i < n; i++) await fn();
          return Number(process.hrtime.bigint() - started) / 1000 / n;
        };
        const concurrent = async (n: number, width: number, fn: () => Promise<unknown>) => {
          const started = process.hrtime.bigint();
          for (let done = 0; done < n; done += width) await Promise.all(Array.from({ length: width }, fn));
          return Number(process.hrtime.bigint() - started) / 1000 / n;
        };
        const measure = async (n: number, bare: () => number, syncFn: () => unknown, asyncFn: () => Promise<unknown>) => {
          const figures = { bareUs: [] as number[], syncUs: [] as number[], asyncUs: [] as number[], asyncConcurrent64Us: [] as number[] };
          sync(n, syncFn); // warm-up
          await sequential(n, asyncFn);
          for (let round = 0; round < ROUNDS; round++) {
            figures.bareUs.push(bare());
            figures.syncUs.push(sync(n, syncFn));
            figures.asyncUs.push(await sequential(n, asyncFn));
            figures.asyncConcurrent64Us.push(await concurrent(n, 64, asyncFn));
          }
          return { bareUs: median(figures.bareUs), syncUs: median(figures.syncUs), asyncUs: median(figures.asyncUs), asyncConcurrent64Us: median(figures.asyncConcurrent64Us), rounds: ROUNDS, callsPerRound: n };
        };
        // What the package adds, timed with the OS calls replaced by constant-time stand-ins
        // (the hidden bench entry's 'null-os'): the facade, the marshalling and, for async,
        // the trip through the libuv pool, with no OS variation in the figure.
        const added = async (n: number, syncFn: () => unknown, asyncFn: () => Promise<unknown>) => {
          binding.__bench('null-os', 0, true);
          try {
            const figures = { syncUs: [] as number[], asyncUs: [] as number[] };
            sync(n, syncFn);
            await sequential(n, asyncFn);
            for (let round = 0; round < ROUNDS; round++) {
              figures.syncUs.push(sync(n, syncFn));
              figures.asyncUs.push(await sequential(n, asyncFn));
            }
            return { addedSyncUs: median(figures.syncUs), addedAsyncUs: median(figures.asyncUs) };
          } finally {
            binding.__bench('null-os', 0, false);
          }
        };
        // The yardstick of every async call: a round trip through libuv's thread pool with
        // next to nothing to do there.
        const { randomFill } = require('node:crypto') as typeof import('node:crypto');
        const one = Buffer.alloc(1);
        const poolTrip = () => new Promise<void>((resolve, reject) => randomFill(one, (e) => (e ? reject(e) : resolve())));
        const trips: number[] = [];
        await sequential(2000, poolTrip);
        for (let round = 0; round < ROUNDS; round++) trips.push(await sequential(5000, poolTrip));
        return {
          threadPoolRoundTripUs: median(trips),
          addedConvertInterfaceLuidToIndex: await added(20_000, () => api.convertInterfaceLuidToIndexSync(luid), () => api.convertInterfaceLuidToIndex(luid)),
          addedGetIfEntry2: await added(10_000, () => api.getIfEntry2Sync({ interfaceIndex: index }), () => api.getIfEntry2({ interfaceIndex: index })),
          convertInterfaceLuidToIndex: await measure(
            1024,
            () => binding.__bench('ConvertInterfaceLuidToIndex', 1024, luid).ns / 1000 / 1024,
            () => api.convertInterfaceLuidToIndexSync(luid),
            () => api.convertInterfaceLuidToIndex(luid),
          ),
          getIfEntry2: await measure(
            512,
            () => binding.__bench('GetIfEntry2', 512, index).ns / 1000 / 512,
            () => api.getIfEntry2Sync({ interfaceIndex: index }),
            () => api.getIfEntry2({ interfaceIndex: index }),
          ),
        };
      },
      benchBuild,
      { timeoutMs: 1_500_000 },
    );
    results.machine = await evaluate(async (_api, _a, require) => {
      const os = require('node:os') as typeof import('node:os');
      return { node: process.version, arch: process.arch, platform: process.platform, release: os.release(), cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length };
    });
    results.host = { wine: ctx.mode === 'wine' ? execFileSync('wine', ['--version'], { encoding: 'utf8' }).trim() : null, mode: ctx.mode };
  });
});
