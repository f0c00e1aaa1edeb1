/**
 * Change notifications against the real addon. Under Wine 8 the route and interface
 * callbacks never fire, and the unicast one fires once, synchronously, inside the
 * registration call when an initial notification is asked for: the tests hold the addon
 * to registration, cancel, re-entrancy, exit and worker termination. On Windows, elevated:
 * add and delete a route and an address and see exactly those events within 2 s.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { ROOT } from './harness/environment.js';
import { evaluate, modes, windowsElevatedTitle } from './harness/remote.js';

const { ctx, onWine, onWindowsElevated } = modes();
const dist = path.join(ROOT, 'dist');

describe.skipIf(!ctx.available)(`change notifications on the real addon${ctx.available ? '' : ` (skipped: ${ctx.reason})`}`, () => {
  test('all three register and cancel, async and sync; cancel is idempotent', async () => {
    const r = await evaluate(async (api) => {
      const noop = () => undefined;
      const handles = [
        await api.notifyRouteChange2('AF_INET', noop),
        api.notifyRouteChange2Sync('AF_UNSPEC', noop),
        await api.notifyUnicastIpAddressChange('AF_UNSPEC', noop),
        api.notifyUnicastIpAddressChangeSync('AF_INET6', noop),
        await api.notifyIpInterfaceChange('AF_UNSPEC', noop),
        api.notifyIpInterfaceChangeSync('AF_INET', noop),
      ];
      const before = handles.map((h) => h.cancelled);
      for (const h of handles) {
        h.cancel();
        h.cancel();
      }
      return { before, after: handles.map((h) => h.cancelled), chain: handles[0]!.ref().unref() === handles[0] };
    });
    expect(r.before).toEqual([false, false, false, false, false, false]);
    expect(r.after).toEqual([true, true, true, true, true, true]);
    expect(r.chain).toBe(true);
  });

  test.skipIf(!onWine)('the unicast initial notification that Wine delivers inside the registration call arrives once, afterwards', async () => {
    const r = await evaluate(async (api) => {
      const events: { type: string; row: unknown }[] = [];
      let registered = false;
      const seenDuringRegistration: boolean[] = [];
      const handle = api.notifyUnicastIpAddressChangeSync('AF_UNSPEC', (e) => {
        seenDuringRegistration.push(registered);
        events.push(e);
      }, { initialNotification: true });
      registered = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
      const asyncEvents: string[] = [];
      const second = await api.notifyUnicastIpAddressChange('AF_UNSPEC', (e) => asyncEvents.push(e.type), { initialNotification: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
      handle.cancel();
      second.cancel();
      return { events, seenDuringRegistration, asyncEvents };
    });
    expect(r.events).toEqual([{ type: 'initial', row: null }]);
    // The callback ran on the JS thread only after the registration returned.
    expect(r.seenDuringRegistration).toEqual([true]);
    expect(r.asyncEvents).toEqual(['initial']);
  });

  test.skipIf(!onWine)('async: the initial notification, sent on the registering pool thread before the Notify call returns, reaches the callback only after the awaiting code has its handle', async () => {
    const r = await evaluate(async (api) => {
      const seen: { type: string; hadHandle: boolean }[][] = [];
      for (let i = 0; i < 20; i++) {
        const mine: { type: string; hadHandle: boolean }[] = [];
        seen.push(mine);
        const caller: { handle?: { cancel(): void } } = {};
        caller.handle = await api.notifyUnicastIpAddressChange('AF_UNSPEC', (e) => mine.push({ type: e.type, hadHandle: caller.handle !== undefined }), { initialNotification: true });
        await new Promise((resolve) => setTimeout(resolve, 20));
        caller.handle.cancel();
      }
      return seen;
    });
    for (const events of r) expect(events).toEqual([{ type: 'initial', hadHandle: true }]);
  });

  test.skipIf(!onWine)('a callback that throws is an uncaught exception; the addon carries on', async () => {
    const r = await evaluate(async (api) => {
      const uncaught: string[] = [];
      process.on('uncaughtException', (e) => uncaught.push(e.message));
      const first = api.notifyUnicastIpAddressChangeSync('AF_UNSPEC', () => {
        throw new Error('listener bug');
      }, { initialNotification: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after: string[] = [];
      const second = api.notifyUnicastIpAddressChangeSync('AF_UNSPEC', (e) => after.push(e.type), { initialNotification: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
      first.cancel();
      second.cancel();
      return { uncaught, after, stillWorks: api.getIfTable2Sync().length > 0 };
    });
    expect(r.uncaught).toEqual(['listener bug']);
    expect(r.after).toEqual(['initial']);
    expect(r.stillWorks).toBe(true);
  });

  test.skipIf(!onWine)('a raw dispatcher that throws undefined, a string or an Error: each reaches uncaughtException as it was thrown; the addon carries on', async () => {
    const r = await evaluate(
      async (api, root: string, require) => {
        // The binding itself, without the facade's guard (which rethrows on a later tick).
        type Raw = { notifyUnicastIpAddressChangeSync(family: number, dispatch: (type: number, row: unknown) => void, initial: boolean, queueSize: number): { cancel(): void } };
        const binding = (require('node-gyp-build') as (dir: string) => unknown)(root) as Raw;
        const uncaught: string[] = [];
        const listener = (e: unknown): void => {
          uncaught.push(e === undefined ? 'undefined' : typeof e === 'string' ? `string ${e}` : e instanceof Error ? `Error ${e.message}` : typeof e);
        };
        process.on('uncaughtException', listener);
        const thrown: unknown[] = [undefined, 'not an Error', new Error('raw dispatcher bug')];
        const handles = thrown.map((value) =>
          binding.notifyUnicastIpAddressChangeSync(0, () => {
            throw value;
          }, true, 16),
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        const after: string[] = [];
        const last = api.notifyUnicastIpAddressChangeSync('AF_UNSPEC', (e) => after.push(e.type), { initialNotification: true });
        await new Promise((resolve) => setTimeout(resolve, 200));
        for (const h of handles) h.cancel();
        last.cancel();
        process.off('uncaughtException', listener);
        return { uncaught: uncaught.sort(), after, stillWorks: api.getIfTable2Sync().length > 0 };
      },
      ROOT,
    );
    expect(r.uncaught).toEqual(['Error raw dispatcher bug', 'string not an Error', 'undefined']);
    expect(r.after).toEqual(['initial']);
    expect(r.stillWorks).toBe(true);
  });

  test('1,000 register/cancel cycles leave RSS flat', async () => {
    const r = await evaluate(
      async (api) => {
        const cycle = async (n: number) => {
          for (let i = 0; i < n; i++) {
            const w = api.watch.all({ initial: true });
            await w.ready;
            w.close();
            api.notifyRouteChange2Sync('AF_INET', () => undefined).cancel();
          }
        };
        await cycle(100);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const before = process.memoryUsage().rss;
        const started = Date.now();
        await cycle(1000);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { grewMb: (process.memoryUsage().rss - before) / 2 ** 20, ms: Date.now() - started };
      },
      undefined,
      { timeoutMs: 600_000 },
    );
    console.log(`1,000 cycles (4,000 registrations) in ${r.ms} ms; RSS grew ${r.grewMb.toFixed(1)} MB`);
    expect(r.grewMb).toBeLessThan(10);
  });

  test('open registrations never keep the process alive; a ref()’d watcher does until closed', async () => {
    const r = await evaluate(async (_api, distDir: string, require) => {
      const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
      const run = (code: string) => {
        const started = Date.now();
        const child = spawnSync(process.execPath, ['-e', code], { env: { ...process.env, NETIO_DIST: distDir }, timeout: 60_000, stdio: 'ignore' });
        return { status: child.status, ms: Date.now() - started };
      };
      const unref = run(`const n = require(process.env.NETIO_DIST);
        n.watch.all({ initial: true }); n.notifyRouteChange2Sync('AF_INET', () => {});
        n.notifyUnicastIpAddressChange('AF_UNSPEC', () => {}, { initialNotification: true });`);
      const refd = run(`const n = require(process.env.NETIO_DIST);
        const w = n.watch.routes().ref(); setTimeout(() => { w.close(); }, 1500).unref();`);
      const empty = run('');
      return { unref, refd, empty };
    }, dist);
    expect(r.unref.status).toBe(0);
    expect(r.refd.status).toBe(0);
    // Unref'd: exits about as fast as an empty script; ref'd: waits for close().
    expect(r.unref.ms).toBeLessThan(r.empty.ms + 3000);
    expect(r.refd.ms).toBeGreaterThanOrEqual(1500);
  });

  test('a worker thread holding watchers can be terminated, and the main thread carries on', async () => {
    const r = await evaluate(async (api, distDir: string, require) => {
      const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
      const worker = new Worker(
        `const { parentPort, workerData } = require('node:worker_threads');
         const n = require(workerData);
         const w = n.watch.all({ initial: true }).ref();
         n.notifyUnicastIpAddressChangeSync('AF_UNSPEC', () => {}, { initialNotification: true });
         w.ready.then(() => parentPort.postMessage('ready'), (e) => parentPort.postMessage('error: ' + e.message));`,
        { eval: true, workerData: distDir },
      );
      const message = await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
      const started = Date.now();
      const exitCode = await worker.terminate();
      const terminateMs = Date.now() - started;
      const events: string[] = [];
      const handle = api.notifyUnicastIpAddressChangeSync('AF_UNSPEC', (e) => events.push(e.type), { initialNotification: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
      handle.cancel();
      return { message, exitCode, terminateMs, events };
    }, dist);
    expect(r.message).toBe('ready');
    expect(r.exitCode).toBe(1);
    expect(r.terminateMs).toBeLessThan(5000);
    if (onWine) expect(r.events).toEqual(['initial']);
  });
});

describe.skipIf(!onWindowsElevated)(windowsElevatedTitle('change notifications on Windows, elevated'), () => {
  test("adding and deleting a route and an address are seen as 'add' and 'delete' events for exactly those rows within 2 s", async () => {
    const r = await evaluate(async (api) => {
      const primary = (await api.getBestRoute2('198.51.100.1')).route;
      const route = { destinationPrefix: '203.0.113.0/24', nextHop: primary.nextHop, interfaceLuid: primary.interfaceLuid, metric: 7 };
      const address = '2001:db8:ac::9';
      const w = api.watch.all({ family: 'all' });
      await w.ready;
      const seen: { source: string; type: string; key: string; ms: number }[] = [];
      const started = Date.now();
      w.on('change', (e) => {
        if (e.type === 'resync' || !e.row) return;
        const row = e.row as { destinationPrefix?: string; address?: string; interfaceLuid: bigint };
        const key = row.destinationPrefix ?? row.address ?? '';
        if (row.interfaceLuid === primary.interfaceLuid && (key === route.destinationPrefix || key === address)) {
          seen.push({ source: e.source, type: e.type, key, ms: Date.now() - started });
        }
      });
      const waitFor = async (pred: () => boolean) => {
        const deadline = Date.now() + 2000;
        while (!pred() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        return pred();
      };
      const has = (source: string, type: string, key: string) => () => seen.some((s) => s.source === source && s.type === type && s.key === key);
      try {
        await api.createIpForwardEntry2(route);
        const routeAdd = await waitFor(has('route', 'add', route.destinationPrefix));
        await api.deleteIpForwardEntry2(route);
        const routeDelete = await waitFor(has('route', 'delete', route.destinationPrefix));
        await api.addresses.add(`${address}/64`, { interface: primary.interfaceLuid, skipAsSource: true });
        const addressAdd = await waitFor(has('address', 'add', address));
        await api.addresses.delete(address, { interface: primary.interfaceLuid });
        const addressDelete = await waitFor(has('address', 'delete', address));
        return { routeAdd, routeDelete, addressAdd, addressDelete, seen };
      } finally {
        w.close();
        await api.deleteIpForwardEntry2(route).catch(() => undefined);
        await api.addresses.delete(address, { ifMissing: 'ignore' }).catch(() => undefined);
      }
    });
    expect(r).toMatchObject({ routeAdd: true, routeDelete: true, addressAdd: true, addressDelete: true });
  });
});
