import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

import * as api from '../../lib/index.js';
import { setBinding } from '../../lib/native.js';
import { createFakeBinding, encodeForwardRows, fakeInitializedRoute, routeKey, type FakeBinding, type FakeInterface } from './support/fake-binding.js';

/** Two interfaces that are up, one that is down, and the loopback. */
const LOOPBACK: FakeInterface = { luid: 0x18000001000000n, index: 1, alias: 'Loopback Pseudo-Interface 1', guid: '{11111111-2222-3333-4444-555555555555}', name: 'loopback_0', mac: '', type: 24, operStatus: 1 };
const ETHERNET: FakeInterface = { luid: 0x6008001000000n, index: 12, alias: 'Ethernet', guid: '{4D36E972-E325-11CE-BFC1-08002BE10318}', name: 'ethernet_32769', mac: '02:00:5e:10:00:01', type: 6, operStatus: 1 };
const WIFI: FakeInterface = { luid: 0x47008000000000n, index: 17, alias: 'Wi-Fi', guid: '{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}', name: 'wireless_32768', mac: '02:00:5e:10:00:02', type: 71, operStatus: 1 };
const CELLULAR: FakeInterface = { luid: 0xf3008000000000n, index: 23, alias: 'Cellular', guid: '{CCCCCCCC-BBBB-CCCC-DDDD-EEEEEEEEEEEE}', name: 'wwanpp_32768', mac: '02:00:5e:10:00:03', type: 243, operStatus: 2 };

let fake: FakeBinding;
beforeEach(() => {
  fake = createFakeBinding([LOOPBACK, ETHERNET, WIFI, CELLULAR]);
  setBinding(fake);
});
afterEach(() => {
  vi.useRealTimers();
  setBinding(undefined);
});

/** Puts a route straight into the fake's table (no CreateIpForwardEntry2 call). */
function route(i: FakeInterface, prefix: string, nextHop: string, metric: number): void {
  const row = { ...fakeInitializedRoute(), interfaceLuid: i.luid, interfaceIndex: i.index, destinationPrefix: prefix, nextHop, metric, protocol: 3, sitePrefixLength: 0 };
  fake.routes.set(routeKey(row), row);
}

function interfaceMetric(i: FakeInterface, family: 2 | 23, metric: number): void {
  fake.ipInterfaces.get(`${i.luid}|${family}`)!.metric = metric;
}

describe('gateway.default() and gateway.all(): ranked as Windows ranks default routes', () => {
  test('route metric plus interface metric, lowest first: a worse route on a better interface wins', async () => {
    route(ETHERNET, '0.0.0.0/0', '192.0.2.1', 10);
    route(WIFI, '0.0.0.0/0', '198.51.100.1', 30);
    interfaceMetric(ETHERNET, 2, 50);
    interfaceMetric(WIFI, 2, 20);
    const all = await api.gateway.all();
    expect(all).toEqual([
      { gateway: '198.51.100.1', family: 'ipv4', interfaceIndex: 17, interfaceLuid: WIFI.luid, interfaceAlias: 'Wi-Fi', routeMetric: 30, interfaceMetric: 20, effectiveMetric: 50 },
      { gateway: '192.0.2.1', family: 'ipv4', interfaceIndex: 12, interfaceLuid: ETHERNET.luid, interfaceAlias: 'Ethernet', routeMetric: 10, interfaceMetric: 50, effectiveMetric: 60 },
    ]);
    expect(await api.gateway.default()).toEqual(all[0]);
    // The sync twins rank the same way.
    expect(api.gateway.allSync()).toEqual(all);
    expect(api.gateway.defaultSync()).toEqual(all[0]);
    interfaceMetric(ETHERNET, 2, 5);
    expect(await api.gateway.default()).toMatchObject({ gateway: '192.0.2.1', effectiveMetric: 15 });
  });

  test('interfaces that are down, and the loopback, carry no default gateway; other prefixes are not default routes', async () => {
    route(CELLULAR, '0.0.0.0/0', '203.0.113.1', 0);
    route(LOOPBACK, '0.0.0.0/0', '127.0.0.2', 0);
    route(ETHERNET, '0.0.0.0/1', '192.0.2.9', 0);
    expect(await api.gateway.all()).toEqual([]);
    expect(await api.gateway.default()).toBeNull();
    route(ETHERNET, '0.0.0.0/0', '192.0.2.1', 40);
    expect((await api.gateway.all()).map((g) => g.gateway)).toEqual(['192.0.2.1']);
  });

  test('ties keep the order of the route table', async () => {
    route(WIFI, '0.0.0.0/0', '198.51.100.1', 10);
    route(ETHERNET, '0.0.0.0/0', '192.0.2.1', 5);
    route(ETHERNET, '0.0.0.0/0', '192.0.2.2', 10);
    interfaceMetric(ETHERNET, 2, 25);
    interfaceMetric(WIFI, 2, 20);
    // 10 + 20 = 30, 5 + 25 = 30, 10 + 25 = 35.
    expect((await api.gateway.all()).map((g) => `${g.gateway}:${g.effectiveMetric}`)).toEqual(['198.51.100.1:30', '192.0.2.1:30', '192.0.2.2:35']);
  });

  test('without GetIpInterfaceEntry (Wine) the route metric alone ranks, with interfaceMetric null; never a failure', async () => {
    route(ETHERNET, '0.0.0.0/0', '192.0.2.1', 7);
    route(WIFI, '0.0.0.0/0', '198.51.100.1', 3);
    interfaceMetric(WIFI, 2, 500);
    fake.missing.add('GetIpInterfaceEntry');
    expect(await api.gateway.all()).toEqual([
      expect.objectContaining({ gateway: '198.51.100.1', routeMetric: 3, interfaceMetric: null, effectiveMetric: 3 }),
      expect.objectContaining({ gateway: '192.0.2.1', routeMetric: 7, interfaceMetric: null, effectiveMetric: 7 }),
    ]);
    expect(api.gateway.allSync()).toEqual(await api.gateway.all());
  });

  test('an interface with no binding for the family, or with DisableDefaultRoutes, is passed over', async () => {
    route(ETHERNET, '::/0', 'fe80::1', 5);
    route(WIFI, '::/0', 'fe80::2', 1); // the fake's Wi-Fi has no IPv6 binding
    expect((await api.gateway.all({ family: 'ipv6' })).map((g) => g.gateway)).toEqual(['fe80::1']);
    fake.ipInterfaces.get(`${ETHERNET.luid}|23`)!.disableDefaultRoutes = true;
    expect(await api.gateway.default({ family: 'ipv6' })).toBeNull();
    expect(api.gateway.defaultSync({ family: 'ipv6' })).toBeNull();
  });

  test('family: ipv4 by default, ipv6 on request, both with all', async () => {
    route(ETHERNET, '0.0.0.0/0', '192.0.2.1', 5);
    route(ETHERNET, '::/0', 'fe80::1', 1);
    expect(await api.gateway.default()).toMatchObject({ gateway: '192.0.2.1', family: 'ipv4' });
    expect(await api.gateway.default({ family: 'AF_INET6' })).toMatchObject({ gateway: 'fe80::1', family: 'ipv6', interfaceMetric: 25, effectiveMetric: 26 });
    expect((await api.gateway.all({ family: 'all' })).map((g) => g.family)).toEqual(['ipv6', 'ipv4']);
    expect(await api.gateway.all({ family: 'ipx' as never }).catch((e: unknown) => e)).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'family' });
  });
});

describe('watch.defaultRoute(): debounced like Mullvad (200 ms, at most 2 s)', () => {
  const addEvent = () => fake.emit('route', 1, encodeForwardRows([{ ...fakeInitializedRoute(), destinationPrefix: '0.0.0.0/0', nextHop: '192.0.2.2', interfaceLuid: ETHERNET.luid, interfaceIndex: 12, metric: 1, protocol: 3 }]));
  const reads = () => fake.calls.filter((c) => c.name === 'getIpForwardTable2').length;

  async function started(options: api.DefaultRouteOptions = {}) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    route(ETHERNET, '0.0.0.0/0', '192.0.2.1', 10);
    const w = api.watch.defaultRoute(options);
    const changes: api.DefaultRouteChange[] = [];
    w.on('change', (c) => changes.push(c));
    await w.ready;
    return { w, changes };
  }

  test('reads once at start; a notification leads to one read 200 ms after the last of a burst, and one change', async () => {
    const { w, changes } = await started();
    expect(w.current).toMatchObject({ gateway: '192.0.2.1', interfaceAlias: 'Ethernet' });
    expect(reads()).toBe(1);
    expect(fake.subscriptions.map((s) => s.kind).sort()).toEqual(['interface', 'route', 'unicast']);
    expect(fake.subscriptions.every((s) => s.family === 2)).toBe(true);
    route(ETHERNET, '0.0.0.0/0', '192.0.2.2', 1);
    for (let i = 0; i < 3; i++) {
      addEvent();
      await fake.flush();
      await vi.advanceTimersByTimeAsync(150);
    }
    expect(reads()).toBe(1); // still within 200 ms of the last event
    await vi.advanceTimersByTimeAsync(49);
    expect(reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await fake.flush();
    expect(reads()).toBe(2);
    expect(changes).toEqual([{ previous: expect.objectContaining({ gateway: '192.0.2.1' }), current: expect.objectContaining({ gateway: '192.0.2.2', routeMetric: 1 }) }]);
    expect(w.current).toMatchObject({ gateway: '192.0.2.2' });
    w.close();
  });

  test('a burst that never pauses is read at most 2 s after its first notification', async () => {
    const { w } = await started();
    for (let t = 0; t < 1900; t += 100) {
      fake.emit('unicast', 1, { ...fake.getUnicastIpAddressTableSync(0)[0]! });
      await fake.flush();
      await vi.advanceTimersByTimeAsync(100);
    }
    // 1,900 ms in, events every 100 ms: the quiet period never came, the deadline has not either.
    expect(reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await fake.flush();
    expect(reads()).toBe(2);
    w.close();
  });

  test('a read that finds the same best route emits nothing; other debounce values are honoured', async () => {
    const { w, changes } = await started({ debounceMs: 50, maxDelayMs: 100 });
    fake.emit('interface', 0, structuredClone(fake.getIpInterfaceTableSync(2)[0]!));
    await fake.flush();
    await vi.advanceTimersByTimeAsync(50);
    await fake.flush();
    expect(reads()).toBe(2);
    expect(changes).toEqual([]);
    // The route disappears: current becomes null.
    fake.routes.clear();
    addEvent();
    await fake.flush();
    await vi.advanceTimersByTimeAsync(50);
    await fake.flush();
    expect(changes).toEqual([{ previous: expect.objectContaining({ gateway: '192.0.2.1' }), current: null }]);
    w.close();
  });

  test('an overflow of the OS queue is followed by a read', async () => {
    const { w, changes } = await started();
    for (const s of fake.subscriptions) s.queueSize = 1;
    route(WIFI, '0.0.0.0/0', '198.51.100.1', 0);
    for (let i = 0; i < 5; i++) addEvent();
    await fake.flush();
    await fake.flush();
    await vi.advanceTimersByTimeAsync(200);
    await fake.flush();
    expect(changes.map((c) => c.current?.gateway)).toEqual(['198.51.100.1']);
    w.close();
  });

  test('close() and an AbortSignal cancel every registration once and drop a pending read; unref’d by default', async () => {
    const controller = new AbortController();
    const { w, changes } = await started({ signal: controller.signal });
    expect(fake.subscriptions.every((s) => !s.refed)).toBe(true);
    w.ref();
    expect(fake.subscriptions.every((s) => s.refed)).toBe(true);
    w.unref();
    route(ETHERNET, '0.0.0.0/0', '192.0.2.2', 1);
    addEvent();
    await fake.flush();
    const closed = vi.fn();
    w.on('close', closed);
    controller.abort();
    w.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads()).toBe(1);
    expect(changes).toEqual([]);
    expect(closed).toHaveBeenCalledTimes(1);
    expect(fake.subscriptions.map((s) => s.osCancels)).toEqual([1, 1, 1]);
  });

  test('bad options are refused with the member named', () => {
    expect(() => api.watch.defaultRoute({ debounceMs: -1 })).toThrow(expect.objectContaining({ code: 'STATUS_INVALID_PARAMETER', member: 'debounceMs' }));
    expect(() => api.watch.defaultRoute({ debounceMs: 500, maxDelayMs: 100 })).toThrow(expect.objectContaining({ member: 'maxDelayMs' }));
    expect(() => api.watch.defaultRoute({ signal: {} as never })).toThrow(expect.objectContaining({ member: 'signal' }));
    expect(fake.subscriptions).toEqual([]);
  });

  test('a failed registration rejects ready, reports through error, and leaves nothing registered', async () => {
    fake.missing.add('NotifyIpInterfaceChange');
    const w = api.watch.defaultRoute();
    const errors: unknown[] = [];
    w.on('error', (e) => errors.push(e));
    expect(await w.ready.catch((e: unknown) => e)).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'NotifyIpInterfaceChange' });
    expect(w.closed).toBe(true);
    expect(errors).toHaveLength(1);
    expect(fake.subscriptions.every((s) => s.osCancels === 1)).toBe(true);
  });
});
