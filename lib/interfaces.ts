/**
 * Interface identity: conversions between an interface's LUID, index, alias, GUID and
 * name (the ConvertInterface* functions), and MIB_IF_ROW2 (GetIfTable2, GetIfEntry2).
 */
import { MAX_INTERFACE_STRING, type LuidInput } from './check.js';
import {
  MIB_IF_ENTRY_LEVEL,
  MIB_IF_TABLE_LEVEL,
  IF_OPER_STATUS,
  IF_TYPE,
  NDIS_MEDIUM,
  NDIS_PHYSICAL_MEDIUM,
  NET_IF_ACCESS_TYPE,
  NET_IF_ADMIN_STATUS,
  NET_IF_CONNECTION_TYPE,
  NET_IF_DIRECTION_TYPE,
  NET_IF_MEDIA_CONNECT_STATE,
  TUNNEL_TYPE,
  type NameOf,
} from './constants.js';
import { enumName } from './check.js';
import { operation, type Explainer } from './call.js';
import { NetioError } from './errors.js';
import { IF_NUMBERS, IF_WIDE, type WireIfRows } from './native.js';

export type IfType = NameOf<typeof IF_TYPE>;
export type TunnelType = NameOf<typeof TUNNEL_TYPE>;
export type NdisMedium = NameOf<typeof NDIS_MEDIUM>;
export type NdisPhysicalMedium = NameOf<typeof NDIS_PHYSICAL_MEDIUM>;
export type NetIfAccessType = NameOf<typeof NET_IF_ACCESS_TYPE>;
export type NetIfDirectionType = NameOf<typeof NET_IF_DIRECTION_TYPE>;
export type IfOperStatus = NameOf<typeof IF_OPER_STATUS>;
export type NetIfAdminStatus = NameOf<typeof NET_IF_ADMIN_STATUS>;
export type NetIfMediaConnectState = NameOf<typeof NET_IF_MEDIA_CONNECT_STATE>;
export type NetIfConnectionType = NameOf<typeof NET_IF_CONNECTION_TYPE>;
export type MibIfTableLevel = NameOf<typeof MIB_IF_TABLE_LEVEL>;
export type MibIfEntryLevel = NameOf<typeof MIB_IF_ENTRY_LEVEL>;

/**
 * MIB_IF_ROW2: one network interface, every documented member in camelCase. Enumerations
 * are names; a value this release does not know comes through as its number.
 */
export interface MibIfRow2 {
  interfaceLuid: bigint;
  interfaceIndex: number;
  /** '{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}'. */
  interfaceGuid: string;
  /** The name people see ('Ethernet', 'Wi-Fi'); under Wine, the Linux name. */
  alias: string;
  description: string;
  physicalAddressLength: number;
  /** '02:00:5e:10:00:01'; '' when the interface has none. */
  physicalAddress: string;
  permanentPhysicalAddress: string;
  mtu: number;
  type: IfType | number;
  tunnelType: TunnelType | number;
  mediaType: NdisMedium | number;
  physicalMediumType: NdisPhysicalMedium | number;
  accessType: NetIfAccessType | number;
  directionType: NetIfDirectionType | number;
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
  operStatus: IfOperStatus | number;
  adminStatus: NetIfAdminStatus | number;
  mediaConnectState: NetIfMediaConnectState | number;
  networkGuid: string;
  connectionType: NetIfConnectionType | number;
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

/** Names an interface in a row: InterfaceLuid first; InterfaceIndex when the LUID is 0 or absent. */
export interface InterfaceKeyInput {
  interfaceLuid?: LuidInput;
  interfaceIndex?: number;
}

/** @internal The one decoder of the binding's MIB_IF_ROW2 rows. */
export function ifRowsFromWire(w: WireIfRows): MibIfRow2[] {
  const parts = w.text.split('\0');
  const rows: MibIfRow2[] = new Array(w.count);
  for (let i = 0; i < w.count; i++) {
    const n = i * IF_NUMBERS;
    const k = i * IF_WIDE;
    const p = i * 6;
    const num = (j: number) => w.numbers[n + j]!;
    const big = (j: number) => w.wide[k + j]!;
    const flags = num(9);
    const row: MibIfRow2 = {
      interfaceLuid: big(0),
      interfaceIndex: num(0),
      interfaceGuid: parts[p + 2]!,
      alias: parts[p]!,
      description: parts[p + 1]!,
      physicalAddressLength: num(1),
      physicalAddress: parts[p + 3]!,
      permanentPhysicalAddress: parts[p + 4]!,
      mtu: num(2),
      type: enumName(IF_TYPE, num(3)),
      tunnelType: enumName(TUNNEL_TYPE, num(4)),
      mediaType: enumName(NDIS_MEDIUM, num(5)),
      physicalMediumType: enumName(NDIS_PHYSICAL_MEDIUM, num(6)),
      accessType: enumName(NET_IF_ACCESS_TYPE, num(7)),
      directionType: enumName(NET_IF_DIRECTION_TYPE, num(8)),
      interfaceAndOperStatusFlags: {
        hardwareInterface: (flags & 1) !== 0,
        filterInterface: (flags & 2) !== 0,
        connectorPresent: (flags & 4) !== 0,
        notAuthenticated: (flags & 8) !== 0,
        notMediaConnected: (flags & 16) !== 0,
        paused: (flags & 32) !== 0,
        lowPower: (flags & 64) !== 0,
        endPointInterface: (flags & 128) !== 0,
      },
      operStatus: enumName(IF_OPER_STATUS, num(10)),
      adminStatus: enumName(NET_IF_ADMIN_STATUS, num(11)),
      mediaConnectState: enumName(NET_IF_MEDIA_CONNECT_STATE, num(12)),
      networkGuid: parts[p + 5]!,
      connectionType: enumName(NET_IF_CONNECTION_TYPE, num(13)),
      transmitLinkSpeed: big(1),
      receiveLinkSpeed: big(2),
      inOctets: big(3),
      inUcastPkts: big(4),
      inNUcastPkts: big(5),
      inDiscards: big(6),
      inErrors: big(7),
      inUnknownProtos: big(8),
      inUcastOctets: big(9),
      inMulticastOctets: big(10),
      inBroadcastOctets: big(11),
      outOctets: big(12),
      outUcastPkts: big(13),
      outNUcastPkts: big(14),
      outDiscards: big(15),
      outErrors: big(16),
      outUcastOctets: big(17),
      outMulticastOctets: big(18),
      outBroadcastOctets: big(19),
      outQLen: big(20),
    };
    rows[i] = row;
  }
  return rows;
}

const identity = <T>(value: T): T => value;

// ---------------------------------------------------------------------------------------
// "No such interface", said the way iproute2 says it: which value, and what exists.

/**
 * The codes with which the ConvertInterface* functions and GetIfEntry2 say that the
 * interface named does not exist: 2 for an unknown index, LUID or GUID, 87 for an alias
 * or name that matches nothing (as documented for ConvertInterfaceAliasToLuid), 123 for
 * a name that is not one, and 1168.
 */
const NO_SUCH_INTERFACE: ReadonlySet<number> = new Set([2, 87, 123, 1168]);

/** The errors made by unknownInterface(), so that a helper can name its own argument. */
const unknownInterfaceErrors = new WeakSet<NetioError>();

/** How many aliases a hint lists before it says how many more there are. */
const HINT_ALIASES = 8;

/** @internal What kind of value named the interface. */
export type InterfaceNaming = 'alias' | 'name' | 'GUID' | 'index' | 'LUID';

function quoted(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  return String(value);
}

/** The aliases worth listing: no filter interfaces (Windows lists a few per adapter), those up first. */
function aliasesOf(rows: MibIfRow2[]): string[] {
  const shown = rows.filter((r) => !r.interfaceAndOperStatusFlags.filterInterface && r.alias !== '');
  const up = shown.filter((r) => r.operStatus === 'up');
  return [...up, ...shown.filter((r) => r.operStatus !== 'up')].map((r) => r.alias);
}

/** @internal "Interfaces here, by alias: …", capped at HINT_ALIASES names; undefined when none can be read. */
export function interfacesHint(aliases: string[] | undefined): string | undefined {
  if (aliases === undefined) return undefined;
  if (aliases.length === 0) return 'This system lists no interfaces.';
  const listed = aliases.slice(0, HINT_ALIASES).map((a) => (a.length > 40 ? `${a.slice(0, 40)}…` : a));
  const more = aliases.length - listed.length;
  return `Interfaces here, by alias: ${listed.join(', ')}${more > 0 ? ` and ${more} more (getIfTable2() lists them all)` : ''}.`;
}

function noSuchInterface(error: NetioError, member: string, naming: InterfaceNaming, value: unknown, hint: string | undefined, cause: unknown): NetioError {
  const made = new NetioError({
    win32: error.win32,
    syscall: error.syscall,
    member,
    systemMessage: error.systemMessage,
    detail: `${member}: no interface has the ${naming} ${quoted(value)}.`,
    hint,
    cause,
  });
  unknownInterfaceErrors.add(made);
  return made;
}

/**
 * @internal The NetioError for an interface that does not exist: it keeps the OS's code, win32 and
 * system text, names the value given (in `member` and in the message), and lists the
 * interfaces that do exist in `hint`.
 */
export function unknownInterface(error: NetioError, member: string, naming: InterfaceNaming, value: unknown, aliases: string[] | undefined): NetioError {
  return noSuchInterface(error, member, naming, value, interfacesHint(aliases), error);
}

/** @internal Whether `error` says that an interface named by the caller does not exist. */
export function isUnknownInterface(error: unknown): error is NetioError {
  return error instanceof NetioError && unknownInterfaceErrors.has(error);
}

/**
 * @internal The same error naming the caller's own argument (`member`) instead of the documented
 * function's: what a helper reports when the interface it was given does not exist.
 */
export function renameUnknownInterface(error: NetioError, member: string, naming: InterfaceNaming, value: unknown): NetioError {
  return noSuchInterface(error, member, naming, value, error.hint, error.cause ?? error);
}

/** Whether an OS error from a conversion means "no such interface" (not a refused argument). */
function saysNoSuchInterface(error: NetioError): boolean {
  return error.member === undefined && NO_SUCH_INTERFACE.has(error.win32);
}

function aliasesSync(): string[] | undefined {
  try {
    return aliasesOf(getIfTable2Sync());
  } catch {
    return undefined;
  }
}

async function aliasesAsync(): Promise<string[] | undefined> {
  try {
    return aliasesOf(await getIfTable2());
  } catch {
    return undefined;
  }
}

/** The explainer of a conversion whose first argument names the interface. */
function explainFirst<A extends [unknown, ...unknown[]]>(member: string, naming: InterfaceNaming): Explainer<A> {
  return {
    sync: (error, args) => (saysNoSuchInterface(error) ? unknownInterface(error, member, naming, args[0], aliasesSync()) : error),
    async: async (error, args) => (saysNoSuchInterface(error) ? unknownInterface(error, member, naming, args[0], await aliasesAsync()) : error),
  };
}

/** GetIfEntry2's row names the interface by LUID first, else by index. */
function rowNaming(row: InterfaceKeyInput): { member: string; naming: InterfaceNaming; value: unknown } {
  const luid = row.interfaceLuid;
  if (luid !== undefined && luid !== 0n && luid !== 0) return { member: 'interfaceLuid', naming: 'LUID', value: luid };
  return { member: 'interfaceIndex', naming: 'index', value: row.interfaceIndex };
}

const explainRow: Explainer<[InterfaceKeyInput]> = {
  sync: (error, [row]) => {
    if (!saysNoSuchInterface(error)) return error;
    const { member, naming, value } = rowNaming(row);
    return unknownInterface(error, member, naming, value, aliasesSync());
  },
  async: async (error, [row]) => {
    if (!saysNoSuchInterface(error)) return error;
    const { member, naming, value } = rowNaming(row);
    return unknownInterface(error, member, naming, value, await aliasesAsync());
  },
};

const luidToIndex = operation({
  syscall: 'ConvertInterfaceLuidToIndex',
  native: 'convertInterfaceLuidToIndex',
  prepare: (check, interfaceLuid: LuidInput) => [check.luid(interfaceLuid, 'interfaceLuid')],
  convert: identity,
  explain: explainFirst('interfaceLuid', 'LUID'),
});
/** ConvertInterfaceLuidToIndex: the interface index of a LUID. */
export const convertInterfaceLuidToIndex = luidToIndex.async;
export const convertInterfaceLuidToIndexSync = luidToIndex.sync;

const indexToLuid = operation({
  syscall: 'ConvertInterfaceIndexToLuid',
  native: 'convertInterfaceIndexToLuid',
  prepare: (check, interfaceIndex: number) => [check.index(interfaceIndex, 'interfaceIndex', true)],
  convert: identity,
  explain: explainFirst('interfaceIndex', 'index'),
});
/**
 * ConvertInterfaceIndexToLuid: the LUID of an interface index. Index 0 goes to the OS like
 * any other: Windows answers STATUS_NOT_FOUND (Win32 2), no such interface.
 */
export const convertInterfaceIndexToLuid = indexToLuid.async;
export const convertInterfaceIndexToLuidSync = indexToLuid.sync;

const aliasToLuid = operation({
  syscall: 'ConvertInterfaceAliasToLuid',
  native: 'convertInterfaceAliasToLuid',
  prepare: (check, interfaceAlias: string) => [check.interfaceString(interfaceAlias, 'interfaceAlias', 'an interface alias such as "Ethernet"', MAX_INTERFACE_STRING)],
  convert: identity,
  explain: explainFirst('interfaceAlias', 'alias'),
});
/**
 * ConvertInterfaceAliasToLuid: the LUID of an interface alias ('Ethernet', 'Wi-Fi'). An
 * alias the system does not have, the empty one included, is the OS's to refuse
 * (STATUS_INVALID_PARAMETER); one longer than Windows keeps (256) is refused before the call.
 */
export const convertInterfaceAliasToLuid = aliasToLuid.async;
export const convertInterfaceAliasToLuidSync = aliasToLuid.sync;

const luidToAlias = operation({
  syscall: 'ConvertInterfaceLuidToAlias',
  native: 'convertInterfaceLuidToAlias',
  prepare: (check, interfaceLuid: LuidInput) => [check.luid(interfaceLuid, 'interfaceLuid')],
  convert: identity,
  explain: explainFirst('interfaceLuid', 'LUID'),
});
/** ConvertInterfaceLuidToAlias: the alias of a LUID. */
export const convertInterfaceLuidToAlias = luidToAlias.async;
export const convertInterfaceLuidToAliasSync = luidToAlias.sync;

const luidToGuid = operation({
  syscall: 'ConvertInterfaceLuidToGuid',
  native: 'convertInterfaceLuidToGuid',
  prepare: (check, interfaceLuid: LuidInput) => [check.luid(interfaceLuid, 'interfaceLuid')],
  convert: identity,
  explain: explainFirst('interfaceLuid', 'LUID'),
});
/** ConvertInterfaceLuidToGuid: the interface GUID of a LUID, as '{XXXXXXXX-…}'. */
export const convertInterfaceLuidToGuid = luidToGuid.async;
export const convertInterfaceLuidToGuidSync = luidToGuid.sync;

const guidToLuid = operation({
  syscall: 'ConvertInterfaceGuidToLuid',
  native: 'convertInterfaceGuidToLuid',
  prepare: (check, interfaceGuid: string) => [check.guid(interfaceGuid, 'interfaceGuid')],
  convert: identity,
  explain: explainFirst('interfaceGuid', 'GUID'),
});
/** ConvertInterfaceGuidToLuid: the LUID of an interface GUID (braces optional, any case). */
export const convertInterfaceGuidToLuid = guidToLuid.async;
export const convertInterfaceGuidToLuidSync = guidToLuid.sync;

const luidToName = operation({
  syscall: 'ConvertInterfaceLuidToNameW',
  native: 'convertInterfaceLuidToName',
  prepare: (check, interfaceLuid: LuidInput) => [check.luid(interfaceLuid, 'interfaceLuid')],
  convert: identity,
  explain: explainFirst('interfaceLuid', 'LUID'),
});
/** ConvertInterfaceLuidToNameW: the interface name of a LUID ('ethernet_32768'). */
export const convertInterfaceLuidToName = luidToName.async;
export const convertInterfaceLuidToNameSync = luidToName.sync;

const nameToLuid = operation({
  syscall: 'ConvertInterfaceNameToLuidW',
  native: 'convertInterfaceNameToLuid',
  prepare: (check, interfaceName: string) => [check.interfaceString(interfaceName, 'interfaceName', 'an interface name such as "ethernet_32768"')],
  convert: identity,
  explain: explainFirst('interfaceName', 'name'),
});
/**
 * ConvertInterfaceNameToLuidW: the LUID of an interface name. A name the OS cannot read
 * (empty, unknown, too long) is STATUS_INVALID_NAME (Win32 123), as documented.
 */
export const convertInterfaceNameToLuid = nameToLuid.async;
export const convertInterfaceNameToLuidSync = nameToLuid.sync;

const ifTable2 = operation({
  syscall: 'GetIfTable2',
  native: 'getIfTable2',
  prepare: () => [],
  convert: ifRowsFromWire,
});
/** GetIfTable2: every interface, as MIB_IF_ROW2 rows. */
export const getIfTable2 = ifTable2.async;
export const getIfTable2Sync = ifTable2.sync;

const ifEntry2 = operation({
  syscall: 'GetIfEntry2',
  native: 'getIfEntry2',
  prepare: (check, row: InterfaceKeyInput) => [check.interfaceKey(check.object(row, 'row'))],
  convert: (w: WireIfRows) => ifRowsFromWire(w)[0]!,
  explain: explainRow,
});
/** GetIfEntry2: one interface, named by interfaceLuid or (when that is 0 or absent) interfaceIndex. */
export const getIfEntry2 = ifEntry2.async;
export const getIfEntry2Sync = ifEntry2.sync;

const ifTable2Ex = operation({
  syscall: 'GetIfTable2Ex',
  native: 'getIfTable2Ex',
  prepare: (check, level: MibIfTableLevel | number = 'normal') => [check.enumValue(MIB_IF_TABLE_LEVEL, level, 'level')],
  convert: ifRowsFromWire,
});
/**
 * GetIfTable2Ex: every interface at a level: 'normal' (as GetIfTable2), 'raw' (the
 * interface's own state and counters, below the filter drivers), or
 * 'normalWithoutStatistics' (the counters are 0: the cheap way to list interfaces,
 * Windows 10 1703 and later).
 */
export const getIfTable2Ex = ifTable2Ex.async;
export const getIfTable2ExSync = ifTable2Ex.sync;

const ifEntry2Ex = operation({
  syscall: 'GetIfEntry2Ex',
  native: 'getIfEntry2Ex',
  prepare: (check, level: MibIfEntryLevel | number, row: InterfaceKeyInput) => [
    check.enumValue(MIB_IF_ENTRY_LEVEL, level, 'level'),
    check.interfaceKey(check.object(row, 'row')),
  ],
  convert: (w: WireIfRows) => ifRowsFromWire(w)[0]!,
});
/** GetIfEntry2Ex: one interface at a level: 'normal' or 'normalWithoutStatistics' (the counters are 0). */
export const getIfEntry2Ex = ifEntry2Ex.async;
export const getIfEntry2ExSync = ifEntry2Ex.sync;
