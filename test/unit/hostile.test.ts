/**
 * Hostile input to every helper and to the layer-1 functions that take options: a Symbol, a
 * null-prototype object, a value whose conversion to text throws, a 1 MB string, a
 * function. Each is refused with a NetioError (STATUS_INVALID_PARAMETER, `member` set), never
 * a TypeError from inside the package, never quietly ignored; and no message echoes more
 * than a couple of hundred characters of what the caller passed. `null` where options are
 * expected means "no options", as it does for Node's own fs functions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { describeThrown, describeValue } from '../../lib/check.js';
import { NetioError } from '../../lib/errors.js';
import { useFakeBinding } from './support/setup.js';
import { NOT_CALLED, exportedCallables, surface, type SurfaceEntry } from './support/surface.js';

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

// ---------------------------------------------------------------------------------------
// The whole surface: every exported function and helper method, every argument and every
// member it reads, with each hostile value.

/** What a hostile value's traps and getters throw: an Error, or something that is not one. */
const TRAP_ERROR = new Error('hostile trap');
const TRAP_NON_ERROR = 'hostile non-Error';

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}
/** A Proxy of `target` whose `traps` all throw `thrown`. */
function throwingProxy(target: object, traps: (keyof ProxyHandler<object>)[], thrown: unknown): object {
  const handler: ProxyHandler<object> = {};
  for (const trap of traps) (handler as Record<string, unknown>)[trap] = () => { throw thrown; };
  return new Proxy(target, handler);
}
const ALL_TRAPS: (keyof ProxyHandler<object>)[] = ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty', 'deleteProperty', 'isExtensible', 'preventExtensions', 'setPrototypeOf'];

interface HostileValue {
  label: string;
  make: () => unknown;
  /** Never a valid value anywhere: the call must be refused. */
  refused: boolean;
}
const HOSTILE: HostileValue[] = [
  { label: 'a Symbol', make: () => Symbol('hostile'), refused: true },
  { label: 'a revoked Proxy', make: revokedProxy, refused: true },
  { label: 'a Proxy whose every trap throws an Error', make: () => throwingProxy({}, ALL_TRAPS, TRAP_ERROR), refused: true },
  { label: 'a Proxy of an array whose every trap throws a non-Error', make: () => throwingProxy([], ALL_TRAPS, TRAP_NON_ERROR), refused: true },
  { label: 'a Proxy whose get trap throws', make: () => throwingProxy({}, ['get'], TRAP_ERROR), refused: false },
  { label: 'a Proxy whose has, ownKeys and getOwnPropertyDescriptor traps throw', make: () => throwingProxy({}, ['has', 'ownKeys', 'getOwnPropertyDescriptor'], TRAP_ERROR), refused: false },
  { label: 'a Proxy whose getPrototypeOf throws', make: () => throwingProxy({}, ['getPrototypeOf'], TRAP_ERROR), refused: false },
  { label: 'a Proxy of a Uint8Array whose getPrototypeOf throws', make: () => throwingProxy(new Uint8Array(6), ['getPrototypeOf'], TRAP_ERROR), refused: false },
  { label: 'an object whose Symbol.toPrimitive throws', make: () => ({ [Symbol.toPrimitive]: () => { throw TRAP_ERROR; } }), refused: false },
  { label: 'an object whose toString and valueOf throw', make: () => ({ toString: () => { throw TRAP_ERROR; }, valueOf: () => { throw TRAP_ERROR; } }), refused: false },
  { label: 'a null-prototype object', make: () => Object.create(null) as object, refused: false },
  { label: 'a frozen object', make: () => Object.freeze({}), refused: false },
  { label: 'a frozen array', make: () => Object.freeze(['x']), refused: false },
  { label: 'an array of numbers', make: () => [1, 2], refused: false },
  { label: 'a sparse array of length 2**32-1', make: () => { const a: unknown[] = []; a.length = 2 ** 32 - 1; return a; }, refused: false },
  { label: 'a function', make: () => () => 1, refused: false },
  { label: 'a small bigint', make: () => 1n, refused: false },
  { label: 'a bigint of 2**80', make: () => 2n ** 80n, refused: false },
  { label: 'NaN', make: () => NaN, refused: false },
  { label: 'a negative number', make: () => -1.5, refused: false },
  { label: 'a 1 MB string', make: () => HUGE, refused: false },
  { label: 'null', make: () => null, refused: false },
];

const storeDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-hostile-'));
afterAll(() => fs.rmSync(storeDirectory, { recursive: true, force: true }));
const SURFACE = surface(() => storeDirectory);

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown; synchronous: boolean };

/** Calls, awaits (at most 5 s), and tidies up what the call made (handles, watchers). */
async function settle(entry: SurfaceEntry, args: unknown[]): Promise<Outcome> {
  let returned: unknown;
  try {
    returned = entry.call(...args);
  } catch (error) {
    return { ok: false, error, synchronous: true };
  }
  try {
    let timer: NodeJS.Timeout | undefined;
    const value = await Promise.race([
      Promise.resolve(returned),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the call did not settle within 5 s')), 5000))),
    ]).finally(() => clearTimeout(timer));
    tidy(value);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error, synchronous: false };
  }
}
function tidy(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const v = value as { cancel?: unknown; close?: unknown; handle?: unknown };
  if (typeof v.cancel === 'function') (v as { cancel(): void }).cancel();
  if (typeof v.close === 'function') (v as { close(): void }).close();
  if (v.handle) tidy(v.handle);
}

/** Paths ('0', '1.family', '0.servers.0') of the members a valid call reads, found by watching it read. */
async function membersRead(entry: SurfaceEntry): Promise<string[]> {
  const read = new Set<string>();
  const watchReads = (value: unknown, at: string): unknown => {
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof AbortSignal) return value;
    const wrapped = (Array.isArray(value) ? [] : {}) as Record<string | symbol, unknown>;
    for (const [key, member] of Object.entries(value)) wrapped[key] = watchReads(member, `${at}.${key}`);
    return new Proxy(wrapped, {
      get(target, key, receiver) {
        if (Array.isArray(target) && key === 'length') return Reflect.get(target, key, receiver);
        if (typeof key === 'string' && Object.hasOwn(target, key)) read.add(`${at}.${key}`);
        else if (typeof key === 'string' && key !== 'then' && key !== 'length' && key !== 'constructor' && !(key in target)) read.add(`${at}.${key}`);
        return Reflect.get(target, key, receiver);
      },
    });
  };
  await settle(entry, entry.args().map((a, i) => watchReads(a, String(i))));
  return [...read].sort();
}

/** The arguments of a valid call with `value` at `at` ('1.family'); `getter` puts a throwing getter there instead. */
function argsWith(entry: SurfaceEntry, at: string, value: unknown, getter = false): unknown[] {
  const args = entry.args();
  const keys = at.split('.');
  let holder: Record<string, unknown> = args as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  const last = keys.at(-1)!;
  if (getter) Object.defineProperty(holder, last, { get: () => { throw value; }, enumerable: true, configurable: true });
  else holder[last] = value;
  return args;
}

/** What is wrong with an outcome (empty when it is one the rule allows). */
function faults(entry: SurfaceEntry, outcome: Outcome, mustRefuse: boolean, promised: boolean): string[] {
  if (entry.answers) {
    // A parser or a predicate: never throws, and answers "nothing" for what is not its input.
    if (!outcome.ok) return [`threw ${describeThrown(outcome.error)}`];
    return mustRefuse && outcome.value !== entry.answers.nothing ? [`answered ${describeValue(outcome.value)}`] : [];
  }
  const reported = outcome.ok ? entry.refusalIn?.(outcome.value) : undefined;
  if (reported !== undefined) return faults({ call: entry.call, args: entry.args }, { ok: false, error: reported, synchronous: false }, mustRefuse, false);
  if (outcome.ok) return mustRefuse ? ['accepted it'] : [];
  const e = outcome.error;
  if (!(e instanceof NetioError)) {
    const name = e instanceof Error ? `${e.name}: ${e.message}` : `a thrown ${typeof e} ${describeValue(e)}`;
    return [`${outcome.synchronous ? 'threw' : 'rejected with'} ${name.slice(0, 200)}`];
  }
  const found: string[] = [];
  if (promised && outcome.synchronous) found.push(`threw ${e.code} synchronously from a function that returns a Promise`);
  if (mustRefuse && e.code !== 'STATUS_INVALID_PARAMETER') found.push(`failed with ${e.code}, not STATUS_INVALID_PARAMETER`);
  if (e.code === 'STATUS_INVALID_PARAMETER' && !e.member) found.push('named no member');
  if (e.message.length > 600) found.push(`has a message of ${e.message.length} characters`);
  return found;
}

describe('the whole surface: every export, every argument and member it reads, each hostile value', () => {
  test('the surface list names every callable lib/index.ts exports', () => {
    const listed = new Set([...Object.keys(SURFACE), ...Object.keys(NOT_CALLED)]);
    expect(exportedCallables().filter((name) => !listed.has(name))).toEqual([]);
    expect(Object.keys(SURFACE).filter((name) => !exportedCallables().includes(name))).toEqual([]);
  });

  for (const [name, entry] of Object.entries(SURFACE)) {
    test(`${name}`, async () => {
      const baseline = await settle(entry, entry.args());
      if (!baseline.ok) {
        // The valid call reaches the (fake) OS: whatever it says, it is not a refused argument.
        expect(baseline.error, `${name}: the valid call failed`).toBeInstanceOf(NetioError);
        expect((baseline.error as NetioError).code, (baseline.error as NetioError).message).not.toBe('STATUS_INVALID_PARAMETER');
      }
      const promised = isPromiseReturning(name);
      const positions = entry.args().map((_, i) => String(i));
      const members = await membersRead(entry);
      const problems: string[] = [];
      for (const at of [...positions, ...members]) {
        for (const hostile of HOSTILE) {
          const outcome = await settle(entry, argsWith(entry, at, hostile.make()));
          for (const fault of faults(entry, outcome, hostile.refused, promised)) problems.push(`${name} with ${hostile.label} at ${at}: ${fault}`);
        }
      }
      for (const at of members) {
        for (const thrown of [TRAP_ERROR, TRAP_NON_ERROR, undefined]) {
          const outcome = await settle(entry, argsWith(entry, at, thrown, true));
          const label = `${name} with a getter that throws ${describeValue(thrown)} at ${at}`;
          for (const fault of faults(entry, outcome, true, promised)) problems.push(`${label}: ${fault}`);
          const error = outcome.ok ? entry.refusalIn?.(outcome.value) : outcome.error;
          if (error instanceof NetioError && error.code === 'STATUS_INVALID_PARAMETER') {
            const e = error;
            if (e.cause !== thrown) problems.push(`${label}: its cause is not what the getter threw`);
            const key = at.split('.').slice(1).filter((k) => !/^\d+$/.test(k)).at(-1);
            if (key !== undefined && !e.member!.includes(key)) problems.push(`${label}: names member ${e.member}, not ${key}`);
          }
        }
      }
      // A frozen argument is never written to.
      const frozen = await settle(entry, entry.args().map(deepFreeze));
      for (const fault of faults(entry, frozen, false, promised)) problems.push(`${name} with frozen arguments: ${fault}`);
      expect(problems, problems.join('\n')).toEqual([]);
    }, 120_000);
  }
});

function isPromiseReturning(name: string): boolean {
  return !/^(describeWin32|format|parse|defaultStoreDirectory|isSupported|entryPoints|new |FileRouteStore#file|watch\.)/.test(name) && !name.endsWith('Sync');
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof AbortSignal)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
