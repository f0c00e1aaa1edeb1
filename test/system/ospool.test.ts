/**
 * The calls that wait on the network with no event form (resolveIpNetEntry2) run on the
 * process's default Windows thread pool (src-native/ospool.h), never on libuv's: four silent
 * hosts must not stall every fs, dns.lookup and crypto call of the process.
 *
 * Under Wine, ResolveIpNetEntry2 is not exported, so it fails at once; the waits here are the
 * benchmark build's stand-in, Sleep(ms) exported through the very same ExportOnOsPool
 * (`__osPoolSleep`) and, for contrast, through operation.h's Export (`__uvPoolSleep`, libuv's
 * pool): each test shows the difference, so it can fail. On Windows these tests are skipped:
 * the suite there loads the installed package, not the benchmark build, and real resolves of
 * silent hosts would send ARP out of the machine (Windows has no namespace to keep it in).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { ROOT } from './harness/environment.js';
import { evaluate, modes, spawnNode } from './harness/remote.js';

const { ctx } = modes();
const DIST = path.join(ROOT, 'dist');

/** The benchmark build's entries these tests use. */
interface PoolBinding {
  __osPoolSleep(ms: number): Promise<number>;
  __osPoolSleepSync(ms: number): number;
  __uvPoolSleep(ms: number): Promise<number>;
  __osPool(): { live: number; dropped: number; thread: number };
}

const standIn = ctx.benchAddon !== '';
const standInTitle = (title: string): string =>
  standIn
    ? title
    : `${title} (skipped: ${ctx.available ? 'needs the benchmark build’s stand-in for a network wait, which the system suite builds under Wine only; real resolves of silent hosts on Windows would send ARP out of the machine' : ctx.reason})`;

describe.skipIf(!standIn)(standInTitle('a wait on the Windows pool holds no libuv thread'), () => {
  test('16 concurrent 500 ms waits end in about 500 ms, each on a pool thread of its own; on libuv’s pool (4 threads) they take 4 times as long', async () => {
    const r = await evaluate(
      async (_api, addon: string, require) => {
        const binding = require(addon) as PoolBinding;
        const timed = async (start: () => Promise<number>[]) => {
          const begin = performance.now();
          const threads = await Promise.all(start());
          return { ms: performance.now() - begin, threads: new Set(threads).size };
        };
        await binding.__osPoolSleep(0); // the pool's first thread is not part of the figure
        const os = await timed(() => Array.from({ length: 16 }, () => binding.__osPoolSleep(500)));
        const uv = await timed(() => Array.from({ length: 16 }, () => binding.__uvPoolSleep(500)));
        const js = binding.__osPool().thread;
        return { os, uv, js, sync: binding.__osPoolSleepSync(1), live: binding.__osPool().live };
      },
      ctx.benchAddon,
    );
    expect(r.os.ms).toBeGreaterThanOrEqual(490);
    expect(r.os.ms).toBeLessThan(1000);
    expect(r.os.threads).toBe(16);
    // The contrast that makes the figure mean something: libuv's 4 threads take 4 rounds.
    expect(r.uv.ms).toBeGreaterThanOrEqual(1900);
    expect(r.uv.threads).toBeLessThanOrEqual(4);
    // The …Sync twin stays on the calling thread, as every …Sync twin does.
    expect(r.sync).toBe(r.js);
    expect(r.live).toBe(0);
  });

  test('while 16 waits are in flight, fs.stat and crypto.randomFill (libuv’s pool) complete at once; behind 4 libuv waits they do not', async () => {
    const r = await evaluate(
      async (_api, addon: string, require) => {
        const binding = require(addon) as PoolBinding;
        const fs = require('node:fs') as typeof import('node:fs');
        const crypto = require('node:crypto') as typeof import('node:crypto');
        const libuvTasks = async () => {
          const begin = performance.now();
          await Promise.all([
            fs.promises.stat(process.execPath),
            new Promise((resolve, reject) => crypto.randomFill(Buffer.alloc(16), (e, b) => (e ? reject(e) : resolve(b)))),
          ]);
          return performance.now() - begin;
        };
        const measure = async (waits: Promise<number>[]) => {
          let settled = false;
          const all = Promise.all(waits).then(() => (settled = true));
          const ms = await libuvTasks();
          const waitsPendingAfter = !settled;
          await all;
          return { ms, waitsPendingAfter };
        };
        await libuvTasks(); // fs and crypto warmed up
        const os = await measure(Array.from({ length: 16 }, () => binding.__osPoolSleep(1500)));
        const uv = await measure(Array.from({ length: 4 }, () => binding.__uvPoolSleep(1500)));
        return { os, uv };
      },
      ctx.benchAddon,
    );
    expect(r.os.waitsPendingAfter).toBe(true);
    expect(r.os.ms).toBeLessThan(300);
    expect(r.uv.ms).toBeGreaterThanOrEqual(1400);
  });

  test('resolveIpNetEntry2 itself takes the Windows pool: it settles (Wine: STATUS_NOT_SUPPORTED) while 8 waits fill libuv’s pool', async () => {
    const r = await evaluate(
      async (api, addon: string, require) => {
        const binding = require(addon) as PoolBinding;
        const luid = api.getIfTable2Sync()[0]!.interfaceLuid;
        const blockers = Array.from({ length: 8 }, () => binding.__uvPoolSleep(1500));
        const begin = performance.now();
        const code = await api.resolveIpNetEntry2({ address: '192.0.2.2', interfaceLuid: luid }).then(
          () => 'resolved',
          (e: { code: string }) => e.code,
        );
        const resolveMs = performance.now() - begin;
        // A table read goes through libuv's pool: it waits behind the blockers (the contrast).
        const tableBegin = performance.now();
        await api.getIfTable2();
        const tableMs = performance.now() - tableBegin;
        await Promise.all(blockers);
        return { code, resolveMs, tableMs };
      },
      ctx.benchAddon,
    );
    // Wine 8 does not export ResolveIpNetEntry2: the failure comes from Run(), on the pool.
    expect(r.code).toBe('STATUS_NOT_SUPPORTED');
    expect(r.resolveMs).toBeLessThan(500);
    expect(r.tableMs).toBeGreaterThanOrEqual(1000);
  });

  test('workers terminated, or exiting, with 16 waits in flight, 10 rounds each: the process lives on, and every call is freed when its wait ends, without touching JS', async () => {
    const r = await evaluate(
      async (api, arg: { addon: string; dist: string }, require) => {
        const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
        const binding = require(arg.addon) as PoolBinding;
        const source = (exit: boolean) => `
          const { parentPort, workerData } = require('node:worker_threads');
          const binding = require(workerData);
          for (let i = 0; i < 16; i++) binding.__osPoolSleep(300 + i * 10).then(() => parentPort.postMessage('settled'));
          parentPort.postMessage('started');
          ${exit ? 'setTimeout(() => process.exit(3), Math.floor(Math.random() * 20));' : ''}`;
        const before = binding.__osPool();
        const exits: number[] = [];
        let settledInWorkers = 0;
        for (const exit of [false, true]) {
          for (let round = 0; round < 10; round++) {
            const worker = new Worker(source(exit), { eval: true, workerData: arg.addon });
            worker.on('message', (m) => m === 'settled' && settledInWorkers++);
            worker.on('error', () => undefined);
            const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
            await new Promise<void>((resolve) => worker.once('message', () => resolve()));
            if (!exit) {
              await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20)));
              await worker.terminate();
            }
            exits.push(await exited);
          }
        }
        const inFlightAfterTeardown = binding.__osPool().live - before.live;
        // Every wait ends within 460 ms of its start; give the pool callbacks time to free them.
        const deadline = Date.now() + 5000;
        while (binding.__osPool().live > before.live && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        const after = binding.__osPool();
        const rows = (await api.getIfTable2()).length;
        return { exits, settledInWorkers, inFlightAfterTeardown, leftLive: after.live - before.live, dropped: after.dropped - before.dropped, rows };
      },
      { addon: ctx.benchAddon, dist: DIST },
    );
    expect(r.exits).toEqual([...Array(10).fill(1), ...Array(10).fill(3)]);
    // The teardowns did happen with calls in flight, and their OS calls came back to a closed JS side.
    expect(r.settledInWorkers).toBe(0);
    expect(r.inFlightAfterTeardown).toBeGreaterThan(0);
    expect(r.dropped).toBe(320);
    expect(r.leftLive).toBe(0);
    expect(r.rows).toBeGreaterThanOrEqual(1);
  });

  test('process.exit() on the main thread with 16 waits of its own and 16 in a worker in flight ends the process at once, with its code', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-ospool-'));
    const script = path.join(dir, 'exit-main.cjs');
    fs.writeFileSync(
      script,
      `'use strict';
      const { Worker } = require('node:worker_threads');
      const binding = require(${JSON.stringify(ctx.benchAddon)});
      for (let i = 0; i < 16; i++) binding.__osPoolSleep(5000);
      const worker = new Worker(\`
        const { parentPort, workerData } = require('node:worker_threads');
        const binding = require(workerData);
        for (let i = 0; i < 16; i++) binding.__osPoolSleep(5000);
        parentPort.postMessage('started');\`, { eval: true, workerData: ${JSON.stringify(ctx.benchAddon)} });
      worker.once('message', () => { console.log('live ' + binding.__osPool().live); process.exit(7); });`,
    );
    try {
      const begin = Date.now();
      const { code, stdout, stderr } = await spawnNode([script], 60_000);
      const ms = Date.now() - begin;
      expect(code, stderr).toBe(7);
      expect(stdout.trim()).toBe('live 32');
      expect(stderr).not.toMatch(/FATAL ERROR|terminate called|unhandled exception|Assertion failed|napi_/i);
      // The waits were 5 s: exiting did not wait for them (node.exe itself starts in well under 4 s).
      expect(ms).toBeLessThan(4500);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
