/**
 * The real addon under abuse: bad input straight into the binding (skipping the facade's
 * checks), worker threads, and long loops. Runs wherever the system suite runs.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { ROOT } from './harness/environment.js';
import { evaluate, system } from './harness/remote.js';

const ctx = system();

describe.skipIf(!ctx.available)(`the real addon under abuse${ctx.available ? '' : ` (skipped: ${ctx.reason})`}`, () => {
  test('no bad input crashes the process: every call into the raw binding throws or rejects an error with a Win32 code', async () => {
    const report = await evaluate(
      async (api, root: string, require) => {
        // The binding as the package loads it: node-gyp-build finds build/Release/ (the
        // mingw build under Wine, the MSVC build from source on Windows) or a prebuild.
        const binding = (require('node-gyp-build') as (dir: string) => unknown)(root) as Record<string, (...a: unknown[]) => unknown>;
        const garbage: unknown[] = [
          undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 53, -1n, 1n << 64n, 1n << 70n, '', 'x'.repeat(100_000), 'a\0b',
          '\u{1F600}'.repeat(300), '192.0.2.1/99', '{4D36E972-E325-11CE-BFC1-08002BE1031G}', {}, [], { interfaceLuid: 'x' },
          { interfaceLuid: -5n, interfaceIndex: 1 }, { interfaceLuid: 1n, interfaceIndex: -1 }, { interfaceLuid: 1n, interfaceIndex: 2 ** 40 },
          Symbol('s'), () => 1, new Proxy({}, { get() { throw new Error('trap'); } }),
        ];
        // flushIpNetTable2(0, 0) and flushIpPathTable(0) are valid calls (every interface's
        // cache, both families): on an elevated Windows runner garbage would really flush
        // them, so they are left out here; their argument checks are in the unit suite.
        const names = Object.keys(binding).filter(
          (n) => typeof binding[n] === 'function' && n !== 'entryPoints' && !n.startsWith('flushIpNetTable2') && !n.startsWith('flushIpPathTable'),
        );
        let calls = 0;
        const unexpected: string[] = [];
        for (const name of names) {
          for (const value of garbage) {
            calls++;
            try {
              const result = binding[name]!(value, value);
              if (result instanceof Promise) await result;
            } catch (error) {
              const e = error as { win32?: unknown; message?: string };
              // A Proxy trap's own error passes through unchanged; everything else carries a Win32 code.
              if (typeof e.win32 !== 'number' && e.message !== 'trap') unexpected.push(`${name}(${typeof value}): ${e.message}`);
            }
          }
        }
        // The facade turns each of those into a NetioError with a code.
        const facade = await Promise.all([
          api.convertInterfaceLuidToIndex(-1n as never).catch((e: { code: string }) => e.code),
          api.getIfEntry2({ interfaceLuid: 1n << 64n } as never).catch((e: { code: string }) => e.code),
          api.convertInterfaceAliasToLuid('\u{1F600}'.repeat(300)).catch((e: { code: string }) => e.code),
        ]);
        return { names: names.length, calls, unexpected, facade, alive: true };
      },
      ROOT,
    );
    expect(report.alive).toBe(true);
    expect(report.names).toBeGreaterThanOrEqual(60);
    expect(report.calls).toBe(report.names * 26);
    expect(report.unexpected).toEqual([]);
    expect(report.facade).toEqual(['STATUS_INVALID_PARAMETER', 'STATUS_INVALID_PARAMETER', 'STATUS_INVALID_PARAMETER']);
  });

  test('the release and test build exports no benchmark hook: nothing can swap the OS functions it calls', async () => {
    const exported = await evaluate(
      (_api, root: string, require) => {
        const binding = (require('node-gyp-build') as (dir: string) => unknown)(root) as Record<string, unknown>;
        return Object.keys(binding);
      },
      ROOT,
    );
    expect(exported).toContain('getIpForwardTable2');
    expect(exported.filter((name) => name.startsWith('_') || /bench|null-?os/i.test(name))).toEqual([]);
  });

  test('the addon loads and works in 4 worker threads at once, beside the main thread', async () => {
    const result = await evaluate(
      async (api, dist, require) => {
        const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
        const source = `
          const { parentPort, workerData } = require('node:worker_threads');
          const api = require(workerData);
          (async () => {
            const rows = await api.getIfTable2();
            const out = [];
            for (const r of rows) out.push([r.alias, await api.convertInterfaceLuidToIndex(r.interfaceLuid), api.convertInterfaceLuidToAliasSync(r.interfaceLuid)]);
            parentPort.postMessage(JSON.stringify(out));
          })().catch((e) => parentPort.postMessage('error: ' + e.message));`;
        const workers = Array.from({ length: 4 }, () => new Worker(source, { eval: true, workerData: dist }));
        const replies = await Promise.all(workers.map((w) => new Promise<string>((resolve, reject) => { w.once('message', resolve); w.once('error', reject); })));
        const exits = await Promise.all(workers.map((w) => w.terminate()));
        const main = (await api.getIfTable2()).map((r) => [r.alias, r.interfaceIndex, r.alias]);
        return { replies, exits, main: JSON.stringify(main) };
      },
      path.join(ROOT, 'dist'),
    );
    expect(result.replies).toHaveLength(4);
    for (const reply of result.replies) expect(reply).toBe(result.main);
    expect(JSON.parse(result.main).length).toBeGreaterThanOrEqual(3);
  });

  test('100,000 conversions and 10,000 getIfTable2Sync calls leave RSS within 20 MB of where it started', async () => {
    const result = await evaluate(
      async (api, root: string, require) => {
        const binding = (require('node-gyp-build') as (dir: string) => { tablesFreed(): number })(root);
        const luid = api.getIfTable2Sync()[0]!.interfaceLuid;
        const round = (n: number) => {
          for (let i = 0; i < n; i++) {
            api.convertInterfaceLuidToIndexSync(luid);
            api.convertInterfaceLuidToAliasSync(luid);
          }
        };
        // Warm up so that the JIT and allocator have settled before the baseline.
        round(2000);
        for (let i = 0; i < 200; i++) api.getIfTable2Sync();
        (globalThis as { gc?: () => void }).gc?.();
        const before = process.memoryUsage().rss;
        const freedBefore = binding.tablesFreed();
        const started = Date.now();
        round(50_000); // 100,000 conversions
        let rows = 0;
        for (let i = 0; i < 10_000; i++) rows += api.getIfTable2Sync().length;
        const after = process.memoryUsage().rss;
        return { before, after, rows, ms: Date.now() - started, freed: binding.tablesFreed() - freedBefore };
      },
      ROOT,
      { timeoutMs: 600_000 },
    );
    const grewMb = (result.after - result.before) / 2 ** 20;
    console.log(`RSS ${(result.before / 2 ** 20).toFixed(1)} MB → ${(result.after / 2 ** 20).toFixed(1)} MB (${grewMb.toFixed(1)} MB) over ${result.ms} ms`);
    expect(result.rows).toBeGreaterThanOrEqual(30_000);
    expect(result.freed).toBe(10_000);
    expect(result.before).toBeGreaterThan(10 * 2 ** 20);
    expect(grewMb).toBeLessThan(20);
  });
});
