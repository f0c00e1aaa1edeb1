/**
 * A fake of the native binding (lib/native.ts) for the unit suite: an in-memory system
 * with a few interfaces, answering as the real binding does — wire rows, native-shaped
 * errors ({ win32, syscall, systemMessage }) — and recording every call it receives.
 */
import { formatIp, networkOf, parseIp, parsePrefix } from '../../../lib/address.js';
import type {
  InterfaceOffload,
  NativeBinding,
  WireAnycastRow,
  WireIfRow2,
  WireInterfaceKey,
  WireIpInterfaceRow,
  WireIpInterfaceRowIn,
  WireIpforwardRow2,
  WireIpforwardRow2In,
  WireIpnetRow2,
  WireUnicastRow,
  WireUnicastRowIn,
  WireDispatch,
  WireForwardRows,
  WireNotificationHandle,
  WireAdapterAddresses,
  WireEchoReply,
  WireConnectivityHint,
  WireDnsInterfaceSettings,
  WireDnsSettings,
  WireIpPathRow,
  WireMulticastRow,
} from '../../../lib/native.js';
import { FORWARD_STRIDE, IF_NUMBERS, IF_WIDE, type WireIfRows } from '../../../lib/native.js';
import { SOCKET_NO_ADDRESS, SOCKET_STRIDE, SOCKET_WIDE, type WireSocketRows } from '../../../lib/native.js';

/** Packs MIB_IF_ROW2 rows the way src-native/interfaces.cc does (the wire format of WireIfRows). */
export function encodeIfRows(rows: WireIfRow2[]): WireIfRows {
  const numbers = new Uint32Array(rows.length * IF_NUMBERS);
  const wide = new BigUint64Array(rows.length * IF_WIDE);
  let text = '';
  rows.forEach((r, i) => {
    text += [r.alias, r.description, r.interfaceGuid, r.physicalAddress, r.permanentPhysicalAddress, r.networkGuid].map((t) => `${t}\0`).join('');
    const f = r.interfaceAndOperStatusFlags;
    const flags = [f.hardwareInterface, f.filterInterface, f.connectorPresent, f.notAuthenticated, f.notMediaConnected, f.paused, f.lowPower, f.endPointInterface]
      .reduce((bits, on, bit) => bits | (on ? 1 << bit : 0), 0);
    numbers.set([r.interfaceIndex, r.physicalAddressLength, r.mtu, r.type, r.tunnelType, r.mediaType, r.physicalMediumType, r.accessType, r.directionType, flags, r.operStatus, r.adminStatus, r.mediaConnectState, r.connectionType], i * IF_NUMBERS);
    wide.set([r.interfaceLuid, r.transmitLinkSpeed, r.receiveLinkSpeed, r.inOctets, r.inUcastPkts, r.inNUcastPkts, r.inDiscards, r.inErrors, r.inUnknownProtos, r.inUcastOctets, r.inMulticastOctets, r.inBroadcastOctets, r.outOctets, r.outUcastPkts, r.outNUcastPkts, r.outDiscards, r.outErrors, r.outUcastOctets, r.outMulticastOctets, r.outBroadcastOctets, r.outQLen], i * IF_WIDE);
  });
  return { count: rows.length, text, numbers, wide };
}

/** Packs route rows the way src-native/routes.cc does (the wire format of WireForwardRows). */
export function encodeForwardRows(rows: WireIpforwardRow2[]): WireForwardRows {
  const luids: bigint[] = [];
  const numbers = new Uint32Array(rows.length * FORWARD_STRIDE);
  let text = '';
  rows.forEach((r, i) => {
    let slot = luids.indexOf(r.interfaceLuid);
    if (slot < 0) slot = luids.push(r.interfaceLuid) - 1;
    text += `${r.destinationPrefix}\n${r.nextHop}\n`;
    const flags = (r.loopback ? 1 : 0) | (r.autoconfigureAddress ? 2 : 0) | (r.publish ? 4 : 0) | (r.immortal ? 8 : 0);
    numbers.set([slot, r.interfaceIndex, r.sitePrefixLength, r.validLifetime, r.preferredLifetime, r.metric, r.protocol, r.age, r.origin, flags], i * FORWARD_STRIDE);
  });
  return { count: rows.length, text, numbers, luids: BigUint64Array.from(luids) };
}

/** A TCP endpoint of the fake system (ports in host order; state a MIB_TCP_STATE number). */
export interface FakeTcpSocket {
  family: 2 | 23;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: number;
  pid: number;
  createTimestamp: bigint;
  owningModuleInfo: bigint[];
  offloadState: number;
}

/** A UDP endpoint of the fake system. */
export interface FakeUdpSocket {
  family: 2 | 23;
  localAddress: string;
  localPort: number;
  pid: number;
  createTimestamp: bigint;
  specificPortBind: boolean;
  owningModuleInfo: bigint[];
}

/** OwningModuleInfo words that name `pid`'s module in the fake. */
export function fakeModuleInfo(pid: number): bigint[] {
  return Array.from({ length: 16 }, (_, i) => (i === 0 ? BigInt(pid) : i === 1 ? 0xfeedn : 0n));
}

/**
 * Packs socket rows the way src-native/sockets.cc does (the wire format of WireSocketRows):
 * distinct addresses once, rows as numbers; `module` adds the timestamp and module words.
 */
export function encodeSocketRows(
  rows: { localAddress: string; localPort: number; remoteAddress?: string; remotePort?: number; state?: number; pid?: number; extra?: number; createTimestamp?: bigint; owningModuleInfo?: bigint[] }[],
  module = false,
): WireSocketRows {
  const slots = new Map<string, number>();
  const slot = (address: string) => {
    let found = slots.get(address);
    if (found === undefined) slots.set(address, (found = slots.size));
    return found;
  };
  const numbers = new Uint32Array(rows.length * SOCKET_STRIDE);
  const wide = new BigUint64Array(module ? rows.length * SOCKET_WIDE : 0);
  rows.forEach((r, i) => {
    numbers.set(
      [slot(r.localAddress), r.localPort, r.remoteAddress === undefined ? SOCKET_NO_ADDRESS : slot(r.remoteAddress), r.remotePort ?? 0, r.state ?? 0, r.pid ?? 0, r.extra ?? 0],
      i * SOCKET_STRIDE,
    );
    if (module) wide.set([r.createTimestamp ?? 0n, ...(r.owningModuleInfo ?? new Array<bigint>(16).fill(0n))], i * SOCKET_WIDE);
  });
  return { count: rows.length, addresses: [...slots.keys()].map((a) => `${a}\n`).join(''), numbers, wide };
}

export type FakeKind = 'route' | 'unicast' | 'interface' | 'connectivity' | 'teredo' | 'stable';

/** One registration in the fake: events wait in a bounded queue and arrive on a later turn. */
export interface FakeSubscription {
  kind: FakeKind;
  family: number;
  queueSize: number;
  pending: { type: number; row: unknown }[];
  overflowed: boolean;
  refed: boolean;
  cancelCalls: number;
  osCancels: number;
  handle: WireNotificationHandle;
}

export interface FakeInterface {
  luid: bigint;
  index: number;
  alias: string;
  guid: string;
  name: string;
  mac: string;
  type: number;
  operStatus: number;
}

export const FAKE_INTERFACES: FakeInterface[] = [
  { luid: 0x18000001000000n, index: 1, alias: 'Loopback Pseudo-Interface 1', guid: '{11111111-2222-3333-4444-555555555555}', name: 'loopback_0', mac: '', type: 24, operStatus: 1 },
  { luid: 0x6008001000000n, index: 12, alias: 'Ethernet', guid: '{4D36E972-E325-11CE-BFC1-08002BE10318}', name: 'ethernet_32769', mac: '02:00:5e:10:00:01', type: 6, operStatus: 1 },
  { luid: 0x47008000000000n, index: 17, alias: 'Wi-Fi 2 — Büro', guid: '{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}', name: 'wireless_32768', mac: '02:00:5e:10:00:02', type: 71, operStatus: 2 },
];

export class NativeFailure extends Error {
  constructor(
    readonly win32: number,
    readonly syscall: string,
    readonly systemMessage = '',
    readonly notExported = false,
  ) {
    super(`${syscall} failed with Win32 error ${win32}`);
  }
}

export function ifRow(i: FakeInterface): WireIfRow2 {
  const zero = 0n;
  return {
    interfaceLuid: i.luid,
    interfaceIndex: i.index,
    interfaceGuid: i.guid,
    alias: i.alias,
    description: `${i.alias} adapter`,
    physicalAddressLength: i.mac === '' ? 0 : 6,
    physicalAddress: i.mac,
    permanentPhysicalAddress: i.mac,
    mtu: 1500,
    type: i.type,
    tunnelType: 0,
    mediaType: 0,
    physicalMediumType: i.type === 71 ? 9 : 14,
    accessType: 2,
    directionType: 0,
    interfaceAndOperStatusFlags: {
      hardwareInterface: i.type !== 24,
      filterInterface: false,
      connectorPresent: i.type !== 24,
      notAuthenticated: false,
      notMediaConnected: i.operStatus !== 1,
      paused: false,
      lowPower: false,
      endPointInterface: false,
    },
    operStatus: i.operStatus,
    adminStatus: 1,
    mediaConnectState: i.operStatus === 1 ? 1 : 2,
    networkGuid: '{00000000-0000-0000-0000-000000000000}',
    connectionType: 1,
    transmitLinkSpeed: 1_000_000_000n,
    receiveLinkSpeed: 1_000_000_000n,
    inOctets: 123_456_789_012n,
    inUcastPkts: zero,
    inNUcastPkts: zero,
    inDiscards: zero,
    inErrors: zero,
    inUnknownProtos: zero,
    inUcastOctets: zero,
    inMulticastOctets: zero,
    inBroadcastOctets: zero,
    outOctets: 2n ** 63n,
    outUcastPkts: zero,
    outNUcastPkts: zero,
    outDiscards: zero,
    outErrors: zero,
    outUcastOctets: zero,
    outMulticastOctets: zero,
    outBroadcastOctets: zero,
    outQLen: zero,
  };
}

type SyncPart = { [K in keyof NativeBinding as K extends `${string}Sync` ? K : never]: NativeBinding[K] };

export interface FakeBinding extends NativeBinding {
  calls: { name: string; args: unknown[] }[];
  /** Entry points this fake system does "not export". */
  missing: Set<string>;
  /** The routing table, keyed by interface LUID, prefix and next hop. */
  routes: Map<string, WireIpforwardRow2>;
  /** The neighbour cache, keyed by interface LUID and address. */
  neighbors: Map<string, WireIpnetRow2>;
  anycast: Map<string, WireAnycastRow>;
  unicast: Map<string, WireUnicastRow>;
  /** IP interface rows, keyed by LUID and family; a missing key is an unbound family. */
  ipInterfaces: Map<string, WireIpInterfaceRow>;
  subscriptions: FakeSubscription[];
  /** Queues an event for every live subscription of `kind`, as an OS thread would. */
  emit(kind: FakeKind, type: number, row: unknown): void;
  /** Resolves once everything queued so far has been delivered. */
  flush(): Promise<void>;
  /** Addresses that answer ResolveIpNetEntry2, with their physical addresses. */
  resolvable: Map<string, string>;
  /** Whether the caller is an administrator (writes fail with ERROR_ACCESS_DENIED when not). */
  elevated: boolean;
  /** Win32 codes to fail the next writes with, by syscall, once each. */
  failNext: Map<string, number[]>;
  /** The DNS servers GetAdaptersAddresses reports for every adapter, and GetNetworkParams (IPv4 ones). */
  dnsServers: string[];
  /** The TCP and UDP endpoints, in the order the tables list them. */
  tcpSockets: FakeTcpSocket[];
  udpSockets: FakeUdpSocket[];
  /** Image names by pid; a pid not here cannot be queried (null). */
  processes: Map<number, string>;
  /** Whether SetTcpEntry closes the connection (true, as on Windows) or only reports success (Wine's stub). */
  setTcpEntryCloses: boolean;
  /**
   * What this fake system's Initialize… functions write (by default the documented values).
   * Every row going in starts from these, as in src-native: a member the caller left out
   * keeps them.
   */
  initialized: { route: WireIpforwardRow2; unicast: WireUnicastRow; ipInterface: WireIpInterfaceRow };
  /** Every row a Create/Set/Delete/Get… function received, as the OS saw it (Initialize's values under the members given). */
  osRows: { syscall: string; row: unknown }[];
  /** With no anycast entries: the documented STATUS_NOT_FOUND (default), or an empty table. */
  anycastEmpty: 'notFound' | 'emptyTable';
  /** Adds the permanent entries Windows makes itself: 224.0.0.22 and 239.255.255.250 on every interface. */
  addSystemNeighbors(): void;
  /** The interface disappears: every later call that names it finds no such interface. */
  vanish(luid: bigint): void;
  /**
   * How echo destinations answer (IcmpSendEcho2Ex / Icmp6SendEcho2), by address: the IP_STATUS,
   * the round-trip time, the reply's TTL, and who answered (default: the destination). An
   * address not listed does not answer: IP_REQ_TIMED_OUT, from the unspecified address (as
   * every timeout is unless `from` says otherwise).
   * A list answers one entry per echo, in turn (the last one repeats).
   */
  echoHosts: Map<string, FakeEcho | FakeEcho[]>;
  /** Per-interface DNS settings, keyed by interface GUID and family ('4' or '6'). */
  dnsSettings: Map<string, WireDnsInterfaceSettings>;
  /** The machine's DNS settings. */
  globalDns: WireDnsSettings;
  /** Whether GetInterfaceDnsSettings answers only version 1 (ERROR_INVALID_PARAMETER for version 2), as a system before the _EX structure might. */
  dnsVersion1Only: boolean;
  /** The connectivity hint the fake system reports. */
  connectivity: WireConnectivityHint;
  /** The path cache. */
  paths: WireIpPathRow[];
  /** Whether NotifyStableUnicastIpAddressTable finds the table unstable (ERROR_IO_PENDING). */
  stablePending: boolean;
  /** The Teredo client's port (0: none). */
  teredoPort: number;
  /** The JS thread's compartment and each session's. */
  compartments: { thread: number; sessions: Map<number, number> };
}

export interface FakeEcho {
  status: number;
  rtt?: number;
  ttl?: number;
  from?: string;
}

/** The interface metric every fake interface has. */
export const FAKE_INTERFACE_METRIC = 25;

/** What the fake's InitializeIpForwardEntry writes (the documented defaults); its prefix and next hop are unset (''). */
export function fakeInitializedRoute(): WireIpforwardRow2 {
  return {
    interfaceLuid: 0n, interfaceIndex: 0, destinationPrefix: '', nextHop: '', sitePrefixLength: 255,
    validLifetime: 0xffffffff, preferredLifetime: 0xffffffff, metric: 0xffffffff, protocol: 0xffffffff,
    loopback: true, autoconfigureAddress: true, publish: true, immortal: true, age: 0, origin: 0,
  };
}

const NO_OFFLOAD = {
  nlChecksumSupported: false, nlOptionsSupported: false, tlDatagramChecksumSupported: false, tlStreamChecksumSupported: false,
  tlStreamOptionsSupported: false, fastPathCompatible: false, tlLargeSendOffloadSupported: false, tlGiantSendOffloadSupported: false,
};

/** What the fake's InitializeUnicastIpAddressEntry writes (the documented defaults); its address is unset (null). */
export function fakeInitializedUnicast(): WireUnicastRow {
  return {
    address: null, interfaceLuid: 0n, interfaceIndex: 0, prefixOrigin: 16, suffixOrigin: 16, validLifetime: 0xffffffff,
    preferredLifetime: 0xffffffff, onLinkPrefixLength: 255, skipAsSource: false, dadState: 0, scopeId: 0, creationTimeStamp: 0n,
  };
}

/** What the fake's InitializeIpInterfaceEntry writes: the documented AF_UNSPEC, LUID 0 and zeros. */
export function fakeInitializedIpInterface(): WireIpInterfaceRow {
  return {
    family: 0, interfaceLuid: 0n, interfaceIndex: 0, maxReassemblySize: 0, interfaceIdentifier: 0n, minRouterAdvertisementInterval: 0,
    maxRouterAdvertisementInterval: 0, advertisingEnabled: false, forwardingEnabled: false, weakHostSend: false, weakHostReceive: false,
    useAutomaticMetric: false, useNeighborUnreachabilityDetection: false, managedAddressConfigurationSupported: false,
    otherStatefulConfigurationSupported: false, advertiseDefaultRoute: false, routerDiscoveryBehavior: 0, dadTransmits: 0,
    baseReachableTime: 0, retransmitTime: 0, pathMtuDiscoveryTimeout: 0, linkLocalAddressBehavior: 0, linkLocalAddressTimeout: 0,
    zoneIndices: new Array<number>(16).fill(0), sitePrefixLength: 0, metric: 0, nlMtu: 0, connected: false, supportsWakeUpPatterns: false,
    supportsNeighborDiscovery: false, supportsRouterDiscovery: false, reachableTime: 0, transmitOffload: { ...NO_OFFLOAD },
    receiveOffload: { ...NO_OFFLOAD }, disableDefaultRoutes: false,
  };
}

/** A FILETIME for 2026-01-02T03:04:05Z. */
export const FAKE_CREATION_TICKS = 116_444_736_000_000_000n + 1_767_323_045_000n * 10_000n;

export function fakeIpInterface(luid: bigint, index: number, family: number): WireIpInterfaceRow {
  const offload = {
    nlChecksumSupported: true, nlOptionsSupported: true, tlDatagramChecksumSupported: true, tlStreamChecksumSupported: true,
    tlStreamOptionsSupported: true, fastPathCompatible: false, tlLargeSendOffloadSupported: true, tlGiantSendOffloadSupported: true,
  };
  return {
    family, interfaceLuid: luid, interfaceIndex: index, maxReassemblySize: 65535, interfaceIdentifier: 0n,
    minRouterAdvertisementInterval: 200, maxRouterAdvertisementInterval: 600, advertisingEnabled: false, forwardingEnabled: false,
    weakHostSend: false, weakHostReceive: false, useAutomaticMetric: true, useNeighborUnreachabilityDetection: family === 23,
    managedAddressConfigurationSupported: false, otherStatefulConfigurationSupported: false, advertiseDefaultRoute: false,
    routerDiscoveryBehavior: 2, dadTransmits: 1, baseReachableTime: 30000, retransmitTime: 1000, pathMtuDiscoveryTimeout: 600000,
    linkLocalAddressBehavior: 2, linkLocalAddressTimeout: 0, zoneIndices: [index, index, index, index, index, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0],
    sitePrefixLength: family === 2 ? 64 : 0, metric: FAKE_INTERFACE_METRIC, nlMtu: 1500, connected: true, supportsWakeUpPatterns: true,
    supportsNeighborDiscovery: true, supportsRouterDiscovery: true, reachableTime: 33000, transmitOffload: { ...offload },
    receiveOffload: { ...offload }, disableDefaultRoutes: false,
  };
}

export function routeKey(r: Pick<WireIpforwardRow2, 'interfaceLuid' | 'destinationPrefix' | 'nextHop'>): string {
  return `${r.interfaceLuid}|${r.destinationPrefix}|${r.nextHop}`;
}

/** Builds the binding from its Sync half: the async twin of each runs the same code in a microtask. */
export function createFakeBinding(initialInterfaces: FakeInterface[] = FAKE_INTERFACES): FakeBinding {
  const interfaces = [...initialInterfaces]; // vanish() changes this fake's list only
  const calls: { name: string; args: unknown[] }[] = [];
  const missing = new Set<string>();
  const routes = new Map<string, WireIpforwardRow2>();
  const neighbors = new Map<string, WireIpnetRow2>();
  const resolvable = new Map<string, string>();
  const neighborKey = (luid: bigint, address: string) => `${luid}|${address}`;
  const anycast = new Map<string, WireAnycastRow>();
  const unicast = new Map<string, WireUnicastRow>();
  const ipInterfaces = new Map<string, WireIpInterfaceRow>();
  for (const i of interfaces) {
    ipInterfaces.set(`${i.luid}|2`, fakeIpInterface(i.luid, i.index, 2));
    // The Wi-Fi adapter has no IPv6 binding.
    if (i.type !== 71) ipInterfaces.set(`${i.luid}|23`, fakeIpInterface(i.luid, i.index, 23));
  }
  const unicastRow = (i: FakeInterface, address: string, onLink: number, origin: number): WireUnicastRow => ({
    address, interfaceLuid: i.luid, interfaceIndex: i.index, prefixOrigin: origin, suffixOrigin: origin, validLifetime: 0xffffffff,
    preferredLifetime: 0xffffffff, onLinkPrefixLength: onLink, skipAsSource: false, dadState: 4, scopeId: 0, creationTimeStamp: FAKE_CREATION_TICKS,
  });
  if (interfaces[1]) {
    unicast.set(neighborKey(interfaces[1].luid, '192.0.2.10'), unicastRow(interfaces[1], '192.0.2.10', 24, 3));
    unicast.set(neighborKey(interfaces[1].luid, 'fe80::10%12'), unicastRow(interfaces[1], 'fe80::10%12', 64, 2));
  }
  const familyOfAddress = (address: string): number => (address.includes(':') ? 23 : 2);
  const initialized = { route: fakeInitializedRoute(), unicast: fakeInitializedUnicast(), ipInterface: fakeInitializedIpInterface() };
  const osRows: { syscall: string; row: unknown }[] = [];
  /** As src-native does: the Initialize… output, with the members the caller gave written over it. */
  const asSent = <T extends object>(syscall: string, base: T, given: object): T => {
    const row = structuredClone(base) as Record<string, unknown>;
    for (const [key, value] of Object.entries(given)) {
      if (value === undefined) continue;
      // Within an offload object, the flags left out keep Initialize's bits too.
      if (key === 'transmitOffload' || key === 'receiveOffload') Object.assign(row[key] as InterfaceOffload, value);
      else row[key] = value;
    }
    osRows.push({ syscall, row: structuredClone(row) });
    return row as T;
  };
  const sentRoute = (syscall: string, row: WireIpforwardRow2In) => asSent(syscall, initialized.route, row);
  const sentUnicast = (syscall: string, row: WireUnicastRowIn) => asSent(syscall, initialized.unicast, row) as WireUnicastRow & { address: string };
  const sentIpInterface = (syscall: string, row: WireIpInterfaceRowIn) => asSent(syscall, initialized.ipInterface, row);
  const state = { elevated: true, anycastEmpty: 'notFound' as 'notFound' | 'emptyTable', setTcpEntryCloses: true };
  const subscriptions: FakeSubscription[] = [];
  const scheduleDelivery = (sub: FakeSubscription, dispatch: WireDispatch<unknown>): void => {
    setImmediate(() => {
      const batch = sub.pending.splice(0);
      for (const e of batch) {
        if (sub.osCancels > 0) return;
        dispatch(e.type, e.row);
      }
      if (sub.overflowed && sub.osCancels === 0) {
        sub.overflowed = false;
        dispatch(-1, null);
      }
    });
  };
  const dispatchers = new Map<FakeSubscription, WireDispatch<unknown>>();
  const register = (kind: FakeKind, syscall: string) => (family: number, dispatch: WireDispatch<unknown>, initial: boolean, queueSize: number): WireNotificationHandle => {
    exported(syscall);
    const sub: FakeSubscription = {
      kind, family, queueSize, pending: [], overflowed: false, refed: false, cancelCalls: 0, osCancels: 0,
      handle: {
        cancel() {
          sub.cancelCalls++;
          if (sub.osCancels === 0) sub.osCancels++;
        },
        ref() {
          sub.refed = true;
          return sub.handle;
        },
        unref() {
          sub.refed = false;
          return sub.handle;
        },
        get cancelled() {
          return sub.osCancels > 0;
        },
      },
    };
    subscriptions.push(sub);
    dispatchers.set(sub, dispatch);
    if (initial) {
      // The connectivity hint comes with its value and no notification type (0 to JS); the
      // Teredo port comes with the port; the tables' initial notification has no row.
      sub.pending.push(kind === 'connectivity' ? { type: 0, row: { ...connectivity.current } } : kind === 'teredo' ? { type: 3, row: teredo.port } : { type: 3, row: null });
      scheduleDelivery(sub, dispatch);
    }
    return sub.handle;
  };
  const connectivity = {
    current: { connectivityLevel: 3, connectivityCost: 1, approachingDataLimit: false, overDataLimit: false, roaming: false } as WireConnectivityHint,
  };
  const teredo = { port: 0 };
  const emit = (kind: FakeKind, type: number, row: unknown): void => {
    for (const sub of subscriptions) {
      if (sub.kind !== kind || sub.osCancels > 0) continue;
      if (sub.pending.length >= sub.queueSize) {
        sub.overflowed = true;
      } else {
        sub.pending.push({ type, row });
      }
      scheduleDelivery(sub, dispatchers.get(sub)!);
    }
  };
  const flush = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
  const storedNeighbor = (syscall: string, row: WireIpnetRow2): WireIpnetRow2 => {
    const i = rowInterface(syscall, row);
    const found = neighbors.get(neighborKey(i.luid, row.address));
    if (!found) throw new NativeFailure(1168, syscall, 'Element not found.');
    return found;
  };
  const loopbackCheck = (syscall: string, address: string): void => {
    if (address.startsWith('127.') || address === '::1') throw new NativeFailure(87, syscall, 'The parameter is incorrect.');
  };
  const failNext = new Map<string, number[]>();
  const dnsServers: string[] = ['192.0.2.53', '2001:db8::53'];
  const echoHosts = new Map<string, FakeEcho | FakeEcho[]>();
  const echo = (syscall: string) => (destination: string, _source: string | null, data: Uint8Array): WireEchoReply[] => {
    exported(syscall);
    const v6 = destination.includes(':');
    const scripted = echoHosts.get(destination);
    const answer = Array.isArray(scripted) ? (scripted.length > 1 ? scripted.shift()! : scripted[0]!) : scripted;
    const status = answer?.status ?? 11010;
    const from = answer?.from ?? (status === 11010 ? (v6 ? '::' : '0.0.0.0') : destination);
    const ok = status === 0;
    return [{
      address: from, status, roundTripTime: answer?.rtt ?? (ok ? 1 : 0),
      ttl: v6 ? null : ok ? answer?.ttl ?? 128 : 0, tos: v6 ? null : 0, flags: v6 ? null : 0,
      dataSize: v6 ? null : ok ? data.length : 0,
    }];
  };
  const byLuid = (syscall: string, luid: bigint): FakeInterface => {
    const found = interfaces.find((i) => i.luid === luid);
    if (!found) throw new NativeFailure(2, syscall, 'The system cannot find the file specified.');
    return found;
  };
  const exported = (syscall: string): void => {
    if (missing.has(syscall)) throw new NativeFailure(50, syscall, '', true);
    const planned = failNext.get(syscall)?.shift();
    if (planned !== undefined) throw new NativeFailure(planned, syscall);
  };
  const write = (syscall: string): void => {
    exported(syscall);
    if (!state.elevated) throw new NativeFailure(5, syscall, 'Access is denied.');
  };
  /**
   * The interface a row names, LUID first. What WINDOWS-FACTS.md records: an index that
   * names no interface is ERROR_FILE_NOT_FOUND (2), a LUID that names none ERROR_NOT_FOUND
   * (1168), as GetBestRoute2 and GetIpInterfaceEntry answer.
   */
  const rowInterface = (syscall: string, row: WireInterfaceKey): FakeInterface => {
    if (row.interfaceLuid !== 0n) {
      const found = interfaces.find((i) => i.luid === row.interfaceLuid);
      if (!found) throw new NativeFailure(1168, syscall, 'Element not found.');
      return found;
    }
    const found = interfaces.find((i) => i.index === row.interfaceIndex);
    if (!found) throw new NativeFailure(2, syscall, 'The system cannot find the file specified.');
    return found;
  };
  const storedRoute = (syscall: string, row: WireIpforwardRow2): WireIpforwardRow2 => {
    const i = rowInterface(syscall, row);
    const found = routes.get(routeKey({ ...row, interfaceLuid: i.luid }));
    if (!found) throw new NativeFailure(1168, syscall, 'Element not found.');
    return found;
  };
  const familyOf = (prefix: string): number => (prefix.includes(':') ? 23 : 2);
  const sockets = { tcp: [] as FakeTcpSocket[], udp: [] as FakeUdpSocket[] };
  const processes = new Map<number, string>();
  const addressKey = (address: string) => Array.from(parseIp(address)?.bytes ?? [], (b) => b.toString(16).padStart(2, '0')).join('');
  const bySocket = (a: { localAddress: string; localPort: number; remoteAddress?: string; remotePort?: number }, b: typeof a) =>
    addressKey(a.localAddress).localeCompare(addressKey(b.localAddress)) ||
    a.localPort - b.localPort ||
    addressKey(a.remoteAddress ?? '0.0.0.0').localeCompare(addressKey(b.remoteAddress ?? '0.0.0.0')) ||
    (a.remotePort ?? 0) - (b.remotePort ?? 0);
  const ownerModule = (syscall: string, row: { owningPid: number; owningModuleInfo: bigint[] }) => {
    exported(syscall);
    // As documented: ERROR_NOT_FOUND when dwOwningPid is 0 or cannot be found.
    const name = row.owningPid === 0 ? undefined : processes.get(row.owningPid);
    if (name === undefined || row.owningModuleInfo[0] !== BigInt(row.owningPid)) throw new NativeFailure(1168, syscall, 'Element not found.');
    return { moduleName: name, modulePath: `C:\\Program Files\\fake\\${name}` };
  };
  const dnsSettings = new Map<string, WireDnsInterfaceSettings>();
  const emptyDns = (ipv6: boolean): WireDnsInterfaceSettings => ({
    version: 2, flags: ipv6 ? 1 : 0, domain: '', nameServer: '', searchList: '', registrationEnabled: true, registerAdapterName: false,
    enableLlmnr: true, queryAdapterName: true, profileNameServer: '', disableUnconstrainedQueries: false, supplementalSearchList: '',
  });
  const dnsState = { version1Only: false, stablePending: false };
  const globalDns: WireDnsSettings = { version: 1, flags: 0, hostname: 'fakehost', domain: 'corp.example.com', searchList: 'corp.example.com,example.com' };
  const byGuid = (syscall: string, guid: string): FakeInterface => {
    const found = interfaces.find((i) => i.guid === guid);
    if (!found) throw new NativeFailure(2, syscall, 'The system cannot find the file specified.');
    return found;
  };
  const paths: WireIpPathRow[] = interfaces[1]
    ? [{
        source: '192.0.2.10', destination: '192.0.2.1', interfaceLuid: interfaces[1].luid, interfaceIndex: interfaces[1].index, currentNextHop: '192.0.2.1',
        pathMtu: 1500, rttMean: 3, rttDeviation: 1, lastReachable: 2500, lastUnreachable: 2500, isReachable: true,
        linkTransmitSpeed: 1_000_000_000n, linkReceiveSpeed: 1_000_000_000n,
      }]
    : [];
  const multicast: WireMulticastRow[] = interfaces.flatMap((i) => [
    { address: '224.0.0.1', interfaceLuid: i.luid, interfaceIndex: i.index, scopeId: i.index },
    { address: 'ff02::1', interfaceLuid: i.luid, interfaceIndex: i.index, scopeId: i.index },
  ]);
  const compartments = { thread: 1, sessions: new Map<number, number>([[0, 1], [1, 1]]) };
  const stats = { v4: 1000, v6: 10 };
  const ifRowAt = (i: FakeInterface, level: number): WireIfRow2 => {
    const row = ifRow(i);
    if (level !== 2) return row;
    const counters = Object.keys(row).filter((k) => /^(in|out)[A-Z]/.test(k));
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, counters.includes(k) ? 0n : v])) as unknown as WireIfRow2;
  };
  const sync: SyncPart = {
    convertInterfaceLuidToIndexSync: (luid) => (exported('ConvertInterfaceLuidToIndex'), byLuid('ConvertInterfaceLuidToIndex', luid).index),
    convertInterfaceIndexToLuidSync: (index) => {
      exported('ConvertInterfaceIndexToLuid');
      // Index 0 names no interface either: ERROR_FILE_NOT_FOUND, as Windows answers.
      const found = interfaces.find((i) => i.index === index);
      if (!found) throw new NativeFailure(2, 'ConvertInterfaceIndexToLuid', 'The system cannot find the file specified.');
      return found.luid;
    },
    convertInterfaceAliasToLuidSync: (alias) => {
      exported('ConvertInterfaceAliasToLuid');
      const found = interfaces.find((i) => i.alias === alias);
      if (!found) throw new NativeFailure(87, 'ConvertInterfaceAliasToLuid', 'The parameter is incorrect.');
      return found.luid;
    },
    convertInterfaceLuidToAliasSync: (luid) => (exported('ConvertInterfaceLuidToAlias'), byLuid('ConvertInterfaceLuidToAlias', luid).alias),
    convertInterfaceLuidToGuidSync: (luid) => (exported('ConvertInterfaceLuidToGuid'), byLuid('ConvertInterfaceLuidToGuid', luid).guid),
    convertInterfaceGuidToLuidSync: (guid) => {
      exported('ConvertInterfaceGuidToLuid');
      const found = interfaces.find((i) => i.guid === guid);
      if (!found) throw new NativeFailure(2, 'ConvertInterfaceGuidToLuid');
      return found.luid;
    },
    convertInterfaceLuidToNameSync: (luid) => (exported('ConvertInterfaceLuidToNameW'), byLuid('ConvertInterfaceLuidToNameW', luid).name),
    convertInterfaceNameToLuidSync: (name) => {
      exported('ConvertInterfaceNameToLuidW');
      const found = interfaces.find((i) => i.name === name);
      // As documented: a name that is not valid, empty or too long included, is ERROR_INVALID_NAME.
      if (!found) throw new NativeFailure(123, 'ConvertInterfaceNameToLuidW', 'The filename, directory name, or volume label syntax is incorrect.');
      return found.luid;
    },
    getIfTable2Sync: () => (exported('GetIfTable2'), encodeIfRows(interfaces.map(ifRow))),
    createIpForwardEntry2Sync: (given) => {
      write('CreateIpForwardEntry2');
      const row = sentRoute('CreateIpForwardEntry2', given);
      const i = rowInterface('CreateIpForwardEntry2', row);
      const stored: WireIpforwardRow2 = {
        ...row,
        interfaceLuid: i.luid,
        interfaceIndex: i.index,
        sitePrefixLength: row.sitePrefixLength === 255 ? 0 : row.sitePrefixLength,
        metric: row.metric === 0xffffffff ? 0 : row.metric,
        protocol: row.protocol === 0xffffffff ? 3 : row.protocol,
        age: 0,
        origin: 0,
      };
      if (routes.has(routeKey(stored))) throw new NativeFailure(5010, 'CreateIpForwardEntry2', 'The object already exists.');
      routes.set(routeKey(stored), stored);
    },
    deleteIpForwardEntry2Sync: (given) => {
      write('DeleteIpForwardEntry2');
      routes.delete(routeKey(storedRoute('DeleteIpForwardEntry2', sentRoute('DeleteIpForwardEntry2', given))));
    },
    setIpForwardEntry2Sync: (given) => {
      write('SetIpForwardEntry2');
      const row = sentRoute('SetIpForwardEntry2', given);
      const stored = storedRoute('SetIpForwardEntry2', row);
      Object.assign(stored, {
        metric: row.metric === 0xffffffff ? stored.metric : row.metric,
        validLifetime: row.validLifetime,
        preferredLifetime: row.preferredLifetime,
        publish: row.publish,
        immortal: row.immortal,
      });
    },
    getIpForwardEntry2Sync: (row) => (exported('GetIpForwardEntry2'), encodeForwardRows([storedRoute('GetIpForwardEntry2', sentRoute('GetIpForwardEntry2', row))])),
    getIpForwardTable2Sync: (family) => {
      exported('GetIpForwardTable2');
      return encodeForwardRows([...routes.values()].filter((r) => family === 0 || familyOf(r.destinationPrefix) === family));
    },
    // Where the function is not exported the binding writes the documented values, which is what this fake's own function writes too.
    initializeIpForwardEntrySync: () => encodeForwardRows([structuredClone(initialized.route)]),
    getBestRoute2Sync: (destination, source, interfaceLuid, interfaceIndex) => {
      exported('GetBestRoute2');
      // What WINDOWS-FACTS.md records: a LUID that names no interface is ERROR_NOT_FOUND, an
      // index alone ERROR_FILE_NOT_FOUND; a source of another family is ignored.
      if (interfaceLuid !== 0n && !interfaces.some((i) => i.luid === interfaceLuid)) throw new NativeFailure(1168, 'GetBestRoute2', 'Element not found.');
      if (interfaceLuid === 0n && interfaceIndex !== 0 && !interfaces.some((i) => i.index === interfaceIndex)) {
        throw new NativeFailure(2, 'GetBestRoute2', 'The system cannot find the file specified.');
      }
      const dest = parseIp(destination)!;
      // Windows can answer with a zeroed route (no interface, an unset prefix), e.g. with a
      // LUID given, source ::1 and a link-local destination.
      if (interfaceLuid !== 0n && source === '::1' && destination.toLowerCase().startsWith('fe80:')) {
        return { route: encodeForwardRows([{ ...fakeInitializedRoute(), metric: 0, protocol: 0, sitePrefixLength: 0, validLifetime: 0, preferredLifetime: 0, loopback: false, autoconfigureAddress: false, publish: false, immortal: false }]), sourceAddress: '::1', interfaceMetric: null };
      }
      let best: WireIpforwardRow2 | undefined;
      let bestLength = -1;
      for (const r of routes.values()) {
        const p = parsePrefix(r.destinationPrefix)!;
        if (p.address.family !== dest.family) continue;
        if (interfaceLuid !== 0n && r.interfaceLuid !== interfaceLuid) continue;
        if (interfaceLuid === 0n && interfaceIndex !== 0 && r.interfaceIndex !== interfaceIndex) continue;
        if (formatIp(networkOf(dest, p.length)) !== formatIp(networkOf(p.address, p.length))) continue;
        if (p.length > bestLength || (p.length === bestLength && best && r.metric < best.metric)) {
          best = r;
          bestLength = p.length;
        }
      }
      if (!best) throw new NativeFailure(1231, 'GetBestRoute2', 'The network location cannot be reached.');
      return { route: encodeForwardRows([best]), sourceAddress: dest.family === 2 ? '192.0.2.100' : '2001:db8::100', interfaceMetric: FAKE_INTERFACE_METRIC };
    },
    createIpNetEntry2Sync: (row) => {
      write('CreateIpNetEntry2');
      loopbackCheck('CreateIpNetEntry2', row.address);
      const i = rowInterface('CreateIpNetEntry2', row);
      const key = neighborKey(i.luid, row.address);
      if (neighbors.has(key)) throw new NativeFailure(5010, 'CreateIpNetEntry2', 'The object already exists.');
      neighbors.set(key, { ...row, interfaceLuid: i.luid, interfaceIndex: i.index, reachabilityTime: { lastReachable: 0, lastUnreachable: 0 } });
    },
    deleteIpNetEntry2Sync: (row) => {
      write('DeleteIpNetEntry2');
      const stored = storedNeighbor('DeleteIpNetEntry2', row);
      neighbors.delete(neighborKey(stored.interfaceLuid, stored.address));
    },
    setIpNetEntry2Sync: (row) => {
      write('SetIpNetEntry2');
      Object.assign(storedNeighbor('SetIpNetEntry2', row), { physicalAddress: row.physicalAddress, physicalAddressLength: row.physicalAddressLength, state: row.state });
    },
    getIpNetEntry2Sync: (row) => (exported('GetIpNetEntry2'), structuredClone(storedNeighbor('GetIpNetEntry2', row))),
    getIpNetTable2Sync: (family) => {
      exported('GetIpNetTable2');
      return [...neighbors.values()].filter((n) => family === 0 || (n.address.includes(':') ? 23 : 2) === family).map((n) => structuredClone(n));
    },
    flushIpNetTable2Sync: (family, interfaceIndex) => {
      write('FlushIpNetTable2');
      for (const [key, n] of neighbors) {
        const inFamily = family === 0 || (n.address.includes(':') ? 23 : 2) === family;
        if (inFamily && (interfaceIndex === 0 || n.interfaceIndex === interfaceIndex) && n.state !== 6) neighbors.delete(key);
      }
    },
    resolveIpNetEntry2Sync: (row) => {
      exported('ResolveIpNetEntry2');
      const i = rowInterface('ResolveIpNetEntry2', row);
      const cached = neighbors.get(neighborKey(i.luid, row.address));
      if (cached) return structuredClone(cached);
      const mac = resolvable.get(row.address);
      if (mac === undefined) throw new NativeFailure(67, 'ResolveIpNetEntry2', 'The network name cannot be found.');
      const resolved: WireIpnetRow2 = { ...row, interfaceLuid: i.luid, interfaceIndex: i.index, physicalAddress: mac, physicalAddressLength: 6, state: 5 };
      neighbors.set(neighborKey(i.luid, row.address), resolved);
      return structuredClone(resolved);
    },
    createAnycastIpAddressEntrySync: (row) => {
      write('CreateAnycastIpAddressEntry');
      const i = rowInterface('CreateAnycastIpAddressEntry', row);
      const key = neighborKey(i.luid, row.address);
      if (anycast.has(key)) throw new NativeFailure(5010, 'CreateAnycastIpAddressEntry');
      anycast.set(key, { address: row.address, interfaceLuid: i.luid, interfaceIndex: i.index, scopeId: i.index });
    },
    deleteAnycastIpAddressEntrySync: (row) => {
      write('DeleteAnycastIpAddressEntry');
      const i = rowInterface('DeleteAnycastIpAddressEntry', row);
      if (!anycast.delete(neighborKey(i.luid, row.address))) throw new NativeFailure(1168, 'DeleteAnycastIpAddressEntry');
    },
    getAnycastIpAddressEntrySync: (row) => {
      exported('GetAnycastIpAddressEntry');
      const found = anycast.get(neighborKey(rowInterface('GetAnycastIpAddressEntry', row).luid, row.address));
      if (!found) throw new NativeFailure(1168, 'GetAnycastIpAddressEntry');
      return { ...found };
    },
    getAnycastIpAddressTableSync: (family) => {
      exported('GetAnycastIpAddressTable');
      const rows = [...anycast.values()].filter((r) => family === 0 || familyOfAddress(r.address) === family);
      // As documented, no entries is STATUS_NOT_FOUND; whether Windows says so or returns an empty table is not known.
      if (rows.length === 0 && state.anycastEmpty === 'notFound') throw new NativeFailure(1168, 'GetAnycastIpAddressTable', 'Element not found.');
      return rows.map((r) => ({ ...r }));
    },
    createUnicastIpAddressEntrySync: (given) => {
      write('CreateUnicastIpAddressEntry');
      const row = sentUnicast('CreateUnicastIpAddressEntry', given);
      const i = rowInterface('CreateUnicastIpAddressEntry', row);
      const key = neighborKey(i.luid, row.address);
      if (unicast.has(key)) throw new NativeFailure(5010, 'CreateUnicastIpAddressEntry');
      unicast.set(key, { ...row, interfaceLuid: i.luid, interfaceIndex: i.index, dadState: 4, creationTimeStamp: FAKE_CREATION_TICKS });
    },
    deleteUnicastIpAddressEntrySync: (given) => {
      write('DeleteUnicastIpAddressEntry');
      const row = sentUnicast('DeleteUnicastIpAddressEntry', given);
      if (!unicast.delete(neighborKey(rowInterface('DeleteUnicastIpAddressEntry', row).luid, row.address))) {
        throw new NativeFailure(1168, 'DeleteUnicastIpAddressEntry');
      }
    },
    setUnicastIpAddressEntrySync: (given) => {
      write('SetUnicastIpAddressEntry');
      const row = sentUnicast('SetUnicastIpAddressEntry', given);
      const found = unicast.get(neighborKey(rowInterface('SetUnicastIpAddressEntry', row).luid, row.address));
      if (!found) throw new NativeFailure(1168, 'SetUnicastIpAddressEntry');
      Object.assign(found, { validLifetime: row.validLifetime, preferredLifetime: row.preferredLifetime, skipAsSource: row.skipAsSource });
    },
    getUnicastIpAddressEntrySync: (given) => {
      exported('GetUnicastIpAddressEntry');
      const row = sentUnicast('GetUnicastIpAddressEntry', given);
      const found = unicast.get(neighborKey(rowInterface('GetUnicastIpAddressEntry', row).luid, row.address));
      if (!found) throw new NativeFailure(1168, 'GetUnicastIpAddressEntry');
      return { ...found };
    },
    getUnicastIpAddressTableSync: (family) => {
      exported('GetUnicastIpAddressTable');
      return [...unicast.values()].filter((r) => family === 0 || familyOfAddress(r.address ?? '') === family).map((r) => ({ ...r }));
    },
    initializeUnicastIpAddressEntrySync: () => structuredClone(initialized.unicast),
    getIpInterfaceEntrySync: (given) => {
      exported('GetIpInterfaceEntry');
      const row = sentIpInterface('GetIpInterfaceEntry', given);
      const found = ipInterfaces.get(`${rowInterface('GetIpInterfaceEntry', row).luid}|${row.family}`);
      if (!found) throw new NativeFailure(1168, 'GetIpInterfaceEntry', 'Element not found.');
      return structuredClone(found);
    },
    setIpInterfaceEntrySync: (given) => {
      write('SetIpInterfaceEntry');
      const row = sentIpInterface('SetIpInterfaceEntry', given);
      const key = `${rowInterface('SetIpInterfaceEntry', row).luid}|${row.family}`;
      const current = ipInterfaces.get(key);
      if (!current) throw new NativeFailure(1168, 'SetIpInterfaceEntry');
      // Windows reads IPv4 rows back with SitePrefixLength 64 and takes them only with 0.
      if (row.family === 2 && row.sitePrefixLength !== 0) throw new NativeFailure(87, 'SetIpInterfaceEntry', 'The parameter is incorrect.');
      ipInterfaces.set(key, { ...structuredClone(row), interfaceLuid: current.interfaceLuid, interfaceIndex: current.interfaceIndex, sitePrefixLength: current.sitePrefixLength });
    },
    getIpInterfaceTableSync: (family) => {
      exported('GetIpInterfaceTable');
      return [...ipInterfaces.values()].filter((r) => family === 0 || r.family === family).map((r) => structuredClone(r));
    },
    initializeIpInterfaceEntrySync: () => structuredClone(initialized.ipInterface),
    notifyRouteChange2Sync: register('route', 'NotifyRouteChange2') as never,
    notifyUnicastIpAddressChangeSync: register('unicast', 'NotifyUnicastIpAddressChange') as never,
    notifyIpInterfaceChangeSync: register('interface', 'NotifyIpInterfaceChange') as never,
    icmpSendEcho2ExSync: echo('IcmpSendEcho2Ex'),
    icmp6SendEcho2Sync: echo('Icmp6SendEcho2'),
    getIfTable2ExSync: (level) => (exported('GetIfTable2Ex'), encodeIfRows(interfaces.map((i) => ifRowAt(i, level)))),
    getIfEntry2ExSync: (level, key) => {
      exported('GetIfEntry2Ex');
      const found = key.interfaceLuid !== 0n ? interfaces.find((i) => i.luid === key.interfaceLuid) : interfaces.find((i) => i.index === key.interfaceIndex);
      if (!found) throw new NativeFailure(2, 'GetIfEntry2Ex');
      return encodeIfRows([ifRowAt(found, level)]);
    },
    getInterfaceDnsSettingsSync: (guid, ipv6) => {
      exported('GetInterfaceDnsSettings');
      byGuid('GetInterfaceDnsSettings', guid);
      const stored = dnsSettings.get(`${guid}|${ipv6 ? 6 : 4}`) ?? emptyDns(ipv6);
      return dnsState.version1Only ? { ...stored, version: 1, disableUnconstrainedQueries: false, supplementalSearchList: '' } : { ...stored };
    },
    setInterfaceDnsSettingsSync: (guid, settings) => {
      write('SetInterfaceDnsSettings');
      byGuid('SetInterfaceDnsSettings', guid);
      const ipv6 = (settings.flags & 1) !== 0;
      const key = `${guid}|${ipv6 ? 6 : 4}`;
      const stored = dnsSettings.get(key) ?? emptyDns(ipv6);
      const members: [keyof WireDnsInterfaceSettings, number][] = [
        ['nameServer', 0x2], ['searchList', 0x4], ['registrationEnabled', 0x8], ['registerAdapterName', 0x10], ['domain', 0x20],
        ['enableLlmnr', 0x80], ['queryAdapterName', 0x100], ['profileNameServer', 0x200], ['disableUnconstrainedQueries', 0x400],
        ['supplementalSearchList', 0x800],
      ];
      for (const [member, flag] of members) {
        if ((settings.flags & flag) !== 0) (stored as unknown as Record<string, unknown>)[member] = settings[member as keyof typeof settings];
      }
      dnsSettings.set(key, stored);
    },
    getDnsSettingsSync: () => (exported('GetDnsSettings'), { ...globalDns }),
    setDnsSettingsSync: (settings) => {
      write('SetDnsSettings');
      if (settings.flags & 0x40) globalDns.hostname = settings.hostname!;
      if (settings.flags & 0x20) globalDns.domain = settings.domain!;
      if (settings.flags & 0x4) globalDns.searchList = settings.searchList!;
    },
    getNetworkConnectivityHintSync: () => (exported('GetNetworkConnectivityHint'), { ...connectivity.current }),
    getNetworkConnectivityHintForInterfaceSync: (index) => {
      exported('GetNetworkConnectivityHintForInterface');
      if (!interfaces.some((i) => i.index === index)) throw new NativeFailure(2, 'GetNetworkConnectivityHintForInterface');
      return { ...connectivity.current };
    },
    notifyNetworkConnectivityHintChangeSync: ((dispatch: WireDispatch<unknown>, initial: boolean, queueSize: number) =>
      register('connectivity', 'NotifyNetworkConnectivityHintChange')(0, dispatch, initial, queueSize)) as never,
    notifyTeredoPortChangeSync: ((dispatch: WireDispatch<unknown>, initial: boolean, queueSize: number) =>
      register('teredo', 'NotifyTeredoPortChange')(0, dispatch, initial, queueSize)) as never,
    notifyStableUnicastIpAddressTableSync: ((family: number, dispatch: WireDispatch<unknown>, queueSize: number) => {
      exported('NotifyStableUnicastIpAddressTable');
      if (!dnsState.stablePending) {
        return { table: [...unicast.values()].filter((r) => family === 0 || familyOfAddress(r.address ?? '') === family).map((r) => ({ ...r })), handle: null };
      }
      return { table: null, handle: register('stable', 'NotifyStableUnicastIpAddressTable')(family, dispatch, false, queueSize) };
    }) as never,
    getMulticastIpAddressEntrySync: (row) => {
      exported('GetMulticastIpAddressEntry');
      const i = rowInterface('GetMulticastIpAddressEntry', row);
      const found = multicast.find((m) => m.interfaceLuid === i.luid && m.address === row.address);
      if (!found) throw new NativeFailure(1168, 'GetMulticastIpAddressEntry', 'Element not found.');
      return { ...found };
    },
    getMulticastIpAddressTableSync: (family) => {
      exported('GetMulticastIpAddressTable');
      return multicast.filter((m) => family === 0 || familyOfAddress(m.address) === family).map((m) => ({ ...m }));
    },
    getIpPathEntrySync: (row) => {
      exported('GetIpPathEntry');
      const i = rowInterface('GetIpPathEntry', row);
      const found = paths.find((p) => p.interfaceLuid === i.luid && p.destination === row.destination && (row.source === null || p.source === row.source));
      if (!found) throw new NativeFailure(1168, 'GetIpPathEntry', 'Element not found.');
      return { ...found };
    },
    getIpPathTableSync: (family) => {
      exported('GetIpPathTable');
      return paths.filter((p) => family === 0 || familyOfAddress(p.destination!) === family).map((p) => ({ ...p }));
    },
    flushIpPathTableSync: (family) => {
      write('FlushIpPathTable');
      for (let i = paths.length - 1; i >= 0; i--) if (family === 0 || familyOfAddress(paths[i]!.destination!) === family) paths.splice(i, 1);
    },
    getIfStackTableSync: () => (exported('GetIfStackTable'), interfaces.map((i) => ({ higherLayerInterfaceIndex: i.index, lowerLayerInterfaceIndex: 0 }))),
    getInvertedIfStackTableSync: () => (exported('GetInvertedIfStackTable'), interfaces.map((i) => ({ lowerLayerInterfaceIndex: 0, higherLayerInterfaceIndex: i.index }))),
    getTeredoPortSync: () => (exported('GetTeredoPort'), teredo.port),
    createSortedAddressPairsSync: (destinations) => {
      exported('CreateSortedAddressPairs');
      if (destinations.length === 0 || destinations.length > 500) throw new NativeFailure(87, 'CreateSortedAddressPairs');
      // Native IPv6 first, then IPv4-mapped, each with a source of its kind.
      const mapped = (d: string) => d.startsWith('::ffff:');
      return [...destinations.filter((d) => !mapped(d)), ...destinations.filter(mapped)].map((d) => ({
        sourceAddress: mapped(d) ? '::ffff:192.0.2.10' : '2001:db8::100',
        destinationAddress: d,
      }));
    },
    convertLengthToIpv4MaskSync: (length) => {
      exported('ConvertLengthToIpv4Mask');
      if (length > 32) throw new NativeFailure(87, 'ConvertLengthToIpv4Mask');
      const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
      return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 0xff).join('.');
    },
    convertIpv4MaskToLengthSync: (mask) => {
      exported('ConvertIpv4MaskToLength');
      const bits = mask.split('.').reduce((n, b) => n * 256 + Number(b), 0);
      let length = 0;
      while (length < 32 && (bits & (0x80000000 >>> length)) !== 0) length++;
      return length;
    },
    ifNameToIndexSync: (name) => {
      exported('if_nametoindex');
      const found = interfaces.find((i) => i.name === name);
      if (!found) throw new NativeFailure(2, 'if_nametoindex');
      return found.index;
    },
    ifIndexToNameSync: (index) => {
      exported('if_indextoname');
      const found = interfaces.find((i) => i.index === index);
      if (!found) throw new NativeFailure(2, 'if_indextoname');
      return found.name;
    },
    getIpNetworkConnectionBandwidthEstimatesSync: (index) => {
      exported('GetIpNetworkConnectionBandwidthEstimates');
      if (!interfaces.some((i) => i.index === index)) throw new NativeFailure(2, 'GetIpNetworkConnectionBandwidthEstimates');
      const estimate = { bandwidth: 100_000_000n, instability: 1_000n, bandwidthPeaked: false };
      return { inboundBandwidthInformation: { ...estimate }, outboundBandwidthInformation: { ...estimate } };
    },
    getCurrentThreadCompartmentIdSync: () => (exported('GetCurrentThreadCompartmentId'), compartments.thread),
    setCurrentThreadCompartmentIdSync: (id) => {
      write('SetCurrentThreadCompartmentId');
      compartments.thread = id;
    },
    getSessionCompartmentIdSync: (session) => (exported('GetSessionCompartmentId'), compartments.sessions.get(session) ?? 0),
    setSessionCompartmentIdSync: (session, id) => {
      write('SetSessionCompartmentId');
      compartments.sessions.set(session, id);
    },
    getDefaultCompartmentIdSync: () => (exported('GetDefaultCompartmentId'), 1),
    getNetworkInformationSync: (guid) => {
      exported('GetNetworkInformation');
      if (guid !== '{00000000-0000-0000-0000-000000000000}') throw new NativeFailure(1168, 'GetNetworkInformation');
      return { compartmentId: 1, siteId: 0, networkName: 'Network' };
    },
    setNetworkInformationSync: () => write('SetNetworkInformation'),
    getIpStatisticsExSync: (family) => {
      exported('GetIpStatisticsEx');
      const n = family === 2 ? stats.v4 : stats.v6;
      return {
        forwarding: 2, defaultTtl: 128, inReceives: n, inHdrErrors: 0, inAddrErrors: 0, forwDatagrams: 0, inUnknownProtos: 0, inDiscards: 1,
        inDelivers: n - 1, outRequests: n, routingDiscards: 0, outDiscards: 0, outNoRoutes: 0, reasmTimeout: 60, reasmReqds: 0, reasmOks: 0,
        reasmFails: 0, fragOks: 0, fragFails: 0, fragCreates: 0, numIf: interfaces.length, numAddr: unicast.size, numRoutes: routes.size,
      };
    },
    getTcpStatisticsExSync: (family) => {
      exported('GetTcpStatisticsEx');
      const n = family === 2 ? stats.v4 : stats.v6;
      return {
        rtoAlgorithm: 4, rtoMin: 300, rtoMax: 120000, maxConn: 0xffffffff, activeOpens: 10, passiveOpens: 5, attemptFails: 1, estabResets: 2,
        currEstab: 3, inSegs: n, outSegs: n, retransSegs: 0, inErrs: 0, outRsts: 1, numConns: 4,
      };
    },
    getUdpStatisticsExSync: (family) => {
      exported('GetUdpStatisticsEx');
      const n = family === 2 ? stats.v4 : stats.v6;
      return { inDatagrams: n, noPorts: 2, inErrors: 0, outDatagrams: n, numAddrs: 3 };
    },
    getIcmpStatisticsExSync: (family) => {
      exported('GetIcmpStatisticsEx');
      const counts = (echo: number) => Array.from({ length: 256 }, (_, t) => (t === echo ? 7 : 0));
      return family === 2
        ? { icmpInStats: { msgs: 7, errors: 0, typeCount: counts(0) }, icmpOutStats: { msgs: 7, errors: 0, typeCount: counts(8) } }
        : { icmpInStats: { msgs: 7, errors: 0, typeCount: counts(129) }, icmpOutStats: { msgs: 7, errors: 0, typeCount: counts(128) } };
    },
    getIfEntry2Sync: (key: WireInterfaceKey) => {
      exported('GetIfEntry2');
      const found = key.interfaceLuid !== 0n ? interfaces.find((i) => i.luid === key.interfaceLuid) : interfaces.find((i) => i.index === key.interfaceIndex);
      if (!found) throw new NativeFailure(2, 'GetIfEntry2');
      return encodeIfRows([ifRow(found)]);
    },
    getAdaptersAddressesSync: (family, flags) => {
      exported('GetAdaptersAddresses');
      // As Windows: adapters with the family bound, their addresses of that family, default gateways.
      const bound = (i: FakeInterface, f: number) => ipInterfaces.has(`${i.luid}|${f}`);
      const rows: WireAdapterAddresses[] = [];
      for (const i of interfaces) {
        if (!(family === 0 ? bound(i, 2) || bound(i, 23) : bound(i, family))) continue;
        const mine = [...unicast.values()].filter((u) => u.interfaceLuid === i.luid && (family === 0 || familyOfAddress(u.address ?? '') === family));
        const server = (address: string) => ({ length: 32, address });
        rows.push({
          length: 448, ifIndex: bound(i, 2) ? i.index : 0, adapterName: i.guid,
          unicastAddresses: flags & 0x1 ? [] : mine.map((u) => ({
            length: 64, flags: 1, address: u.address ?? '', prefixOrigin: u.prefixOrigin, suffixOrigin: u.suffixOrigin, dadState: u.dadState,
            validLifetime: u.validLifetime, preferredLifetime: u.preferredLifetime, leaseLifetime: u.validLifetime, onLinkPrefixLength: u.onLinkPrefixLength,
          })),
          anycastAddresses: [], multicastAddresses: [],
          dnsServerAddresses: flags & 0x8 ? [] : dnsServers.filter((d) => family === 0 || familyOfAddress(d) === family).map(server),
          dnsSuffix: 'corp.example', description: `${i.alias} adapter`, friendlyName: flags & 0x20 ? '' : i.alias,
          physicalAddress: i.mac, physicalAddressLength: i.mac === '' ? 0 : 6,
          flags: (i.type === 71 ? 0x4 : 0) | (bound(i, 2) ? 0x80 : 0) | (bound(i, 23) ? 0x100 : 0),
          mtu: 1500, ifType: i.type, operStatus: i.operStatus, ipv6IfIndex: bound(i, 23) ? i.index : 0, zoneIndices: new Array<number>(16).fill(0),
          prefixes: flags & 0x10 ? mine.map((u) => {
            const a = parseIp(u.address ?? '')!;
            return { length: 40, flags: 0, address: formatIp(networkOf(a, u.onLinkPrefixLength)), prefixLength: u.onLinkPrefixLength };
          }) : [],
          transmitLinkSpeed: 1_000_000_000n, receiveLinkSpeed: 1_000_000_000n, winsServerAddresses: [],
          gatewayAddresses: flags & 0x80
            ? [...routes.values()].filter((r) => r.interfaceLuid === i.luid && (r.destinationPrefix === '0.0.0.0/0' || r.destinationPrefix === '::/0') && (family === 0 || familyOf(r.destinationPrefix) === family)).map((r) => server(r.nextHop))
            : [],
          ipv4Metric: FAKE_INTERFACE_METRIC, ipv6Metric: FAKE_INTERFACE_METRIC, luid: i.luid, dhcpv4Server: i.type === 71 ? '192.0.2.67' : null, compartmentId: 1,
          networkGuid: '{00000000-0000-0000-0000-000000000000}', connectionType: 1, tunnelType: 0, dhcpv6Server: null,
          dhcpv6ClientDuid: '00:01:00:01:2a:00:00:01:02:00:5e:10:00:01', dhcpv6ClientDuidLength: 14, dhcpv6Iaid: i.index, dnsSuffixes: [],
        });
      }
      if (rows.length === 0) throw new NativeFailure(232, 'GetAdaptersAddresses', 'The pipe is being closed.');
      return rows;
    },
    getNetworkParamsSync: () => {
      exported('GetNetworkParams');
      const list = dnsServers.filter((d) => !d.includes(':')).map((ipAddress) => ({ ipAddress, ipMask: '', context: 0 }));
      return {
        hostName: 'fakehost', domainName: 'corp.example', currentDnsServer: list[0] ?? null, dnsServerList: list, nodeType: 8, scopeId: '',
        enableRouting: false, enableProxy: false, enableDns: false,
      };
    },
    getExtendedTcpTableSync: (family, tableClass, sorted) => {
      exported('GetExtendedTcpTable');
      if (tableClass > 8) throw new NativeFailure(87, 'GetExtendedTcpTable', 'The parameter is incorrect.');
      if (family === 23 && tableClass <= 2) throw new NativeFailure(50, 'GetExtendedTcpTable', 'The request is not supported.');
      const which = tableClass % 3; // 0 listeners, 1 connections, 2 all
      const rows = sockets.tcp.filter((t) => t.family === family && (which === 2 || (which === 0) === (t.state === 2)));
      if (sorted) rows.sort(bySocket);
      return encodeSocketRows(
        rows.map((t) => ({ ...t, pid: tableClass <= 2 ? 0 : t.pid })),
        tableClass >= 6,
      );
    },
    getExtendedUdpTableSync: (family, tableClass, sorted) => {
      exported('GetExtendedUdpTable');
      if (tableClass > 2) throw new NativeFailure(87, 'GetExtendedUdpTable', 'The parameter is incorrect.');
      const rows = sockets.udp.filter((u) => u.family === family);
      if (sorted) rows.sort(bySocket);
      return encodeSocketRows(
        rows.map((u) => ({ ...u, pid: tableClass === 0 ? 0 : u.pid, extra: tableClass === 2 && u.specificPortBind ? 1 : 0 })),
        tableClass === 2,
      );
    },
    getTcpTable2Sync: (sorted) => {
      exported('GetTcpTable2');
      const rows = sockets.tcp.filter((t) => t.family === 2);
      if (sorted) rows.sort(bySocket);
      return encodeSocketRows(rows.map((t) => ({ ...t, extra: t.offloadState })));
    },
    getTcp6Table2Sync: (sorted) => {
      exported('GetTcp6Table2');
      const rows = sockets.tcp.filter((t) => t.family === 23);
      if (sorted) rows.sort(bySocket);
      return encodeSocketRows(rows.map((t) => ({ ...t, extra: t.offloadState })));
    },
    getOwnerModuleFromTcpEntrySync: (row) => ownerModule('GetOwnerModuleFromTcpEntry', row),
    getOwnerModuleFromTcp6EntrySync: (row) => ownerModule('GetOwnerModuleFromTcp6Entry', row),
    getOwnerModuleFromUdpEntrySync: (row) => ownerModule('GetOwnerModuleFromUdpEntry', row),
    getOwnerModuleFromUdp6EntrySync: (row) => ownerModule('GetOwnerModuleFromUdp6Entry', row),
    setTcpEntrySync: (row) => {
      write('SetTcpEntry');
      if (row.state !== 12) throw new NativeFailure(87, 'SetTcpEntry', 'The parameter is incorrect.');
      const at = sockets.tcp.findIndex(
        (t) => t.family === 2 && t.localAddress === row.localAddress && t.localPort === row.localPort && t.remoteAddress === row.remoteAddress && t.remotePort === row.remotePort,
      );
      if (at < 0) throw new NativeFailure(1168, 'SetTcpEntry', 'Element not found.');
      if (state.setTcpEntryCloses) sockets.tcp.splice(at, 1);
    },
    processNamesSync: (pids) => pids.map((pid) => processes.get(pid) ?? null),
  };
  const binding: Record<string, unknown> = {
    calls,
    missing,
    routes,
    subscriptions,
    emit,
    flush,
    neighbors,
    anycast,
    unicast,
    ipInterfaces,
    resolvable,
    failNext,
    dnsServers,
    get tcpSockets() {
      return sockets.tcp;
    },
    set tcpSockets(value: FakeTcpSocket[]) {
      sockets.tcp = value;
    },
    get udpSockets() {
      return sockets.udp;
    },
    set udpSockets(value: FakeUdpSocket[]) {
      sockets.udp = value;
    },
    processes,
    get setTcpEntryCloses() {
      return state.setTcpEntryCloses;
    },
    set setTcpEntryCloses(value: boolean) {
      state.setTcpEntryCloses = value;
    },
    echoHosts,
    initialized,
    osRows,
    get elevated() {
      return state.elevated;
    },
    set elevated(value: boolean) {
      state.elevated = value;
    },
    get anycastEmpty() {
      return state.anycastEmpty;
    },
    set anycastEmpty(value: 'notFound' | 'emptyTable') {
      state.anycastEmpty = value;
    },
    addSystemNeighbors() {
      for (const i of interfaces) {
        for (const [address, mac] of [['224.0.0.22', '01:00:5e:00:00:16'], ['239.255.255.250', '01:00:5e:7f:ff:fa']] as const) {
          neighbors.set(neighborKey(i.luid, address), {
            address, interfaceLuid: i.luid, interfaceIndex: i.index, physicalAddress: mac, physicalAddressLength: 6, state: 6,
            isRouter: false, isUnreachable: false, reachabilityTime: { lastReachable: 0, lastUnreachable: 0 },
          });
        }
      }
    },
    vanish(luid: bigint) {
      const at = interfaces.findIndex((i) => i.luid === luid);
      if (at >= 0) interfaces.splice(at, 1);
      for (const key of [...ipInterfaces.keys()]) if (key.startsWith(`${luid}|`)) ipInterfaces.delete(key);
    },
    napiVersion: 8,
    tablesFreed: () => 0,
    declarationsChecked: false,
    dnsSettings,
    globalDns,
    get dnsVersion1Only() {
      return dnsState.version1Only;
    },
    set dnsVersion1Only(value: boolean) {
      dnsState.version1Only = value;
    },
    get stablePending() {
      return dnsState.stablePending;
    },
    set stablePending(value: boolean) {
      dnsState.stablePending = value;
    },
    get connectivity() {
      return connectivity.current;
    },
    set connectivity(value: WireConnectivityHint) {
      connectivity.current = value;
    },
    paths,
    get teredoPort() {
      return teredo.port;
    },
    set teredoPort(value: number) {
      teredo.port = value;
    },
    compartments,
    entryPoints: () => ({ GetIfTable2: !missing.has('GetIfTable2') }),
    // The raw-bytes diagnostics have no bytes to show in a fake: they say so as the addon does for a function it lacks.
    ipForwardRowBytes: () => {
      throw new NativeFailure(50, 'InitializeIpForwardEntry', '', true);
    },
    unicastIpAddressRowBytes: () => {
      throw new NativeFailure(50, 'InitializeUnicastIpAddressEntry', '', true);
    },
    ipInterfaceRowBytes: () => {
      throw new NativeFailure(50, 'InitializeIpInterfaceEntry', '', true);
    },
  };
  for (const [name, fn] of Object.entries(sync) as [string, (...args: unknown[]) => unknown][]) {
    binding[name] = (...args: unknown[]) => {
      calls.push({ name, args });
      return fn(...args);
    };
    const asyncName = name.slice(0, -'Sync'.length);
    binding[asyncName] = (...args: unknown[]) => {
      calls.push({ name: asyncName, args });
      return Promise.resolve().then(() => fn(...args));
    };
  }
  return binding as unknown as FakeBinding;
}
