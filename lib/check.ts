/**
 * Validation of arguments and row members before any OS call. A Checker knows the
 * documented function it checks for; each method returns the value in the form the
 * binding takes, or throws a NetioError (STATUS_INVALID_PARAMETER) naming the member.
 */
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  MAX_LUID,
  MAX_PHYSICAL_ADDRESS_LENGTH,
  type IpAddress,
  type IpPrefix,
  formatIp,
  formatPhysicalAddress,
  formatPrefix,
  parseGuid,
  parseIp,
  parsePhysicalAddress,
  parsePrefix,
} from './address.js';
import { types } from 'node:util';

import { NetioError, invalidParameter } from './errors.js';

/** NET_LUID as a bigint; a non-negative safe integer number is accepted too. */
export type LuidInput = bigint | number;

/** AF_INET, AF_INET6 or AF_UNSPEC, by name, by iproute2 name or by number. */
export type FamilyInput = 'AF_INET' | 'AF_INET6' | 'AF_UNSPEC' | 'ipv4' | 'ipv6' | 'all' | 2 | 23 | 0;

/** A physical address as text ('02:00:5e:10:00:01', '02-00-5E-10-00-01') or bytes. */
export type PhysicalAddressInput = string | Uint8Array;

const FAMILIES: Record<string, number> = {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  ipv4: AF_INET,
  ipv6: AF_INET6,
  all: AF_UNSPEC,
  inet: AF_INET,
  inet6: AF_INET6,
};

/** Longest alias Windows keeps (IF_MAX_STRING_SIZE). */
export const MAX_INTERFACE_STRING = 256;

/** At most this many characters of a caller's value appear in a message. */
const ECHO_LIMIT = 200;

/**
 * A short, safe description of a caller's value for an error message: it never throws
 * (Symbols, null-prototype objects, objects whose toString throws) and never echoes more
 * than about ECHO_LIMIT characters of it.
 */
export function describeValue(value: unknown): string {
  try {
    return describeInspectable(value);
  } catch {
    // A revoked Proxy, or one whose traps throw: say so rather than let its error escape.
    return 'a value that cannot be inspected (a revoked or throwing Proxy)';
  }
}

/**
 * The members of a plain object (Object.prototype or null behind it, not a Proxy), copied
 * once, as data: the usual `{ … }` literal. A copy needs no guarded view, which costs about
 * 0.4 µs an options bag against about 0.05 µs for this. The copy holds what a spread
 * copies, the own enumerable members (a non-enumerable one, which only defineProperty
 * makes, reads as absent). Undefined when the object is not plain, or when a getter threw:
 * then the guarded view reads it, and names the member that throws.
 */
function plainCopy(value: object): Record<string, unknown> | undefined {
  if (types.isProxy(value)) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  try {
    // A null-prototype object is copied to one: the copy inherits nothing (no member read
    // through a polluted Object.prototype), as the caller's object does.
    return prototype === null ? { __proto__: null, ...(value as Record<string, unknown>) } : { ...(value as Record<string, unknown>) };
  } catch {
    return undefined;
  }
}

/**
 * What a caller's getter, trap or callback threw, for a message: the name and message of an
 * Error, else describeValue's text. Never throws (the thrown value may be hostile too).
 */
export function describeThrown(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return `${String(thrown.name)}: ${String(thrown.message)}`.slice(0, ECHO_LIMIT);
  } catch {
    // fall through: an Error-like Proxy, or one whose name or message getters throw
  }
  return describeValue(thrown);
}

function describeInspectable(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
    case 'bigint': {
      const text = `${value}n`;
      return text.length > ECHO_LIMIT ? `a bigint of ${text.length - 1} digits` : text;
    }
    case 'symbol':
      return 'a Symbol';
    case 'function':
      return 'a function';
    case 'object':
      return Object.getPrototypeOf(value) === null ? 'an object with no prototype' : 'an object';
    default:
      return `${typeof value} ${String(value)}`.slice(0, ECHO_LIMIT);
  }
}

export class Checker {
  constructor(readonly syscall: string) {}

  /** Refuses `member`; `cause` is what the caller's own getter, trap or value threw, when one did. */
  fail(member: string, detail: string, ...cause: [] | [cause: unknown]): never {
    throw invalidParameter(this.syscall, member, detail, ...cause);
  }

  /** Refuses `member` because reading it (a getter, a Proxy trap) threw `thrown`. */
  private unreadable(member: string, thrown: unknown): never {
    if (thrown instanceof NetioError) throw thrown; // a member of a member, named already
    this.fail(member, `reading it threw ${describeThrown(thrown)}.`, thrown);
  }

  /** An ASCII string of at most `max` characters (addresses, GUIDs, MACs). */
  asciiText(value: unknown, member: string, what: string, max = 64): string {
    if (typeof value !== 'string') this.fail(member, `expected ${what}, got ${describeValue(value)}.`);
    if (value.length === 0) this.fail(member, `expected ${what}, got an empty string.`);
    if (value.length > max) this.fail(member, `expected ${what}, got a string of ${value.length} characters (at most ${max}).`);
    if (/[^\x21-\x7e]/.test(value)) this.fail(member, `expected ${what}, got text with spaces, control or non-ASCII characters.`);
    return value;
  }

  /**
   * An object whose members the caller gave (a row, an options bag). What comes back reads
   * the caller's object member by member, as it is, except that a member whose reading
   * throws (a getter, a Proxy trap) is refused as that member, `prefix` + its name, with what
   * was thrown as the error's `cause`: the package never lets a caller's getter's error, or a
   * Proxy's TypeError, escape as its own.
   */
  object(value: unknown, member: string, prefix = ''): Readonly<Record<string, unknown>> {
    let isArray: boolean;
    try {
      isArray = Array.isArray(value); // throws for a revoked Proxy
    } catch (error) {
      this.fail(member, `expected an object, got ${describeValue(value)}.`, error);
    }
    if (typeof value !== 'object' || value === null || isArray) {
      this.fail(member, `expected an object, got ${describeValue(value)}.`);
    }
    return this.members(value, member, prefix);
  }

  /**
   * The guarded view of object(). Its Proxy target is an empty object of its own, not the
   * caller's: a Proxy's invariant checks read its target, and the caller's object (a Proxy
   * itself, maybe) could throw from there, outside any trap of this one.
   */
  private members(value: object, member: string, prefix: string): Readonly<Record<string, unknown>> {
    const copy = plainCopy(value);
    if (copy !== undefined) return copy;
    const name = (key: string | symbol): string => (typeof key === 'string' ? `${prefix}${key}` : member);
    const read = <T>(key: string | symbol, run: () => T): T => {
      try {
        return run();
      } catch (error) {
        this.unreadable(name(key), error);
      }
    };
    return new Proxy({} as Record<string, unknown>, {
      get: (_target, key) => read(key, () => Reflect.get(value, key, value) as unknown),
      has: (_target, key) => read(key, () => Reflect.has(value, key)),
      ownKeys: () => read(member, () => Reflect.ownKeys(value)),
      getOwnPropertyDescriptor: (_target, key) =>
        read(key, () => {
          const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
          if (descriptor === undefined) return undefined;
          // As a data member of this view, which can hold it whatever the caller's object says.
          return { value: Reflect.get(value, key, value) as unknown, writable: false, enumerable: descriptor.enumerable ?? false, configurable: true };
        }),
      getPrototypeOf: () => read(member, () => Reflect.getPrototypeOf(value)),
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    });
  }

  /**
   * An array the caller gave, copied: each element read once (an element whose reading
   * throws is refused as `member[i]`), at most `max` of them.
   */
  array(value: unknown, member: string, what: string, max = 4096): unknown[] {
    let isArray: boolean;
    try {
      isArray = Array.isArray(value);
    } catch (error) {
      this.fail(member, `expected ${what}, got ${describeValue(value)}.`, error);
    }
    if (!isArray) this.fail(member, `expected ${what}, got ${describeValue(value)}.`);
    const array = value as unknown[];
    let length: number;
    try {
      length = array.length;
    } catch (error) {
      this.unreadable(member, error);
    }
    if (length > max) this.fail(member, `expected at most ${max} elements, got ${length}.`);
    const copy: unknown[] = new Array(length);
    for (let i = 0; i < length; i++) {
      try {
        copy[i] = array[i];
      } catch (error) {
        this.unreadable(`${member}[${i}]`, error);
      }
    }
    return copy;
  }

  /** Whether `value` is an array; a revoked Proxy is refused as `member`. */
  isArray(value: unknown, member = 'value'): boolean {
    try {
      return Array.isArray(value);
    } catch (error) {
      this.fail(member, `expected a value that can be inspected, got ${describeValue(value)}.`, error);
    }
  }

  /** A function the caller gave (a callback). */
  callback<F extends (...args: never[]) => unknown>(value: unknown, member: string): F {
    if (typeof value !== 'function') this.fail(member, `expected a function, got ${describeValue(value)}.`);
    return value as F;
  }

  /** An AbortSignal: a real one, whose `aborted` can be read. */
  signal(value: unknown, member = 'signal'): AbortSignal {
    let real = false;
    try {
      real = value instanceof AbortSignal && typeof (value as AbortSignal).aborted === 'boolean';
    } catch (error) {
      // A Proxy of a signal (its getters refuse it), or one whose traps throw.
      this.fail(member, `expected an AbortSignal, got ${describeValue(value)}.`, error);
    }
    if (!real) this.fail(member, `expected an AbortSignal, got ${describeValue(value)}.`);
    return value as AbortSignal;
  }

  /** Bytes: a Uint8Array (a Buffer is one), copied, at most `max` of them. */
  bytes(value: unknown, member: string, what: string, max: number): Uint8Array {
    // util.types asks the engine, not the value: a Proxy's traps are never called.
    if (!types.isUint8Array(value)) this.fail(member, `expected ${what}, got ${describeValue(value)}.`);
    const bytes = new Uint8Array(value); // reads the typed array's own bytes, never its (overridable) members
    if (bytes.length > max) this.fail(member, `expected at most ${max} bytes, got ${bytes.length}.`);
    return bytes;
  }

  /**
   * An options bag: undefined and null mean "no options" (as Node's fs functions take
   * them); anything else must be an object. Returns the object to read members from.
   */
  options(value: unknown, member = 'options'): Readonly<Record<string, unknown>> {
    if (value === undefined || value === null) return {};
    return this.object(value, member);
  }

  /** One of a few documented string values, such as ifExists: 'error' | 'ignore' | 'replace'. */
  oneOf<const T extends string>(value: unknown, member: string, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.fail(member, `expected ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}.`);
  }

  luid(value: unknown, member: string): bigint {
    let luid: bigint;
    if (typeof value === 'bigint') luid = value;
    else if (typeof value === 'number' && Number.isSafeInteger(value)) luid = BigInt(value);
    else this.fail(member, `expected a NET_LUID as a bigint, got ${describeValue(value)}.`);
    if (luid < 0n || luid > MAX_LUID) this.fail(member, `expected a NET_LUID from 0 to 2^64-1, got ${describeValue(luid)}.`);
    return luid;
  }

  /** A NET_IFINDEX; 0 means "unspecified" and is refused unless `allowZero`. */
  index(value: unknown, member: string, allowZero = false): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(member, `expected an interface index (an integer), got ${describeValue(value)}.`);
    }
    if (value < (allowZero ? 0 : 1) || value > 0xffffffff) {
      this.fail(member, `expected an interface index from ${allowZero ? 0 : 1} to 4294967295, got ${value}.`);
    }
    return value;
  }

  uint32(value: unknown, member: string, max = 0xffffffff): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      this.fail(member, `expected an integer from 0 to ${max}, got ${describeValue(value)}.`);
    }
    return value;
  }

  boolean(value: unknown, member: string): boolean {
    if (typeof value !== 'boolean') this.fail(member, `expected true or false, got ${describeValue(value)}.`);
    return value;
  }

  /**
   * A Unicode string such as an interface alias, as the OS takes it: a NUL-terminated string,
   * so one with a NUL inside cannot be passed. An empty one reaches the OS, which says what it
   * makes of it; so does a long one unless `max` is given (an alias longer than Windows keeps
   * is one its page calls invalid, STATUS_INVALID_PARAMETER; a name that long is the OS's to
   * call STATUS_INVALID_NAME).
   */
  interfaceString(value: unknown, member: string, what: string, max?: number): string {
    if (typeof value !== 'string') this.fail(member, `expected ${what} (a string), got ${describeValue(value)}.`);
    if (max !== undefined && value.length > max) this.fail(member, `expected ${what} of at most ${max} characters, got ${value.length}.`);
    if (value.includes('\0')) this.fail(member, `expected ${what} without NUL characters.`);
    return value;
  }

  guid(value: unknown, member: string): string {
    const what = 'a GUID such as {4D36E972-E325-11CE-BFC1-08002BE10318}';
    const guid = parseGuid(this.asciiText(value, member, what, 38));
    if (guid === undefined) this.fail(member, `expected ${what}, got ${describeValue(value)}.`);
    return guid;
  }

  address(value: unknown, member: string): IpAddress {
    const what = 'an IPv4 or IPv6 address such as 192.0.2.1 or fe80::1%12';
    const address = parseIp(this.asciiText(value, member, what, 64));
    if (address === undefined) this.fail(member, `expected ${what}, got ${describeValue(value)}.`);
    return address;
  }

  /** The canonical text of an address, as the binding takes it. */
  addressText(value: unknown, member: string): string {
    return formatIp(this.address(value, member));
  }

  prefix(value: unknown, member: string): IpPrefix {
    const what = 'a prefix such as 198.51.100.0/24 or 2001:db8::/32';
    const prefix = parsePrefix(this.asciiText(value, member, what, 68));
    if (prefix === undefined) {
      const text = value as string;
      const slash = text.lastIndexOf('/');
      if (slash > 0 && parseIp(text.slice(0, slash))) {
        const family = text.includes(':') ? 'IPv6' : 'IPv4';
        this.fail(member, `expected a prefix length from 0 to ${family === 'IPv4' ? 32 : 128} for an ${family} prefix, got ${describeValue(text.slice(slash + 1))}.`);
      }
      this.fail(member, `expected ${what}, got ${describeValue(value)}.`);
    }
    return prefix;
  }

  prefixText(value: unknown, member: string): string {
    return formatPrefix(this.prefix(value, member));
  }

  physicalAddress(value: unknown, member: string): Uint8Array {
    const what = 'a physical address such as 02:00:5e:10:00:01';
    let bytes: Uint8Array | undefined;
    if (types.isUint8Array(value)) {
      bytes = this.bytes(value, member, what, MAX_PHYSICAL_ADDRESS_LENGTH);
    } else if (value === '') {
      bytes = new Uint8Array(0);
    } else {
      bytes = parsePhysicalAddress(this.asciiText(value, member, what, 256));
      if (bytes === undefined) this.fail(member, `expected ${what} (at most ${MAX_PHYSICAL_ADDRESS_LENGTH} bytes), got ${describeValue(value)}.`);
    }
    return bytes;
  }

  physicalAddressText(value: unknown, member: string): string {
    return formatPhysicalAddress(this.physicalAddress(value, member));
  }

  family(value: unknown, member = 'family'): number {
    if (typeof value === 'number' && (value === AF_INET || value === AF_INET6 || value === AF_UNSPEC)) return value;
    if (typeof value === 'string' && Object.hasOwn(FAMILIES, value)) return FAMILIES[value]!;
    this.fail(member, `expected 'AF_INET', 'AF_INET6', 'AF_UNSPEC' (or 'ipv4', 'ipv6', 'all', or 2, 23, 0), got ${describeValue(value)}.`);
  }

  /**
   * The interface a row names: InterfaceLuid first, InterfaceIndex when the LUID is 0 or
   * absent, as documented. Refuses a row that names neither.
   */
  interfaceKey(row: Record<string, unknown>): { interfaceLuid: bigint; interfaceIndex: number } {
    const interfaceLuid = row.interfaceLuid === undefined ? 0n : this.luid(row.interfaceLuid, 'interfaceLuid');
    const interfaceIndex = row.interfaceIndex === undefined ? 0 : this.index(row.interfaceIndex, 'interfaceIndex', true);
    if (interfaceLuid === 0n && interfaceIndex === 0) {
      this.fail('interfaceLuid', 'neither interfaceLuid nor interfaceIndex was specified; set one of them.');
    }
    return { interfaceLuid, interfaceIndex };
  }

  /** A value of a string-union enumeration, by name or by its documented number. */
  enumValue<N extends string>(table: EnumTable<N>, value: unknown, member: string): number {
    if (typeof value === 'string' && table.byName.has(value as N)) return table.byName.get(value as N)!;
    if (typeof value === 'number' && table.byValue.has(value)) return value;
    const names = [...table.byName.keys()].map((n) => `'${n}'`).join(', ');
    this.fail(member, `expected one of ${names}, got ${describeValue(value)}.`);
  }
}

/** A documented enumeration: names (the constants without their prefix) and numbers. */
export interface EnumTable<N extends string> {
  readonly byName: ReadonlyMap<N, number>;
  readonly byValue: ReadonlyMap<number, N>;
}

export function enumTable<const T extends Record<string, number>>(values: T): EnumTable<Extract<keyof T, string>> & { values: T } {
  const byName = new Map<Extract<keyof T, string>, number>();
  const byValue = new Map<number, Extract<keyof T, string>>();
  for (const [name, value] of Object.entries(values) as [Extract<keyof T, string>, number][]) {
    byName.set(name, value);
    if (!byValue.has(value)) byValue.set(value, name);
  }
  return { byName, byValue, values };
}

/** The name of a documented value, or the number itself when the table does not know it. */
export function enumName<N extends string>(table: EnumTable<N>, value: number): N | number {
  return table.byValue.get(value) ?? value;
}
