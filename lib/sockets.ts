/**
 * Sockets: GetExtendedTcpTable and GetExtendedUdpTable (every TCP_TABLE_CLASS and
 * UDP_TABLE_CLASS), GetTcpTable2 and GetTcp6Table2, GetOwnerModuleFrom*Entry and
 * SetTcpEntry; and the `sockets` helpers that answer "which process holds port 3000?"
 * and "what connections are open?" without running `netstat -ano`.
 */
import { types } from 'node:util';

import { AF_INET, AF_INET6, AF_UNSPEC, type IpAddress, formatIp, isUnspecified, parseIp } from './address.js';
import { dateFromFiletime } from './addresses.js';
import { operation } from './call.js';
import { Checker, describeValue, enumName, enumTable } from './check.js';
import type { NameOf } from './constants.js';
import { NetioError } from './errors.js';
import {
  SOCKET_STRIDE,
  SOCKET_WIDE,
  type WireOwnerModuleBasicInfo,
  type WireSocketRows,
  type WireTcpRow,
  type WireTcpRowOwnerModule,
  type WireUdpRowOwnerModule,
} from './native.js';

/** MIB_TCP_STATE (MIB_TCP_STATE_…): the state of a TCP endpoint. */
export const MIB_TCP_STATE = enumTable({
  closed: 1,
  listen: 2,
  synSent: 3,
  synRcvd: 4,
  established: 5,
  finWait1: 6,
  finWait2: 7,
  closeWait: 8,
  closing: 9,
  lastAck: 10,
  timeWait: 11,
  deleteTcb: 12,
});

/** TCP_TABLE_CLASS (TCP_TABLE_…): which endpoints GetExtendedTcpTable returns, and which row. */
export const TCP_TABLE_CLASS = enumTable({
  basicListener: 0,
  basicConnections: 1,
  basicAll: 2,
  ownerPidListener: 3,
  ownerPidConnections: 4,
  ownerPidAll: 5,
  ownerModuleListener: 6,
  ownerModuleConnections: 7,
  ownerModuleAll: 8,
});

/** UDP_TABLE_CLASS (UDP_TABLE_…): which row GetExtendedUdpTable returns. */
export const UDP_TABLE_CLASS = enumTable({
  basic: 0,
  ownerPid: 1,
  ownerModule: 2,
});

/** TCP_CONNECTION_OFFLOAD_STATE (TcpConnectionOffloadState…). */
export const TCP_CONNECTION_OFFLOAD_STATE = enumTable({
  inHost: 0,
  offloading: 1,
  offloaded: 2,
  uploading: 3,
  max: 4,
});

export type MibTcpState = NameOf<typeof MIB_TCP_STATE>;
export type TcpTableClass = NameOf<typeof TCP_TABLE_CLASS>;
export type UdpTableClass = NameOf<typeof UDP_TABLE_CLASS>;
export type TcpConnectionOffloadState = NameOf<typeof TCP_CONNECTION_OFFLOAD_STATE>;

/** The families the socket tables take: IPv4 or IPv6 (there is no AF_UNSPEC table). */
export type SocketFamilyInput = 'AF_INET' | 'AF_INET6' | 'ipv4' | 'ipv6' | 2 | 23;

/**
 * MIB_TCPROW / MIB_TCP6ROW (the basic classes): one TCP endpoint. Ports in host order;
 * addresses in canonical text, IPv6 with its scope id ('fe80::1%12') when it has one.
 */
export interface MibTcpRow {
  state: MibTcpState | number;
  localAddress: string;
  localPort: number;
  /** '0.0.0.0' / '::' and port 0 for a listener: it has no remote end. */
  remoteAddress: string;
  remotePort: number;
}

/** MIB_TCPROW_OWNER_PID / MIB_TCP6ROW_OWNER_PID. */
export interface MibTcpRowOwnerPid extends MibTcpRow {
  /** The process that bound the endpoint; 0 when the system does not say. */
  owningPid: number;
}

/** MIB_TCPROW_OWNER_MODULE / MIB_TCP6ROW_OWNER_MODULE. */
export interface MibTcpRowOwnerModule extends MibTcpRowOwnerPid {
  /** When the endpoint was bound (liCreateTimestamp); null when the system does not say. */
  createTimestamp: Date | null;
  /** OwningModuleInfo: 16 opaque words that GetOwnerModuleFrom*Entry reads. */
  owningModuleInfo: bigint[];
}

/** MIB_TCPROW2 / MIB_TCP6ROW2 (GetTcpTable2, GetTcp6Table2). */
export interface MibTcpRow2 extends MibTcpRowOwnerPid {
  offloadState: TcpConnectionOffloadState | number;
}

/** MIB_UDPROW / MIB_UDP6ROW (UDP_TABLE_BASIC): one UDP endpoint. */
export interface MibUdpRow {
  localAddress: string;
  localPort: number;
}

/** MIB_UDPROW_OWNER_PID / MIB_UDP6ROW_OWNER_PID. */
export interface MibUdpRowOwnerPid extends MibUdpRow {
  owningPid: number;
}

/** MIB_UDPROW_OWNER_MODULE / MIB_UDP6ROW_OWNER_MODULE. */
export interface MibUdpRowOwnerModule extends MibUdpRowOwnerPid {
  createTimestamp: Date | null;
  /** The SpecificPortBind bit of dwFlags: bound to a port on a specific address with SO_EXCLUSIVEADDRUSE-style semantics. */
  specificPortBind: boolean;
  owningModuleInfo: bigint[];
}

/** The row type of a TCP table class. */
export type TcpRowOf<C> = C extends 'basicListener' | 'basicConnections' | 'basicAll' | 0 | 1 | 2
  ? MibTcpRow
  : C extends 'ownerModuleListener' | 'ownerModuleConnections' | 'ownerModuleAll' | 6 | 7 | 8
    ? MibTcpRowOwnerModule
    : MibTcpRowOwnerPid;

/** The row type of a UDP table class. */
export type UdpRowOf<C> = C extends 'basic' | 0 ? MibUdpRow : C extends 'ownerModule' | 2 ? MibUdpRowOwnerModule : MibUdpRowOwnerPid;

/** TCPIP_OWNER_MODULE_BASIC_INFO: the module that owns an endpoint. */
export interface TcpipOwnerModuleBasicInfo {
  /** 'node.exe', a service name ('RPC'), or '' where Windows withholds it from a non-elevated caller. */
  moduleName: string;
  modulePath: string;
}

export interface SocketTableOptions {
  /** bOrder / Order: sort by local address, local port, remote address, remote port. Default false. */
  sorted?: boolean;
}

// ---------------------------------------------------------------------------------------
// Decoding the binding's columns.

type Kind = 'tcp' | 'tcpPid' | 'tcpModule' | 'tcp2' | 'udp' | 'udpPid' | 'udpModule';

/** The distinct addresses of a table, by slot. */
function addressSlots(w: WireSocketRows): string[] {
  const slots = w.addresses.split('\n');
  slots.pop(); // the text ends with '\n'
  return slots;
}

function moduleInfo(wide: BigUint64Array, row: number): bigint[] {
  return Array.from(wide.subarray(row * SOCKET_WIDE + 1, (row + 1) * SOCKET_WIDE));
}

/** @internal The one decoder of the binding's socket rows: rows [from, to) of `w`, as `kind`. */
export function socketRowsFromWire(w: WireSocketRows, kind: Kind, slots: string[] = addressSlots(w), from = 0, to = w.count): object[] {
  const n = w.numbers;
  const rows: object[] = new Array(to - from);
  const state = (value: number) => enumName(MIB_TCP_STATE, value);
  for (let i = from; i < to; i++) {
    const k = i * SOCKET_STRIDE;
    const localAddress = slots[n[k]!]!;
    const localPort = n[k + 1]!;
    let row: object;
    switch (kind) {
      case 'tcp':
        row = { state: state(n[k + 4]!), localAddress, localPort, remoteAddress: slots[n[k + 2]!]!, remotePort: n[k + 3]! } satisfies MibTcpRow;
        break;
      case 'tcpPid':
        row = { state: state(n[k + 4]!), localAddress, localPort, remoteAddress: slots[n[k + 2]!]!, remotePort: n[k + 3]!, owningPid: n[k + 5]! } satisfies MibTcpRowOwnerPid;
        break;
      case 'tcpModule':
        row = {
          state: state(n[k + 4]!),
          localAddress,
          localPort,
          remoteAddress: slots[n[k + 2]!]!,
          remotePort: n[k + 3]!,
          owningPid: n[k + 5]!,
          createTimestamp: dateFromFiletime(w.wide[i * SOCKET_WIDE]!),
          owningModuleInfo: moduleInfo(w.wide, i),
        } satisfies MibTcpRowOwnerModule;
        break;
      case 'tcp2':
        row = {
          state: state(n[k + 4]!),
          localAddress,
          localPort,
          remoteAddress: slots[n[k + 2]!]!,
          remotePort: n[k + 3]!,
          owningPid: n[k + 5]!,
          offloadState: enumName(TCP_CONNECTION_OFFLOAD_STATE, n[k + 6]!),
        } satisfies MibTcpRow2;
        break;
      case 'udp':
        row = { localAddress, localPort } satisfies MibUdpRow;
        break;
      case 'udpPid':
        row = { localAddress, localPort, owningPid: n[k + 5]! } satisfies MibUdpRowOwnerPid;
        break;
      case 'udpModule':
        row = {
          localAddress,
          localPort,
          owningPid: n[k + 5]!,
          createTimestamp: dateFromFiletime(w.wide[i * SOCKET_WIDE]!),
          specificPortBind: (n[k + 6]! & 1) !== 0,
          owningModuleInfo: moduleInfo(w.wide, i),
        } satisfies MibUdpRowOwnerModule;
        break;
    }
    rows[i - from] = row;
  }
  return rows;
}

/**
 * The async read of a large table builds rows for at most this long before it lets the
 * event loop run, so 100,000 connections never freeze a UI.
 */
const SLICE_BUDGET_MS = 10;
const CHUNK = 2048;

async function socketRowsFromWireSliced(w: WireSocketRows, kind: Kind): Promise<object[]> {
  if (w.count <= CHUNK) return socketRowsFromWire(w, kind);
  let sliceStarted = performance.now();
  const slots = addressSlots(w);
  const rows: object[] = [];
  for (let from = 0; from < w.count; from += CHUNK) {
    if (performance.now() - sliceStarted > SLICE_BUDGET_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    for (const row of socketRowsFromWire(w, kind, slots, from, Math.min(from + CHUNK, w.count))) rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// Validation.

function socketFamily(check: Checker, value: unknown): typeof AF_INET | typeof AF_INET6 {
  const family = value === undefined ? AF_UNSPEC : check.family(value);
  if (family === AF_UNSPEC) check.fail('family', `expected 'AF_INET' or 'AF_INET6' (or 'ipv4', 'ipv6', 2, 23): the tables are per family, got ${describeValue(value)}.`);
  return family as typeof AF_INET | typeof AF_INET6;
}

function sortedOption(check: Checker, options: unknown): boolean {
  const o = check.options(options);
  return o.sorted === undefined ? false : check.boolean(o.sorted, 'sorted');
}

function port(check: Checker, value: unknown, member: string): number {
  if (value === undefined) check.fail(member, 'was not specified.');
  return check.uint32(value, member, 0xffff);
}

function addressOfFamily(check: Checker, value: unknown, member: string, family: number, why: string): string {
  if (value === undefined) check.fail(member, 'was not specified.');
  const address = check.address(value, member);
  if (address.family !== family) check.fail(member, `is an ${address.family === AF_INET ? 'IPv4' : 'IPv6'} address; ${why}`);
  return formatIp(address);
}

/** 100-nanosecond ticks from 1601-01-01 to 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;

function filetime(check: Checker, value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  // util.types and Date.prototype ask the engine: a Proxy's traps and a Date's own members are not called.
  const time = types.isDate(value) ? Date.prototype.getTime.call(value) : NaN;
  if (!Number.isNaN(time)) return BigInt(time) * 10_000n + FILETIME_UNIX_EPOCH;
  if (typeof value === 'bigint' && value >= 0n && value < 1n << 63n) return value;
  check.fail('createTimestamp', 'expected a Date, a FILETIME count as a bigint, or null.');
}

function owningModuleInfo(check: Checker, value: unknown): bigint[] {
  const what = 'the 16 unsigned 64-bit bigints of a row read with an owner-module table class';
  const words = check.array(value, 'owningModuleInfo', what, 16);
  if (words.length !== 16 || !words.every((x) => typeof x === 'bigint' && x >= 0n && x < 1n << 64n)) check.fail('owningModuleInfo', `expected ${what}.`);
  return words as bigint[];
}

/** Any TCP row as MIB_TCPROW_OWNER_MODULE for GetOwnerModuleFromTcp(6)Entry. */
function tcpModuleRowToWire(check: Checker, input: unknown, family: number): WireTcpRowOwnerModule {
  const row = check.object(input, 'row');
  const why = `${family === AF_INET ? 'GetOwnerModuleFromTcpEntry takes IPv4 rows; use getOwnerModuleFromTcp6Entry' : 'GetOwnerModuleFromTcp6Entry takes IPv6 rows; use getOwnerModuleFromTcpEntry'}.`;
  return {
    state: row.state === undefined ? MIB_TCP_STATE.values.established : check.enumValue(MIB_TCP_STATE, row.state, 'state'),
    localAddress: addressOfFamily(check, row.localAddress, 'localAddress', family, why),
    localPort: port(check, row.localPort, 'localPort'),
    remoteAddress: addressOfFamily(check, row.remoteAddress ?? (family === AF_INET ? '0.0.0.0' : '::'), 'remoteAddress', family, why),
    remotePort: row.remotePort === undefined ? 0 : port(check, row.remotePort, 'remotePort'),
    owningPid: check.uint32(row.owningPid, 'owningPid'),
    createTimestamp: filetime(check, row.createTimestamp),
    owningModuleInfo: owningModuleInfo(check, row.owningModuleInfo),
  };
}

function udpModuleRowToWire(check: Checker, input: unknown, family: number): WireUdpRowOwnerModule {
  const row = check.object(input, 'row');
  const why = `${family === AF_INET ? 'GetOwnerModuleFromUdpEntry takes IPv4 rows; use getOwnerModuleFromUdp6Entry' : 'GetOwnerModuleFromUdp6Entry takes IPv6 rows; use getOwnerModuleFromUdpEntry'}.`;
  return {
    localAddress: addressOfFamily(check, row.localAddress, 'localAddress', family, why),
    localPort: port(check, row.localPort, 'localPort'),
    owningPid: check.uint32(row.owningPid, 'owningPid'),
    createTimestamp: filetime(check, row.createTimestamp),
    specificPortBind: row.specificPortBind === undefined ? false : check.boolean(row.specificPortBind, 'specificPortBind'),
    owningModuleInfo: owningModuleInfo(check, row.owningModuleInfo),
  };
}

/** A TCP row going into SetTcpEntry: IPv4 (MIB_TCPROW has no IPv6 form), state 'deleteTcb'. */
export interface SetTcpRowInput {
  /** The only state a connection can be set to, as documented: 'deleteTcb' (12). */
  state: 'deleteTcb' | 12;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

function setTcpRowToWire(check: Checker, input: unknown): WireTcpRow {
  const row = check.object(input, 'row');
  if (row.state === undefined) check.fail('state', "was not specified; the only state SetTcpEntry sets is 'deleteTcb'.");
  const state = check.enumValue(MIB_TCP_STATE, row.state, 'state');
  if (state !== MIB_TCP_STATE.values.deleteTcb) {
    check.fail('state', `is ${describeValue(row.state)}; the only state a TCP connection can be set to is 'deleteTcb' (MIB_TCP_STATE_DELETE_TCB).`);
  }
  const why = 'SetTcpEntry takes a MIB_TCPROW, which has IPv4 addresses only.';
  return {
    state,
    localAddress: addressOfFamily(check, row.localAddress, 'localAddress', AF_INET, why),
    localPort: port(check, row.localPort, 'localPort'),
    remoteAddress: addressOfFamily(check, row.remoteAddress, 'remoteAddress', AF_INET, why),
    remotePort: port(check, row.remotePort, 'remotePort'),
  };
}

// ---------------------------------------------------------------------------------------
// Layer 1.

const TCP_KINDS: Kind[] = ['tcp', 'tcp', 'tcp', 'tcpPid', 'tcpPid', 'tcpPid', 'tcpModule', 'tcpModule', 'tcpModule'];
const UDP_KINDS: Kind[] = ['udp', 'udpPid', 'udpModule'];

/** The row kind of a table class the binding has accepted (a name, a number, or the default). */
function tcpKind(tableClass: unknown): Kind {
  const value = typeof tableClass === 'string' ? TCP_TABLE_CLASS.byName.get(tableClass as TcpTableClass) : typeof tableClass === 'number' ? tableClass : TCP_TABLE_CLASS.values.ownerPidAll;
  return TCP_KINDS[value ?? -1] ?? 'tcpPid';
}
function udpKind(tableClass: unknown): Kind {
  const value = typeof tableClass === 'string' ? UDP_TABLE_CLASS.byName.get(tableClass as UdpTableClass) : typeof tableClass === 'number' ? tableClass : UDP_TABLE_CLASS.values.ownerPid;
  return UDP_KINDS[value ?? -1] ?? 'udpPid';
}

const tcpTable = operation({
  syscall: 'GetExtendedTcpTable',
  native: 'getExtendedTcpTable',
  prepare: (check, family: SocketFamilyInput, tableClass: TcpTableClass | number = 'ownerPidAll', options: SocketTableOptions = {}) => {
    const f = socketFamily(check, family);
    const cls = check.enumValue(TCP_TABLE_CLASS, tableClass, 'tableClass');
    if (f === AF_INET6 && cls <= TCP_TABLE_CLASS.values.basicAll) {
      throw new NetioError({
        win32: 50,
        syscall: check.syscall,
        member: 'tableClass',
        detail: `tableClass: ${describeValue(tableClass)} with AF_INET6 is not supported, as documented: IPv6 has no basic TCP table; use an owner class ('ownerPidAll').`,
      });
    }
    return [f, cls, sortedOption(check, options)];
  },
  convert: (w: WireSocketRows) => w,
});

/**
 * GetExtendedTcpTable: the TCP endpoints of one family, as rows of the table class
 * ('ownerPidAll' by default: every endpoint with its owning process id). AF_INET6 with a
 * basic class is not supported (STATUS_NOT_SUPPORTED), as documented.
 */
export async function getExtendedTcpTable<C extends TcpTableClass | number = 'ownerPidAll'>(
  family: SocketFamilyInput,
  tableClass?: C,
  options?: SocketTableOptions,
): Promise<TcpRowOf<C>[]> {
  const wire = await tcpTable.async(family, tableClass, options);
  return (await socketRowsFromWireSliced(wire, tcpKind(tableClass))) as TcpRowOf<C>[];
}
export function getExtendedTcpTableSync<C extends TcpTableClass | number = 'ownerPidAll'>(family: SocketFamilyInput, tableClass?: C, options?: SocketTableOptions): TcpRowOf<C>[] {
  const wire = tcpTable.sync(family, tableClass, options);
  return socketRowsFromWire(wire, tcpKind(tableClass)) as TcpRowOf<C>[];
}

const udpTable = operation({
  syscall: 'GetExtendedUdpTable',
  native: 'getExtendedUdpTable',
  prepare: (check, family: SocketFamilyInput, tableClass: UdpTableClass | number = 'ownerPid', options: SocketTableOptions = {}) => [
    socketFamily(check, family),
    check.enumValue(UDP_TABLE_CLASS, tableClass, 'tableClass'),
    sortedOption(check, options),
  ],
  convert: (w: WireSocketRows) => w,
});

/** GetExtendedUdpTable: the UDP endpoints of one family ('ownerPid' rows by default). */
export async function getExtendedUdpTable<C extends UdpTableClass | number = 'ownerPid'>(
  family: SocketFamilyInput,
  tableClass?: C,
  options?: SocketTableOptions,
): Promise<UdpRowOf<C>[]> {
  const wire = await udpTable.async(family, tableClass, options);
  return (await socketRowsFromWireSliced(wire, udpKind(tableClass))) as UdpRowOf<C>[];
}
export function getExtendedUdpTableSync<C extends UdpTableClass | number = 'ownerPid'>(family: SocketFamilyInput, tableClass?: C, options?: SocketTableOptions): UdpRowOf<C>[] {
  const wire = udpTable.sync(family, tableClass, options);
  return socketRowsFromWire(wire, udpKind(tableClass)) as UdpRowOf<C>[];
}

const tcp2 = operation({
  syscall: 'GetTcpTable2',
  native: 'getTcpTable2',
  prepare: (check, options: SocketTableOptions = {}) => [sortedOption(check, options)],
  convert: (w: WireSocketRows) => socketRowsFromWire(w, 'tcp2') as MibTcpRow2[],
  convertAsync: async (w: WireSocketRows) => (await socketRowsFromWireSliced(w, 'tcp2')) as MibTcpRow2[],
});
/** GetTcpTable2: the IPv4 TCP endpoints with owning pid and offload state. */
export const getTcpTable2 = tcp2.async;
export const getTcpTable2Sync = tcp2.sync;

const tcp6Table2 = operation({
  syscall: 'GetTcp6Table2',
  native: 'getTcp6Table2',
  prepare: (check, options: SocketTableOptions = {}) => [sortedOption(check, options)],
  convert: (w: WireSocketRows) => socketRowsFromWire(w, 'tcp2') as MibTcpRow2[],
  convertAsync: async (w: WireSocketRows) => (await socketRowsFromWireSliced(w, 'tcp2')) as MibTcpRow2[],
});
/** GetTcp6Table2: the IPv6 TCP endpoints with owning pid and offload state. */
export const getTcp6Table2 = tcp6Table2.async;
export const getTcp6Table2Sync = tcp6Table2.sync;

/** A row read with an owner-module class (the members these functions read). */
export type TcpOwnerModuleRowInput = Pick<MibTcpRowOwnerModule, 'localAddress' | 'localPort' | 'owningPid' | 'owningModuleInfo'> &
  Partial<Pick<MibTcpRowOwnerModule, 'state' | 'remoteAddress' | 'remotePort' | 'createTimestamp'>>;
export type UdpOwnerModuleRowInput = Pick<MibUdpRowOwnerModule, 'localAddress' | 'localPort' | 'owningPid' | 'owningModuleInfo'> &
  Partial<Pick<MibUdpRowOwnerModule, 'specificPortBind' | 'createTimestamp'>>;

// The four GetOwnerModuleFrom…Entry functions: a row of one family in, the module out.
const tcpModuleEntry = (family: number) => (check: Checker, row: TcpOwnerModuleRowInput) => [tcpModuleRowToWire(check, row, family)] as [WireTcpRowOwnerModule];
const udpModuleEntry = (family: number) => (check: Checker, row: UdpOwnerModuleRowInput) => [udpModuleRowToWire(check, row, family)] as [WireUdpRowOwnerModule];
const ownerModuleInfo = (w: WireOwnerModuleBasicInfo): TcpipOwnerModuleBasicInfo => ({ ...w });

const ownerTcp = operation({
  syscall: 'GetOwnerModuleFromTcpEntry',
  native: 'getOwnerModuleFromTcpEntry',
  prepare: tcpModuleEntry(AF_INET),
  convert: ownerModuleInfo,
});
/**
 * GetOwnerModuleFromTcpEntry: the module (name and path) that owns an IPv4 TCP endpoint,
 * from a row read with an owner-module class ('ownerModuleAll'). It reads owningPid and
 * owningModuleInfo; createTimestamp goes back with millisecond precision.
 */
export const getOwnerModuleFromTcpEntry = ownerTcp.async;
export const getOwnerModuleFromTcpEntrySync = ownerTcp.sync;

const ownerTcp6 = operation({
  syscall: 'GetOwnerModuleFromTcp6Entry',
  native: 'getOwnerModuleFromTcp6Entry',
  prepare: tcpModuleEntry(AF_INET6),
  convert: ownerModuleInfo,
});
/** GetOwnerModuleFromTcp6Entry: the module that owns an IPv6 TCP endpoint. */
export const getOwnerModuleFromTcp6Entry = ownerTcp6.async;
export const getOwnerModuleFromTcp6EntrySync = ownerTcp6.sync;

const ownerUdp = operation({
  syscall: 'GetOwnerModuleFromUdpEntry',
  native: 'getOwnerModuleFromUdpEntry',
  prepare: udpModuleEntry(AF_INET),
  convert: ownerModuleInfo,
});
/** GetOwnerModuleFromUdpEntry: the module that owns an IPv4 UDP endpoint. */
export const getOwnerModuleFromUdpEntry = ownerUdp.async;
export const getOwnerModuleFromUdpEntrySync = ownerUdp.sync;

const ownerUdp6 = operation({
  syscall: 'GetOwnerModuleFromUdp6Entry',
  native: 'getOwnerModuleFromUdp6Entry',
  prepare: udpModuleEntry(AF_INET6),
  convert: ownerModuleInfo,
});
/** GetOwnerModuleFromUdp6Entry: the module that owns an IPv6 UDP endpoint. */
export const getOwnerModuleFromUdp6Entry = ownerUdp6.async;
export const getOwnerModuleFromUdp6EntrySync = ownerUdp6.sync;

const setTcp = operation({
  syscall: 'SetTcpEntry',
  native: 'setTcpEntry',
  prepare: (check, row: SetTcpRowInput) => [setTcpRowToWire(check, row)],
  convert: (): void => undefined,
});
/**
 * SetTcpEntry with state 'deleteTcb': closes an IPv4 TCP connection (the stack sends a
 * reset). Needs an elevated process. sockets.close() also checks that it worked.
 */
export const setTcpEntry = setTcp.async;
export const setTcpEntrySync = setTcp.sync;

const names = operation({
  syscall: 'QueryFullProcessImageNameW',
  native: 'processNames',
  prepare: (check, pids: number[]) => [pids.map((pid) => check.uint32(pid, 'pid'))],
  convert: (w: (string | null)[]) => w,
});

/** @internal Each pid looked up once: its image name, or null when it cannot be queried. */
export async function processNamesOf(pids: Iterable<number>): Promise<Map<number, string | null>> {
  const distinct = [...new Set(pids)];
  if (distinct.length === 0) return new Map();
  const found = await names.async(distinct);
  return new Map(distinct.map((pid, i) => [pid, found[i] ?? null]));
}

// ---------------------------------------------------------------------------------------
// Helpers: sockets as `ss` and `netstat -ano` show them.

export type SocketProtocol = 'tcp' | 'udp';
export type SocketFamily = 'ipv4' | 'ipv6';

/** One socket of either protocol and family. */
export interface SocketEntry {
  protocol: SocketProtocol;
  family: SocketFamily;
  localAddress: string;
  localPort: number;
  /** null for UDP: the table has no remote end. */
  remoteAddress: string | null;
  remotePort: number | null;
  /** null for UDP. */
  state: MibTcpState | number | null;
  /** The owning process; 0 when the system does not say (see the README for Wine). */
  pid: number;
  /** With processNames: the image name ('node.exe'), null when the process cannot be queried. */
  processName?: string | null;
}

export interface SocketListOptions {
  protocol?: SocketProtocol | 'all';
  family?: SocketFamily | 'all' | 'AF_INET' | 'AF_INET6' | 'AF_UNSPEC';
  /** Only TCP endpoints in this state (or these states); UDP endpoints have none. */
  state?: MibTcpState | number | (MibTcpState | number)[];
  localPort?: number;
  /** Only TCP endpoints with this remote port. */
  remotePort?: number;
  pid?: number;
  /** Resolve each owning process's image name, once per pid. Default false. */
  processNames?: boolean;
}

/** Who is bound to or listening on a port. */
export interface SocketOwner {
  pid: number;
  processName: string | null;
  protocol: SocketProtocol;
  family: SocketFamily;
  localAddress: string;
  localPort: number;
  /** 'listen' for TCP; null for UDP. */
  state: MibTcpState | number | null;
}

export interface SocketOwnersOptions {
  protocol?: SocketProtocol | 'all';
  /** Only sockets that accept on this address: bound to it, or to the unspecified address of its family. */
  address?: string;
}

/** The connection sockets.close() closes: a row of sockets.list() or getExtendedTcpTable() will do. */
export interface TcpConnectionSpec {
  protocol?: SocketProtocol;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

const LIST = 'GetExtendedTcpTable';

function protocolOption(check: Checker, value: unknown): SocketProtocol | 'all' {
  return check.oneOf(value, 'protocol', ['tcp', 'udp', 'all'] as const, 'all');
}

function familiesOption(check: Checker, value: unknown): SocketFamily[] {
  const family = value === undefined ? AF_UNSPEC : check.family(value);
  return family === AF_INET ? ['ipv4'] : family === AF_INET6 ? ['ipv6'] : ['ipv4', 'ipv6'];
}

function statesOption(check: Checker, value: unknown): Set<number> | undefined {
  if (value === undefined) return undefined;
  const list = check.isArray(value, 'state') ? check.array(value, 'state', 'a MIB_TCP_STATE name or a list of them', MIB_TCP_STATE.byName.size) : [value];
  if (list.length === 0) check.fail('state', 'expected a MIB_TCP_STATE name or a list of them, got an empty list.');
  return new Set(list.map((s) => check.enumValue(MIB_TCP_STATE, s, 'state')));
}

/** The narrowest table class that holds every state asked for. */
function tcpClassFor(states: Set<number> | undefined): TcpTableClass {
  if (!states) return 'ownerPidAll';
  const listen = states.has(MIB_TCP_STATE.values.listen);
  if (listen && states.size === 1) return 'ownerPidListener';
  return listen ? 'ownerPidAll' : 'ownerPidConnections';
}

function stateNumber(state: MibTcpState | number): number {
  return typeof state === 'number' ? state : MIB_TCP_STATE.values[state];
}

async function readTcp(family: SocketFamily, tableClass: TcpTableClass): Promise<SocketEntry[]> {
  const rows = (await getExtendedTcpTable(family === 'ipv4' ? 'AF_INET' : 'AF_INET6', tableClass)) as MibTcpRowOwnerPid[];
  return rows.map((r) => ({
    protocol: 'tcp',
    family,
    localAddress: r.localAddress,
    localPort: r.localPort,
    remoteAddress: r.remoteAddress,
    remotePort: r.remotePort,
    state: r.state,
    pid: r.owningPid,
  }));
}

async function readUdp(family: SocketFamily): Promise<SocketEntry[]> {
  const rows = await getExtendedUdpTable(family === 'ipv4' ? 'AF_INET' : 'AF_INET6', 'ownerPid');
  return rows.map((r) => ({ protocol: 'udp', family, localAddress: r.localAddress, localPort: r.localPort, remoteAddress: null, remotePort: null, state: null, pid: r.owningPid }));
}

function withoutScope(address: string): string {
  const percent = address.indexOf('%');
  return percent < 0 ? address : address.slice(0, percent);
}

function sameAddress(a: IpAddress, text: string): boolean {
  const b = parseIp(text);
  return b !== undefined && b.family === a.family && b.bytes.every((x, i) => x === a.bytes[i]);
}

/** The helpers that think in sockets and processes rather than table classes. */
export const sockets = {
  /**
   * Every TCP and UDP socket (or those the options select), of both families, merged into
   * one list. With processNames, each owning pid is looked up once.
   */
  async list(options: SocketListOptions = {}): Promise<SocketEntry[]> {
    const check: Checker = new Checker(LIST);
    const o = check.options(options);
    const protocol = protocolOption(check, o.protocol);
    const families = familiesOption(check, o.family);
    const states = statesOption(check, o.state);
    const localPort = o.localPort === undefined ? undefined : port(check, o.localPort, 'localPort');
    const remotePort = o.remotePort === undefined ? undefined : port(check, o.remotePort, 'remotePort');
    const pid = o.pid === undefined ? undefined : check.uint32(o.pid, 'pid');
    const withNames = o.processNames === undefined ? false : check.boolean(o.processNames, 'processNames');
    // UDP endpoints have no state and no remote end: a filter on either leaves them out.
    const udp = (protocol === 'all' || protocol === 'udp') && !states && remotePort === undefined;
    const tcp = protocol === 'all' || protocol === 'tcp';
    // In netstat's order: TCP, then UDP; IPv4, then IPv6.
    const reads: Promise<SocketEntry[]>[] = [];
    if (tcp) for (const family of families) reads.push(readTcp(family, tcpClassFor(states)));
    if (udp) for (const family of families) reads.push(readUdp(family));
    const rows = (await Promise.all(reads)).flat().filter(
      (r) =>
        (!states || (r.state !== null && states.has(stateNumber(r.state)))) &&
        (localPort === undefined || r.localPort === localPort) &&
        (remotePort === undefined || r.remotePort === remotePort) &&
        (pid === undefined || r.pid === pid),
    );
    if (withNames) {
      const found = await processNamesOf(rows.map((r) => r.pid));
      for (const r of rows) r.processName = found.get(r.pid) ?? null;
    }
    return rows;
  },

  /**
   * Who is bound to or listening on local port `port`: TCP listeners and UDP sockets, with
   * their process's id and image name. The question find-process and kill-port answer by
   * running netstat.
   */
  async owners(localPort: number, options: SocketOwnersOptions = {}): Promise<SocketOwner[]> {
    const check: Checker = new Checker(LIST);
    const p = port(check, localPort, 'port');
    const o = check.options(options);
    const protocol = protocolOption(check, o.protocol);
    const address = o.address === undefined ? undefined : check.address(o.address, 'address');
    const families: SocketFamily[] = address === undefined ? ['ipv4', 'ipv6'] : [address.family === AF_INET ? 'ipv4' : 'ipv6'];
    const reads: Promise<SocketEntry[]>[] = [];
    if (protocol !== 'udp') for (const family of families) reads.push(readTcp(family, 'ownerPidListener'));
    if (protocol !== 'tcp') for (const family of families) reads.push(readUdp(family));
    const rows = (await Promise.all(reads))
      .flat()
      .filter(
        (r) =>
          r.localPort === p &&
          (r.protocol === 'udp' || r.state === 'listen') &&
          (address === undefined || sameAddress(address, withoutScope(r.localAddress)) || isUnspecified(parseIp(withoutScope(r.localAddress))!)),
      );
    const found = await processNamesOf(rows.map((r) => r.pid));
    return rows.map((r) => ({
      pid: r.pid,
      processName: found.get(r.pid) ?? null,
      protocol: r.protocol,
      family: r.family,
      localAddress: r.localAddress,
      localPort: r.localPort,
      state: r.state,
    }));
  },

  /**
   * Closes a TCP connection (IPv4: SetTcpEntry with MIB_TCP_STATE_DELETE_TCB; needs an
   * elevated process), then reads the table again to confirm that it is gone. Resolves to
   * the connection as it was; rejects with STATUS_NOT_FOUND when there is no such
   * connection, and with STATUS_NOT_SUPPORTED when the system reported success but the
   * connection is still there (Wine's SetTcpEntry does nothing).
   */
  async close(connection: TcpConnectionSpec): Promise<MibTcpRowOwnerPid> {
    const syscall = 'SetTcpEntry';
    const check: Checker = new Checker(syscall);
    const c = check.object(connection, 'connection');
    if (c.protocol !== undefined && c.protocol !== 'tcp') check.fail('protocol', `is ${describeValue(c.protocol)}; only TCP connections can be closed.`);
    const local = check.address(c.localAddress, 'localAddress');
    const remote = check.address(c.remoteAddress, 'remoteAddress');
    if (local.family !== AF_INET || remote.family !== AF_INET) {
      throw new NetioError({
        win32: 50,
        syscall,
        member: local.family !== AF_INET ? 'localAddress' : 'remoteAddress',
        detail: 'Windows closes IPv4 connections only: SetTcpEntry takes a MIB_TCPROW, which has no IPv6 form.',
      });
    }
    const key = { localAddress: formatIp(local), localPort: port(check, c.localPort, 'localPort'), remoteAddress: formatIp(remote), remotePort: port(check, c.remotePort, 'remotePort') };
    const name = `${key.localAddress}:${key.localPort} -> ${key.remoteAddress}:${key.remotePort}`;
    const find = async () =>
      (await getExtendedTcpTable('AF_INET', 'ownerPidConnections')).find(
        (r) => r.localAddress === key.localAddress && r.localPort === key.localPort && r.remoteAddress === key.remoteAddress && r.remotePort === key.remotePort,
      );
    const before = await find();
    if (!before) throw new NetioError({ win32: 1168, syscall, member: 'connection', detail: `there is no TCP connection ${name}.` });
    await setTcpEntry({ ...key, state: 'deleteTcb' });
    const after = await find();
    if (after) {
      throw new NetioError({
        win32: 50,
        syscall,
        member: 'connection',
        detail:
          `SetTcpEntry reported success, but the connection ${name} is still there (state ${String(after.state)}): ` +
          "this system's SetTcpEntry does not close connections (Wine's, for one, reports success and does nothing).",
      });
    }
    return before;
  },
};
