/**
 * Hostile input to every helper and to the layer-1 functions that take options: a Symbol, a
 * null-prototype object, a value whose conversion to text throws, a 1 MB string, a
 * function. Each is refused with a NetioError (STATUS_INVALID_PARAMETER, `member` set), never
 * a TypeError from inside the package, never quietly ignored; and no message echoes more
 * than a couple of hundred characters of what the caller passed. `null` where options are
 * expected means "no options", as it does for Node's own fs functions.
 */
import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { NetioError } from '../../lib/errors.js';
import { useFakeBinding } from './support/setup.js';

useFakeBinding();

const HUGE = 'x'.repeat(1_000_000);
const hostile: [string, () => unknown][] = [
  ['a Symbol', () => Symbol('hostile')],
  ['a null-prototype object', () => Object.create(null) as object],
  ['an object whose toString throws', () => ({ toString: () => { throw new Error('no text'); }, valueOf: () => { throw new Error('no value'); } })],
  ['a 1 MB string', () => HUGE],
  ['a function', () => () => 1],
  ['a number', () => 42.5],
];

type Call = (value: unknown) => unknown;
/** Where an options bag is expected: a non-object is refused naming 'options'; any object is an options bag. */
const optionsCases: Record<string, Call> = {
  'routes.list(options)': (v) => api.routes.list(v as never),
  'routes.delete(spec, options)': (v) => api.routes.delete({ destination: '0.0.0.0/0' }, v as never),
  'routes.best(destination, options)': (v) => api.routes.best('198.51.100.7', v as never),
  'neighbors.list(options)': (v) => api.neighbors.list(v as never),
  'neighbors.flush(options)': (v) => api.neighbors.flush(v as never),
  'addresses.list(options)': (v) => api.addresses.list(v as never),
  'addresses.delete(address, options)': (v) => api.addresses.delete('198.51.100.20', v as never),
  'anycast.list(options)': (v) => api.anycast.list(v as never),
  'getBestRoute2(destination, options)': (v) => api.getBestRoute2('198.51.100.7', v as never),
  'notifyRouteChange2(family, callback, options)': (v) => api.notifyRouteChange2('AF_INET', () => {}, v as never),
  'watch.routes(options)': (v) => api.watch.routes(v as never),
  'adapters.list(options)': (v) => api.adapters.list(v as never),
  'adapters.get(spec, options)': (v) => api.adapters.get('Ethernet', v as never),
  'gateway.default(options)': (v) => api.gateway.default(v as never),
  'gateway.allSync(options)': (v) => api.gateway.allSync(v as never),
  'watch.defaultRoute(options)': (v) => api.watch.defaultRoute(v as never),
  'getInterfaceDnsSettings(guid, options)': (v) => api.getInterfaceDnsSettings('{4D36E972-E325-11CE-BFC1-08002BE10318}', v as never),
  'notifyNetworkConnectivityHintChange(callback, options)': (v) => api.notifyNetworkConnectivityHintChange(() => {}, v as never),
  'watch.connectivity(options)': (v) => api.watch.connectivity(v as never),
};
const notAnObject = hostile.filter(([label]) => !label.includes('object'));
const anObject = hostile.filter(([label]) => label.includes('object'));
/** Each case puts the hostile value at one place of an otherwise valid call. */
const cases: Record<string, Call> = {
  'routes.list({ family })': (v) => api.routes.list({ family: v as never }),
  'routes.list({ interface })': (v) => api.routes.list({ interface: v as never }),
  'routes.add(options)': (v) => api.routes.add(v as never),
  'routes.add({ destination })': (v) => api.routes.add({ destination: v as never, interface: 'Ethernet' }),
  'routes.add({ gateway })': (v) => api.routes.add({ destination: '198.51.100.0/24', gateway: v as never, interface: 'Ethernet' }),
  'routes.add({ interface })': (v) => api.routes.add({ destination: '198.51.100.0/24', interface: v as never }),
  'routes.add({ metric })': (v) => api.routes.add({ destination: '198.51.100.0/24', interface: 'Ethernet', metric: v as never }),
  'routes.add({ ifExists })': (v) => api.routes.add({ destination: '198.51.100.0/24', interface: 'Ethernet', ifExists: v as never }),
  'routes.delete(spec)': (v) => api.routes.delete(v as never),
  'routes.delete(spec, { ifMissing })': (v) => api.routes.delete({ destination: '198.51.100.0/24' }, { ifMissing: v as never }),
  'routes.get({ destination })': (v) => api.routes.get({ destination: v as never }),
  'routes.best(destination)': (v) => api.routes.best(v as never),
  'routes.best(destination, { source })': (v) => api.routes.best('198.51.100.7', { source: v as never }),
  'neighbors.list({ state })': (v) => api.neighbors.list({ state: v as never }),
  'neighbors.list({ family })': (v) => api.neighbors.list({ family: v as never }),
  'neighbors.add({ address })': (v) => api.neighbors.add({ address: v as never, mac: '02:00:5e:00:00:09', interface: 'Ethernet' }),
  'neighbors.add({ mac })': (v) => api.neighbors.add({ address: '198.51.100.9', mac: v as never, interface: 'Ethernet' }),
  'neighbors.add({ ifExists })': (v) => api.neighbors.add({ address: '198.51.100.9', mac: '02:00:5e:00:00:09', interface: 'Ethernet', ifExists: v as never }),
  'neighbors.delete(spec)': (v) => api.neighbors.delete(v as never),
  'addresses.add(address)': (v) => api.addresses.add(v as never, { interface: 'Ethernet' }),
  'addresses.add(address, options)': (v) => api.addresses.add('198.51.100.20/24', v as never),
  'addresses.delete(address)': (v) => api.addresses.delete(v as never),
  'addresses.delete(address, { ifMissing })': (v) => api.addresses.delete('198.51.100.20', { ifMissing: v as never }),
  'anycast.add(address, options)': (v) => api.anycast.add('2001:db8::1', v as never),
  'interfaces.get(spec)': (v) => api.interfaces.get(v as never),
  'interfaces.set(spec, options)': (v) => api.interfaces.set('Ethernet', v as never),
  'getIpForwardTable2(family)': (v) => api.getIpForwardTable2(v as never),
  'createIpForwardEntry2(row)': (v) => api.createIpForwardEntry2(v as never),
  'createIpForwardEntry2({ metric })': (v) => api.createIpForwardEntry2({ destinationPrefix: '198.51.100.0/24', nextHop: '0.0.0.0', interfaceIndex: 12, metric: v as never }),
  'createIpNetEntry2({ state })': (v) => api.createIpNetEntry2({ address: '198.51.100.9', physicalAddress: '02:00:5e:00:00:09', interfaceIndex: 12, state: v as never }),
  'convertInterfaceAliasToLuid(alias)': (v) => api.convertInterfaceAliasToLuid(v as never),
  'notifyRouteChange2(family, callback, { queueSize })': (v) => api.notifyRouteChange2('AF_INET', () => {}, { queueSize: v as never }),
  'getAdaptersAddresses(family)': (v) => api.getAdaptersAddresses(v as never),
  'getAdaptersAddresses(family, flags)': (v) => api.getAdaptersAddresses('AF_UNSPEC', v as never),
  'getAdaptersAddresses(family, [flag])': (v) => api.getAdaptersAddresses('AF_UNSPEC', [v as never]),
  'adapters.get(spec)': (v) => api.adapters.get(v as never),
  'adapters.list({ family })': (v) => api.adapters.list({ family: v as never }),
  'gateway.default({ family })': (v) => api.gateway.default({ family: v as never }),
  'watch.defaultRoute({ family })': (v) => api.watch.defaultRoute({ family: v as never }),
  'watch.defaultRoute({ debounceMs })': (v) => api.watch.defaultRoute({ debounceMs: v as never }),
  'watch.defaultRoute({ signal })': (v) => api.watch.defaultRoute({ signal: v as never }),
  'dns.set(spec, options)': (v) => api.dns.set('Ethernet', v as never),
  'dns.set(spec, { servers })': (v) => api.dns.set('Ethernet', { servers: v as never }),
  'setInterfaceDnsSettings(guid, { nameServer })': (v) => api.setInterfaceDnsSettings('{4D36E972-E325-11CE-BFC1-08002BE10318}', { nameServer: v as never }),
  'setInterfaceDnsSettings(guid, { searchList })': (v) => api.setInterfaceDnsSettings('{4D36E972-E325-11CE-BFC1-08002BE10318}', { searchList: v as never }),
  'setDnsSettings({ hostname })': (v) => api.setDnsSettings({ hostname: v as never }),
  'createSortedAddressPairs(list)': (v) => api.createSortedAddressPairs(v as never),
  'getIpPathEntry(row)': (v) => api.getIpPathEntry(v as never),
  'convertIpv4MaskToLength(mask)': (v) => api.convertIpv4MaskToLength(v as never),
  'getIfTable2Ex(level)': (v) => api.getIfTable2Ex(v as never),
  'getNetworkConnectivityHintForInterface(index)': (v) => api.getNetworkConnectivityHintForInterface(v as never),
};

/** The outcome of one call: 'ok', or the error's class, code, member and message. */
async function outcome(call: () => unknown): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    const value = await call();
    if (value && typeof (value as { cancel?: unknown }).cancel === 'function') (value as { cancel(): void }).cancel();
    if (value && typeof (value as { close?: unknown }).close === 'function') (value as { close(): void }).close();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('hostile input gets a NetioError naming the member, never a TypeError', () => {
  for (const [where, call] of Object.entries(cases)) {
    test.each(hostile)(`${where} with %s`, async (_label, make) => {
      const result = await outcome(() => call(make()));
      expect(result.ok, `${where} accepted a hostile value`).toBe(false);
      const error = (result as { error: unknown }).error;
      expect(error).toBeInstanceOf(NetioError);
      const e = error as NetioError;
      expect(e.code).toBe('STATUS_INVALID_PARAMETER');
      expect(e.member, e.message).toEqual(expect.any(String));
      expect(e.message.length, e.message.slice(0, 300)).toBeLessThan(600);
    });
  }
});

describe('an options bag is an object: anything else is refused naming it, any object is read as options', () => {
  for (const [where, call] of Object.entries(optionsCases)) {
    test.each(notAnObject)(`${where} with %s`, async (_label, make) => {
      const result = await outcome(() => call(make()));
      expect(result.ok, `${where} accepted a non-object as its options`).toBe(false);
      const e = (result as { error: NetioError }).error;
      expect(e).toBeInstanceOf(NetioError);
      expect(e.code).toBe('STATUS_INVALID_PARAMETER');
      expect(e.member).toBe('options');
      expect(e.message.length).toBeLessThan(600);
    });
    test.each(anObject)(`${where} with %s reads it as options`, async (_label, make) => {
      const result = await outcome(() => call(make()));
      if (!result.ok) {
        expect(result.error).toBeInstanceOf(NetioError);
        expect((result.error as NetioError).code).not.toBe('STATUS_INVALID_PARAMETER');
      }
    });
  }
});

describe('null options mean "no options", as for fs', () => {
  test.each([
    ['routes.list', () => api.routes.list(null as never)],
    ['neighbors.list', () => api.neighbors.list(null as never)],
    ['addresses.list', () => api.addresses.list(null as never)],
    ['anycast.list', () => api.anycast.list(null as never)],
    ['getBestRoute2', () => api.getBestRoute2('198.51.100.7', null as never)],
    ['routes.delete(spec, null)', () => api.routes.delete({ destination: '0.0.0.0/0' }, null as never)],
    ['adapters.list', () => api.adapters.list(null as never)],
    ['gateway.default', () => api.gateway.default(null as never)],
  ])('%s(null) answers as with no options', async (_name, call) => {
    const result = await outcome(call);
    if (!result.ok) expect((result.error as NetioError).code).not.toBe('STATUS_INVALID_PARAMETER');
    expect(result.ok || (result.error as Error) instanceof NetioError).toBe(true);
  });
});
