/**
 * netioapi: the Windows IP Helper API for Node.js and Electron.
 *
 * Layer 1 is the documented functions, one for one, in camelCase: each returns a Promise
 * and has a `…Sync` twin. Layer 2 is the helpers (`routes`, `neighbors`, `addresses`,
 * `anycast`, `interfaces`, `watch`). Every failure is a NetioError whose `code` is the
 * documented name.
 *
 * This file is the package's public surface, and only what the README documents is
 * exported from it, each name by name: the modules also hold internals (the wire
 * converters, the validation) that are not part of the API. `npm run api` records the
 * surface in etc/netioapi.api.md, and `npm run lint` fails when that record is stale.
 */

// Errors.
export { NetioError, ERROR_TABLE, describeWin32, type ErrorTableEntry, type NetioErrorOptions } from './errors.js';

// What the functions accept.
export type { LuidInput, FamilyInput, PhysicalAddressInput } from './check.js';
export type { InterfaceSpec } from './resolve.js';

// Addresses and their text forms.
export {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  formatIp,
  formatPrefix,
  parseIp,
  parsePrefix,
  formatPhysicalAddress,
  parsePhysicalAddress,
  parseGuid,
  type AddressFamilyNumber,
  type IpAddress,
  type IpPrefix,
} from './address.js';

// The documented enumerations, by name and number.
export * as constants from './constants.js';
export type { EnumTable } from './check.js';

// Interface identity: ConvertInterface*, GetIfTable2, GetIfEntry2.
export {
  convertInterfaceLuidToIndex,
  convertInterfaceLuidToIndexSync,
  convertInterfaceIndexToLuid,
  convertInterfaceIndexToLuidSync,
  convertInterfaceAliasToLuid,
  convertInterfaceAliasToLuidSync,
  convertInterfaceLuidToAlias,
  convertInterfaceLuidToAliasSync,
  convertInterfaceLuidToGuid,
  convertInterfaceLuidToGuidSync,
  convertInterfaceGuidToLuid,
  convertInterfaceGuidToLuidSync,
  convertInterfaceLuidToName,
  convertInterfaceLuidToNameSync,
  convertInterfaceNameToLuid,
  convertInterfaceNameToLuidSync,
  getIfTable2,
  getIfTable2Sync,
  getIfEntry2,
  getIfEntry2Sync,
  getIfTable2Ex,
  getIfTable2ExSync,
  getIfEntry2Ex,
  getIfEntry2ExSync,
  type MibIfTableLevel,
  type MibIfEntryLevel,
  type MibIfRow2,
  type InterfaceKeyInput,
  type IfType,
  type TunnelType,
  type NdisMedium,
  type NdisPhysicalMedium,
  type NetIfAccessType,
  type NetIfDirectionType,
  type IfOperStatus,
  type NetIfAdminStatus,
  type NetIfMediaConnectState,
  type NetIfConnectionType,
} from './interfaces.js';

// Routes: CreateIpForwardEntry2 and its family, GetBestRoute2, and the routes helpers.
export {
  createIpForwardEntry2,
  createIpForwardEntry2Sync,
  deleteIpForwardEntry2,
  deleteIpForwardEntry2Sync,
  setIpForwardEntry2,
  setIpForwardEntry2Sync,
  getIpForwardEntry2,
  getIpForwardEntry2Sync,
  getIpForwardTable2,
  getIpForwardTable2Sync,
  initializeIpForwardEntry,
  initializeIpForwardEntrySync,
  getBestRoute2,
  getBestRoute2Sync,
  INFINITE_LIFETIME,
  routes,
  type MibIpforwardRow2,
  type IpforwardRow2Input,
  type NlRouteProtocol,
  type NlRouteOrigin,
  type BestRoute,
  type BestRouteOptions,
  type RouteSpec,
  type AddRouteOptions,
  type ListRoutesOptions,
} from './routes.js';

// Route sets: routes.apply and routes.cleanup.
export {
  FileRouteStore,
  defaultStoreDirectory,
  type ApplyResult,
  type DesiredRoute,
  type RouteKey,
  type RouteOutcome,
  type RouteOutcomeKind,
  type RouteSetOptions,
  type RouteStore,
} from './routeset.js';

// Neighbours: CreateIpNetEntry2 and its family, and the neighbors helpers.
export {
  createIpNetEntry2,
  createIpNetEntry2Sync,
  deleteIpNetEntry2,
  deleteIpNetEntry2Sync,
  setIpNetEntry2,
  setIpNetEntry2Sync,
  getIpNetEntry2,
  getIpNetEntry2Sync,
  getIpNetTable2,
  getIpNetTable2Sync,
  flushIpNetTable2,
  flushIpNetTable2Sync,
  resolveIpNetEntry2,
  resolveIpNetEntry2Sync,
  neighbors,
  type MibIpnetRow2,
  type IpnetRow2Input,
  type NlNeighborState,
  type ListNeighborsOptions,
  type AddNeighborOptions,
} from './neighbors.js';

// Unicast and anycast addresses, and the addresses and anycast helpers.
export {
  createAnycastIpAddressEntry,
  createAnycastIpAddressEntrySync,
  deleteAnycastIpAddressEntry,
  deleteAnycastIpAddressEntrySync,
  getAnycastIpAddressEntry,
  getAnycastIpAddressEntrySync,
  getAnycastIpAddressTable,
  getAnycastIpAddressTableSync,
  createUnicastIpAddressEntry,
  createUnicastIpAddressEntrySync,
  deleteUnicastIpAddressEntry,
  deleteUnicastIpAddressEntrySync,
  setUnicastIpAddressEntry,
  setUnicastIpAddressEntrySync,
  getUnicastIpAddressEntry,
  getUnicastIpAddressEntrySync,
  getUnicastIpAddressTable,
  getUnicastIpAddressTableSync,
  initializeUnicastIpAddressEntry,
  initializeUnicastIpAddressEntrySync,
  addresses,
  anycast,
  type MibUnicastipaddressRow,
  type UnicastRowInput,
  type MibAnycastipaddressRow,
  type AnycastRowInput,
  type NlPrefixOrigin,
  type NlSuffixOrigin,
  type NlDadState,
  type AddAddressOptions,
} from './addresses.js';

// IP interfaces: MIB_IPINTERFACE_ROW, and the interfaces helpers.
export {
  getIpInterfaceEntry,
  getIpInterfaceEntrySync,
  setIpInterfaceEntry,
  setIpInterfaceEntrySync,
  getIpInterfaceTable,
  getIpInterfaceTableSync,
  initializeIpInterfaceEntry,
  initializeIpInterfaceEntrySync,
  interfaces,
  type MibIpinterfaceRow,
  type IpInterfaceRowInput,
  type InterfaceOffload,
  type NlRouterDiscoveryBehavior,
  type NlLinkLocalAddressBehavior,
  type AddressFamilyName,
  type InterfaceView,
  type SetInterfaceOptions,
} from './ipinterfaces.js';

// Change notifications, one for one, and watchers.
export {
  notifyRouteChange2,
  notifyRouteChange2Sync,
  notifyUnicastIpAddressChange,
  notifyUnicastIpAddressChangeSync,
  notifyIpInterfaceChange,
  notifyIpInterfaceChangeSync,
  notifyTeredoPortChange,
  notifyTeredoPortChangeSync,
  notifyStableUnicastIpAddressTable,
  notifyStableUnicastIpAddressTableSync,
  type StableUnicastTable,
  type StableTableCallback,
  type ChangeCallback,
  type ChangeNotification,
  type NotificationType,
  type NotifyOptions,
  type NotificationHandle,
} from './notifications.js';
export {
  watch,
  Watcher,
  type WatchEvent,
  type WatchEventType,
  type WatchOptions,
  type WatchRows,
  type WatchSource,
  type WatchSourceEvent,
  type WatcherEvents,
  TypedEventEmitter,
} from './watch.js';

// DNS settings per interface and for the system.
export {
  getInterfaceDnsSettings,
  getInterfaceDnsSettingsSync,
  setInterfaceDnsSettings,
  setInterfaceDnsSettingsSync,
  getDnsSettings,
  getDnsSettingsSync,
  setDnsSettings,
  setDnsSettingsSync,
  dns,
  type DnsInterfaceSettings,
  type DnsInterfaceSettingsInput,
  type DnsSettings,
  type DnsSettingsInput,
  type GetInterfaceDnsSettingsOptions,
  type InterfaceDns,
  type SetDnsOptions,
} from './dns.js';

// The connectivity hint.
export {
  getNetworkConnectivityHint,
  getNetworkConnectivityHintSync,
  getNetworkConnectivityHintForInterface,
  getNetworkConnectivityHintForInterfaceSync,
  notifyNetworkConnectivityHintChange,
  notifyNetworkConnectivityHintChangeSync,
  type NlNetworkConnectivityLevelHint,
  type NlNetworkConnectivityCostHint,
  type NetworkConnectivityHint,
  type ConnectivityHintNotification,
} from './connectivity.js';

// The rest of netioapi.h: multicast addresses, paths, interface stacks, Teredo, address
// pairs, masks, names and bandwidth estimates.
export {
  getMulticastIpAddressEntry,
  getMulticastIpAddressEntrySync,
  getMulticastIpAddressTable,
  getMulticastIpAddressTableSync,
  getIpPathEntry,
  getIpPathEntrySync,
  getIpPathTable,
  getIpPathTableSync,
  flushIpPathTable,
  flushIpPathTableSync,
  getIfStackTable,
  getIfStackTableSync,
  getInvertedIfStackTable,
  getInvertedIfStackTableSync,
  getTeredoPort,
  getTeredoPortSync,
  createSortedAddressPairs,
  createSortedAddressPairsSync,
  convertLengthToIpv4Mask,
  convertLengthToIpv4MaskSync,
  convertIpv4MaskToLength,
  convertIpv4MaskToLengthSync,
  ifNameToIndex,
  ifNameToIndexSync,
  ifIndexToName,
  ifIndexToNameSync,
  getIpNetworkConnectionBandwidthEstimates,
  getIpNetworkConnectionBandwidthEstimatesSync,
  type MibMulticastipaddressRow,
  type MulticastRowInput,
  type MibIppathRow,
  type IpPathRowInput,
  type MibIfstackRow,
  type MibInvertedifstackRow,
  type SockaddrIn6Pair,
  type MibIpNetworkConnectionBandwidthEstimates,
  type NlBandwidthInformation,
} from './tables.js';

// Network compartments.
export {
  getCurrentThreadCompartmentId,
  getCurrentThreadCompartmentIdSync,
  setCurrentThreadCompartmentId,
  setCurrentThreadCompartmentIdSync,
  getSessionCompartmentId,
  getSessionCompartmentIdSync,
  setSessionCompartmentId,
  setSessionCompartmentIdSync,
  getDefaultCompartmentId,
  getDefaultCompartmentIdSync,
  getNetworkInformation,
  getNetworkInformationSync,
  setNetworkInformation,
  setNetworkInformationSync,
  type NetworkInformation,
} from './compartments.js';

// Protocol statistics.
export {
  getIpStatisticsEx,
  getIpStatisticsExSync,
  getTcpStatisticsEx,
  getTcpStatisticsExSync,
  getUdpStatisticsEx,
  getUdpStatisticsExSync,
  getIcmpStatisticsEx,
  getIcmpStatisticsExSync,
  type MibIpstats,
  type MibIpstatsForwarding,
  type MibTcpstats,
  type TcpRtoAlgorithm,
  type MibUdpstats,
  type MibicmpstatsEx,
  type MibIcmpEx,
} from './statistics.js';

// What this system offers.
export { isSupported, entryPoints } from './support.js';
export {
  adapters,
  getAdaptersAddresses,
  getAdaptersAddressesSync,
  getNetworkParams,
  getNetworkParamsSync,
  type Adapter,
  type AdapterAddress,
  type FixedInfo,
  type GaaFlag,
  type IpAdapterAddresses,
  type IpAdapterFlaggedAddress,
  type IpAdapterPrefix,
  type IpAdapterServerAddress,
  type IpAdapterUnicastAddress,
  type IpAddrString,
  type ListAdaptersOptions,
  type NodeType,
} from './adapters.js';
export { gateway, type DefaultGateway, type GatewayOptions } from './gateway.js';
export { DefaultRouteWatcher, type DefaultRouteChange, type DefaultRouteEvents, type DefaultRouteOptions } from './watch.js';
export {
  IP_STATUS,
  icmpSendEcho2Ex,
  icmpSendEcho2ExSync,
  icmp6SendEcho2,
  icmp6SendEcho2Sync,
  ping,
  traceroute,
  type IcmpEchoOptions,
  type IcmpEchoReply,
  type IpStatus,
  type PingOptions,
  type PingReply,
  type PingResult,
  type TracerouteHop,
  type TracerouteOptions,
  type TracerouteResult,
} from './icmp.js';
export {
  getExtendedTcpTable,
  getExtendedTcpTableSync,
  getExtendedUdpTable,
  getExtendedUdpTableSync,
  getTcpTable2,
  getTcpTable2Sync,
  getTcp6Table2,
  getTcp6Table2Sync,
  getOwnerModuleFromTcpEntry,
  getOwnerModuleFromTcpEntrySync,
  getOwnerModuleFromTcp6Entry,
  getOwnerModuleFromTcp6EntrySync,
  getOwnerModuleFromUdpEntry,
  getOwnerModuleFromUdpEntrySync,
  getOwnerModuleFromUdp6Entry,
  getOwnerModuleFromUdp6EntrySync,
  setTcpEntry,
  setTcpEntrySync,
  sockets,
  MIB_TCP_STATE,
  TCP_TABLE_CLASS,
  UDP_TABLE_CLASS,
  TCP_CONNECTION_OFFLOAD_STATE,
  type MibTcpState,
  type TcpTableClass,
  type UdpTableClass,
  type TcpConnectionOffloadState,
  type SocketFamilyInput,
  type MibTcpRow,
  type MibTcpRowOwnerPid,
  type MibTcpRowOwnerModule,
  type MibTcpRow2,
  type MibUdpRow,
  type MibUdpRowOwnerPid,
  type MibUdpRowOwnerModule,
  type TcpRowOf,
  type UdpRowOf,
  type TcpipOwnerModuleBasicInfo,
  type SocketTableOptions,
  type SetTcpRowInput,
  type TcpOwnerModuleRowInput,
  type UdpOwnerModuleRowInput,
  type SocketProtocol,
  type SocketFamily,
  type SocketEntry,
  type SocketListOptions,
  type SocketOwner,
  type SocketOwnersOptions,
  type TcpConnectionSpec,
} from './sockets.js';
