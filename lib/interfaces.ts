/**
 * Interface identity: conversions between an interface's LUID, index, alias, GUID and
 * name (the ConvertInterface* functions), and MIB_IF_ROW2 (GetIfTable2, GetIfEntry2).
 */
import { type LuidInput } from './check.js';
import {
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
import { operation } from './call.js';
import type { WireIfRow2 } from './native.js';

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

/**
 * MIB_IF_ROW2: one network interface. Enumerations are names; a value this release does
 * not know comes through as its number.
 */
export interface MibIfRow2
  extends Omit<
    WireIfRow2,
    | 'type'
    | 'tunnelType'
    | 'mediaType'
    | 'physicalMediumType'
    | 'accessType'
    | 'directionType'
    | 'operStatus'
    | 'adminStatus'
    | 'mediaConnectState'
    | 'connectionType'
  > {
  type: IfType | number;
  tunnelType: TunnelType | number;
  mediaType: NdisMedium | number;
  physicalMediumType: NdisPhysicalMedium | number;
  accessType: NetIfAccessType | number;
  directionType: NetIfDirectionType | number;
  operStatus: IfOperStatus | number;
  adminStatus: NetIfAdminStatus | number;
  mediaConnectState: NetIfMediaConnectState | number;
  connectionType: NetIfConnectionType | number;
}

/** Names an interface in a row: InterfaceLuid first; InterfaceIndex when the LUID is 0 or absent. */
export interface InterfaceKeyInput {
  interfaceLuid?: LuidInput;
  interfaceIndex?: number;
}

/** The one converter from the binding's MIB_IF_ROW2 to the public row. */
/**
 * @internal The one converter from the binding's MIB_IF_ROW2 to the public row. The wire
 * row is the caller's alone, so its enumerations are named in place: copying 41 members
 * per row cost more than the OS call does on a fast machine.
 */
export function ifRow2FromWire(w: WireIfRow2): MibIfRow2 {
  const row = w as unknown as MibIfRow2;
  row.type = enumName(IF_TYPE, w.type);
  row.tunnelType = enumName(TUNNEL_TYPE, w.tunnelType);
  row.mediaType = enumName(NDIS_MEDIUM, w.mediaType);
  row.physicalMediumType = enumName(NDIS_PHYSICAL_MEDIUM, w.physicalMediumType);
  row.accessType = enumName(NET_IF_ACCESS_TYPE, w.accessType);
  row.directionType = enumName(NET_IF_DIRECTION_TYPE, w.directionType);
  row.operStatus = enumName(IF_OPER_STATUS, w.operStatus);
  row.adminStatus = enumName(NET_IF_ADMIN_STATUS, w.adminStatus);
  row.mediaConnectState = enumName(NET_IF_MEDIA_CONNECT_STATE, w.mediaConnectState);
  row.connectionType = enumName(NET_IF_CONNECTION_TYPE, w.connectionType);
  return row;
}

const identity = <T>(value: T): T => value;

const luidToIndex = operation({
  syscall: 'ConvertInterfaceLuidToIndex',
  native: 'convertInterfaceLuidToIndex',
  prepare: (check, interfaceLuid: LuidInput) => [check.luid(interfaceLuid, 'interfaceLuid')],
  convert: identity,
});
/** ConvertInterfaceLuidToIndex: the interface index of a LUID. */
export const convertInterfaceLuidToIndex = luidToIndex.async;
export const convertInterfaceLuidToIndexSync = luidToIndex.sync;

const indexToLuid = operation({
  syscall: 'ConvertInterfaceIndexToLuid',
  native: 'convertInterfaceIndexToLuid',
  prepare: (check, interfaceIndex: number) => [check.index(interfaceIndex, 'interfaceIndex')],
  convert: identity,
});
/** ConvertInterfaceIndexToLuid: the LUID of an interface index. */
export const convertInterfaceIndexToLuid = indexToLuid.async;
export const convertInterfaceIndexToLuidSync = indexToLuid.sync;

const aliasToLuid = operation({
  syscall: 'ConvertInterfaceAliasToLuid',
  native: 'convertInterfaceAliasToLuid',
  prepare: (check, interfaceAlias: string) => [check.interfaceString(interfaceAlias, 'interfaceAlias', 'an interface alias such as "Ethernet"')],
  convert: identity,
});
/** ConvertInterfaceAliasToLuid: the LUID of an interface alias ('Ethernet', 'Wi-Fi'). */
export const convertInterfaceAliasToLuid = aliasToLuid.async;
export const convertInterfaceAliasToLuidSync = aliasToLuid.sync;

const luidToAlias = operation({
  syscall: 'ConvertInterfaceLuidToAlias',
  native: 'convertInterfaceLuidToAlias',
  prepare: (check, interfaceLuid: LuidInput) => [check.luid(interfaceLuid, 'interfaceLuid')],
  convert: identity,
});
/** ConvertInterfaceLuidToAlias: the alias of a LUID. */
export const convertInterfaceLuidToAlias = luidToAlias.async;
export const convertInterfaceLuidToAliasSync = luidToAlias.sync;

const luidToGuid = operation({
  syscall: 'ConvertInterfaceLuidToGuid',
  native: 'convertInterfaceLuidToGuid',
  prepare: (check, interfaceLuid: LuidInput) => [check.luid(interfaceLuid, 'interfaceLuid')],
  convert: identity,
});
/** ConvertInterfaceLuidToGuid: the interface GUID of a LUID, as '{XXXXXXXX-…}'. */
export const convertInterfaceLuidToGuid = luidToGuid.async;
export const convertInterfaceLuidToGuidSync = luidToGuid.sync;

const guidToLuid = operation({
  syscall: 'ConvertInterfaceGuidToLuid',
  native: 'convertInterfaceGuidToLuid',
  prepare: (check, interfaceGuid: string) => [check.guid(interfaceGuid, 'interfaceGuid')],
  convert: identity,
});
/** ConvertInterfaceGuidToLuid: the LUID of an interface GUID (braces optional, any case). */
export const convertInterfaceGuidToLuid = guidToLuid.async;
export const convertInterfaceGuidToLuidSync = guidToLuid.sync;

const luidToName = operation({
  syscall: 'ConvertInterfaceLuidToNameW',
  native: 'convertInterfaceLuidToName',
  prepare: (check, interfaceLuid: LuidInput) => [check.luid(interfaceLuid, 'interfaceLuid')],
  convert: identity,
});
/** ConvertInterfaceLuidToNameW: the interface name of a LUID ('ethernet_32768'). */
export const convertInterfaceLuidToName = luidToName.async;
export const convertInterfaceLuidToNameSync = luidToName.sync;

const nameToLuid = operation({
  syscall: 'ConvertInterfaceNameToLuidW',
  native: 'convertInterfaceNameToLuid',
  prepare: (check, interfaceName: string) => [check.interfaceString(interfaceName, 'interfaceName', 'an interface name such as "ethernet_32768"')],
  convert: identity,
});
/** ConvertInterfaceNameToLuidW: the LUID of an interface name. */
export const convertInterfaceNameToLuid = nameToLuid.async;
export const convertInterfaceNameToLuidSync = nameToLuid.sync;

const ifTable2 = operation({
  syscall: 'GetIfTable2',
  native: 'getIfTable2',
  prepare: () => [],
  convert: (rows: WireIfRow2[]) => rows.map(ifRow2FromWire),
});
/** GetIfTable2: every interface, as MIB_IF_ROW2 rows. */
export const getIfTable2 = ifTable2.async;
export const getIfTable2Sync = ifTable2.sync;

const ifEntry2 = operation({
  syscall: 'GetIfEntry2',
  native: 'getIfEntry2',
  prepare: (check, row: InterfaceKeyInput) => [check.interfaceKey(check.object(row, 'row'))],
  convert: ifRow2FromWire,
});
/** GetIfEntry2: one interface, named by interfaceLuid or (when that is 0 or absent) interfaceIndex. */
export const getIfEntry2 = ifEntry2.async;
export const getIfEntry2Sync = ifEntry2.sync;
