/**
 * The rest of netioapi.h, one for one: multicast addresses (MIB_MULTICASTIPADDRESS_ROW), the
 * path cache with its per-destination MTU and round-trip time (MIB_IPPATH_ROW,
 * FlushIpPathTable), the interface stack (MIB_IFSTACK_ROW, MIB_INVERTEDIFSTACK_ROW), the
 * Teredo port, CreateSortedAddressPairs, the IPv4 mask conversions, if_nametoindex and
 * if_indextoname, and GetIpNetworkConnectionBandwidthEstimates.
 */
import { AF_INET, AF_INET6, formatIp, parseIp, type IpAddress } from './address.js';
import { operation } from './call.js';
import { Checker, describeValue, type FamilyInput, type LuidInput } from './check.js';
import type {
  WireAddressPair,
  WireBandwidthEstimates,
  WireIfStackRow,
  WireInvertedIfStackRow,
  WireIpPathRow,
  WireMulticastRow,
} from './native.js';

/** MIB_MULTICASTIPADDRESS_ROW: a multicast group an interface has joined. */
export interface MibMulticastipaddressRow {
  address: string;
  interfaceLuid: bigint;
  interfaceIndex: number;
  scopeId: number;
}

export interface MulticastRowInput {
  address: string;
  interfaceLuid?: LuidInput;
  interfaceIndex?: number;
  /** Ignored: the stack's. */
  scopeId?: unknown;
}

/**
 * MIB_IPPATH_ROW: what the stack knows about the path to one destination. RTTs are in
 * milliseconds; lastReachable and lastUnreachable share storage in the OS (a union):
 * isReachable says which of the two the value means. Link speeds in bits per second.
 */
export interface MibIppathRow {
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

export interface IpPathRowInput {
  destination: string;
  /** The source address, of the destination's family; omit it for any source (AF_UNSPEC). */
  source?: string | null;
  interfaceLuid?: LuidInput;
  interfaceIndex?: number;
}

/** MIB_IFSTACK_ROW: the higher layer interface runs on top of the lower one (0: none). */
export interface MibIfstackRow {
  higherLayerInterfaceIndex: number;
  lowerLayerInterfaceIndex: number;
}
/** MIB_INVERTEDIFSTACK_ROW: the same relation, lower layer first. */
export interface MibInvertedifstackRow {
  lowerLayerInterfaceIndex: number;
  higherLayerInterfaceIndex: number;
}

/** SOCKADDR_IN6_PAIR: a destination and the source the stack would use for it. */
export interface SockaddrIn6Pair {
  /** IPv4 destinations come back as IPv4 text, as they went in. */
  sourceAddress: string | null;
  destinationAddress: string | null;
}

/** NL_BANDWIDTH_INFORMATION (bits per second). */
export interface NlBandwidthInformation {
  bandwidth: bigint;
  instability: bigint;
  bandwidthPeaked: boolean;
}

/** MIB_IP_NETWORK_CONNECTION_BANDWIDTH_ESTIMATES (bits per second). */
export interface MibIpNetworkConnectionBandwidthEstimates {
  inboundBandwidthInformation: NlBandwidthInformation;
  outboundBandwidthInformation: NlBandwidthInformation;
}

function familyOf(address: IpAddress): string {
  return address.family === AF_INET ? 'IPv4' : 'IPv6';
}

/** @internal MIB_MULTICASTIPADDRESS_ROW's key members, checked. */
function multicastKey(check: Checker, input: unknown): WireMulticastRow {
  const row = check.object(input, 'row');
  if (row.address === undefined) check.fail('address', 'was not specified.');
  const address = check.address(row.address, 'address');
  return { address: formatIp(address), ...check.interfaceKey(row), scopeId: 0 };
}

const multicastEntry = operation({
  syscall: 'GetMulticastIpAddressEntry',
  native: 'getMulticastIpAddressEntry',
  prepare: (check, row: MulticastRowInput) => [multicastKey(check, row)],
  convert: (w: WireMulticastRow): MibMulticastipaddressRow => ({ ...w }),
});
/** GetMulticastIpAddressEntry: one multicast address of an interface, by address and interface. */
export const getMulticastIpAddressEntry = multicastEntry.async;
export const getMulticastIpAddressEntrySync = multicastEntry.sync;

const multicastTable = operation({
  syscall: 'GetMulticastIpAddressTable',
  native: 'getMulticastIpAddressTable',
  prepare: (check, family: FamilyInput = 'AF_UNSPEC') => [check.family(family)],
  convert: (rows: WireMulticastRow[]): MibMulticastipaddressRow[] => rows,
});
/** GetMulticastIpAddressTable: the multicast addresses of every interface ('AF_UNSPEC' for both families, the default). */
export const getMulticastIpAddressTable = multicastTable.async;
export const getMulticastIpAddressTableSync = multicastTable.sync;

/** @internal MIB_IPPATH_ROW's key members, checked as GetIpPathEntry's page lists them. */
function pathKey(check: Checker, input: unknown) {
  const row = check.object(input, 'row');
  if (row.destination === undefined) check.fail('destination', 'was not specified.');
  const destination = check.address(row.destination, 'destination');
  let source: IpAddress | null = null;
  if (row.source !== undefined && row.source !== null) {
    source = check.address(row.source, 'source');
    if (source.family !== destination.family) {
      check.fail('source', `is an ${familyOf(source)} address but destination is ${familyOf(destination)}; omit source for any.`);
    }
  }
  return { source: source && formatIp(source), destination: formatIp(destination), ...check.interfaceKey(row) };
}

const pathEntry = operation({
  syscall: 'GetIpPathEntry',
  native: 'getIpPathEntry',
  prepare: (check, row: IpPathRowInput) => [pathKey(check, row)],
  convert: (w: WireIpPathRow): MibIppathRow => w,
});
/** GetIpPathEntry: the path cache's entry for a destination on an interface. */
export const getIpPathEntry = pathEntry.async;
export const getIpPathEntrySync = pathEntry.sync;

const pathTable = operation({
  syscall: 'GetIpPathTable',
  native: 'getIpPathTable',
  prepare: (check, family: FamilyInput = 'AF_UNSPEC') => [check.family(family)],
  convert: (rows: WireIpPathRow[]): MibIppathRow[] => rows,
});
/** GetIpPathTable: the path cache: per destination, the path MTU and round-trip time. */
export const getIpPathTable = pathTable.async;
export const getIpPathTableSync = pathTable.sync;

const flushPath = operation({
  syscall: 'FlushIpPathTable',
  native: 'flushIpPathTable',
  prepare: (check, family: FamilyInput) => [check.family(family)],
  convert: (): void => undefined,
});
/** FlushIpPathTable: empties the path cache of a family ('AF_UNSPEC': both). Needs an elevated process. */
export const flushIpPathTable = flushPath.async;
export const flushIpPathTableSync = flushPath.sync;

const stack = operation({
  syscall: 'GetIfStackTable',
  native: 'getIfStackTable',
  prepare: () => [],
  convert: (rows: WireIfStackRow[]): MibIfstackRow[] => rows,
});
/** GetIfStackTable: which interface runs on top of which. */
export const getIfStackTable = stack.async;
export const getIfStackTableSync = stack.sync;

const invertedStack = operation({
  syscall: 'GetInvertedIfStackTable',
  native: 'getInvertedIfStackTable',
  prepare: () => [],
  convert: (rows: WireInvertedIfStackRow[]): MibInvertedifstackRow[] => rows,
});
/** GetInvertedIfStackTable: the interface stack, lower layer first. */
export const getInvertedIfStackTable = invertedStack.async;
export const getInvertedIfStackTableSync = invertedStack.sync;

const teredoPort = operation({
  syscall: 'GetTeredoPort',
  native: 'getTeredoPort',
  prepare: () => [],
  convert: (port: number) => port,
});
/** GetTeredoPort: the UDP port of the Teredo client (0 when it has none). */
export const getTeredoPort = teredoPort.async;
export const getTeredoPortSync = teredoPort.sync;

/** Most destinations CreateSortedAddressPairs takes, as documented. */
const MAX_DESTINATIONS = 500;

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it maps; anything else as it is. */
function unmapped(text: string | null): string | null {
  const address = text === null ? undefined : parseIp(text);
  if (!address || address.family !== AF_INET6) return text;
  const b = address.bytes;
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return mapped ? `${b[12]}.${b[13]}.${b[14]}.${b[15]}` : text;
}

const sortedPairs = operation({
  syscall: 'CreateSortedAddressPairs',
  native: 'createSortedAddressPairs',
  prepare: (check, destinationAddressList: string[]) => {
    const member = 'destinationAddressList';
    const given = check.array(destinationAddressList, member, 'an array of IPv4 or IPv6 addresses', MAX_DESTINATIONS);
    if (given.length === 0) check.fail(member, `expected 1 to ${MAX_DESTINATIONS} addresses, got none.`);
    // IPv4 destinations go in IPv4-mapped, as documented.
    const list = given.map((d, i) => {
      const address = check.address(d, `${member}[${i}]`);
      return address.family === AF_INET ? `::ffff:${formatIp(address)}` : formatIp(address);
    });
    return [list];
  },
  convert: (pairs: WireAddressPair[]): SockaddrIn6Pair[] =>
    pairs.map((p) => ({ sourceAddress: unmapped(p.sourceAddress), destinationAddress: unmapped(p.destinationAddress) })),
});
/**
 * CreateSortedAddressPairs: pairs each destination with the local source address the stack
 * would use, sorted best first (RFC 6724). IPv4 destinations are welcome: they go to the OS
 * in the IPv4-mapped form and come back as IPv4 text.
 */
export const createSortedAddressPairs = sortedPairs.async;
export const createSortedAddressPairsSync = sortedPairs.sync;

const lengthToMask = operation({
  syscall: 'ConvertLengthToIpv4Mask',
  native: 'convertLengthToIpv4Mask',
  prepare: (check, maskLength: number) => [check.uint32(maskLength, 'maskLength', 32)],
  convert: (mask: string) => mask,
});
/** ConvertLengthToIpv4Mask: 24 -> '255.255.255.0'. */
export const convertLengthToIpv4Mask = lengthToMask.async;
export const convertLengthToIpv4MaskSync = lengthToMask.sync;

const maskToLength = operation({
  syscall: 'ConvertIpv4MaskToLength',
  native: 'convertIpv4MaskToLength',
  prepare: (check, mask: string) => {
    const address = check.address(mask, 'mask');
    if (address.family !== AF_INET) check.fail('mask', `expected an IPv4 mask such as 255.255.255.0, got ${describeValue(mask)}.`);
    // A mask is ones then zeros.
    const bits = address.bytes.reduce((n, b) => n * 256 + b, 0);
    const inverted = ~bits >>> 0;
    if ((inverted & (inverted + 1)) !== 0) check.fail('mask', `(${formatIp(address)}) is not a mask: its one bits are not contiguous from the left.`);
    return [formatIp(address)];
  },
  convert: (length: number) => length,
});
/** ConvertIpv4MaskToLength: '255.255.255.0' -> 24. */
export const convertIpv4MaskToLength = maskToLength.async;
export const convertIpv4MaskToLengthSync = maskToLength.sync;

const nameToIndex = operation({
  syscall: 'if_nametoindex',
  native: 'ifNameToIndex',
  prepare: (check, interfaceName: string) => {
    const name = check.interfaceString(interfaceName, 'interfaceName', 'an interface name such as ethernet_32768 (not an alias)');
    // if_nametoindex takes an ANSI string, and interface names are ASCII by construction.
    if ([...name].some((c) => c.charCodeAt(0) > 0x7f)) check.fail('interfaceName', 'expected an interface name, which is ASCII (such as ethernet_32768), got non-ASCII text.');
    return [name];
  },
  convert: (index: number) => index,
});
/**
 * if_nametoindex: the index of an interface *name* ('ethernet_32768', what
 * convertInterfaceLuidToName gives), not of an alias ('Ethernet'). No such interface is
 * STATUS_NOT_FOUND.
 */
export const ifNameToIndex = nameToIndex.async;
export const ifNameToIndexSync = nameToIndex.sync;

const indexToName = operation({
  syscall: 'if_indextoname',
  native: 'ifIndexToName',
  prepare: (check, interfaceIndex: number) => [check.index(interfaceIndex, 'interfaceIndex', true)],
  convert: (name: string) => name,
});
/** if_indextoname: the interface name ('ethernet_32768') of an index. No such interface (index 0 included) is STATUS_NOT_FOUND. */
export const ifIndexToName = indexToName.async;
export const ifIndexToNameSync = indexToName.sync;

const bandwidth = operation({
  syscall: 'GetIpNetworkConnectionBandwidthEstimates',
  native: 'getIpNetworkConnectionBandwidthEstimates',
  prepare: (check, interfaceIndex: number, addressFamily: FamilyInput) => {
    const family = check.family(addressFamily, 'addressFamily');
    if (family !== AF_INET && family !== AF_INET6) check.fail('addressFamily', "expected 'AF_INET' or 'AF_INET6': the estimates are per family.");
    return [check.index(interfaceIndex, 'interfaceIndex', true), family];
  },
  convert: (w: WireBandwidthEstimates): MibIpNetworkConnectionBandwidthEstimates => w,
});
/** GetIpNetworkConnectionBandwidthEstimates: the stack's estimate of an interface's bandwidth, per direction. */
export const getIpNetworkConnectionBandwidthEstimates = bandwidth.async;
export const getIpNetworkConnectionBandwidthEstimatesSync = bandwidth.sync;
