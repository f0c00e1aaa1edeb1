/**
 * Routes: CreateIpForwardEntry2 and its family (MIB_IPFORWARD_ROW2), GetBestRoute2 with
 * the effective metric, and the `routes` helpers that think in routes rather than rows.
 */
import { AF_INET, AF_INET6, type IpAddress, formatIp, formatPrefix, maxPrefixLength } from './address.js';
import { operation } from './call.js';
import { Checker, describeValue, enumName, type FamilyInput, type LuidInput } from './check.js';
import { NL_ROUTE_ORIGIN, NL_ROUTE_PROTOCOL, type NameOf } from './constants.js';
import { NetioError, invalidParameter, isNoSuchEntry } from './errors.js';
import { FORWARD_STRIDE, type WireForwardRows, type WireIpforwardRow2In } from './native.js';
import { resolveInterface, type InterfaceSpec } from './resolve.js';
import { applyRoutes, cleanupRoutes, type ApplyResult, type DesiredRoute, type RouteSetOptions, type RouteStore, type RouteTable } from './routeset.js';

export type NlRouteProtocol = NameOf<typeof NL_ROUTE_PROTOCOL>;
export type NlRouteOrigin = NameOf<typeof NL_ROUTE_ORIGIN>;

/** MIB_IPFORWARD_ROW2: one route, every documented member in camelCase. Lifetimes and age are in seconds. */
export interface MibIpforwardRow2 {
  interfaceLuid: bigint;
  interfaceIndex: number;
  /** '198.51.100.0/24', '::/0'. */
  destinationPrefix: string;
  /** The gateway; '0.0.0.0' or '::' for a route on the link. */
  nextHop: string;
  sitePrefixLength: number;
  /** Seconds; 4294967295 (INFINITE_LIFETIME) is infinite. */
  validLifetime: number;
  preferredLifetime: number;
  /** The route metric offset; the effective metric adds the interface metric. */
  metric: number;
  protocol: NlRouteProtocol | number;
  loopback: boolean;
  autoconfigureAddress: boolean;
  publish: boolean;
  immortal: boolean;
  age: number;
  origin: NlRouteOrigin | number;
}

/**
 * A route row going in: the key (destinationPrefix, nextHop, and interfaceLuid or
 * interfaceIndex) is required; a member left out keeps the value InitializeIpForwardEntry
 * writes (this system's own function where it is exported, else the documented values).
 */
export type IpforwardRow2Input = Partial<Omit<MibIpforwardRow2, 'interfaceLuid'>> & {
  interfaceLuid?: LuidInput;
  destinationPrefix: string;
  nextHop: string;
};

export const INFINITE_LIFETIME = 0xffffffff;

/**
 * The "illegal" values InitializeIpForwardEntry documents for SitePrefixLength and
 * Protocol, which mean "not set": they pass the checks below as they are.
 */
const NOT_SET_SITE_PREFIX_LENGTH = 0xff;
const NOT_SET_PROTOCOL = 0xffffffff;

/**
 * The async read of a large table builds rows for at most this long before it lets the
 * event loop run (well under the 50 ms that would freeze a UI): on a fast machine that is
 * one turn for 10,000 routes, on a slow one more, each short.
 */
const SLICE_BUDGET_MS = 10;
const CHUNK = 1024;

/** @internal The one decoder of the binding's route rows: rows [from, to) of `w`. */
export function forwardRowsFromWire(w: WireForwardRows, parts: string[] = w.text.split('\n'), from = 0, to = w.count): MibIpforwardRow2[] {
  const n = w.numbers;
  const luids = Array.from(w.luids); // one bigint per interface, shared by its rows
  const rows: MibIpforwardRow2[] = new Array(to - from);
  for (let i = from; i < to; i++) {
    const k = i * FORWARD_STRIDE;
    const flags = n[k + 9]!;
    rows[i - from] = {
      interfaceLuid: luids[n[k]!]!,
      interfaceIndex: n[k + 1]!,
      destinationPrefix: parts[2 * i]!,
      nextHop: parts[2 * i + 1]!,
      sitePrefixLength: n[k + 2]!,
      validLifetime: n[k + 3]!,
      preferredLifetime: n[k + 4]!,
      metric: n[k + 5]!,
      protocol: enumName(NL_ROUTE_PROTOCOL, n[k + 6]!),
      loopback: (flags & 1) !== 0,
      autoconfigureAddress: (flags & 2) !== 0,
      publish: (flags & 4) !== 0,
      immortal: (flags & 8) !== 0,
      age: n[k + 7]!,
      origin: enumName(NL_ROUTE_ORIGIN, n[k + 8]!),
    };
  }
  return rows;
}

/** @internal The one row of `w`. */
export function forwardRowFromWire(w: WireForwardRows): MibIpforwardRow2 {
  return forwardRowsFromWire(w)[0]!;
}

/** @internal The rows of a large table, built in time-boxed slices between turns of the event loop. */
export async function forwardRowsFromWireSliced(w: WireForwardRows): Promise<MibIpforwardRow2[]> {
  if (w.count <= CHUNK) return forwardRowsFromWire(w);
  let sliceStarted = performance.now(); // the split counts against the first slice
  const parts = w.text.split('\n');
  const rows: MibIpforwardRow2[] = [];
  for (let from = 0; from < w.count; from += CHUNK) {
    if (performance.now() - sliceStarted > SLICE_BUDGET_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    for (const row of forwardRowsFromWire(w, parts, from, Math.min(from + CHUNK, w.count))) rows.push(row);
  }
  return rows;
}

/**
 * Checks a route row against every STATUS_INVALID_PARAMETER condition the
 * CreateIpForwardEntry2 page lists, and the prefix length and next-hop family, and passes on
 * the key and the members the caller gave: the binding keeps InitializeIpForwardEntry's
 * bytes for the rest. Age and Origin are ignored, as documented: they are set by the stack.
 * An empty destinationPrefix or nextHop (what an initialized row holds) is "not specified".
 */
/** @internal */
export function forwardRowToWire(check: Checker, input: unknown): WireIpforwardRow2In {
  const row = check.object(input, 'row');
  if (row.destinationPrefix === undefined || row.destinationPrefix === '') check.fail('destinationPrefix', 'was not specified.');
  const prefix = check.prefix(row.destinationPrefix, 'destinationPrefix');
  if (row.nextHop === undefined || row.nextHop === '') {
    check.fail('nextHop', `was not specified; use '${prefix.address.family === AF_INET ? '0.0.0.0' : '::'}' for a route on the link.`);
  }
  const nextHop = check.address(row.nextHop, 'nextHop');
  if (nextHop.family !== prefix.address.family) {
    check.fail('nextHop', `is an ${familyName(nextHop)} address but destinationPrefix is an ${familyName(prefix.address)} prefix.`);
  }
  const wire: WireIpforwardRow2In = {
    ...check.interfaceKey(row),
    destinationPrefix: formatPrefix(prefix),
    nextHop: formatIp(nextHop),
  };
  if (row.validLifetime !== undefined) wire.validLifetime = check.uint32(row.validLifetime, 'validLifetime');
  if (row.preferredLifetime !== undefined) wire.preferredLifetime = check.uint32(row.preferredLifetime, 'preferredLifetime');
  // Initialize's lifetimes are infinite, so a lifetime left out never makes the pair wrong.
  const valid = wire.validLifetime ?? INFINITE_LIFETIME;
  const preferred = wire.preferredLifetime ?? INFINITE_LIFETIME;
  if (preferred > valid) check.fail('preferredLifetime', `(${preferred}) is greater than validLifetime (${valid}).`);
  if (row.sitePrefixLength !== undefined) {
    const site = check.uint32(row.sitePrefixLength, 'sitePrefixLength', 0xff);
    if (site !== NOT_SET_SITE_PREFIX_LENGTH && site > prefix.length) {
      check.fail('sitePrefixLength', `(${site}) is greater than the prefix length of destinationPrefix (${prefix.length}).`);
    }
    wire.sitePrefixLength = site;
  }
  if (row.metric !== undefined) wire.metric = check.uint32(row.metric, 'metric');
  if (row.protocol !== undefined) {
    wire.protocol = row.protocol === NOT_SET_PROTOCOL ? NOT_SET_PROTOCOL : check.enumValue(NL_ROUTE_PROTOCOL, row.protocol, 'protocol');
  }
  for (const name of ['loopback', 'autoconfigureAddress', 'publish', 'immortal'] as const) {
    if (row[name] !== undefined) wire[name] = check.boolean(row[name], name);
  }
  return wire;
}

function familyName(address: IpAddress): string {
  return address.family === AF_INET ? 'IPv4' : 'IPv6';
}

const nothing = (): void => undefined;

const create = operation({
  syscall: 'CreateIpForwardEntry2',
  native: 'createIpForwardEntry2',
  prepare: (check, row: IpforwardRow2Input) => [forwardRowToWire(check, row)],
  convert: nothing,
});
/** CreateIpForwardEntry2: adds a route. Needs an elevated process. */
export const createIpForwardEntry2 = create.async;
export const createIpForwardEntry2Sync = create.sync;

const remove = operation({
  syscall: 'DeleteIpForwardEntry2',
  native: 'deleteIpForwardEntry2',
  prepare: (check, row: IpforwardRow2Input) => [forwardRowToWire(check, row)],
  convert: nothing,
});
/** DeleteIpForwardEntry2: removes the route with this destinationPrefix, nextHop and interface. */
export const deleteIpForwardEntry2 = remove.async;
export const deleteIpForwardEntry2Sync = remove.sync;

const set = operation({
  syscall: 'SetIpForwardEntry2',
  native: 'setIpForwardEntry2',
  prepare: (check, row: IpforwardRow2Input) => [forwardRowToWire(check, row)],
  convert: nothing,
});
/** SetIpForwardEntry2: changes the route with this destinationPrefix, nextHop and interface. */
export const setIpForwardEntry2 = set.async;
export const setIpForwardEntry2Sync = set.sync;

const getEntry = operation({
  syscall: 'GetIpForwardEntry2',
  native: 'getIpForwardEntry2',
  prepare: (check, row: IpforwardRow2Input) => [forwardRowToWire(check, row)],
  convert: forwardRowFromWire,
});
/** GetIpForwardEntry2: the route with this destinationPrefix, nextHop and interface. */
export const getIpForwardEntry2 = getEntry.async;
export const getIpForwardEntry2Sync = getEntry.sync;

const getTable = operation({
  syscall: 'GetIpForwardTable2',
  native: 'getIpForwardTable2',
  prepare: (check, family: FamilyInput = 'AF_UNSPEC') => [check.family(family)],
  convert: (w: WireForwardRows) => forwardRowsFromWire(w),
  convertAsync: forwardRowsFromWireSliced,
});
/** GetIpForwardTable2: every route of a family ('AF_UNSPEC' for both, the default). */
export const getIpForwardTable2 = getTable.async;
export const getIpForwardTable2Sync = getTable.sync;

const initialize = operation({
  syscall: 'InitializeIpForwardEntry',
  native: 'initializeIpForwardEntry',
  prepare: () => [],
  convert: forwardRowFromWire,
});
/**
 * InitializeIpForwardEntry: the values a route row starts from, as this system's own
 * function writes them (the documented values where it is not exported: infinite lifetimes;
 * loopback, autoconfigureAddress, publish and immortal true; sitePrefixLength 255, metric and
 * protocol 4294967295, "not set"; the rest zero). Its destinationPrefix and nextHop are ''
 * (unset): a row going in must name them.
 */
export const initializeIpForwardEntry = initialize.async;
export const initializeIpForwardEntrySync = initialize.sync;

/** What getBestRoute2 returns. */
export interface BestRoute {
  route: MibIpforwardRow2;
  /** The source address the stack would use. */
  sourceAddress: string;
  /**
   * The interface's metric (MIB_IPINTERFACE_ROW.Metric). null when Windows answered with a
   * zeroed route (interfaceLuid 0n and interfaceIndex 0): it names no interface to ask.
   */
  interfaceMetric: number | null;
  /** route.metric + interfaceMetric: what the stack compares routes by; null when interfaceMetric is. */
  effectiveMetric: number | null;
}

export interface BestRouteOptions {
  /**
   * The source address to choose the route for. One of the other family goes to the OS as
   * it is: Windows ignores it and still answers.
   */
  source?: string;
  /** Restrict the choice to this interface. */
  interfaceLuid?: LuidInput;
  interfaceIndex?: number;
}

const best = operation({
  syscall: 'GetBestRoute2',
  native: 'getBestRoute2',
  prepare: (check, destination: string, options: BestRouteOptions = {}) => {
    const opts = check.options(options);
    const dest = check.address(destination, 'destination');
    const source = opts.source === undefined ? null : check.address(opts.source, 'source');
    const interfaceLuid = opts.interfaceLuid === undefined ? 0n : check.luid(opts.interfaceLuid, 'interfaceLuid');
    const interfaceIndex = opts.interfaceIndex === undefined ? 0 : check.index(opts.interfaceIndex, 'interfaceIndex', true);
    return [formatIp(dest), source && formatIp(source), interfaceLuid, interfaceIndex];
  },
  convert: (w): BestRoute => {
    const route = forwardRowFromWire(w.route);
    const interfaceMetric = w.interfaceMetric;
    return { route, sourceAddress: w.sourceAddress, interfaceMetric, effectiveMetric: interfaceMetric === null ? null : route.metric + interfaceMetric };
  },
});
/**
 * GetBestRoute2: the route the stack would use to reach `destination`, the source address
 * it would use, and the effective metric (route metric + interface metric).
 */
export const getBestRoute2 = best.async;
export const getBestRoute2Sync = best.sync;

/** @internal The interface of the best route to `address`, for helpers that need one; fails when the route names none. */
export async function bestInterface(address: string, syscall: string): Promise<bigint> {
  const { route } = await getBestRoute2(address);
  if (route.interfaceLuid === 0n) {
    throw invalidParameter(syscall, 'interface', `no interface leads to ${address} (the best route names none); name the interface.`);
  }
  return route.interfaceLuid;
}

// ---------------------------------------------------------------------------------------
// Helpers: routes as people say them.

export interface RouteSpec {
  /** '198.51.100.0/24', a bare address (a host route), or 'default'. */
  destination: string;
  /** The next hop; omit it for a route on the link. */
  gateway?: string;
  /** By alias, index, LUID or GUID; when omitted, the interface of the best route to the gateway. */
  interface?: InterfaceSpec;
}

export interface AddRouteOptions extends RouteSpec {
  /** The route metric offset (default 0: the interface metric alone). */
  metric?: number;
  /** When the route already exists: fail (default), keep it, or replace its settings. */
  ifExists?: 'error' | 'ignore' | 'replace';
}

export interface ListRoutesOptions {
  family?: FamilyInput;
  interface?: InterfaceSpec;
}

const ADD = 'CreateIpForwardEntry2';

/** A destination as people write it: a prefix, a bare address (a host route) or 'default'. */
function parseDestination(check: Checker, value: unknown): string | 'default' {
  if (value === 'default') return 'default';
  if (typeof value === 'string' && !value.includes('/')) {
    const host = check.address(value, 'destination');
    return `${formatIp(host)}/${maxPrefixLength(host.family)}`;
  }
  return check.prefixText(value, 'destination');
}

/** Turns a RouteSpec into the key members of a row: prefix, next hop and interface LUID. */
async function routeKey(spec: RouteSpec, syscall: string): Promise<{ destinationPrefix: string; nextHop: string; interfaceLuid: bigint }> {
  const check: Checker = new Checker(syscall);
  const s = check.object(spec, 'route');
  const gateway = s.gateway === undefined ? undefined : check.address(s.gateway, 'gateway');
  const parsed = parseDestination(check, s.destination);
  const destinationPrefix = parsed !== 'default' ? parsed : gateway?.family === AF_INET6 ? '::/0' : '0.0.0.0/0';
  const family = destinationPrefix.includes(':') ? AF_INET6 : AF_INET;
  if (gateway && gateway.family !== family) check.fail('gateway', `is not of the family of destination ${destinationPrefix}.`);
  const nextHop = gateway ? formatIp(gateway) : family === AF_INET ? '0.0.0.0' : '::';
  let interfaceLuid: bigint;
  if (s.interface !== undefined) {
    interfaceLuid = await resolveInterface(s.interface as InterfaceSpec, syscall);
  } else if (gateway) {
    interfaceLuid = await bestInterface(nextHop, syscall);
  } else {
    check.fail('interface', 'is needed for a route without a gateway.');
  }
  return { destinationPrefix, nextHop, interfaceLuid };
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof NetioError && error.code === code;
}

/** The routing table, as route sets (routes.apply, routes.cleanup) change it. */
const ROUTE_TABLE: RouteTable<MibIpforwardRow2> = {
  read: () => getIpForwardTable2('AF_UNSPEC'),
  create: (route) => createIpForwardEntry2({ ...route, protocol: 'netmgmt' }),
  update: (existing, metric) => setIpForwardEntry2({ ...existing, metric }),
  remove: (key) => deleteIpForwardEntry2(key),
};

/** The helpers that think in routes rather than rows. */
export const routes = {
  /** The routing table, optionally of one family and one interface. */
  async list(options: ListRoutesOptions = {}): Promise<MibIpforwardRow2[]> {
    const o = new Checker('GetIpForwardTable2').options(options) as ListRoutesOptions;
    const rows = await getIpForwardTable2(o.family ?? 'AF_UNSPEC');
    if (o.interface === undefined) return rows;
    const luid = await resolveInterface(o.interface, 'GetIpForwardTable2');
    return rows.filter((r) => r.interfaceLuid === luid);
  },

  /** Adds a route and returns it as the system now holds it. */
  async add(options: AddRouteOptions): Promise<MibIpforwardRow2> {
    const check: Checker = new Checker(ADD);
    const o = check.object(options, 'route');
    const key = await routeKey(options, ADD);
    const metric = o.metric === undefined ? 0 : check.uint32(o.metric, 'metric');
    const ifExists = check.oneOf(o.ifExists, 'ifExists', ['error', 'ignore', 'replace'], 'error');
    const row = { ...key, metric, protocol: 'netmgmt' as const };
    try {
      await createIpForwardEntry2(row);
    } catch (error) {
      if (!isCode(error, 'ERROR_OBJECT_ALREADY_EXISTS') || ifExists === 'error') throw error;
      if (ifExists === 'replace') await setIpForwardEntry2(row);
    }
    return getIpForwardEntry2(row);
  },

  /**
   * Deletes the routes to `destination` (through `gateway` and on `interface`, when given).
   * Returns how many it deleted; none is STATUS_NOT_FOUND unless ifMissing is 'ignore'.
   */
  async delete(spec: RouteSpec, options: { ifMissing?: 'error' | 'ignore' } = {}): Promise<number> {
    const syscall = 'DeleteIpForwardEntry2';
    const check: Checker = new Checker(syscall);
    const s = check.object(spec, 'route');
    const ifMissing = check.oneOf(check.options(options).ifMissing, 'ifMissing', ['error', 'ignore'], 'error');
    const gateway = s.gateway === undefined ? undefined : check.addressText(s.gateway, 'gateway');
    const destination = s.destination;
    const matches = await routes.find({ destination: destination as string, gateway, interface: s.interface as InterfaceSpec | undefined }, syscall);
    let deleted = 0;
    for (const row of matches) {
      try {
        await deleteIpForwardEntry2(row);
        deleted++;
      } catch (error) {
        // Gone since the table was read: done. A vanished interface (Win32 2) is not.
        if (!isNoSuchEntry(error)) throw error;
      }
    }
    if (deleted === 0 && ifMissing !== 'ignore') {
      throw new NetioError({ win32: 1168, syscall, member: 'destination', detail: `no route to ${String(destination)} matches.` });
    }
    return deleted;
  },

  /** The route to exactly `destination` (through `gateway`, on `interface`), or undefined. */
  async get(spec: RouteSpec): Promise<MibIpforwardRow2 | undefined> {
    return (await routes.find(spec, 'GetIpForwardEntry2'))[0];
  },

  /** The routes whose destination (and gateway, and interface, when given) match. */
  async find(spec: RouteSpec, syscall = 'GetIpForwardTable2'): Promise<MibIpforwardRow2[]> {
    // `syscall` names the documented function in errors (routes.delete passes its own).
    if (typeof syscall !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(syscall)) {
      new Checker('GetIpForwardTable2').fail('syscall', `expected the name of a documented function such as 'GetIpForwardTable2', got ${describeValue(syscall)}.`);
    }
    const check: Checker = new Checker(syscall);
    const s = check.object(spec, 'route');
    const destination = parseDestination(check, s.destination);
    const gateway = s.gateway === undefined ? undefined : check.addressText(s.gateway, 'gateway');
    const luid = s.interface === undefined ? undefined : await resolveInterface(s.interface as InterfaceSpec, syscall);
    const rows = await getIpForwardTable2('AF_UNSPEC');
    return rows.filter(
      (r) =>
        (destination === 'default' ? r.destinationPrefix === '0.0.0.0/0' || r.destinationPrefix === '::/0' : r.destinationPrefix === destination) &&
        (gateway === undefined || r.nextHop === gateway) &&
        (luid === undefined || r.interfaceLuid === luid),
    );
  },

  /**
   * Makes the table hold `desired` for `owner`: adds what is missing, removes what this
   * owner added before and no longer wants, and reports an outcome per route.
   */
  apply(desired: DesiredRoute[], options: RouteSetOptions): Promise<ApplyResult> {
    return applyRoutes(ROUTE_TABLE, desired, options);
  },

  /** Removes every route `owner` recorded, e.g. after a crash. */
  cleanup(owner: string, options: { store?: string | RouteStore } = {}): Promise<ApplyResult> {
    return cleanupRoutes(ROUTE_TABLE, owner, options);
  },

  /** The route the stack would use for `destination`, with the effective metric. */
  async best(destination: string, options: { source?: string; interface?: InterfaceSpec } = {}): Promise<BestRoute> {
    const o = new Checker('GetBestRoute2').options(options) as { source?: string; interface?: InterfaceSpec };
    const interfaceLuid = o.interface === undefined ? undefined : await resolveInterface(o.interface, 'GetBestRoute2');
    return getBestRoute2(destination, { source: o.source, interfaceLuid });
  },
};
