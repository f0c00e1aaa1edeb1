/**
 * Neighbours (ARP and NDP entries): CreateIpNetEntry2 and its family (MIB_IPNET_ROW2),
 * and the `neighbors` helpers.
 */
import { AF_INET, formatIp, formatPhysicalAddress, isIpv4Broadcast, isLoopback, isUnspecified } from './address.js';
import { operation } from './call.js';
import { Checker, enumName, type FamilyInput, type LuidInput, type PhysicalAddressInput } from './check.js';
import { NL_NEIGHBOR_STATE, type NameOf } from './constants.js';
import { NetioError, isNoSuchEntry } from './errors.js';
import { convertInterfaceLuidToIndex } from './interfaces.js';
import type { WireIpnetRow2 } from './native.js';
import { resolveInterface, type InterfaceSpec } from './resolve.js';
import { bestInterface } from './routes.js';

export type NlNeighborState = NameOf<typeof NL_NEIGHBOR_STATE>;

/** MIB_IPNET_ROW2: one neighbour. */
export interface MibIpnetRow2 {
  address: string;
  interfaceIndex: number;
  interfaceLuid: bigint;
  /** '02:00:5e:10:00:01'; '' when not (yet) known. */
  physicalAddress: string;
  physicalAddressLength: number;
  state: NlNeighborState | number;
  isRouter: boolean;
  isUnreachable: boolean;
  /** A union in C: milliseconds since the neighbour was last reachable (or unreachable). */
  reachabilityTime: { lastReachable: number; lastUnreachable: number };
}

/** A neighbour row going in. */
export interface IpnetRow2Input {
  address: string;
  interfaceLuid?: LuidInput;
  interfaceIndex?: number;
  /** Required to create or set: text with ':' or '-' separators, or bytes. */
  physicalAddress?: PhysicalAddressInput;
  /** When given, must match the length of physicalAddress. */
  physicalAddressLength?: number;
  /** Default 'permanent' (there is no InitializeIpNetEntry; like netsh's static entries). */
  state?: NlNeighborState | number;
  isRouter?: boolean;
  isUnreachable?: boolean;
  reachabilityTime?: unknown;
}

/** @internal The one converter from the binding's MIB_IPNET_ROW2 to the public row. */
export function netRowFromWire(w: WireIpnetRow2): MibIpnetRow2 {
  return { ...w, reachabilityTime: { ...w.reachabilityTime }, state: enumName(NL_NEIGHBOR_STATE, w.state) };
}

/**
 * @internal Checks a neighbour row against the STATUS_INVALID_PARAMETER conditions the
 * CreateIpNetEntry2 page lists. `needsPhysical`: Create and Set need a physical address;
 * Get, Delete and Resolve name the neighbour by address and interface only.
 */
export function netRowToWire(check: Checker, input: unknown, needsPhysical: boolean): WireIpnetRow2 {
  const row = check.object(input, 'row');
  if (row.address === undefined) check.fail('address', 'was not specified.');
  const address = check.address(row.address, 'address');
  if (isUnspecified(address)) check.fail('address', `(${formatIp(address)}) is the unspecified address, not a unicast, anycast or multicast address.`);
  if (isIpv4Broadcast(address)) check.fail('address', '(255.255.255.255) is the broadcast address, not a unicast, anycast or multicast address.');
  if (isLoopback(address)) check.fail('address', `(${formatIp(address)}) is a loopback address; loopback addresses have no neighbours.`);
  const { interfaceLuid, interfaceIndex } = check.interfaceKey(row);
  let physical: Uint8Array = new Uint8Array(0);
  if (row.physicalAddress !== undefined) physical = check.physicalAddress(row.physicalAddress, 'physicalAddress');
  if (needsPhysical && row.physicalAddress === undefined) check.fail('physicalAddress', 'was not specified.');
  if (needsPhysical && physical.length === 0) check.fail('physicalAddress', 'is empty; a neighbour entry needs a physical address.');
  if (row.physicalAddressLength !== undefined) {
    const length = check.uint32(row.physicalAddressLength, 'physicalAddressLength', 32);
    if (length !== physical.length) {
      check.fail('physicalAddressLength', `(${length}) does not match physicalAddress, which has ${physical.length} bytes.`);
    }
  }
  const flag = (name: 'isRouter' | 'isUnreachable'): boolean => (row[name] === undefined ? false : check.boolean(row[name], name));
  return {
    address: formatIp(address),
    interfaceIndex,
    interfaceLuid,
    physicalAddress: formatPhysicalAddress(physical),
    physicalAddressLength: physical.length,
    state: row.state === undefined ? NL_NEIGHBOR_STATE.values.permanent : check.enumValue(NL_NEIGHBOR_STATE, row.state, 'state'),
    isRouter: flag('isRouter'),
    isUnreachable: flag('isUnreachable'),
    reachabilityTime: { lastReachable: 0, lastUnreachable: 0 },
  };
}

const nothing = (): void => undefined;

const create = operation({
  syscall: 'CreateIpNetEntry2',
  native: 'createIpNetEntry2',
  prepare: (check, row: IpnetRow2Input) => [netRowToWire(check, row, true)],
  convert: nothing,
});
/** CreateIpNetEntry2: adds a neighbour (a static ARP or NDP entry). Needs an elevated process. */
export const createIpNetEntry2 = create.async;
export const createIpNetEntry2Sync = create.sync;

const remove = operation({
  syscall: 'DeleteIpNetEntry2',
  native: 'deleteIpNetEntry2',
  prepare: (check, row: IpnetRow2Input) => [netRowToWire(check, row, false)],
  convert: nothing,
});
/** DeleteIpNetEntry2: removes the neighbour with this address on this interface. */
export const deleteIpNetEntry2 = remove.async;
export const deleteIpNetEntry2Sync = remove.sync;

const set = operation({
  syscall: 'SetIpNetEntry2',
  native: 'setIpNetEntry2',
  prepare: (check, row: IpnetRow2Input) => [netRowToWire(check, row, true)],
  convert: nothing,
});
/** SetIpNetEntry2: changes the neighbour with this address on this interface. */
export const setIpNetEntry2 = set.async;
export const setIpNetEntry2Sync = set.sync;

const getEntry = operation({
  syscall: 'GetIpNetEntry2',
  native: 'getIpNetEntry2',
  prepare: (check, row: IpnetRow2Input) => [netRowToWire(check, row, false)],
  convert: netRowFromWire,
});
/** GetIpNetEntry2: the neighbour with this address on this interface. */
export const getIpNetEntry2 = getEntry.async;
export const getIpNetEntry2Sync = getEntry.sync;

const getTable = operation({
  syscall: 'GetIpNetTable2',
  native: 'getIpNetTable2',
  prepare: (check, family: FamilyInput = 'AF_UNSPEC') => [check.family(family)],
  convert: (rows: WireIpnetRow2[]) => rows.map(netRowFromWire),
});
/** GetIpNetTable2: every neighbour of a family ('AF_UNSPEC' for both, the default). */
export const getIpNetTable2 = getTable.async;
export const getIpNetTable2Sync = getTable.sync;

const flush = operation({
  syscall: 'FlushIpNetTable2',
  native: 'flushIpNetTable2',
  prepare: (check, family: FamilyInput, interfaceIndex: number) => [check.family(family), check.index(interfaceIndex, 'interfaceIndex', true)],
  convert: nothing,
});
/** FlushIpNetTable2: removes the dynamic neighbours of a family on an interface (by index). */
export const flushIpNetTable2 = flush.async;
export const flushIpNetTable2Sync = flush.sync;

const resolve = operation({
  syscall: 'ResolveIpNetEntry2',
  native: 'resolveIpNetEntry2',
  prepare: (check, row: IpnetRow2Input, source?: string) => {
    const wire = netRowToWire(check, row, false);
    if (source === undefined) return [wire, null];
    const src = check.address(source, 'source');
    if ((src.family === AF_INET) !== !wire.address.includes(':')) check.fail('source', 'is not of the family of address.');
    return [wire, formatIp(src)];
  },
  convert: netRowFromWire,
});
/**
 * ResolveIpNetEntry2: resolves the physical address of a neighbour, sending ARP or
 * neighbour solicitation when the cache does not hold a reachable entry.
 */
export const resolveIpNetEntry2 = resolve.async;
export const resolveIpNetEntry2Sync = resolve.sync;

// ---------------------------------------------------------------------------------------
// Helpers.

export interface ListNeighborsOptions {
  family?: FamilyInput;
  interface?: InterfaceSpec;
  state?: NlNeighborState | NlNeighborState[];
  /**
   * Whether to include the permanent entries Windows makes itself (default true, as
   * GetIpNetTable2 returns them): 224.0.0.22 (IGMPv3) on every interface, and
   * 239.255.255.250 (SSDP) on Windows 10 and later. false leaves them out, so that what
   * remains with state 'permanent' is the static entries someone added.
   */
  includeSystem?: boolean;
}

/** The multicast neighbours Windows adds itself, as permanent entries, on every interface. */
const SYSTEM_NEIGHBORS: ReadonlySet<string> = new Set(['224.0.0.22', '239.255.255.250']);

/** @internal Whether a row is one of the permanent entries Windows makes itself. */
export function isSystemNeighbor(row: { address: string; state: NlNeighborState | number }): boolean {
  return SYSTEM_NEIGHBORS.has(row.address) && row.state === 'permanent';
}

export interface AddNeighborOptions {
  address: string;
  mac: PhysicalAddressInput;
  interface: InterfaceSpec;
  /** Default 'permanent'. */
  state?: NlNeighborState;
  ifExists?: 'error' | 'ignore' | 'replace';
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof NetioError && error.code === code;
}

/** A state or a list of states, checked. */
function stateList(check: Checker, value: unknown): NlNeighborState[] {
  if (!check.isArray(value, 'state')) return [enumName(NL_NEIGHBOR_STATE, check.enumValue(NL_NEIGHBOR_STATE, value, 'state')) as NlNeighborState];
  const list = check.array(value, 'state', 'an NL_NEIGHBOR_STATE name or a list of them', NL_NEIGHBOR_STATE.byName.size);
  return list.map((s, i) => enumName(NL_NEIGHBOR_STATE, check.enumValue(NL_NEIGHBOR_STATE, s, `state[${i}]`)) as NlNeighborState);
}

export const neighbors = {
  /**
   * The neighbour cache, optionally of one family, one interface and some states, with or
   * without the permanent entries Windows makes itself (`includeSystem`, default true).
   */
  async list(options: ListNeighborsOptions = {}): Promise<MibIpnetRow2[]> {
    const check: Checker = new Checker('GetIpNetTable2');
    const o = check.options(options) as ListNeighborsOptions;
    const states = o.state === undefined ? undefined : stateList(check, o.state);
    const includeSystem = o.includeSystem === undefined ? true : check.boolean(o.includeSystem, 'includeSystem');
    const rows = await getIpNetTable2(o.family ?? 'AF_UNSPEC');
    const luid = o.interface === undefined ? undefined : await resolveInterface(o.interface, 'GetIpNetTable2');
    return rows.filter(
      (r) =>
        (luid === undefined || r.interfaceLuid === luid) &&
        (states === undefined || states.includes(r.state as NlNeighborState)) &&
        (includeSystem || !isSystemNeighbor(r)),
    );
  },

  /** Adds a neighbour and returns it as the system now holds it. */
  async add(options: AddNeighborOptions): Promise<MibIpnetRow2> {
    const check: Checker = new Checker('CreateIpNetEntry2');
    const o = check.object(options, 'neighbor');
    const ifExists = check.oneOf(o.ifExists, 'ifExists', ['error', 'ignore', 'replace'], 'error');
    // Every member checked (under the names this helper takes) before the interface is looked up.
    const address = check.addressText(o.address, 'address');
    const physicalAddress = check.physicalAddressText(o.mac, 'mac');
    const state = o.state === undefined ? 'permanent' : enumName(NL_NEIGHBOR_STATE, check.enumValue(NL_NEIGHBOR_STATE, o.state, 'state'));
    if (o.interface === undefined) check.fail('interface', 'was not specified.');
    const interfaceLuid = await resolveInterface(o.interface as InterfaceSpec, 'CreateIpNetEntry2');
    const row = { address, physicalAddress, interfaceLuid, state };
    try {
      await createIpNetEntry2(row);
    } catch (error) {
      if (!isCode(error, 'ERROR_OBJECT_ALREADY_EXISTS') || ifExists === 'error') throw error;
      if (ifExists === 'replace') await setIpNetEntry2(row);
    }
    return getIpNetEntry2(row);
  },

  /**
   * Deletes the neighbour `address` (on `interface`, or on every interface that has it).
   * Returns how many it deleted; none is STATUS_NOT_FOUND unless ifMissing is 'ignore'.
   */
  async delete(spec: { address: string; interface?: InterfaceSpec }, options: { ifMissing?: 'error' | 'ignore' } = {}): Promise<number> {
    const syscall = 'DeleteIpNetEntry2';
    const check: Checker = new Checker(syscall);
    const s = check.object(spec, 'neighbor');
    const ifMissing = check.oneOf(check.options(options).ifMissing, 'ifMissing', ['error', 'ignore'], 'error');
    const address = check.addressText(s.address, 'address');
    const rows = await neighbors.list({ family: address.includes(':') ? 'AF_INET6' : 'AF_INET', interface: s.interface as InterfaceSpec | undefined });
    let deleted = 0;
    for (const row of rows.filter((r) => r.address === address)) {
      try {
        await deleteIpNetEntry2(row);
        deleted++;
      } catch (error) {
        // Gone since the table was read: done. A vanished interface (Win32 2) is not.
        if (!isNoSuchEntry(error)) throw error;
      }
    }
    if (deleted === 0 && ifMissing !== 'ignore') {
      throw new NetioError({ win32: 1168, syscall, member: 'address', detail: `no neighbour ${address} matches.` });
    }
    return deleted;
  },

  /** Flushes the neighbour cache of a family ('all' by default) on an interface, or on every interface. */
  async flush(options: { family?: FamilyInput; interface?: InterfaceSpec } = {}): Promise<void> {
    const o = new Checker('FlushIpNetTable2').options(options) as { family?: FamilyInput; interface?: InterfaceSpec };
    const index = o.interface === undefined ? 0 : await convertInterfaceLuidToIndex(await resolveInterface(o.interface, 'FlushIpNetTable2'));
    await flushIpNetTable2(o.family ?? 'AF_UNSPEC', index);
  },

  /**
   * The physical address of `address`, resolving it if the cache does not hold it (which
   * sends ARP or neighbour solicitation). Without `interface`, the interface of the best
   * route to the address.
   */
  async resolve(address: string, options: { interface?: InterfaceSpec; source?: string } = {}): Promise<string> {
    const o = new Checker('ResolveIpNetEntry2').options(options) as { interface?: InterfaceSpec; source?: string };
    const interfaceLuid =
      o.interface === undefined ? await bestInterface(address, 'ResolveIpNetEntry2') : await resolveInterface(o.interface, 'ResolveIpNetEntry2');
    const row = await resolveIpNetEntry2({ address, interfaceLuid }, o.source);
    if (row.physicalAddress === '') {
      throw new NetioError({ win32: 67, syscall: 'ResolveIpNetEntry2', member: 'address', detail: `${address} did not answer; its state is ${String(row.state)}.` });
    }
    return row.physicalAddress;
  },
};
