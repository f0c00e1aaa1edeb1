/**
 * netioapi: the Windows IP Helper API for Node.js and Electron.
 *
 * Layer 1 is the documented functions, one for one, in camelCase: each returns a Promise
 * and has a `…Sync` twin. Every failure is a NetioError whose `code` is the documented name.
 */
export { NetioError, ERROR_TABLE, describeWin32, type ErrorTableEntry } from './errors.js';
export type { LuidInput, FamilyInput, PhysicalAddressInput } from './check.js';
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
  type IpAddress,
  type IpPrefix,
} from './address.js';
export * as constants from './constants.js';
export * from './interfaces.js';
export * from './routes.js';
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
export * from './neighbors.js';
export * from './addresses.js';
export * from './ipinterfaces.js';
export * from './notifications.js';
export { watch, Watcher, type WatchEvent, type WatchOptions, type WatchSource } from './watch.js';
export * from './dns.js';
export * from './connectivity.js';
export * from './tables.js';
export * from './compartments.js';
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
export type { InterfaceSpec } from './resolve.js';
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
export { DefaultRouteWatcher, type DefaultRouteChange, type DefaultRouteOptions } from './watch.js';
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
