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
import { NetioError } from './errors.js';
import { getIfEntry2, getIfTable2, type MibIfRow2 } from './interfaces.js';
import type { InterfaceOffload, WireIpInterfaceRow } from './native.js';
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

export type IpInterfaceRowInput = Partial<Omit<MibIpinterfaceRow, 'interfaceLuid' | 'family'>> & {
  /** 'AF_INET' or 'AF_INET6' (or 'ipv4', 'ipv6', 2, 23); a row read back goes in as it is. */
  family: FamilyInput | number;
  interfaceLuid?: LuidInput;
};

const NO_OFFLOAD: InterfaceOffload = {
  nlChecksumSupported: false,
  nlOptionsSupported: false,
  tlDatagramChecksumSupported: false,
  tlStreamChecksumSupported: false,
  tlStreamOptionsSupported: false,
  fastPathCompatible: false,
  tlLargeSendOffloadSupported: false,
  tlGiantSendOffloadSupported: false,
};

/** What InitializeIpInterfaceEntry writes, as documented: AF_UNSPEC, an unspecified LUID, zeros. */
function initializedWire(): WireIpInterfaceRow {
  return {
    family: 0,
    interfaceLuid: 0n,
    interfaceIndex: 0,
    maxReassemblySize: 0,
    interfaceIdentifier: 0n,
    minRouterAdvertisementInterval: 0,
    maxRouterAdvertisementInterval: 0,
    advertisingEnabled: false,
    forwardingEnabled: false,
    weakHostSend: false,
    weakHostReceive: false,
    useAutomaticMetric: false,
    useNeighborUnreachabilityDetection: false,
    managedAddressConfigurationSupported: false,
    otherStatefulConfigurationSupported: false,
    advertiseDefaultRoute: false,
    routerDiscoveryBehavior: 0,
    dadTransmits: 0,
    baseReachableTime: 0,
    retransmitTime: 0,
    pathMtuDiscoveryTimeout: 0,
    linkLocalAddressBehavior: 0,
    linkLocalAddressTimeout: 0,
    zoneIndices: new Array<number>(16).fill(0),
    sitePrefixLength: 0,
    metric: 0,
    nlMtu: 0,
    connected: false,
    supportsWakeUpPatterns: false,
    supportsNeighborDiscovery: false,
    supportsRouterDiscovery: false,
    reachableTime: 0,
    transmitOffload: { ...NO_OFFLOAD },
    receiveOffload: { ...NO_OFFLOAD },
    disableDefaultRoutes: false,
  };
}

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
 * @internal Checks an IP interface row and fills omitted members with
 * InitializeIpInterfaceEntry's values.
 */
export function ipInterfaceRowToWire(check: Checker, input: unknown): WireIpInterfaceRow {
  const row = check.object(input, 'row');
  const wire = initializedWire();
  wire.family = rowFamily(check, row.family);
  Object.assign(wire, check.interfaceKey(row));
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
    if (!Array.isArray(row.zoneIndices) || row.zoneIndices.length !== 16) check.fail('zoneIndices', 'expected an array of 16 zone indices (one per SCOPE_LEVEL).');
    wire.zoneIndices = row.zoneIndices.map((z: unknown) => check.uint32(z, 'zoneIndices'));
  }
  for (const name of ['transmitOffload', 'receiveOffload'] as const) {
    if (row[name] === undefined) continue;
    const given = check.object(row[name], name);
    for (const bit of Object.keys(NO_OFFLOAD) as (keyof InterfaceOffload)[]) {
      if (given[bit] !== undefined) wire[name][bit] = check.boolean(given[bit], name);
    }
  }
  return wire;
}

/** The key of getIpInterfaceEntry: a row, or (family, interface LUID or index). */
function keyRow(check: Checker, rowOrFamily: unknown, iface?: LuidInput): WireIpInterfaceRow {
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

const setEntry = operation({
  syscall: 'SetIpInterfaceEntry',
  native: 'setIpInterfaceEntry',
  prepare: (check, row: IpInterfaceRowInput) => [ipInterfaceRowToWire(check, row)],
  convert: (): void => undefined,
});
/**
 * SetIpInterfaceEntry. Members a row omits take InitializeIpInterfaceEntry's values (zero),
 * so start from the row getIpInterfaceEntry returns, or use `interfaces.set`. Elevated.
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

/** InitializeIpInterfaceEntry: the documented defaults of an IP interface row (no OS call). */
export function initializeIpInterfaceEntrySync(): MibIpinterfaceRow {
  return ipInterfaceRowFromWire(initializedWire());
}
export async function initializeIpInterfaceEntry(): Promise<MibIpinterfaceRow> {
  return initializeIpInterfaceEntrySync();
}

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

async function familyRow(luid: bigint, family: 'AF_INET' | 'AF_INET6'): Promise<MibIpinterfaceRow | null> {
  try {
    return await getIpInterfaceEntry(family, luid);
  } catch (error) {
    // The interface has no binding for this family.
    if (error instanceof NetioError && error.code === 'STATUS_NOT_FOUND') return null;
    throw error;
  }
}

async function view(row: MibIfRow2, all: MibUnicastipaddressRow[]): Promise<InterfaceView> {
  const [ipv4, ipv6] = await Promise.all([familyRow(row.interfaceLuid, 'AF_INET'), familyRow(row.interfaceLuid, 'AF_INET6')]);
  return { ...row, ipv4, ipv6, addresses: all.filter((a) => a.interfaceLuid === row.interfaceLuid) };
}

export const interfaces = {
  /** Every interface, merged: MIB_IF_ROW2 + IPv4 and IPv6 settings + addresses. */
  async list(): Promise<InterfaceView[]> {
    const [rows, all] = await Promise.all([getIfTable2(), addresses.list()]);
    return Promise.all(rows.map((row) => view(row, all)));
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
      // SetIpInterfaceEntry refuses an IPv4 row whose SitePrefixLength is not 0.
      const next = { ...current, ...changes, sitePrefixLength: family === 'AF_INET' ? 0 : current.sitePrefixLength };
      await setIpInterfaceEntry(next);
      changed++;
    }
    if (changed === 0) {
      throw new NetioError({ win32: 1168, syscall: 'SetIpInterfaceEntry', member: 'family', detail: 'the interface has no IP binding for that family.' });
    }
    return interfaces.get(interfaceLuid);
  },
};
