/**
 * Adapters: GetAdaptersAddresses (IP_ADAPTER_ADDRESSES_LH, with its unicast, anycast,
 * multicast, DNS server, gateway, prefix, WINS and DNS suffix lists) and GetNetworkParams
 * (FIXED_INFO), and the `adapters` helpers, which give the view of `ipconfig /all`.
 */
import { operation } from './call.js';
import { Checker, enumName, type FamilyInput } from './check.js';
import {
  GAA_FLAG,
  IF_OPER_STATUS,
  IF_TYPE,
  NET_IF_CONNECTION_TYPE,
  NL_DAD_STATE,
  NL_PREFIX_ORIGIN,
  NL_SUFFIX_ORIGIN,
  NODE_TYPE,
  TUNNEL_TYPE,
  type NameOf,
} from './constants.js';
import { NetioError } from './errors.js';
import type { IfOperStatus, IfType, NetIfConnectionType, TunnelType } from './interfaces.js';
import type { NlDadState, NlPrefixOrigin, NlSuffixOrigin } from './addresses.js';
import type { WireAdapterAddresses, WireFixedInfo } from './native.js';
import { resolveInterface, type InterfaceSpec } from './resolve.js';

/** IP_ADAPTER_ANYCAST_ADDRESS_XP and IP_ADAPTER_MULTICAST_ADDRESS_XP. */
export interface IpAdapterFlaggedAddress {
  length: number;
  flags: number;
  address: string;
}
/** IP_ADAPTER_DNS_SERVER_ADDRESS_XP, IP_ADAPTER_WINS_SERVER_ADDRESS_LH, IP_ADAPTER_GATEWAY_ADDRESS_LH. */
export interface IpAdapterServerAddress {
  length: number;
  address: string;
}
/** IP_ADAPTER_PREFIX_XP. */
export interface IpAdapterPrefix {
  length: number;
  flags: number;
  address: string;
  prefixLength: number;
}
/** IP_ADDR_STRING. */
export interface IpAddrString {
  ipAddress: string;
  ipMask: string;
  context: number;
}

/** A GAA_FLAG_* flag by its name without the prefix, in camelCase: GAA_FLAG_INCLUDE_GATEWAYS → 'includeGateways'. */
export type GaaFlag = NameOf<typeof GAA_FLAG>;
export type NodeType = NameOf<typeof NODE_TYPE>;

/** IP_ADAPTER_UNICAST_ADDRESS_LH: one unicast address of an adapter. Lifetimes in seconds. */
export interface IpAdapterUnicastAddress {
  length: number;
  /** IP_ADAPTER_ADDRESS_DNS_ELIGIBLE 1 | IP_ADAPTER_ADDRESS_TRANSIENT 2. */
  flags: number;
  address: string;
  prefixOrigin: NlPrefixOrigin | number;
  suffixOrigin: NlSuffixOrigin | number;
  dadState: NlDadState | number;
  /** Seconds; 4294967295 is infinite. */
  validLifetime: number;
  preferredLifetime: number;
  leaseLifetime: number;
  /** null when the system's structure is the older one without it. */
  onLinkPrefixLength: number | null;
}

/**
 * IP_ADAPTER_ADDRESSES_LH: one adapter. Every member is here in camelCase; each linked list
 * is an array named after its First… member without "First" (FirstUnicastAddress →
 * unicastAddresses, FirstGatewayAddress → gatewayAddresses, FirstPrefix → prefixes,
 * FirstDnsSuffix → dnsSuffixes). The bits of Flags are also members of their own
 * (ddnsEnabled … ipv6ManagedAddressConfigurationSupported), as in the C union.
 * Enumerations are names; a value this release does not know comes through as its number.
 */
export interface IpAdapterAddresses {
  length: number;
  ifIndex: number;
  /** The adapter's GUID as text ('{…}'), converted from the ANSI member. */
  adapterName: string;
  unicastAddresses: IpAdapterUnicastAddress[];
  anycastAddresses: IpAdapterFlaggedAddress[];
  multicastAddresses: IpAdapterFlaggedAddress[];
  dnsServerAddresses: IpAdapterServerAddress[];
  dnsSuffix: string;
  description: string;
  friendlyName: string;
  physicalAddress: string;
  physicalAddressLength: number;
  flags: number;
  mtu: number;
  ifType: IfType | number;
  operStatus: IfOperStatus | number;
  ipv6IfIndex: number;
  zoneIndices: number[];
  prefixes: IpAdapterPrefix[];
  transmitLinkSpeed: bigint;
  receiveLinkSpeed: bigint;
  winsServerAddresses: IpAdapterServerAddress[];
  gatewayAddresses: IpAdapterServerAddress[];
  ipv4Metric: number;
  ipv6Metric: number;
  luid: bigint;
  dhcpv4Server: string | null;
  compartmentId: number;
  networkGuid: string;
  connectionType: NetIfConnectionType | number;
  tunnelType: TunnelType | number;
  dhcpv6Server: string | null;
  /** Lowercase hex pairs joined by colons; '' when there is none. */
  dhcpv6ClientDuid: string;
  dhcpv6ClientDuidLength: number;
  dhcpv6Iaid: number;
  dnsSuffixes: string[];
  /** The bits of Flags, as members of their own. */
  ddnsEnabled: boolean;
  registerAdapterSuffix: boolean;
  dhcpv4Enabled: boolean;
  receiveOnly: boolean;
  noMulticast: boolean;
  ipv6OtherStatefulConfig: boolean;
  netbiosOverTcpipEnabled: boolean;
  ipv4Enabled: boolean;
  ipv6Enabled: boolean;
  ipv6ManagedAddressConfigurationSupported: boolean;
}

/** FIXED_INFO: the computer's network parameters. The DNS server list is an array (IPv4 only, as Windows gives it). */
export interface FixedInfo {
  hostName: string;
  domainName: string;
  currentDnsServer: IpAddrString | null;
  dnsServerList: IpAddrString[];
  nodeType: NodeType | number;
  scopeId: string;
  enableRouting: boolean;
  enableProxy: boolean;
  enableDns: boolean;
}

/** The bits of IP_ADAPTER_ADDRESSES_LH.Flags, in the order of the C bit fields. */
const ADAPTER_FLAG_BITS = [
  'ddnsEnabled',
  'registerAdapterSuffix',
  'dhcpv4Enabled',
  'receiveOnly',
  'noMulticast',
  'ipv6OtherStatefulConfig',
  'netbiosOverTcpipEnabled',
  'ipv4Enabled',
  'ipv6Enabled',
  'ipv6ManagedAddressConfigurationSupported',
] as const;

/** @internal The one converter from the binding's IP_ADAPTER_ADDRESSES_LH to the public row (reuses the wire objects). */
export function adapterFromWire(w: WireAdapterAddresses): IpAdapterAddresses {
  const row = w as unknown as IpAdapterAddresses;
  for (const u of w.unicastAddresses) {
    const out = u as unknown as IpAdapterUnicastAddress;
    out.prefixOrigin = enumName(NL_PREFIX_ORIGIN, u.prefixOrigin);
    out.suffixOrigin = enumName(NL_SUFFIX_ORIGIN, u.suffixOrigin);
    out.dadState = enumName(NL_DAD_STATE, u.dadState);
  }
  row.ifType = enumName(IF_TYPE, w.ifType);
  row.operStatus = enumName(IF_OPER_STATUS, w.operStatus);
  row.connectionType = enumName(NET_IF_CONNECTION_TYPE, w.connectionType);
  row.tunnelType = enumName(TUNNEL_TYPE, w.tunnelType);
  ADAPTER_FLAG_BITS.forEach((name, bit) => {
    row[name] = (w.flags & (1 << bit)) !== 0;
  });
  return row;
}

/** GAA_FLAG_* by name (or a number, the flags OR-ed), as the ULONG the call takes. */
function gaaFlags(check: Checker, value: unknown): number {
  if (typeof value === 'number') return check.uint32(value, 'flags');
  const list = check.array(value, 'flags', `an array of GAA_FLAG names such as ['includeGateways', 'includePrefix'], or a number`, GAA_FLAG.byName.size);
  let flags = 0;
  for (const flag of list) flags |= check.enumValue(GAA_FLAG, flag, 'flags');
  return flags >>> 0;
}

const DEFAULT_FLAGS: GaaFlag[] = ['includeGateways', 'includePrefix'];

const adaptersAddresses = operation({
  syscall: 'GetAdaptersAddresses',
  native: 'getAdaptersAddresses',
  prepare: (check, family: FamilyInput = 'AF_UNSPEC', flags: GaaFlag[] | number = DEFAULT_FLAGS) => [check.family(family), gaaFlags(check, flags)],
  convert: (rows: WireAdapterAddresses[]) => rows.map(adapterFromWire),
});
/**
 * GetAdaptersAddresses: the adapters and their addresses, DNS servers, gateways and
 * prefixes. `family` 'AF_UNSPEC' (the default), 'AF_INET' or 'AF_INET6'; `flags` GAA_FLAG_*
 * names (default ['includeGateways', 'includePrefix']). The buffer is sized and the call
 * repeated inside, as the documentation asks. With nothing to report the call fails with
 * ERROR_NO_DATA, as documented; `adapters.list()` returns [] instead.
 */
export const getAdaptersAddresses = adaptersAddresses.async;
export const getAdaptersAddressesSync = adaptersAddresses.sync;

const params = operation({
  syscall: 'GetNetworkParams',
  native: 'getNetworkParams',
  prepare: () => [],
  convert: (w: WireFixedInfo): FixedInfo => ({ ...w, nodeType: enumName(NODE_TYPE, w.nodeType) }),
});
/** GetNetworkParams: host name, domain, DNS servers (IPv4, as Windows reports them) and the NetBIOS node type. */
export const getNetworkParams = params.async;
export const getNetworkParamsSync = params.sync;

// ---------------------------------------------------------------------------------------
// Helpers: the view of `ipconfig /all`.

/** One address of an adapter, as `ipconfig /all` lists it. */
export interface AdapterAddress {
  address: string;
  family: 'ipv4' | 'ipv6';
  onLinkPrefixLength: number | null;
  prefixOrigin: NlPrefixOrigin | number;
  suffixOrigin: NlSuffixOrigin | number;
  dadState: NlDadState | number;
  /** Seconds; 4294967295 is infinite. */
  validLifetime: number;
  preferredLifetime: number;
  leaseLifetime: number;
}

/** One adapter, as `ipconfig /all` shows it; names as in MIB_IF_ROW2 and MIB_UNICASTIPADDRESS_ROW. */
export interface Adapter {
  /** The friendly name ('Ethernet', 'Wi-Fi'). */
  alias: string;
  description: string;
  /** The adapter's GUID, '{…}' (AdapterName). */
  interfaceGuid: string;
  interfaceLuid: bigint;
  /** IfIndex, or Ipv6IfIndex when IPv4 is not bound. */
  interfaceIndex: number;
  type: IfType | number;
  operStatus: IfOperStatus | number;
  /** '02:00:5e:10:00:01'; '' when the adapter has none. */
  physicalAddress: string;
  mtu: number;
  /** Bits per second. */
  transmitLinkSpeed: bigint;
  receiveLinkSpeed: bigint;
  dhcp: {
    /** DHCP for IPv4 is on. */
    enabled: boolean;
    /** The DHCPv4 server, when there is one. */
    server: string | null;
  };
  /** The connection-specific DNS suffix. */
  dnsSuffix: string;
  dnsServers: string[];
  gateways: string[];
  addresses: AdapterAddress[];
  ipv4Enabled: boolean;
  ipv6Enabled: boolean;
}

export interface ListAdaptersOptions {
  /** Addresses of one family only ('ipv4', 'ipv6'); both by default. */
  family?: FamilyInput;
}

/** @internal The view of one IP_ADAPTER_ADDRESSES_LH row. */
export function adapterView(a: IpAdapterAddresses): Adapter {
  return {
    alias: a.friendlyName,
    description: a.description,
    interfaceGuid: a.adapterName,
    interfaceLuid: a.luid,
    interfaceIndex: a.ifIndex !== 0 ? a.ifIndex : a.ipv6IfIndex,
    type: a.ifType,
    operStatus: a.operStatus,
    physicalAddress: a.physicalAddress,
    mtu: a.mtu,
    transmitLinkSpeed: a.transmitLinkSpeed,
    receiveLinkSpeed: a.receiveLinkSpeed,
    dhcp: { enabled: a.dhcpv4Enabled, server: a.dhcpv4Server },
    dnsSuffix: a.dnsSuffix,
    dnsServers: a.dnsServerAddresses.map((s) => s.address),
    gateways: a.gatewayAddresses.map((g) => g.address),
    addresses: a.unicastAddresses.map((u) => ({
      address: u.address,
      family: u.address.includes(':') ? 'ipv6' : 'ipv4',
      onLinkPrefixLength: u.onLinkPrefixLength,
      prefixOrigin: u.prefixOrigin,
      suffixOrigin: u.suffixOrigin,
      dadState: u.dadState,
      validLifetime: u.validLifetime,
      preferredLifetime: u.preferredLifetime,
      leaseLifetime: u.leaseLifetime,
    })),
    ipv4Enabled: a.ipv4Enabled,
    ipv6Enabled: a.ipv6Enabled,
  };
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof NetioError && error.code === code;
}

/** What the view shows: unicast addresses, DNS servers and gateways; not the anycast and multicast lists. */
const VIEW_FLAGS: GaaFlag[] = ['includeGateways', 'skipAnycast', 'skipMulticast'];

async function readAdapters(family: FamilyInput): Promise<IpAdapterAddresses[]> {
  try {
    return await getAdaptersAddresses(family, VIEW_FLAGS);
  } catch (error) {
    // "No addresses were found for the requested parameters."
    if (isCode(error, 'ERROR_NO_DATA')) return [];
    throw error;
  }
}

/** The view of `ipconfig /all`, from one GetAdaptersAddresses call. */
export const adapters = {
  /** Every adapter with IP bound, in the system's order. */
  async list(options: ListAdaptersOptions = {}): Promise<Adapter[]> {
    const check: Checker = new Checker('GetAdaptersAddresses');
    const o = check.options(options);
    const family = o.family === undefined ? 'AF_UNSPEC' : (check.family(o.family) as FamilyInput);
    return (await readAdapters(family)).map(adapterView);
  },

  /** One adapter by alias, index, LUID or GUID; STATUS_NOT_FOUND when it has no IP binding. */
  async get(spec: InterfaceSpec, options: ListAdaptersOptions = {}): Promise<Adapter> {
    const o = new Checker('GetAdaptersAddresses').options(options);
    const family = o.family;
    const luid = await resolveInterface(spec, 'GetAdaptersAddresses');
    const found = (await adapters.list({ family: family as FamilyInput | undefined })).find((a) => a.interfaceLuid === luid);
    if (!found) {
      throw new NetioError({
        win32: 1168,
        syscall: 'GetAdaptersAddresses',
        member: 'interface',
        detail: `the interface ${String(spec)} exists but GetAdaptersAddresses lists no adapter for it (no IP binding${family === undefined ? '' : ' of that family'}).`,
      });
    }
    return found;
  },
};
