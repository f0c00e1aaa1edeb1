/**
 * Addresses: anycast (CreateAnycastIpAddressEntry and its family, MIB_ANYCASTIPADDRESS_ROW)
 * and unicast (CreateUnicastIpAddressEntry and its family, MIB_UNICASTIPADDRESS_ROW), and
 * the `anycast` and `addresses` helpers.
 */
import { type IpAddress, formatIp, isIpv4Broadcast, isMulticast, isUnspecified, maxPrefixLength } from './address.js';
import { operation } from './call.js';
import { Checker, enumName, type FamilyInput, type LuidInput } from './check.js';
import { NL_DAD_STATE, NL_PREFIX_ORIGIN, NL_SUFFIX_ORIGIN, type NameOf } from './constants.js';
import { NetioError, isNoSuchEntry } from './errors.js';
import type { WireAnycastRow, WireUnicastRow, WireUnicastRowIn } from './native.js';
import { resolveInterface, type InterfaceSpec } from './resolve.js';
import { INFINITE_LIFETIME } from './routes.js';

export type NlPrefixOrigin = NameOf<typeof NL_PREFIX_ORIGIN>;
export type NlSuffixOrigin = NameOf<typeof NL_SUFFIX_ORIGIN>;
export type NlDadState = NameOf<typeof NL_DAD_STATE>;

/** MIB_ANYCASTIPADDRESS_ROW: one anycast address. */
export interface MibAnycastipaddressRow {
  address: string;
  interfaceLuid: bigint;
  interfaceIndex: number;
  /** SCOPE_ID.Value; set by the stack (ignored on create). */
  scopeId: number;
}

export interface AnycastRowInput {
  address: string;
  interfaceLuid?: LuidInput;
  interfaceIndex?: number;
  /** Ignored, as documented: the stack sets it from the interface. */
  scopeId?: number;
}

/** MIB_UNICASTIPADDRESS_ROW: one unicast address. Lifetimes in seconds. */
export interface MibUnicastipaddressRow {
  address: string;
  interfaceLuid: bigint;
  interfaceIndex: number;
  prefixOrigin: NlPrefixOrigin | number;
  suffixOrigin: NlSuffixOrigin | number;
  validLifetime: number;
  preferredLifetime: number;
  onLinkPrefixLength: number;
  skipAsSource: boolean;
  dadState: NlDadState | number;
  /** SCOPE_ID.Value. */
  scopeId: number;
  /** When the address was added; null when the system does not say. */
  creationTimeStamp: Date | null;
}

export type UnicastRowInput = Partial<Omit<MibUnicastipaddressRow, 'interfaceLuid' | 'creationTimeStamp'>> & {
  address: string;
  interfaceLuid?: LuidInput;
  creationTimeStamp?: unknown;
};

/** 100-nanosecond ticks from 1601-01-01 to 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;

/** @internal A FILETIME count (LARGE_INTEGER) as a Date; 0 is null. */
export function dateFromFiletime(ticks: bigint): Date | null {
  return ticks === 0n ? null : new Date(Number((ticks - FILETIME_UNIX_EPOCH) / 10_000n));
}

/** @internal */
export function anycastRowFromWire(w: WireAnycastRow): MibAnycastipaddressRow {
  return { ...w };
}

/** @internal */
export function unicastRowFromWire(w: WireUnicastRow): MibUnicastipaddressRow {
  return {
    ...w,
    address: w.address ?? '',
    prefixOrigin: enumName(NL_PREFIX_ORIGIN, w.prefixOrigin),
    suffixOrigin: enumName(NL_SUFFIX_ORIGIN, w.suffixOrigin),
    dadState: enumName(NL_DAD_STATE, w.dadState),
    creationTimeStamp: dateFromFiletime(w.creationTimeStamp),
  };
}

/** A valid unicast IPv4 or IPv6 address: not unspecified, multicast or broadcast. */
function unicastAddress(check: Checker, value: unknown): IpAddress {
  if (value === undefined || value === '') check.fail('address', 'was not specified.');
  const address = check.address(value, 'address');
  const text = formatIp(address);
  if (isUnspecified(address)) check.fail('address', `(${text}) is the unspecified address, not a unicast address.`);
  if (isMulticast(address)) check.fail('address', `(${text}) is a multicast address, not a unicast address.`);
  if (isIpv4Broadcast(address)) check.fail('address', `(${text}) is the broadcast address, not a unicast address.`);
  return address;
}

/** @internal Checks an anycast row (the CreateAnycastIpAddressEntry conditions). */
export function anycastRowToWire(check: Checker, input: unknown): WireAnycastRow {
  const row = check.object(input, 'row');
  const address = unicastAddress(check, row.address);
  return { address: formatIp(address), ...check.interfaceKey(row), scopeId: 0 };
}

/** The "illegal" OnLinkPrefixLength that InitializeUnicastIpAddressEntry documents: "not set". */
const NOT_SET_ON_LINK_PREFIX_LENGTH = 0xff;

/**
 * @internal Checks a unicast row against the STATUS_INVALID_PARAMETER conditions of
 * CreateUnicastIpAddressEntry and passes on the key and the members the caller gave: the
 * binding keeps InitializeUnicastIpAddressEntry's bytes for the rest (its origins are
 * 'unchanged' and its lifetimes infinite, which the checks below assume for a member left
 * out). DadState, ScopeId and CreationTimeStamp are the stack's and are ignored.
 */
export function unicastRowToWire(check: Checker, input: unknown): WireUnicastRowIn {
  const row = check.object(input, 'row');
  const address = unicastAddress(check, row.address);
  const wire: WireUnicastRowIn = { address: formatIp(address), ...check.interfaceKey(row) };
  if (row.prefixOrigin !== undefined) wire.prefixOrigin = check.enumValue(NL_PREFIX_ORIGIN, row.prefixOrigin, 'prefixOrigin');
  if (row.suffixOrigin !== undefined) wire.suffixOrigin = check.enumValue(NL_SUFFIX_ORIGIN, row.suffixOrigin, 'suffixOrigin');
  const prefixUnchanged = (wire.prefixOrigin ?? NL_PREFIX_ORIGIN.values.unchanged) === NL_PREFIX_ORIGIN.values.unchanged;
  const suffixUnchanged = (wire.suffixOrigin ?? NL_SUFFIX_ORIGIN.values.unchanged) === NL_SUFFIX_ORIGIN.values.unchanged;
  if (prefixUnchanged && !suffixUnchanged) check.fail('suffixOrigin', "must be 'unchanged' when prefixOrigin is 'unchanged'.");
  if (!prefixUnchanged && suffixUnchanged) check.fail('prefixOrigin', "must be 'unchanged' when suffixOrigin is 'unchanged'.");
  if (row.validLifetime !== undefined) wire.validLifetime = check.uint32(row.validLifetime, 'validLifetime');
  if (row.preferredLifetime !== undefined) wire.preferredLifetime = check.uint32(row.preferredLifetime, 'preferredLifetime');
  const valid = wire.validLifetime ?? INFINITE_LIFETIME;
  const preferred = wire.preferredLifetime ?? INFINITE_LIFETIME;
  if (valid < preferred) check.fail('preferredLifetime', `(${preferred}) is greater than validLifetime (${valid}).`);
  if (row.onLinkPrefixLength !== undefined) {
    const onLink = check.uint32(row.onLinkPrefixLength, 'onLinkPrefixLength', 0xff);
    const bits = maxPrefixLength(address.family);
    if (onLink !== NOT_SET_ON_LINK_PREFIX_LENGTH && onLink > bits) {
      check.fail('onLinkPrefixLength', `(${onLink}) is greater than the ${bits} bits of an ${bits === 32 ? 'IPv4' : 'IPv6'} address.`);
    }
    wire.onLinkPrefixLength = onLink;
  }
  if (row.skipAsSource !== undefined) wire.skipAsSource = check.boolean(row.skipAsSource, 'skipAsSource');
  return wire;
}

/** Family argument of the table functions: AF_INET, AF_INET6 or AF_UNSPEC. */
const family = (check: Checker, value: FamilyInput = 'AF_UNSPEC') => [check.family(value)] as [number];
const nothing = (): void => undefined;

const anyCreate = operation({
  syscall: 'CreateAnycastIpAddressEntry',
  native: 'createAnycastIpAddressEntry',
  prepare: (check, row: AnycastRowInput) => [anycastRowToWire(check, row)],
  convert: nothing,
});
/** CreateAnycastIpAddressEntry: adds an anycast address to an interface. Needs an elevated process. */
export const createAnycastIpAddressEntry = anyCreate.async;
export const createAnycastIpAddressEntrySync = anyCreate.sync;

const anyDelete = operation({
  syscall: 'DeleteAnycastIpAddressEntry',
  native: 'deleteAnycastIpAddressEntry',
  prepare: (check, row: AnycastRowInput) => [anycastRowToWire(check, row)],
  convert: nothing,
});
/** DeleteAnycastIpAddressEntry. */
export const deleteAnycastIpAddressEntry = anyDelete.async;
export const deleteAnycastIpAddressEntrySync = anyDelete.sync;

const anyGet = operation({
  syscall: 'GetAnycastIpAddressEntry',
  native: 'getAnycastIpAddressEntry',
  prepare: (check, row: AnycastRowInput) => [anycastRowToWire(check, row)],
  convert: anycastRowFromWire,
});
/** GetAnycastIpAddressEntry. */
export const getAnycastIpAddressEntry = anyGet.async;
export const getAnycastIpAddressEntrySync = anyGet.sync;

const anyTable = operation({
  syscall: 'GetAnycastIpAddressTable',
  native: 'getAnycastIpAddressTable',
  prepare: family,
  convert: (rows: WireAnycastRow[]) => rows.map(anycastRowFromWire),
});
/**
 * GetAnycastIpAddressTable. With no entries, the page documents STATUS_NOT_FOUND (Win32
 * 1168); whether Windows says that or returns an empty table is not known, so expect
 * either. `anycast.list()` returns [] for both.
 */
export const getAnycastIpAddressTable = anyTable.async;
export const getAnycastIpAddressTableSync = anyTable.sync;

const uniCreate = operation({
  syscall: 'CreateUnicastIpAddressEntry',
  native: 'createUnicastIpAddressEntry',
  prepare: (check, row: UnicastRowInput) => [unicastRowToWire(check, row)],
  convert: nothing,
});
/** CreateUnicastIpAddressEntry: adds an address to an interface. Needs an elevated process. */
export const createUnicastIpAddressEntry = uniCreate.async;
export const createUnicastIpAddressEntrySync = uniCreate.sync;

const uniDelete = operation({
  syscall: 'DeleteUnicastIpAddressEntry',
  native: 'deleteUnicastIpAddressEntry',
  prepare: (check, row: UnicastRowInput) => [unicastRowToWire(check, row)],
  convert: nothing,
});
/** DeleteUnicastIpAddressEntry. */
export const deleteUnicastIpAddressEntry = uniDelete.async;
export const deleteUnicastIpAddressEntrySync = uniDelete.sync;

const uniSet = operation({
  syscall: 'SetUnicastIpAddressEntry',
  native: 'setUnicastIpAddressEntry',
  prepare: (check, row: UnicastRowInput) => [unicastRowToWire(check, row)],
  convert: nothing,
});
/** SetUnicastIpAddressEntry: changes lifetimes, origins, on-link prefix length, SkipAsSource. */
export const setUnicastIpAddressEntry = uniSet.async;
export const setUnicastIpAddressEntrySync = uniSet.sync;

const uniGet = operation({
  syscall: 'GetUnicastIpAddressEntry',
  native: 'getUnicastIpAddressEntry',
  prepare: (check, row: UnicastRowInput) => [unicastRowToWire(check, row)],
  convert: unicastRowFromWire,
});
/** GetUnicastIpAddressEntry: one address, by address and interface. */
export const getUnicastIpAddressEntry = uniGet.async;
export const getUnicastIpAddressEntrySync = uniGet.sync;

const uniTable = operation({
  syscall: 'GetUnicastIpAddressTable',
  native: 'getUnicastIpAddressTable',
  prepare: family,
  convert: (rows: WireUnicastRow[]) => rows.map(unicastRowFromWire),
});
/** GetUnicastIpAddressTable: every unicast address of a family ('AF_UNSPEC' for both, the default). */
export const getUnicastIpAddressTable = uniTable.async;
export const getUnicastIpAddressTableSync = uniTable.sync;

const uniInitialize = operation({
  syscall: 'InitializeUnicastIpAddressEntry',
  native: 'initializeUnicastIpAddressEntry',
  prepare: () => [],
  convert: unicastRowFromWire,
});
/**
 * InitializeUnicastIpAddressEntry: the values an address row starts from, as this system's
 * own function writes them (the documented values where it is not exported: origins
 * 'unchanged', infinite lifetimes, onLinkPrefixLength 255 "not set", skipAsSource false, the
 * rest zero). Its address is '' (unset): a row going in must name one.
 */
export const initializeUnicastIpAddressEntry = uniInitialize.async;
export const initializeUnicastIpAddressEntrySync = uniInitialize.sync;

// ---------------------------------------------------------------------------------------
// Helpers.

function isCode(error: unknown, code: string): boolean {
  return error instanceof NetioError && error.code === code;
}

async function interfaceFilter(spec: InterfaceSpec | undefined, syscall: string): Promise<(row: { interfaceLuid: bigint }) => boolean> {
  if (spec === undefined) return () => true;
  const luid = await resolveInterface(spec, syscall);
  return (row) => row.interfaceLuid === luid;
}

export const anycast = {
  /** The anycast addresses, optionally of one family and interface; [] when there are none. */
  async list(options: { family?: FamilyInput; interface?: InterfaceSpec } = {}): Promise<MibAnycastipaddressRow[]> {
    const o = new Checker('GetAnycastIpAddressTable').options(options) as { family?: FamilyInput; interface?: InterfaceSpec };
    // The interface is checked (and looked up) even when the table turns out to be empty.
    const onInterface = await interfaceFilter(o.interface, 'GetAnycastIpAddressTable');
    let rows: MibAnycastipaddressRow[];
    try {
      rows = await getAnycastIpAddressTable(o.family ?? 'AF_UNSPEC');
    } catch (error) {
      // The documented "no entries" outcome (an empty table is the other); STATUS_NOT_SUPPORTED and the rest still fail.
      if (isNoSuchEntry(error)) return [];
      throw error;
    }
    return rows.filter(onInterface);
  },

  /** Adds an anycast address to an interface and returns it as the system holds it. */
  async add(address: string, options: { interface: InterfaceSpec }): Promise<MibAnycastipaddressRow> {
    const check: Checker = new Checker('CreateAnycastIpAddressEntry');
    const o = check.object(options, 'options');
    const text = check.addressText(address, 'address');
    if (o.interface === undefined) check.fail('interface', 'was not specified.');
    const row = { address: text, interfaceLuid: await resolveInterface(o.interface as InterfaceSpec, 'CreateAnycastIpAddressEntry') };
    await createAnycastIpAddressEntry(row);
    return getAnycastIpAddressEntry(row);
  },

  /** Deletes an anycast address (from `interface`, or from every interface that has it). */
  async delete(address: string, options: { interface?: InterfaceSpec; ifMissing?: 'error' | 'ignore' } = {}): Promise<number> {
    const syscall = 'DeleteAnycastIpAddressEntry';
    const check: Checker = new Checker(syscall);
    const text = check.addressText(address, 'address');
    const o = check.options(options) as { interface?: InterfaceSpec; ifMissing?: unknown };
    const ifMissing = check.oneOf(o.ifMissing, 'ifMissing', ['error', 'ignore'], 'error');
    const rows = (await anycast.list({ interface: o.interface })).filter((r) => r.address === text);
    let deleted = 0;
    for (const row of rows) {
      try {
        await deleteAnycastIpAddressEntry(row);
        deleted++;
      } catch (error) {
        // Gone since the table was read: done. A vanished interface (Win32 2) is not.
        if (!isNoSuchEntry(error)) throw error;
      }
    }
    if (deleted === 0 && ifMissing !== 'ignore') throw new NetioError({ win32: 1168, syscall, member: 'address', detail: `no anycast address ${text} matches.` });
    return deleted;
  },
};

/** '198.51.100.10/24' or a bare address (then /32 or /128). */
function parseAddressWithPrefix(check: Checker, value: unknown): { address: string; onLinkPrefixLength: number } {
  if (typeof value === 'string' && value.includes('/')) {
    const prefix = check.prefix(value, 'address');
    return { address: formatIp(prefix.address), onLinkPrefixLength: prefix.length };
  }
  const address = check.address(value, 'address');
  return { address: formatIp(address), onLinkPrefixLength: maxPrefixLength(address.family) };
}

export interface AddAddressOptions {
  interface: InterfaceSpec;
  skipAsSource?: boolean;
  validLifetime?: number;
  preferredLifetime?: number;
  ifExists?: 'error' | 'ignore' | 'replace';
}

export const addresses = {
  /** The unicast addresses, optionally of one family and interface. */
  async list(options: { family?: FamilyInput; interface?: InterfaceSpec } = {}): Promise<MibUnicastipaddressRow[]> {
    const o = new Checker('GetUnicastIpAddressTable').options(options) as { family?: FamilyInput; interface?: InterfaceSpec };
    const rows = await getUnicastIpAddressTable(o.family ?? 'AF_UNSPEC');
    return rows.filter(await interfaceFilter(o.interface, 'GetUnicastIpAddressTable'));
  },

  /** Adds '198.51.100.10/24' (a manual address) to an interface; returns it as the system holds it. */
  async add(addressWithPrefix: string, options: AddAddressOptions): Promise<MibUnicastipaddressRow> {
    const check: Checker = new Checker('CreateUnicastIpAddressEntry');
    const o = check.object(options, 'options');
    if (o.interface === undefined) check.fail('interface', 'was not specified.');
    const ifExists = check.oneOf(o.ifExists, 'ifExists', ['error', 'ignore', 'replace'], 'error');
    const parsed = parseAddressWithPrefix(check, addressWithPrefix);
    // Each member read once, and checked before the interface is looked up.
    const skipAsSource = o.skipAsSource === undefined ? false : check.boolean(o.skipAsSource, 'skipAsSource');
    const validLifetime = o.validLifetime === undefined ? undefined : check.uint32(o.validLifetime, 'validLifetime');
    const preferredLifetime = o.preferredLifetime === undefined ? undefined : check.uint32(o.preferredLifetime, 'preferredLifetime');
    const row: UnicastRowInput = {
      ...parsed,
      interfaceLuid: await resolveInterface(o.interface as InterfaceSpec, 'CreateUnicastIpAddressEntry'),
      prefixOrigin: 'manual',
      suffixOrigin: 'manual',
      skipAsSource,
      validLifetime,
      preferredLifetime,
    };
    try {
      await createUnicastIpAddressEntry(row);
    } catch (error) {
      if (!isCode(error, 'ERROR_OBJECT_ALREADY_EXISTS') || ifExists === 'error') throw error;
      if (ifExists === 'replace') await setUnicastIpAddressEntry(row);
    }
    return getUnicastIpAddressEntry(row);
  },

  /** Deletes an address ('198.51.100.10' or with its prefix) from `interface`, or from every interface that has it. */
  async delete(address: string, options: { interface?: InterfaceSpec; ifMissing?: 'error' | 'ignore' } = {}): Promise<number> {
    const syscall = 'DeleteUnicastIpAddressEntry';
    const check: Checker = new Checker(syscall);
    const { address: text } = parseAddressWithPrefix(check, address);
    const o = check.options(options) as { interface?: InterfaceSpec; ifMissing?: unknown };
    const ifMissing = check.oneOf(o.ifMissing, 'ifMissing', ['error', 'ignore'], 'error');
    const rows = (await addresses.list({ interface: o.interface })).filter((r) => r.address === text);
    let deleted = 0;
    for (const row of rows) {
      try {
        await deleteUnicastIpAddressEntry(row);
        deleted++;
      } catch (error) {
        // Gone since the table was read: done. A vanished interface (Win32 2) is not.
        if (!isNoSuchEntry(error)) throw error;
      }
    }
    if (deleted === 0 && ifMissing !== 'ignore') throw new NetioError({ win32: 1168, syscall, member: 'address', detail: `no address ${text} matches.` });
    return deleted;
  },
};
