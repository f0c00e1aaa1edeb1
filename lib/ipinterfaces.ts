/**
 * IP interfaces, per address family: MIB_IPINTERFACE_ROW (GetIpInterfaceEntry,
 * GetIpInterfaceTable, SetIpInterfaceEntry, InitializeIpInterfaceEntry), and the
 * `interfaces` helpers, which merge an interface's MIB_IF_ROW2, its IPv4 and IPv6
 * MIB_IPINTERFACE_ROWs and its addresses into one view.
 */
import { addresses, type MibUnicastipaddressRow } from './addresses.js';
import { operation } from './call.js';
import { Checker, enumName, type FamilyInput, type LuidInput } from './check.js';
import { ADDRESS_FAMILY, NL_LINK_LOCAL_ADDRESS_BEHAVIOR, NL_ROUTER_DISCOVERY_BEHAVIOR, type NameOf } from './constants.js';
import { NetioError, isNoSuchEntry, isNoSuchInterface } from './errors.js';
import { convertInterfaceLuidToIndex, getIfEntry2, getIfTable2, type MibIfRow2 } from './interfaces.js';
import type { InterfaceOffload, WireIpInterfaceRow, WireIpInterfaceRowIn } from './native.js';
import { resolveInterface, type InterfaceSpec } from './resolve.js';

export type { InterfaceOffload } from './native.js';
export type NlRouterDiscoveryBehavior = NameOf<typeof NL_ROUTER_DISCOVERY_BEHAVIOR>;
export type NlLinkLocalAddressBehavior = NameOf<typeof NL_LINK_LOCAL_ADDRESS_BEHAVIOR>;
export type AddressFamilyName = NameOf<typeof ADDRESS_FAMILY>;

/** MIB_IPINTERFACE_ROW: an interface's settings for one address family, every documented member in camelCase. */
export interface MibIpinterfaceRow {
  family: AddressFamilyName | number;
  interfaceLuid: bigint;
  interfaceIndex: number;
  maxReassemblySize: number;
  interfaceIdentifier: bigint;
  minRouterAdvertisementInterval: number;
  maxRouterAdvertisementInterval: number;
  advertisingEnabled: boolean;
  forwardingEnabled: boolean;
  weakHostSend: boolean;
  weakHostReceive: boolean;
  useAutomaticMetric: boolean;
  useNeighborUnreachabilityDetection: boolean;
  managedAddressConfigurationSupported: boolean;
  otherStatefulConfigurationSupported: boolean;
  advertiseDefaultRoute: boolean;
  routerDiscoveryBehavior: NlRouterDiscoveryBehavior | number;
  dadTransmits: number;
  baseReachableTime: number;
  retransmitTime: number;
  pathMtuDiscoveryTimeout: number;
  linkLocalAddressBehavior: NlLinkLocalAddressBehavior | number;
  linkLocalAddressTimeout: number;
  zoneIndices: number[];
  sitePrefixLength: number;
  /** The interface metric, added to every route's metric. */
  metric: number;
  nlMtu: number;
  connected: boolean;
  supportsWakeUpPatterns: boolean;
  supportsNeighborDiscovery: boolean;
  supportsRouterDiscovery: boolean;
  reachableTime: number;
  transmitOffload: InterfaceOffload;
  receiveOffload: InterfaceOffload;
  disableDefaultRoutes: boolean;
}

/**
 * An IP interface row going in: the family and the interface (LUID or index) are required;
 * a member left out keeps the value InitializeIpInterfaceEntry writes on this system, and so
 * does an offload flag left out of an offload object.
 */
export type IpInterfaceRowInput = Partial<Omit<MibIpinterfaceRow, 'interfaceLuid' | 'family' | 'transmitOffload' | 'receiveOffload'>> & {
  /** 'AF_INET' or 'AF_INET6' (or 'ipv4', 'ipv6', 2, 23); a row read back goes in as it is. */
  family: FamilyInput | number;
  interfaceLuid?: LuidInput;
  transmitOffload?: Partial<InterfaceOffload>;
  receiveOffload?: Partial<InterfaceOffload>;
};

/** The members of NL_INTERFACE_OFFLOAD_ROD, in declaration order. */
const OFFLOAD_FLAGS = [
  'nlChecksumSupported', 'nlOptionsSupported', 'tlDatagramChecksumSupported', 'tlStreamChecksumSupported',
  'tlStreamOptionsSupported', 'fastPathCompatible', 'tlLargeSendOffloadSupported', 'tlGiantSendOffloadSupported',
] as const satisfies readonly (keyof InterfaceOffload)[];

/** @internal */
export function ipInterfaceRowFromWire(w: WireIpInterfaceRow): MibIpinterfaceRow {
  return {
    ...w,
    zoneIndices: [...w.zoneIndices],
    transmitOffload: { ...w.transmitOffload },
    receiveOffload: { ...w.receiveOffload },
    family: enumName(ADDRESS_FAMILY, w.family),
    routerDiscoveryBehavior: enumName(NL_ROUTER_DISCOVERY_BEHAVIOR, w.routerDiscoveryBehavior),
    linkLocalAddressBehavior: enumName(NL_LINK_LOCAL_ADDRESS_BEHAVIOR, w.linkLocalAddressBehavior),
  };
}

const BOOLEANS = [
  'advertisingEnabled', 'forwardingEnabled', 'weakHostSend', 'weakHostReceive', 'useAutomaticMetric',
  'useNeighborUnreachabilityDetection', 'managedAddressConfigurationSupported', 'otherStatefulConfigurationSupported',
  'advertiseDefaultRoute', 'connected', 'supportsWakeUpPatterns', 'supportsNeighborDiscovery', 'supportsRouterDiscovery',
  'disableDefaultRoutes',
] as const;
const ULONGS = [
  'maxReassemblySize', 'minRouterAdvertisementInterval', 'maxRouterAdvertisementInterval', 'dadTransmits', 'baseReachableTime',
  'retransmitTime', 'pathMtuDiscoveryTimeout', 'linkLocalAddressTimeout', 'sitePrefixLength', 'metric', 'nlMtu', 'reachableTime',
] as const;

/** The family of an IP interface row: AF_INET or AF_INET6 (one row per family). */
function rowFamily(check: Checker, value: unknown): number {
  const family = check.family(value, 'family');
  if (family === 0) check.fail('family', "must be 'AF_INET' or 'AF_INET6': an IP interface row is for one family.");
  return family;
}

/**
 * @internal Checks an IP interface row and passes on the key and the members the caller
 * gave: the binding keeps InitializeIpInterfaceEntry's bytes for the rest (and, within an
 * offload object, for the flags left out).
 */
export function ipInterfaceRowToWire(check: Checker, input: unknown): WireIpInterfaceRowIn {
  const row = check.object(input, 'row');
  const wire: WireIpInterfaceRowIn = { family: rowFamily(check, row.family), ...check.interfaceKey(row) };
  if (row.interfaceIdentifier !== undefined) wire.interfaceIdentifier = check.luid(row.interfaceIdentifier, 'interfaceIdentifier');
  for (const name of ULONGS) if (row[name] !== undefined) wire[name] = check.uint32(row[name], name);
  for (const name of BOOLEANS) if (row[name] !== undefined) wire[name] = check.boolean(row[name], name);
  if (row.routerDiscoveryBehavior !== undefined) {
    wire.routerDiscoveryBehavior = check.enumValue(NL_ROUTER_DISCOVERY_BEHAVIOR, row.routerDiscoveryBehavior, 'routerDiscoveryBehavior');
  }
  if (row.linkLocalAddressBehavior !== undefined) {
    wire.linkLocalAddressBehavior = check.enumValue(NL_LINK_LOCAL_ADDRESS_BEHAVIOR, row.linkLocalAddressBehavior, 'linkLocalAddressBehavior');
  }
  if (row.zoneIndices !== undefined) {
    const what = 'an array of 16 zone indices (one per SCOPE_LEVEL)';
    const zones = check.array(row.zoneIndices, 'zoneIndices', what, 16);
    if (zones.length !== 16) check.fail('zoneIndices', `expected ${what}, got ${zones.length}.`);
    wire.zoneIndices = zones.map((z, i) => check.uint32(z, `zoneIndices[${i}]`));
  }
  for (const name of ['transmitOffload', 'receiveOffload'] as const) {
    if (row[name] === undefined) continue;
    const given = check.object(row[name], name);
    const flags: Partial<InterfaceOffload> = {};
    for (const bit of OFFLOAD_FLAGS) if (given[bit] !== undefined) flags[bit] = check.boolean(given[bit], name);
    wire[name] = flags;
  }
  return wire;
}

/** The key of getIpInterfaceEntry: a row, or (family, interface LUID or index). */
function keyRow(check: Checker, rowOrFamily: unknown, iface?: LuidInput): WireIpInterfaceRowIn {
  if (typeof rowOrFamily === 'object' && rowOrFamily !== null) return ipInterfaceRowToWire(check, rowOrFamily);
  if (iface === undefined) check.fail('interfaceLuid', 'neither interfaceLuid nor interfaceIndex was specified; set one of them.');
  const key = typeof iface === 'bigint' ? { interfaceLuid: iface } : { interfaceIndex: iface };
  return ipInterfaceRowToWire(check, { family: rowOrFamily, ...key });
}

const getEntry = operation({
  syscall: 'GetIpInterfaceEntry',
  native: 'getIpInterfaceEntry',
  prepare: (check, rowOrFamily: IpInterfaceRowInput | FamilyInput, iface?: LuidInput) => [keyRow(check, rowOrFamily, iface)],
  convert: ipInterfaceRowFromWire,
});
/**
 * GetIpInterfaceEntry: an interface's settings for one family, named by a row
 * `{ family, interfaceLuid | interfaceIndex }` or as (family, LUID bigint | index number).
 */
export const getIpInterfaceEntry = getEntry.async;
export const getIpInterfaceEntrySync = getEntry.sync;

/**
 * @internal The row SetIpInterfaceEntry gets. An IPv4 row goes with SitePrefixLength 0:
 * Windows reads IPv4 rows back with 64 there and refuses to set one that is not 0, so a row
 * read back goes in again as it is.
 */
export function ipInterfaceSetRowToWire(check: Checker, input: unknown): WireIpInterfaceRowIn {
  const wire = ipInterfaceRowToWire(check, input);
  if (wire.family === ADDRESS_FAMILY.values.AF_INET) wire.sitePrefixLength = 0;
  return wire;
}

const setEntry = operation({
  syscall: 'SetIpInterfaceEntry',
  native: 'setIpInterfaceEntry',
  prepare: (check, row: IpInterfaceRowInput) => [ipInterfaceSetRowToWire(check, row)],
  convert: (): void => undefined,
});
/**
 * SetIpInterfaceEntry. A member the row leaves out keeps the bytes InitializeIpInterfaceEntry
 * writes on this system, never a value the package made up; to change one member and keep
 * the others as they are, pass the row getIpInterfaceEntry returned with that member changed
 * (or use `interfaces.set`). An IPv4 row's sitePrefixLength is sent as 0. Elevated.
 */
export const setIpInterfaceEntry = setEntry.async;
export const setIpInterfaceEntrySync = setEntry.sync;

const getTable = operation({
  syscall: 'GetIpInterfaceTable',
  native: 'getIpInterfaceTable',
  prepare: (check, family: FamilyInput = 'AF_UNSPEC') => [check.family(family)],
  convert: (rows: WireIpInterfaceRow[]) => rows.map(ipInterfaceRowFromWire),
});
/** GetIpInterfaceTable: every interface's settings for a family ('AF_UNSPEC' for both, the default). */
export const getIpInterfaceTable = getTable.async;
export const getIpInterfaceTableSync = getTable.sync;

const initialize = operation({
  syscall: 'InitializeIpInterfaceEntry',
  native: 'initializeIpInterfaceEntry',
  prepare: () => [],
  convert: ipInterfaceRowFromWire,
});
/**
 * InitializeIpInterfaceEntry: the values an IP interface row starts from, as this system's
 * own function writes them (the documented values where it is not exported: family
 * AF_UNSPEC, LUID 0, everything else zero).
 */
export const initializeIpInterfaceEntry = initialize.async;
export const initializeIpInterfaceEntrySync = initialize.sync;

// ---------------------------------------------------------------------------------------
// Helpers.

/** One interface: its MIB_IF_ROW2, its IPv4 and IPv6 settings (null when the family is not bound) and its addresses. */
export interface InterfaceView extends MibIfRow2 {
  ipv4: MibIpinterfaceRow | null;
  ipv6: MibIpinterfaceRow | null;
  addresses: MibUnicastipaddressRow[];
}

export interface SetInterfaceOptions {
  /** The interface metric; also turns automatic metric off. */
  metric?: number;
  /** The IP MTU (NlMtu). */
  mtu?: number;
  forwarding?: boolean;
  /** Which family to change; both bound families by default. */
  family?: FamilyInput;
}

/**
 * An interface's row for one family, or null when the interface has no binding for it.
 * GetIpInterfaceEntry says ERROR_NOT_FOUND (1168) both for an unbound family and for a LUID
 * that names no interface, so a 1168 is checked against the interface itself: an interface
 * that is gone fails with its own STATUS_NOT_FOUND (Win32 2), never "not bound".
 */
async function familyRow(luid: bigint, family: 'AF_INET' | 'AF_INET6'): Promise<MibIpinterfaceRow | null> {
  try {
    return await getIpInterfaceEntry(family, luid);
  } catch (error) {
    if (!isNoSuchEntry(error)) throw error;
    await convertInterfaceLuidToIndex(luid); // rejects with Win32 2 when the interface is gone
    return null;
  }
}

async function view(row: MibIfRow2, all: MibUnicastipaddressRow[]): Promise<InterfaceView> {
  const [ipv4, ipv6] = await Promise.all([familyRow(row.interfaceLuid, 'AF_INET'), familyRow(row.interfaceLuid, 'AF_INET6')]);
  return { ...row, ipv4, ipv6, addresses: all.filter((a) => a.interfaceLuid === row.interfaceLuid) };
}

export const interfaces = {
  /**
   * Every interface, merged: MIB_IF_ROW2 + IPv4 and IPv6 settings + addresses. An interface
   * that disappears while the list is being made is left out (it is no longer there).
   */
  async list(): Promise<InterfaceView[]> {
    const [rows, all] = await Promise.all([getIfTable2(), addresses.list()]);
    const views = await Promise.all(rows.map((row) => view(row, all).catch((error: unknown) => {
      if (isNoSuchInterface(error)) return null;
      throw error;
    })));
    return views.filter((v): v is InterfaceView => v !== null);
  },

  /** One interface by alias, index, LUID or GUID, merged. */
  async get(spec: InterfaceSpec): Promise<InterfaceView> {
    const interfaceLuid = await resolveInterface(spec, 'GetIfEntry2');
    const [row, all] = await Promise.all([getIfEntry2({ interfaceLuid }), addresses.list({ interface: interfaceLuid })]);
    return view(row, all);
  },

  /** Changes metric, MTU or forwarding, reading the current settings first; returns the new view. */
  async set(spec: InterfaceSpec, options: SetInterfaceOptions): Promise<InterfaceView> {
    const check: Checker = new Checker('SetIpInterfaceEntry');
    const o = check.object(options, 'options');
    const changes: Partial<MibIpinterfaceRow> = {};
    if (o.metric !== undefined) Object.assign(changes, { metric: check.uint32(o.metric, 'metric'), useAutomaticMetric: false });
    if (o.mtu !== undefined) changes.nlMtu = check.uint32(o.mtu, 'mtu');
    if (o.forwarding !== undefined) changes.forwardingEnabled = check.boolean(o.forwarding, 'forwarding');
    if (Object.keys(changes).length === 0) check.fail('options', 'name at least one of metric, mtu, forwarding.');
    const only = o.family === undefined ? 0 : check.family(o.family);
    const interfaceLuid = await resolveInterface(spec, 'SetIpInterfaceEntry');
    let changed = 0;
    for (const family of ['AF_INET', 'AF_INET6'] as const) {
      if (only !== 0 && ADDRESS_FAMILY.values[family] !== only) continue;
      const current = await familyRow(interfaceLuid, family);
      if (current === null) continue;
      // Every member as read, but the changes (setIpInterfaceEntry zeroes an IPv4 row's SitePrefixLength).
      await setIpInterfaceEntry({ ...current, ...changes });
      changed++;
    }
    if (changed === 0) {
      throw new NetioError({ win32: 1168, syscall: 'SetIpInterfaceEntry', member: 'family', detail: 'the interface has no IP binding for that family.' });
    }
    return interfaces.get(interfaceLuid);
  },
};
