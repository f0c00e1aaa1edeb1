/**
 * The documented enumerations, each once: string names (the documented constant without
 * its prefix, in camelCase) and their numbers. Rows carry the names; a number that a
 * newer Windows adds and this table does not know comes through as the number itself.
 */
import { enumTable } from './check.js';

/** IFTYPE (ipifcons.h): the interface types seen on Windows machines. */
export const IF_TYPE = enumTable({
  other: 1,
  ethernetCsmacd: 6,
  iso88025Tokenring: 9,
  fddi: 15,
  ppp: 23,
  softwareLoopback: 24,
  slip: 28,
  atm: 37,
  propVirtual: 53,
  fastether: 62,
  isdn: 63,
  ieee80211: 71,
  adsl: 94,
  gigabitethernet: 117,
  tunnel: 131,
  l2Vlan: 135,
  ipforward: 142,
  ieee1394: 144,
  wwanpp: 243,
  wwanpp2: 244,
  ieee802154: 259,
  xboxWireless: 281,
});

/** TUNNEL_TYPE. */
export const TUNNEL_TYPE = enumTable({
  none: 0,
  other: 1,
  direct: 2,
  '6to4': 11,
  isatap: 13,
  teredo: 14,
  iphttps: 15,
});

/** NDIS_MEDIUM (NdisMedium…). */
export const NDIS_MEDIUM = enumTable({
  '802_3': 0,
  '802_5': 1,
  fddi: 2,
  wan: 3,
  localTalk: 4,
  dix: 5,
  arcnetRaw: 6,
  arcnet878_2: 7,
  atm: 8,
  wirelessWan: 9,
  irda: 10,
  bpc: 11,
  coWan: 12,
  '1394': 13,
  infiniBand: 14,
  tunnel: 15,
  native802_11: 16,
  loopback: 17,
  wiMAX: 18,
  ip: 19,
});

/** NDIS_PHYSICAL_MEDIUM (NdisPhysicalMedium…). */
export const NDIS_PHYSICAL_MEDIUM = enumTable({
  unspecified: 0,
  wirelessLan: 1,
  cableModem: 2,
  phoneLine: 3,
  powerLine: 4,
  dsl: 5,
  fibreChannel: 6,
  '1394': 7,
  wirelessWan: 8,
  native802_11: 9,
  bluetooth: 10,
  infiniband: 11,
  wiMax: 12,
  uwb: 13,
  '802_3': 14,
  '802_5': 15,
  irda: 16,
  wiredWAN: 17,
  wiredCoWan: 18,
  other: 19,
  native802_15_4: 20,
});

/** NET_IF_ACCESS_TYPE (NET_IF_ACCESS_…). */
export const NET_IF_ACCESS_TYPE = enumTable({
  loopback: 1,
  broadcast: 2,
  pointToPoint: 3,
  pointToMultiPoint: 4,
});

/** NET_IF_DIRECTION_TYPE (NET_IF_DIRECTION_…). */
export const NET_IF_DIRECTION_TYPE = enumTable({
  sendReceive: 0,
  sendOnly: 1,
  receiveOnly: 2,
});

/** IF_OPER_STATUS (IfOperStatus…). */
export const IF_OPER_STATUS = enumTable({
  up: 1,
  down: 2,
  testing: 3,
  unknown: 4,
  dormant: 5,
  notPresent: 6,
  lowerLayerDown: 7,
});

/** NET_IF_ADMIN_STATUS (NET_IF_ADMIN_STATUS_…). */
export const NET_IF_ADMIN_STATUS = enumTable({
  up: 1,
  down: 2,
  testing: 3,
});

/** NET_IF_MEDIA_CONNECT_STATE (MediaConnectState…). */
export const NET_IF_MEDIA_CONNECT_STATE = enumTable({
  unknown: 0,
  connected: 1,
  disconnected: 2,
});

/** NET_IF_CONNECTION_TYPE (NET_IF_CONNECTION_…). */
export const NET_IF_CONNECTION_TYPE = enumTable({
  dedicated: 1,
  passive: 2,
  demand: 3,
});

export type NameOf<T> = T extends { byName: ReadonlyMap<infer N, number> } ? N : never;

/** NL_ROUTE_PROTOCOL (MIB_IPPROTO_…): who made a route. */
export const NL_ROUTE_PROTOCOL = enumTable({
  other: 1,
  local: 2,
  netmgmt: 3,
  icmp: 4,
  egp: 5,
  ggp: 6,
  hello: 7,
  rip: 8,
  isIs: 9,
  esIs: 10,
  cisco: 11,
  bbn: 12,
  ospf: 13,
  bgp: 14,
  idpr: 15,
  eigrp: 16,
  dvmrp: 17,
  rpl: 18,
  dhcp: 19,
  ntAutostatic: 10002,
  ntStatic: 10006,
  ntStaticNonDod: 10007,
});

/** NL_ROUTE_ORIGIN (Nlro…): how a route came to be. */
export const NL_ROUTE_ORIGIN = enumTable({
  manual: 0,
  wellKnown: 1,
  dhcp: 2,
  routerAdvertisement: 3,
  '6to4': 4,
});

/** NL_NEIGHBOR_STATE (Nlns…). */
export const NL_NEIGHBOR_STATE = enumTable({
  unreachable: 0,
  incomplete: 1,
  probe: 2,
  delay: 3,
  stale: 4,
  reachable: 5,
  permanent: 6,
});

/** ADDRESS_FAMILY, as rows name it. */
export const ADDRESS_FAMILY = enumTable({
  AF_UNSPEC: 0,
  AF_INET: 2,
  AF_INET6: 23,
});

/** NL_PREFIX_ORIGIN (IpPrefixOrigin…). */
export const NL_PREFIX_ORIGIN = enumTable({
  other: 0,
  manual: 1,
  wellKnown: 2,
  dhcp: 3,
  routerAdvertisement: 4,
  unchanged: 16,
});

/** NL_SUFFIX_ORIGIN (IpSuffixOrigin…). */
export const NL_SUFFIX_ORIGIN = enumTable({
  other: 0,
  manual: 1,
  wellKnown: 2,
  dhcp: 3,
  linkLayerAddress: 4,
  random: 5,
  unchanged: 16,
});

/** NL_DAD_STATE (IpDadState…). */
export const NL_DAD_STATE = enumTable({
  invalid: 0,
  tentative: 1,
  duplicate: 2,
  deprecated: 3,
  preferred: 4,
});

/** NL_ROUTER_DISCOVERY_BEHAVIOR (RouterDiscovery…); Unchanged is -1, 0xffffffff here. */
export const NL_ROUTER_DISCOVERY_BEHAVIOR = enumTable({
  disabled: 0,
  enabled: 1,
  dhcp: 2,
  unchanged: 0xffffffff,
});

/** NL_LINK_LOCAL_ADDRESS_BEHAVIOR (LinkLocal…); Unchanged is -1, 0xffffffff here. */
export const NL_LINK_LOCAL_ADDRESS_BEHAVIOR = enumTable({
  alwaysOff: 0,
  delayed: 1,
  alwaysOn: 2,
  unchanged: 0xffffffff,
});

/** GAA_FLAG_* (iptypes.h): what GetAdaptersAddresses returns. Flags, combined with OR. */
export const GAA_FLAG = enumTable({
  skipUnicast: 0x0001,
  skipAnycast: 0x0002,
  skipMulticast: 0x0004,
  skipDnsServer: 0x0008,
  includePrefix: 0x0010,
  skipFriendlyName: 0x0020,
  includeWinsInfo: 0x0040,
  includeGateways: 0x0080,
  includeAllInterfaces: 0x0100,
  includeAllCompartments: 0x0200,
  includeTunnelBindingorder: 0x0400,
});

/** The NetBIOS node types of FIXED_INFO.NodeType (…_NODETYPE, iptypes.h). */
export const NODE_TYPE = enumTable({
  broadcast: 1,
  peerToPeer: 2,
  mixed: 4,
  hybrid: 8,
});

/** NL_NETWORK_CONNECTIVITY_LEVEL_HINT (NetworkConnectivityLevelHint…). */
export const NL_NETWORK_CONNECTIVITY_LEVEL_HINT = enumTable({
  unknown: 0,
  none: 1,
  localAccess: 2,
  internetAccess: 3,
  constrainedInternetAccess: 4,
  hidden: 5,
});

/** NL_NETWORK_CONNECTIVITY_COST_HINT (NetworkConnectivityCostHint…). */
export const NL_NETWORK_CONNECTIVITY_COST_HINT = enumTable({
  unknown: 0,
  unrestricted: 1,
  fixed: 2,
  variable: 3,
});

/** MIB_IF_TABLE_LEVEL (MibIfTable…), for GetIfTable2Ex. */
export const MIB_IF_TABLE_LEVEL = enumTable({
  normal: 0,
  raw: 1,
  normalWithoutStatistics: 2,
});

/** MIB_IF_ENTRY_LEVEL (MibIfEntry…), for GetIfEntry2Ex. */
export const MIB_IF_ENTRY_LEVEL = enumTable({
  normal: 0,
  normalWithoutStatistics: 2,
});

/** MIB_IPSTATS_FORWARDING (MIB_IP_…). */
export const MIB_IPSTATS_FORWARDING = enumTable({
  forwarding: 1,
  notForwarding: 2,
});

/** TCP_RTO_ALGORITHM (MIB_TCP_RTO_…). */
export const TCP_RTO_ALGORITHM = enumTable({
  other: 1,
  constant: 2,
  rsre: 3,
  vanj: 4,
});

/**
 * The DNS_SETTING_* bits of DNS_INTERFACE_SETTINGS.Flags and DNS_SETTINGS.Flags: which
 * members a Set call writes. The functions derive them from the members given.
 */
export const DNS_SETTING = {
  IPV6: 0x0001,
  NAMESERVER: 0x0002,
  SEARCHLIST: 0x0004,
  REGISTRATION_ENABLED: 0x0008,
  REGISTER_ADAPTER_NAME: 0x0010,
  DOMAIN: 0x0020,
  HOSTNAME: 0x0040,
  ENABLE_LLMNR: 0x0080,
  QUERY_ADAPTER_NAME: 0x0100,
  PROFILE_NAMESERVER: 0x0200,
  DISABLE_UNCONSTRAINED_QUERIES: 0x0400,
  SUPPLEMENTAL_SEARCH_LIST: 0x0800,
} as const;
