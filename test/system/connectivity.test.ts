/**
 * Connectivity hints on Windows: a level and a cost that the documented enumerations name,
 * for the system, for each interface, and through a notification with its initial state.
 * Under Wine the functions are missing (netioapi-h.test.ts checks STATUS_NOT_SUPPORTED).
 */
import { describe, expect, test } from 'vitest';

import { evaluate, modes, windowsTitle } from './harness/remote.js';

const { onWindows } = modes();
const LEVELS = ['unknown', 'none', 'localAccess', 'internetAccess', 'constrainedInternetAccess', 'hidden'];
const COSTS = ['unknown', 'unrestricted', 'fixed', 'variable'];

describe.skipIf(!onWindows)(windowsTitle('connectivity hints'), () => {
  test('getNetworkConnectivityHint returns a known level and cost, async and sync alike', async () => {
    const r = await evaluate(async (api) => ({ a: await api.getNetworkConnectivityHint(), s: api.getNetworkConnectivityHintSync() }));
    for (const hint of [r.a, r.s]) {
      expect(LEVELS).toContain(hint.connectivityLevel);
      expect(COSTS).toContain(hint.connectivityCost);
      expect(typeof hint.roaming).toBe('boolean');
    }
    expect(r.s.connectivityLevel).toBe(r.a.connectivityLevel);
  });

  test('getNetworkConnectivityHintForInterface answers for the interfaces that are up', async () => {
    const r = await evaluate(async (api) => {
      const up = (await api.getIfTable2()).filter((row) => row.operStatus === 'up' && !row.interfaceAndOperStatusFlags.filterInterface);
      const hints = [];
      for (const row of up) hints.push(await api.getNetworkConnectivityHintForInterface(row.interfaceIndex));
      return hints;
    });
    expect(r.length).toBeGreaterThan(0);
    for (const hint of r) expect(LEVELS).toContain(hint.connectivityLevel);
  });

  test('notifyNetworkConnectivityHintChange delivers the initial state, which is what getNetworkConnectivityHint says', async () => {
    const r = await evaluate(async (api) => {
      const events: { type: string; row: unknown }[] = [];
      const handle = await api.notifyNetworkConnectivityHintChange((e) => events.push(e), { initialNotification: true });
      const deadline = Date.now() + 5000;
      while (events.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      handle.cancel();
      return { events, now: await api.getNetworkConnectivityHint(), cancelled: handle.cancelled };
    });
    expect(r.events[0]).toMatchObject({ type: 'initial', row: { connectivityLevel: r.now.connectivityLevel } });
    expect(r.cancelled).toBe(true);
  });

  test('watch.connectivity() opens, reports the state, and closes', async () => {
    const r = await evaluate(async (api) => {
      const watcher = api.watch.connectivity({ initial: true });
      const first = await new Promise<unknown>((resolve, reject) => {
        watcher.once('change', resolve);
        watcher.ready.catch(reject);
        setTimeout(() => resolve(null), 5000);
      });
      watcher.close();
      return { first, closed: watcher.closed };
    });
    expect(r.first).toMatchObject({ source: 'connectivity', type: 'initial' });
    expect(r.closed).toBe(true);
  });
});
