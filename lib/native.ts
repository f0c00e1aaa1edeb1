/**
 * The private native surface: what the .node exports, typed in one place, and the loader.
 * The binding takes and returns "wire" rows: the members of the MIB rows in camelCase,
 * addresses, prefixes, GUIDs and physical addresses as canonical text, NET_LUID and
 * 64-bit counters as bigint, enumerations as their numbers. The facade turns numbers into
 * names and fills defaults. Unit tests hand the facade a fake that implements this
 * interface (setBinding).
 */
import path from 'node:path';

import { NetioError, WIN32, type NetioErrorOptions } from './errors.js';

/**
 * MIB_IF_ROW2 rows as the binding returns them (one row or a table): columns, from which
 * lib/interfaces.ts builds the row objects.
 */
export interface WireIfRows {
  count: number;
  /** Per row, each ended by NUL: alias, description, interfaceGuid, physicalAddress, permanentPhysicalAddress, networkGuid. */
  text: string;
  /**
   * IF_NUMBERS per row: interfaceIndex, physicalAddressLength, mtu, type, tunnelType,
   * mediaType, physicalMediumType, accessType, directionType, the InterfaceAndOperStatusFlags
   * bits (hardwareInterface 1 … endPointInterface 128, in declaration order), operStatus,
   * adminStatus, mediaConnectState, connectionType.
   */
  numbers: Uint32Array;
  /**
   * IF_WIDE per row: interfaceLuid, transmitLinkSpeed, receiveLinkSpeed, then the 18
   * counters inOctets … outQLen in declaration order.
   */
  wide: BigUint64Array;
}

export const IF_NUMBERS = 14;
export const IF_WIDE = 21;

/** MIB_IF_ROW2 with its enumerations as numbers: what the columns of WireIfRows hold. */
export interface WireIfRow2 {
  interfaceLuid: bigint;
  interfaceIndex: number;
  interfaceGuid: string;
  alias: string;
  description: string;
  physicalAddressLength: number;
  physicalAddress: string;
  permanentPhysicalAddress: string;
  mtu: number;
  type: number;
  tunnelType: number;
  mediaType: number;
  physicalMediumType: number;
  accessType: number;
  directionType: number;
  interfaceAndOperStatusFlags: {
    hardwareInterface: boolean;
    filterInterface: boolean;
    connectorPresent: boolean;
    notAuthenticated: boolean;
    notMediaConnected: boolean;
    paused: boolean;
    lowPower: boolean;
    endPointInterface: boolean;
  };
  operStatus: number;
  adminStatus: number;
  mediaConnectState: number;
  networkGuid: string;
  connectionType: number;
  /** Bits per second; 2^64-1 when unknown. */
  transmitLinkSpeed: bigint;
  receiveLinkSpeed: bigint;
  inOctets: bigint;
  inUcastPkts: bigint;
  inNUcastPkts: bigint;
  inDiscards: bigint;
  inErrors: bigint;
  inUnknownProtos: bigint;
  inUcastOctets: bigint;
  inMulticastOctets: bigint;
  inBroadcastOctets: bigint;
  outOctets: bigint;
  outUcastPkts: bigint;
  outNUcastPkts: bigint;
  outDiscards: bigint;
  outErrors: bigint;
  outUcastOctets: bigint;
  outMulticastOctets: bigint;
  outBroadcastOctets: bigint;
  outQLen: bigint;
}

/** The interface key of a row: LUID first, index when the LUID is 0. */
export interface WireInterfaceKey {
  interfaceLuid: bigint;
  interfaceIndex: number;
}

/** MIB_IPFORWARD_ROW2 as the binding takes and returns it. Lifetimes and age are in seconds. */
export interface WireIpforwardRow2 {
  interfaceLuid: bigint;
  interfaceIndex: number;
  /** '198.51.100.0/24', '::/0'. */
  destinationPrefix: string;
  /** The gateway; '0.0.0.0' or '::' for a route on the link. */
  nextHop: string;
  sitePrefixLength: number;
  /** Seconds; 4294967295 (0xffffffff) is infinite. */
  validLifetime: number;
  preferredLifetime: number;
  /** The route metric offset; the effective metric adds the interface metric. */
  metric: number;
  protocol: number;
  loopback: boolean;
  autoconfigureAddress: boolean;
  publish: boolean;
  immortal: boolean;
  age: number;
  origin: number;
}

/**
 * MIB_IPFORWARD_ROW2 going in: the key, and the members the caller gave. A member that is
 * absent keeps the bytes InitializeIpForwardEntry wrote (the binding starts every row from
 * its output, or from the documented values where it is not exported).
 */
export type WireIpforwardRow2In = Pick<WireIpforwardRow2, 'interfaceLuid' | 'interfaceIndex' | 'destinationPrefix' | 'nextHop'> &
  Partial<WireIpforwardRow2>;

/**
 * MIB_IPFORWARD_ROW2 rows as the binding returns them (one row or a whole table): columns
 * packed off the JS thread, from which lib/routes.ts builds the row objects.
 */
export interface WireForwardRows {
  count: number;
  /** destinationPrefix '\n' nextHop '\n', for each row in turn ('' for an unknown family). */
  text: string;
  /**
   * FORWARD_STRIDE numbers per row: LUID slot (an index into `luids`), interfaceIndex,
   * sitePrefixLength, validLifetime, preferredLifetime, metric, protocol, age, origin, and
   * the flags loopback 1 | autoconfigureAddress 2 | publish 4 | immortal 8.
   */
  numbers: Uint32Array;
  /** The distinct interface LUIDs, shared by the rows that name them. */
  luids: BigUint64Array;
}

export const FORWARD_STRIDE = 10;

/** GetBestRoute2 and the chosen interface's metric (null for a zeroed route, which names no interface). */
export interface WireBestRoute {
  route: WireForwardRows;
  sourceAddress: string;
  interfaceMetric: number | null;
}

/** MIB_IPNET_ROW2 as the binding takes and returns it. */
export interface WireIpnetRow2 {
  address: string;
  interfaceIndex: number;
  interfaceLuid: bigint;
  physicalAddress: string;
  physicalAddressLength: number;
  state: number;
  isRouter: boolean;
  isUnreachable: boolean;
  reachabilityTime: { lastReachable: number; lastUnreachable: number };
}

/** MIB_ANYCASTIPADDRESS_ROW as the binding takes and returns it. */
export interface WireAnycastRow {
  address: string;
  interfaceLuid: bigint;
  interfaceIndex: number;
  scopeId: number;
}

/** MIB_UNICASTIPADDRESS_ROW as the binding takes and returns it (CreationTimeStamp as FILETIME ticks). */
export interface WireUnicastRow {
  /** null for an unset SOCKADDR_INET (family 0), as InitializeUnicastIpAddressEntry leaves it. */
  address: string | null;
  interfaceLuid: bigint;
  interfaceIndex: number;
  prefixOrigin: number;
  suffixOrigin: number;
  validLifetime: number;
  preferredLifetime: number;
  onLinkPrefixLength: number;
  skipAsSource: boolean;
  dadState: number;
  scopeId: number;
  creationTimeStamp: bigint;
}

/** MIB_UNICASTIPADDRESS_ROW going in: the key, and the members the caller gave (the rest keep InitializeUnicastIpAddressEntry's bytes). */
export type WireUnicastRowIn = Pick<WireUnicastRow, 'interfaceLuid' | 'interfaceIndex'> & Partial<WireUnicastRow> & { address: string };

/** NL_INTERFACE_OFFLOAD_ROD. */
export interface InterfaceOffload {
  nlChecksumSupported: boolean;
  nlOptionsSupported: boolean;
  tlDatagramChecksumSupported: boolean;
  tlStreamChecksumSupported: boolean;
  tlStreamOptionsSupported: boolean;
  fastPathCompatible: boolean;
  tlLargeSendOffloadSupported: boolean;
  tlGiantSendOffloadSupported: boolean;
}

/** MIB_IPINTERFACE_ROW as the binding takes and returns it. */
export interface WireIpInterfaceRow {
  family: number;
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
  routerDiscoveryBehavior: number;
  dadTransmits: number;
  baseReachableTime: number;
  retransmitTime: number;
  pathMtuDiscoveryTimeout: number;
  linkLocalAddressBehavior: number;
  linkLocalAddressTimeout: number;
  zoneIndices: number[];
  sitePrefixLength: number;
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

/** IP_ADAPTER_UNICAST_ADDRESS_LH as the binding returns it. */
export interface WireAdapterUnicastAddress {
  length: number;
  /** IP_ADAPTER_ADDRESS_DNS_ELIGIBLE 1 | IP_ADAPTER_ADDRESS_TRANSIENT 2. */
  flags: number;
  address: string;
  prefixOrigin: number;
  suffixOrigin: number;
  dadState: number;
  /** Seconds; 4294967295 is infinite. */
  validLifetime: number;
  preferredLifetime: number;
  leaseLifetime: number;
  /** null when the system's structure is the older one without it. */
  onLinkPrefixLength: number | null;
}

/** IP_ADAPTER_ANYCAST_ADDRESS_XP and IP_ADAPTER_MULTICAST_ADDRESS_XP. */
export interface WireAdapterFlaggedAddress {
  length: number;
  flags: number;
  address: string;
}

/** IP_ADAPTER_DNS_SERVER_ADDRESS_XP, IP_ADAPTER_WINS_SERVER_ADDRESS_LH and IP_ADAPTER_GATEWAY_ADDRESS_LH (Reserved left out). */
export interface WireAdapterServerAddress {
  length: number;
  address: string;
}

/** IP_ADAPTER_PREFIX_XP. */
export interface WireAdapterPrefix {
  length: number;
  flags: number;
  address: string;
  prefixLength: number;
}

/**
 * IP_ADAPTER_ADDRESSES_LH as the binding returns it: every member in camelCase, each linked
 * list as an array named after its First… member without "First" (FirstUnicastAddress →
 * unicastAddresses, FirstPrefix → prefixes, FirstDnsSuffix → dnsSuffixes), enumerations
 * as numbers.
 */
export interface WireAdapterAddresses {
  length: number;
  ifIndex: number;
  /** The adapter's GUID as text ('{…}'), converted from the ANSI member. */
  adapterName: string;
  unicastAddresses: WireAdapterUnicastAddress[];
  anycastAddresses: WireAdapterFlaggedAddress[];
  multicastAddresses: WireAdapterFlaggedAddress[];
  dnsServerAddresses: WireAdapterServerAddress[];
  dnsSuffix: string;
  description: string;
  friendlyName: string;
  physicalAddress: string;
  physicalAddressLength: number;
  flags: number;
  mtu: number;
  ifType: number;
  operStatus: number;
  ipv6IfIndex: number;
  zoneIndices: number[];
  prefixes: WireAdapterPrefix[];
  transmitLinkSpeed: bigint;
  receiveLinkSpeed: bigint;
  winsServerAddresses: WireAdapterServerAddress[];
  gatewayAddresses: WireAdapterServerAddress[];
  ipv4Metric: number;
  ipv6Metric: number;
  luid: bigint;
  dhcpv4Server: string | null;
  compartmentId: number;
  networkGuid: string;
  connectionType: number;
  tunnelType: number;
  dhcpv6Server: string | null;
  /** Lowercase hex pairs joined by colons; '' when there is none. */
  dhcpv6ClientDuid: string;
  dhcpv6ClientDuidLength: number;
  dhcpv6Iaid: number;
  dnsSuffixes: string[];
}

/** IP_ADDR_STRING (the ANSI strings converted). */
export interface WireIpAddrString {
  ipAddress: string;
  ipMask: string;
  context: number;
}

/** FIXED_INFO as the binding returns it; the DNS server list as an array. */
export interface WireFixedInfo {
  hostName: string;
  domainName: string;
  currentDnsServer: WireIpAddrString | null;
  dnsServerList: WireIpAddrString[];
  nodeType: number;
  scopeId: string;
  enableRouting: boolean;
  enableProxy: boolean;
  enableDns: boolean;
}

/**
 * One ICMP_ECHO_REPLY (IPv4) or ICMPV6_ECHO_REPLY (IPv6) as the binding returns it: status
 * is the IP_STATUS number. IPv6 replies carry no TTL, TOS, flags or data size (null).
 */
export interface WireEchoReply {
  address: string | null;
  status: number;
  roundTripTime: number;
  ttl: number | null;
  tos: number | null;
  flags: number | null;
  dataSize: number | null;
}

/** The echo's arguments: ttl 0 is the system's default; flags are IP_OPTION_INFORMATION.Flags. */
type EchoArgs = [destination: string, source: string | null, data: Uint8Array, ttl: number, tos: number, flags: number, timeout: number];

/**
 * MIB_IPINTERFACE_ROW going in: the key, and the members the caller gave (the rest keep
 * InitializeIpInterfaceEntry's bytes; within an offload object, so do the flags left out).
 */
export type WireIpInterfaceRowIn = Pick<WireIpInterfaceRow, 'family' | 'interfaceLuid' | 'interfaceIndex'> &
  Partial<Omit<WireIpInterfaceRow, 'transmitOffload' | 'receiveOffload'>> & {
    transmitOffload?: Partial<InterfaceOffload>;
    receiveOffload?: Partial<InterfaceOffload>;
  };

/**
 * A diagnostic, not part of the documented API: a row's raw bytes. Without a row, what every
 * row of its kind starts from (the Initialize… function's output; `native` false when this
 * system does not export it and the documented values stand in; `untouched` lists the byte
 * offsets the function left as they were). With a row, what the binding would send for it.
 */
export interface WireRowBytes {
  native: boolean;
  size: number;
  bytes: Uint8Array;
  members: { name: string; offset: number; size: number }[];
  untouched: number[];
}

/** DNS_INTERFACE_SETTINGS(_EX) as the binding returns it; the lists as the OS's text. */
export interface WireDnsInterfaceSettings {
  /** 2 (DNS_INTERFACE_SETTINGS_EX) or 1, whichever the system answered. */
  version: number;
  flags: number;
  domain: string;
  /** Comma- or space-separated, as the OS keeps it. */
  nameServer: string;
  searchList: string;
  registrationEnabled: boolean;
  registerAdapterName: boolean;
  enableLlmnr: boolean;
  queryAdapterName: boolean;
  profileNameServer: string;
  disableUnconstrainedQueries: boolean;
  supplementalSearchList: string;
}

/** What setInterfaceDnsSettings takes: `flags` (DNS_SETTING_*) names the members it reads. */
export type WireDnsInterfaceSettingsInput = { flags: number } & Partial<Omit<WireDnsInterfaceSettings, 'version' | 'flags'>>;

/** DNS_SETTINGS as the binding returns it. */
export interface WireDnsSettings {
  version: number;
  flags: number;
  hostname: string;
  domain: string;
  searchList: string;
}

export type WireDnsSettingsInput = { flags: number } & Partial<Omit<WireDnsSettings, 'version' | 'flags'>>;

/** NL_NETWORK_CONNECTIVITY_HINT with its enumerations as numbers. */
export interface WireConnectivityHint {
  connectivityLevel: number;
  connectivityCost: number;
  approachingDataLimit: boolean;
  overDataLimit: boolean;
  roaming: boolean;
}

/** MIB_MULTICASTIPADDRESS_ROW. */
export interface WireMulticastRow {
  address: string;
  interfaceLuid: bigint;
  interfaceIndex: number;
  scopeId: number;
}

/** MIB_IPPATH_ROW's key members, as GetIpPathEntry reads them (source null: AF_UNSPEC). */
export interface WireIpPathKey {
  source: string | null;
  destination: string;
  interfaceLuid: bigint;
  interfaceIndex: number;
}

/** MIB_IPPATH_ROW. */
export interface WireIpPathRow {
  source: string | null;
  destination: string | null;
  interfaceLuid: bigint;
  interfaceIndex: number;
  currentNextHop: string | null;
  pathMtu: number;
  rttMean: number;
  rttDeviation: number;
  lastReachable: number;
  lastUnreachable: number;
  isReachable: boolean;
  linkTransmitSpeed: bigint;
  linkReceiveSpeed: bigint;
}

/** MIB_IFSTACK_ROW. */
export interface WireIfStackRow {
  higherLayerInterfaceIndex: number;
  lowerLayerInterfaceIndex: number;
}

/** MIB_INVERTEDIFSTACK_ROW. */
export interface WireInvertedIfStackRow {
  lowerLayerInterfaceIndex: number;
  higherLayerInterfaceIndex: number;
}

/** SOCKADDR_IN6_PAIR. */
export interface WireAddressPair {
  sourceAddress: string | null;
  destinationAddress: string | null;
}

/** NL_BANDWIDTH_INFORMATION. */
export interface WireBandwidthInformation {
  bandwidth: bigint;
  instability: bigint;
  bandwidthPeaked: boolean;
}

/** MIB_IP_NETWORK_CONNECTION_BANDWIDTH_ESTIMATES. */
export interface WireBandwidthEstimates {
  inboundBandwidthInformation: WireBandwidthInformation;
  outboundBandwidthInformation: WireBandwidthInformation;
}

/** GetNetworkInformation's out parameters. */
export interface WireNetworkInformation {
  compartmentId: number;
  siteId: number;
  networkName: string;
}

/** MIB_IPSTATS, without the dw prefixes. */
export interface WireIpStatistics {
  forwarding: number;
  defaultTtl: number;
  inReceives: number;
  inHdrErrors: number;
  inAddrErrors: number;
  forwDatagrams: number;
  inUnknownProtos: number;
  inDiscards: number;
  inDelivers: number;
  outRequests: number;
  routingDiscards: number;
  outDiscards: number;
  outNoRoutes: number;
  reasmTimeout: number;
  reasmReqds: number;
  reasmOks: number;
  reasmFails: number;
  fragOks: number;
  fragFails: number;
  fragCreates: number;
  numIf: number;
  numAddr: number;
  numRoutes: number;
}

/** MIB_TCPSTATS, without the dw prefixes. */
export interface WireTcpStatistics {
  rtoAlgorithm: number;
  rtoMin: number;
  rtoMax: number;
  maxConn: number;
  activeOpens: number;
  passiveOpens: number;
  attemptFails: number;
  estabResets: number;
  currEstab: number;
  inSegs: number;
  outSegs: number;
  retransSegs: number;
  inErrs: number;
  outRsts: number;
  numConns: number;
}

/** MIB_UDPSTATS, without the dw prefixes. */
export interface WireUdpStatistics {
  inDatagrams: number;
  noPorts: number;
  inErrors: number;
  outDatagrams: number;
  numAddrs: number;
}

/** MIBICMPSTATS_EX: typeCount[t] counts the messages of ICMP type t (256 entries). */
export interface WireIcmpStats {
  msgs: number;
  errors: number;
  typeCount: number[];
}

/** MIB_ICMP_EX. */
export interface WireIcmpStatistics {
  icmpInStats: WireIcmpStats;
  icmpOutStats: WireIcmpStats;
}

/** The handle a notification registration returns (a native object). */
export interface WireNotificationHandle {
  /** CancelMibChangeNotify2, once; later calls do nothing. */
  cancel(): void;
  ref(): WireNotificationHandle;
  unref(): WireNotificationHandle;
  readonly cancelled: boolean;
}

/** Receives MIB_NOTIFICATION_TYPE (0–3) and the copied row, or -1 and null when events were dropped. */
export type WireDispatch<Row> = (type: number, row: Row | null) => void;

type NotifyArgs<Row> = [family: number, callback: WireDispatch<Row>, initialNotification: boolean, queueSize: number];
type NotifyNoFamilyArgs<Row> = [callback: WireDispatch<Row>, initialNotification: boolean, queueSize: number];

/** NotifyStableUnicastIpAddressTable: the table when it is stable at once, else the pending request's handle. */
export interface WireStableTable {
  table: WireUnicastRow[] | null;
  handle: WireNotificationHandle | null;
}

/**
 * Rows of a TCP or UDP table as the binding returns them (src-native/sockets.cc): columns
 * packed off the JS thread, from which lib/sockets.ts builds the row objects.
 */
export interface WireSocketRows {
  count: number;
  /** The table's distinct addresses in canonical text ('fe80::1%12'), each ended by '\n'; rows name them by slot. */
  addresses: string;
  /**
   * SOCKET_STRIDE numbers per row: local address slot, local port, remote address slot
   * (SOCKET_NO_ADDRESS for UDP), remote port (ports in host order), MIB_TCP_STATE (0 for
   * UDP), owning pid (0 for the basic classes), and the offload state (GetTcp*Table2) or
   * the dwFlags of a UDP owner-module row (0 otherwise).
   */
  numbers: Uint32Array;
  /** SOCKET_WIDE per row for the owner-module classes: liCreateTimestamp (FILETIME), then OwningModuleInfo[16]; empty otherwise. */
  wide: BigUint64Array;
}

export const SOCKET_STRIDE = 7;
export const SOCKET_WIDE = 17;
export const SOCKET_NO_ADDRESS = 0xffffffff;

/** MIB_TCPROW as SetTcpEntry takes it (ports in host order). */
export interface WireTcpRow {
  state: number;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

/** MIB_TCPROW_OWNER_MODULE / MIB_TCP6ROW_OWNER_MODULE going in. */
export interface WireTcpRowOwnerModule extends WireTcpRow {
  owningPid: number;
  /** liCreateTimestamp as a FILETIME count. */
  createTimestamp: bigint;
  /** OwningModuleInfo: 16 ULONGLONGs. */
  owningModuleInfo: bigint[];
}

/** MIB_UDPROW_OWNER_MODULE / MIB_UDP6ROW_OWNER_MODULE going in. */
export interface WireUdpRowOwnerModule {
  localAddress: string;
  localPort: number;
  owningPid: number;
  createTimestamp: bigint;
  specificPortBind: boolean;
  owningModuleInfo: bigint[];
}

/** TCPIP_OWNER_MODULE_BASIC_INFO. */
export interface WireOwnerModuleBasicInfo {
  moduleName: string;
  modulePath: string;
}

/** Each operation exists as `name` (Promise) and `nameSync`. */
type Twin<Name extends string, Args extends unknown[], Result> = {
  [K in Name]: (...args: Args) => Promise<Result>;
} & {
  [K in `${Name}Sync`]: (...args: Args) => Result;
};

export type NativeBinding = {
  /** Which iphlpapi.dll / ntdll.dll entry points this system exports. */
  entryPoints(): Record<string, boolean>;
  napiVersion: number;
  /** How many OS tables this process has freed with FreeMibTable (a diagnostic). */
  tablesFreed(): number;
  /** Diagnostics: the bytes of MIB_IPFORWARD_ROW2, MIB_UNICASTIPADDRESS_ROW, MIB_IPINTERFACE_ROW (see WireRowBytes). */
  ipForwardRowBytes(row?: WireIpforwardRow2In): WireRowBytes;
  unicastIpAddressRowBytes(row?: WireUnicastRowIn): WireRowBytes;
  ipInterfaceRowBytes(row?: WireIpInterfaceRowIn): WireRowBytes;
  /** Whether this build compared its own declarations with the Windows SDK's (MSVC builds). */
  declarationsChecked: boolean;
} & Twin<'convertInterfaceLuidToIndex', [luid: bigint], number> &
  Twin<'convertInterfaceIndexToLuid', [index: number], bigint> &
  Twin<'convertInterfaceAliasToLuid', [alias: string], bigint> &
  Twin<'convertInterfaceLuidToAlias', [luid: bigint], string> &
  Twin<'convertInterfaceLuidToGuid', [luid: bigint], string> &
  Twin<'convertInterfaceGuidToLuid', [guid: string], bigint> &
  Twin<'convertInterfaceLuidToName', [luid: bigint], string> &
  Twin<'convertInterfaceNameToLuid', [name: string], bigint> &
  Twin<'getIfTable2', [], WireIfRows> &
  Twin<'getIfEntry2', [row: WireInterfaceKey], WireIfRows> &
  Twin<'createIpForwardEntry2', [row: WireIpforwardRow2In], void> &
  Twin<'deleteIpForwardEntry2', [row: WireIpforwardRow2In], void> &
  Twin<'setIpForwardEntry2', [row: WireIpforwardRow2In], void> &
  Twin<'getIpForwardEntry2', [row: WireIpforwardRow2In], WireForwardRows> &
  Twin<'getIpForwardTable2', [family: number], WireForwardRows> &
  Twin<'initializeIpForwardEntry', [], WireForwardRows> &
  Twin<'createIpNetEntry2', [row: WireIpnetRow2], void> &
  Twin<'deleteIpNetEntry2', [row: WireIpnetRow2], void> &
  Twin<'setIpNetEntry2', [row: WireIpnetRow2], void> &
  Twin<'getIpNetEntry2', [row: WireIpnetRow2], WireIpnetRow2> &
  Twin<'getIpNetTable2', [family: number], WireIpnetRow2[]> &
  Twin<'flushIpNetTable2', [family: number, interfaceIndex: number], void> &
  Twin<'resolveIpNetEntry2', [row: WireIpnetRow2, source: string | null], WireIpnetRow2> &
  Twin<'createAnycastIpAddressEntry', [row: WireAnycastRow], void> &
  Twin<'deleteAnycastIpAddressEntry', [row: WireAnycastRow], void> &
  Twin<'getAnycastIpAddressEntry', [row: WireAnycastRow], WireAnycastRow> &
  Twin<'getAnycastIpAddressTable', [family: number], WireAnycastRow[]> &
  Twin<'createUnicastIpAddressEntry', [row: WireUnicastRowIn], void> &
  Twin<'deleteUnicastIpAddressEntry', [row: WireUnicastRowIn], void> &
  Twin<'setUnicastIpAddressEntry', [row: WireUnicastRowIn], void> &
  Twin<'getUnicastIpAddressEntry', [row: WireUnicastRowIn], WireUnicastRow> &
  Twin<'getUnicastIpAddressTable', [family: number], WireUnicastRow[]> &
  Twin<'initializeUnicastIpAddressEntry', [], WireUnicastRow> &
  Twin<'getIpInterfaceEntry', [row: WireIpInterfaceRowIn], WireIpInterfaceRow> &
  Twin<'setIpInterfaceEntry', [row: WireIpInterfaceRowIn], void> &
  Twin<'getIpInterfaceTable', [family: number], WireIpInterfaceRow[]> &
  Twin<'initializeIpInterfaceEntry', [], WireIpInterfaceRow> &
  Twin<'notifyRouteChange2', NotifyArgs<WireForwardRows>, WireNotificationHandle> &
  Twin<'notifyUnicastIpAddressChange', NotifyArgs<WireUnicastRow>, WireNotificationHandle> &
  Twin<'notifyIpInterfaceChange', NotifyArgs<WireIpInterfaceRow>, WireNotificationHandle> &
  Twin<'getBestRoute2', [destination: string, source: string | null, interfaceLuid: bigint, interfaceIndex: number], WireBestRoute> &
  Twin<'getAdaptersAddresses', [family: number, flags: number], WireAdapterAddresses[]> &
  Twin<'getNetworkParams', [], WireFixedInfo> &
  Twin<'icmpSendEcho2Ex', EchoArgs, WireEchoReply[]> &
  Twin<'icmp6SendEcho2', EchoArgs, WireEchoReply[]> &
  Twin<'getExtendedTcpTable', [family: number, tableClass: number, sorted: boolean], WireSocketRows> &
  Twin<'getExtendedUdpTable', [family: number, tableClass: number, sorted: boolean], WireSocketRows> &
  Twin<'getTcpTable2', [sorted: boolean], WireSocketRows> &
  Twin<'getTcp6Table2', [sorted: boolean], WireSocketRows> &
  Twin<'getOwnerModuleFromTcpEntry', [row: WireTcpRowOwnerModule], WireOwnerModuleBasicInfo> &
  Twin<'getOwnerModuleFromTcp6Entry', [row: WireTcpRowOwnerModule], WireOwnerModuleBasicInfo> &
  Twin<'getOwnerModuleFromUdpEntry', [row: WireUdpRowOwnerModule], WireOwnerModuleBasicInfo> &
  Twin<'getOwnerModuleFromUdp6Entry', [row: WireUdpRowOwnerModule], WireOwnerModuleBasicInfo> &
  Twin<'setTcpEntry', [row: WireTcpRow], void> &
  /** The image names of processes (kernel32: OpenProcess + QueryFullProcessImageNameW); null where one cannot be queried. */
  Twin<'processNames', [pids: number[]], (string | null)[]> &
  Twin<'getInterfaceDnsSettings', [interfaceGuid: string, ipv6: boolean], WireDnsInterfaceSettings> &
  Twin<'setInterfaceDnsSettings', [interfaceGuid: string, settings: WireDnsInterfaceSettingsInput], void> &
  Twin<'getDnsSettings', [], WireDnsSettings> &
  Twin<'setDnsSettings', [settings: WireDnsSettingsInput], void> &
  Twin<'getNetworkConnectivityHint', [], WireConnectivityHint> &
  Twin<'getNetworkConnectivityHintForInterface', [interfaceIndex: number], WireConnectivityHint> &
  Twin<'notifyNetworkConnectivityHintChange', NotifyNoFamilyArgs<WireConnectivityHint>, WireNotificationHandle> &
  Twin<'notifyTeredoPortChange', NotifyNoFamilyArgs<number>, WireNotificationHandle> &
  Twin<'notifyStableUnicastIpAddressTable', [family: number, callback: WireDispatch<WireUnicastRow[]>, queueSize: number], WireStableTable> &
  Twin<'getIfTable2Ex', [level: number], WireIfRows> &
  Twin<'getIfEntry2Ex', [level: number, row: WireInterfaceKey], WireIfRows> &
  Twin<'getMulticastIpAddressEntry', [row: WireMulticastRow], WireMulticastRow> &
  Twin<'getMulticastIpAddressTable', [family: number], WireMulticastRow[]> &
  Twin<'getIpPathEntry', [row: WireIpPathKey], WireIpPathRow> &
  Twin<'getIpPathTable', [family: number], WireIpPathRow[]> &
  Twin<'flushIpPathTable', [family: number], void> &
  Twin<'getIfStackTable', [], WireIfStackRow[]> &
  Twin<'getInvertedIfStackTable', [], WireInvertedIfStackRow[]> &
  Twin<'getTeredoPort', [], number> &
  Twin<'createSortedAddressPairs', [destinationAddressList: string[]], WireAddressPair[]> &
  Twin<'convertLengthToIpv4Mask', [maskLength: number], string> &
  Twin<'convertIpv4MaskToLength', [mask: string], number> &
  Twin<'ifNameToIndex', [interfaceName: string], number> &
  Twin<'ifIndexToName', [interfaceIndex: number], string> &
  Twin<'getIpNetworkConnectionBandwidthEstimates', [interfaceIndex: number, addressFamily: number], WireBandwidthEstimates> &
  Twin<'getCurrentThreadCompartmentId', [], number> &
  Twin<'setCurrentThreadCompartmentId', [compartmentId: number], void> &
  Twin<'getSessionCompartmentId', [sessionId: number], number> &
  Twin<'setSessionCompartmentId', [sessionId: number, compartmentId: number], void> &
  Twin<'getDefaultCompartmentId', [], number> &
  Twin<'getNetworkInformation', [networkGuid: string], WireNetworkInformation> &
  Twin<'setNetworkInformation', [networkGuid: string, compartmentId: number, networkName: string], void> &
  Twin<'getIpStatisticsEx', [family: number], WireIpStatistics> &
  Twin<'getTcpStatisticsEx', [family: number], WireTcpStatistics> &
  Twin<'getUdpStatisticsEx', [family: number], WireUdpStatistics> &
  Twin<'getIcmpStatisticsEx', [family: number], WireIcmpStatistics>;

/** The binding operations that come as twins, by their async name. */
export type OperationName = {
  [K in keyof NativeBinding]: K extends `${string}Sync` ? never : `${K}Sync` extends keyof NativeBinding ? K : never;
}[keyof NativeBinding];

const packageRoot = path.resolve(__dirname, '..');

type LoadFailure = Omit<NetioErrorOptions, 'syscall'>;

let binding: NativeBinding | undefined;
/** Why the binding cannot be had here, kept so each call can make its own error. */
let loadFailure: LoadFailure | undefined;

/** The binding, or why it cannot be loaded on this system; throws nothing. */
function load(): { binding: NativeBinding } | { failure: LoadFailure } {
  if (process.platform !== 'win32') {
    const detail = `netioapi calls the Windows IP Helper API (iphlpapi.dll) and needs Windows; this is ${process.platform}.`;
    const hint = 'Check isSupported(name) before calling, to run the same code on every system.';
    return { failure: { win32: WIN32.ERROR_NOT_SUPPORTED, detail, hint } };
  }
  const tried = [
    path.join(packageRoot, 'build', 'Release', 'netioapi.node'),
    path.join(packageRoot, 'build', 'Debug', 'netioapi.node'),
    path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`, '*.node'),
  ];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => NativeBinding;
    return { binding: nodeGypBuild(packageRoot) };
  } catch (error) {
    const failure: LoadFailure = {
      win32: WIN32.ERROR_MOD_NOT_FOUND,
      detail:
        `no native build of netioapi loads on ${process.platform}-${process.arch} (Node.js ${process.version}, ` +
        `Node-API ${process.versions.napi}). Tried: ${tried.join(', ')}. ` +
        `The loader said: ${(error as Error).message.split('\n')[0]}`,
      hint:
        'Reinstall the package (npm rebuild netioapi). If no prebuilt binary exists for this architecture, ' +
        'install Visual Studio Build Tools with the C++ workload and Python, then run ' +
        'npm install netioapi --build-from-source.',
      cause: error,
    };
    return { failure };
  }
}

/**
 * The binding, loaded on first use. Where it cannot be had, throws a NetioError made for
 * this call: its `syscall` is the documented function the caller asked for (the binding
 * is the same for all of them; the function is what a user looks up).
 */
export function getBinding(syscall = 'netioapi'): NativeBinding {
  if (binding) return binding;
  if (!loadFailure) {
    const loaded = load();
    if ('binding' in loaded) {
      binding = loaded.binding;
      return binding;
    }
    loadFailure = loaded.failure;
  }
  throw new NetioError({ ...loadFailure, syscall });
}

/** For tests: use `fake` as the binding (undefined restores the real loader). */
export function setBinding(fake: NativeBinding | undefined): void {
  binding = fake;
  loadFailure = undefined;
}
