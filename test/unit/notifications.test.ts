import { describe, expect, test, vi } from 'vitest';

import * as api from '../../lib/index.js';
import type { WireIpforwardRow2 } from '../../lib/native.js';
import { useFakeBinding } from './support/setup.js';
import { FAKE_INTERFACES, encodeForwardRows, fakeInitializedRoute } from './support/fake-binding.js';

const fake = useFakeBinding();

const ethernet = FAKE_INTERFACES[1]!;
const routeRow = (prefix: string) =>
  encodeForwardRows([{ ...fakeInitializedRoute(), destinationPrefix: prefix, nextHop: '192.0.2.1', interfaceLuid: ethernet.luid, interfaceIndex: 12, metric: 5, protocol: 3 } satisfies WireIpforwardRow2]);

describe('the notify functions', () => {
  test('callbacks receive { type, row } in order, rows converted, after the OS’s thread hands them over', async () => {
    const events: api.ChangeNotification<api.MibIpforwardRow2>[] = [];
    const handle = await api.notifyRouteChange2('AF_INET', (e) => events.push(e));
    fake.emit('route', 1, routeRow('203.0.113.0/24'));
    fake.emit('route', 0, routeRow('203.0.113.0/24'));
    fake.emit('route', 2, routeRow('203.0.113.0/24'));
    expect(events).toEqual([]); // nothing runs inside the OS's callback
    await fake.flush();
    expect(events.map((e) => e.type)).toEqual(['add', 'parameter', 'delete']);
    expect(events[0]!.row).toMatchObject({ destinationPrefix: '203.0.113.0/24', protocol: 'netmgmt', interfaceLuid: ethernet.luid });
    handle.cancel();
  });

  test('an initial notification arrives as type initial with no row', async () => {
    const events: unknown[] = [];
    api.notifyUnicastIpAddressChangeSync('AF_UNSPEC', (e) => events.push(e), { initialNotification: true });
    await fake.flush();
    expect(events).toEqual([{ type: 'initial', row: null }]);
    expect(fake.subscriptions[0]).toMatchObject({ kind: 'unicast', family: 0 });
  });

  test('a callback that throws on the initial notification is an uncaught exception; later events still arrive', async () => {
    const uncaught: unknown[] = [];
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', (e) => uncaught.push(e));
    try {
      const types: string[] = [];
      const handle = await api.notifyUnicastIpAddressChange('all', (e) => {
        types.push(e.type);
        if (e.type === 'initial') throw new Error('listener bug');
      }, { initialNotification: true });
      fake.emit('unicast', 2, null);
      await fake.flush();
      await new Promise((r) => setImmediate(r));
      expect(types).toEqual(['initial', 'delete']);
      expect(uncaught).toEqual([expect.objectContaining({ message: 'listener bug' })]);
      handle.cancel();
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const l of listeners) process.on('uncaughtException', l);
    }
  });

  test('cancel calls CancelMibChangeNotify2 exactly once, however often it is called, and stops delivery', async () => {
    const events: unknown[] = [];
    const handle = await api.notifyIpInterfaceChange('ipv6', (e) => events.push(e));
    fake.emit('interface', 0, null);
    handle.cancel();
    handle.cancel();
    handle.cancel();
    await fake.flush();
    expect(events).toEqual([]);
    expect(fake.subscriptions[0]).toMatchObject({ cancelCalls: 3, osCancels: 1 });
    expect(handle.cancelled).toBe(true);
  });

  test('handles are unref’d by default; ref() and unref() reach the registration', async () => {
    const handle = await api.notifyRouteChange2('all', () => undefined);
    expect(fake.subscriptions[0]!.refed).toBe(false);
    expect(handle.ref()).toBe(handle);
    expect(fake.subscriptions[0]!.refed).toBe(true);
    handle.unref();
    expect(fake.subscriptions[0]!.refed).toBe(false);
    handle.cancel();
  });

  test('a burst larger than the queue is reported as one overflow after the events that fit', async () => {
    const types: string[] = [];
    await api.notifyRouteChange2('ipv4', (e) => types.push(e.type), { queueSize: 3 });
    for (let i = 0; i < 10; i++) fake.emit('route', 1, routeRow(`198.51.100.${i}/32`));
    await fake.flush();
    expect(types).toEqual(['add', 'add', 'add', 'overflow']);
  });

  test('a callback that throws is reported as an uncaught exception and the registration carries on', async () => {
    const uncaught = vi.fn();
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', uncaught);
    try {
      const seen: string[] = [];
      await api.notifyRouteChange2('ipv4', (e) => {
        seen.push(e.type);
        if (seen.length === 1) throw new Error('listener bug');
      });
      fake.emit('route', 1, routeRow('203.0.113.0/24'));
      fake.emit('route', 2, routeRow('203.0.113.0/24'));
      await fake.flush();
      await new Promise((r) => setTimeout(r, 5));
      expect(seen).toEqual(['add', 'delete']);
      expect(uncaught).toHaveBeenCalledTimes(1);
      expect((uncaught.mock.calls[0]![0] as Error).message).toBe('listener bug');
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const l of listeners) process.on('uncaughtException', l);
    }
  });

  test('bad arguments are refused with the member named', async () => {
    const refused = async (p: Promise<unknown>) => p.then(() => 'registered', (e: { code: string; member: string }) => `${e.code}/${e.member}`);
    expect(await refused(api.notifyRouteChange2('AF_X' as never, () => undefined))).toBe('STATUS_INVALID_PARAMETER/family');
    expect(await refused(api.notifyRouteChange2('ipv4', 'callback' as never))).toBe('STATUS_INVALID_PARAMETER/callback');
    expect(await refused(api.notifyRouteChange2('ipv4', () => undefined, { queueSize: 0 }))).toBe('STATUS_INVALID_PARAMETER/queueSize');
    expect(await refused(api.notifyRouteChange2('ipv4', () => undefined, { initialNotification: 1 as never }))).toBe('STATUS_INVALID_PARAMETER/initialNotification');
    expect(fake.subscriptions).toEqual([]);
  });

  test('a system without the function: STATUS_NOT_SUPPORTED', async () => {
    fake.missing.add('NotifyIpInterfaceChange');
    const error = await api.notifyIpInterfaceChange('ipv4', () => undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'NotifyIpInterfaceChange' });
  });
});

describe('watchers', () => {
  test('emit typed events in order, tagged with their source', async () => {
    const w = api.watch.routes({ family: 'ipv4' });
    await w.ready;
    const seen: string[] = [];
    w.on('change', (e) => seen.push(`${e.source}:${e.type}`));
    const adds: unknown[] = [];
    w.on('add', (e) => adds.push(e));
    fake.emit('route', 1, routeRow('203.0.113.0/24'));
    fake.emit('route', 2, routeRow('203.0.113.0/24'));
    await fake.flush();
    expect(seen).toEqual(['route:add', 'route:delete']);
    expect(adds).toEqual([{ source: 'route', type: 'add', row: expect.objectContaining({ destinationPrefix: '203.0.113.0/24' }) }]);
    w.close();
  });

  test('watch.all merges routes, addresses and interfaces into one stream', async () => {
    const w = api.watch.all();
    await w.ready;
    expect(fake.subscriptions.map((s) => s.kind).sort()).toEqual(['interface', 'route', 'unicast']);
    const seen: string[] = [];
    w.on('change', (e) => seen.push(e.source));
    fake.emit('unicast', 1, { ...fake.getUnicastIpAddressTableSync(0)[0]! });
    fake.emit('interface', 0, structuredClone(fake.getIpInterfaceTableSync(2)[0]!));
    fake.emit('route', 1, routeRow('203.0.113.0/24'));
    await fake.flush();
    expect(seen.sort()).toEqual(['address', 'interface', 'route']);
    w.close();
    expect(fake.subscriptions.every((s) => s.osCancels === 1)).toBe(true);
  });

  test('an AbortSignal closes the watcher and cancels each registration once', async () => {
    const controller = new AbortController();
    const w = api.watch.all({ signal: controller.signal });
    await w.ready;
    const closed = vi.fn();
    w.on('close', closed);
    controller.abort();
    w.close();
    expect(w.closed).toBe(true);
    expect(closed).toHaveBeenCalledTimes(1);
    expect(fake.subscriptions.map((s) => s.osCancels)).toEqual([1, 1, 1]);
  });

  test('an already aborted signal registers nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const w = api.watch.routes({ signal: controller.signal });
    await w.ready;
    expect(w.closed).toBe(true);
    expect(fake.subscriptions).toEqual([]);
  });

  test('closing before registration completes cancels what arrives', async () => {
    const w = api.watch.routes();
    w.close();
    await w.ready;
    expect(fake.subscriptions[0]!.osCancels).toBe(1);
  });

  test('async iteration yields events; leaving the loop closes the watcher', async () => {
    const w = api.watch.routes();
    await w.ready;
    setImmediate(() => {
      fake.emit('route', 1, routeRow('203.0.113.0/24'));
      fake.emit('route', 0, routeRow('203.0.113.0/24'));
      fake.emit('route', 2, routeRow('203.0.113.0/24'));
    });
    const types: string[] = [];
    for await (const e of w) {
      types.push(e.type);
      if (types.length === 3) break;
    }
    expect(types).toEqual(['add', 'parameter', 'delete']);
    expect(w.closed).toBe(true);
    expect(fake.subscriptions[0]!.osCancels).toBe(1);
  });

  test('close() ends a waiting iterator', async () => {
    const w = api.watch.addresses();
    await w.ready;
    const done = (async () => {
      const got: unknown[] = [];
      for await (const e of w) got.push(e);
      return got;
    })();
    setTimeout(() => w.close(), 5);
    expect(await done).toEqual([]);
  });

  test('resync after an overflow carries a fresh table', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', interfaceLuid: ethernet.luid, metric: 1 });
    const w = api.watch.routes({ queueSize: 2 });
    await w.ready;
    const resync = new Promise<api.WatchEvent<'route'>>((resolve) => w.once('resync', resolve));
    const types: string[] = [];
    w.on('change', (e) => types.push(e.type));
    for (let i = 0; i < 20; i++) fake.emit('route', 1, routeRow(`198.51.100.${i}/32`));
    const event = await resync;
    expect(event.type === 'resync' && event.table.map((r) => r.destinationPrefix)).toEqual(['203.0.113.0/24']);
    expect(types).toEqual(['add', 'add', 'resync']);
    w.close();
  });

  test('an iterator that falls behind gets its backlog replaced by a resync', async () => {
    const w = api.watch.routes({ bufferSize: 3 });
    await w.ready;
    const iterator = w[Symbol.asyncIterator]();
    for (let i = 0; i < 10; i++) fake.emit('route', 1, routeRow(`198.51.100.${i}/32`));
    await fake.flush();
    await new Promise((r) => setTimeout(r, 5));
    const first = await iterator.next();
    expect(first.value).toMatchObject({ type: 'resync', table: [] });
    await iterator.return!();
    expect(w.closed).toBe(true);
  });

  test('unref’d by default; ref() and unref() reach every registration', async () => {
    const w = api.watch.all();
    await w.ready;
    expect(fake.subscriptions.map((s) => s.refed)).toEqual([false, false, false]);
    w.ref();
    expect(fake.subscriptions.map((s) => s.refed)).toEqual([true, true, true]);
    w.unref();
    expect(fake.subscriptions.map((s) => s.refed)).toEqual([false, false, false]);
    w.close();
  });

  test('a registration that fails is an error event, a rejected ready, and a rejected iterator', async () => {
    fake.missing.add('NotifyRouteChange2');
    const w = api.watch.routes();
    const errors: unknown[] = [];
    w.on('error', (e) => errors.push(e));
    await expect(w.ready).rejects.toMatchObject({ code: 'STATUS_NOT_SUPPORTED' });
    expect(errors).toHaveLength(1);
    await expect(w[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'STATUS_NOT_SUPPORTED' });
  });

  test('options are checked', () => {
    expect(() => api.watch.routes({ family: 'AF_X' as never })).toThrow(expect.objectContaining({ member: 'family' }));
    expect(() => api.watch.routes({ signal: {} as never })).toThrow(expect.objectContaining({ member: 'signal' }));
  });
});
