/**
 * Text forms of the address types, without any knowledge of rows: parse functions return
 * `undefined` for anything that is not text of their form, whatever its type (they never
 * throw); format functions produce the one canonical form the native layer also produces
 * (RFC 5952 for IPv6, dotted quad for IPv4, lowercase colon-separated physical addresses,
 * braced uppercase GUIDs), and refuse a value that is not of their input type with a
 * NetioError (STATUS_INVALID_PARAMETER) naming the argument. lib/check.ts turns a failed
 * parse into a NetioError that names the member.
 */
import { types } from 'node:util';

import { invalidParameter } from './errors.js';

/** ADDRESS_FAMILY AF_UNSPEC (0): either family, where a function takes one. */
export const AF_UNSPEC = 0;
/** ADDRESS_FAMILY AF_INET (2): IPv4. */
export const AF_INET = 2;
/** ADDRESS_FAMILY AF_INET6 (23, its value on Windows): IPv6. */
export const AF_INET6 = 23;

export type AddressFamilyNumber = typeof AF_INET | typeof AF_INET6;

export interface IpAddress {
  family: AddressFamilyNumber;
  /** 4 bytes for IPv4, 16 for IPv6, in network order. */
  bytes: Uint8Array;
  /** The IPv6 zone (scope id); 0 for none and for IPv4. */
  scopeId: number;
}

export interface IpPrefix {
  address: IpAddress;
  length: number;
}

const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function parseIpv4(text: string): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!DECIMAL_OCTET.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

/** Parses an IPv6 address with an optional numeric zone ('fe80::1%12'). */
export function parseIpv6(text: string): { bytes: Uint8Array; scopeId: number } | undefined {
  if (typeof text !== 'string') return undefined;
  let scopeId = 0;
  const percent = text.indexOf('%');
  let body = text;
  if (percent >= 0) {
    const zone = text.slice(percent + 1);
    if (!/^(?:0|[1-9][0-9]{0,9})$/.test(zone) || Number(zone) > 0xffffffff) return undefined;
    scopeId = Number(zone);
    body = text.slice(0, percent);
  }
  const groups: number[] = [];
  let tail: number[] = [];
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const parseHalf = (half: string, allowIpv4: boolean): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (allowIpv4 && i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (HEX_GROUP.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  if (halves.length === 2) {
    const head = parseHalf(halves[0]!, false);
    const rest = parseHalf(halves[1]!, true);
    if (!head || !rest || head.length + rest.length > 7) return undefined;
    groups.push(...head);
    tail = rest;
    while (groups.length + tail.length < 8) groups.push(0);
  } else {
    const all = parseHalf(body, true);
    if (!all || all.length !== 8) return undefined;
    groups.push(...all);
  }
  groups.push(...tail);
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return { bytes, scopeId };
}

/** Parses an IPv4 or IPv6 address; the family follows the text. undefined for anything else. */
export function parseIp(text: string): IpAddress | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes(':')) {
    const v6 = parseIpv6(text);
    return v6 && { family: AF_INET6, bytes: v6.bytes, scopeId: v6.scopeId };
  }
  const v4 = parseIpv4(text);
  return v4 && { family: AF_INET, bytes: v4, scopeId: 0 };
}

/**
 * The bytes, family and scope id of an IpAddress, checked: a NetioError naming `member`
 * (STATUS_INVALID_PARAMETER) for anything else, never a TypeError. The bytes are copied.
 */
function ipAddressOf(value: unknown, syscall: string, member: string): IpAddress {
  const what = 'an IpAddress ({ family: 2 and 4 bytes, or 23 and 16 bytes, in a Uint8Array; scopeId })';
  if (typeof value !== 'object' || value === null) throw invalidParameter(syscall, member, `expected ${what}.`);
  const read = (key: 'family' | 'bytes' | 'scopeId'): unknown => {
    try {
      return (value as Record<string, unknown>)[key];
    } catch (error) {
      throw invalidParameter(syscall, `${member}.${key}`, `reading it threw; expected ${what}.`, error);
    }
  };
  const family = read('family');
  const bytes = read('bytes');
  const scopeId = read('scopeId');
  const length = family === AF_INET ? 4 : family === AF_INET6 ? 16 : -1;
  // util.types asks the engine, so a Proxy's traps are not called; the copy reads the array's own bytes.
  const copy = types.isUint8Array(bytes) ? new Uint8Array(bytes) : undefined;
  if (copy === undefined || copy.length !== length) throw invalidParameter(syscall, member, `expected ${what}.`);
  if (scopeId !== undefined && (typeof scopeId !== 'number' || !Number.isInteger(scopeId) || scopeId < 0 || scopeId > 0xffffffff)) {
    throw invalidParameter(syscall, member, 'expected a scopeId from 0 to 4294967295.');
  }
  return { family: family as AddressFamilyNumber, bytes: copy, scopeId: (scopeId as number | undefined) ?? 0 };
}

/** The text of an address; a NetioError (STATUS_INVALID_PARAMETER, member 'address') for anything but an IpAddress. */
export function formatIp(address: IpAddress): string {
  return formatAddress(ipAddressOf(address, 'formatIp', 'address'));
}

function formatAddress(address: IpAddress): string {
  const b = address.bytes;
  if (address.family === AF_INET) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((b[2 * i]! << 8) | b[2 * i + 1]!);
  let text: string;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    // RFC 5952 section 5: IPv4-mapped addresses keep the dotted quad.
    text = `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  } else {
    // RFC 5952 section 4.2: the longest run (first if tied) of two or more zero groups.
    let bestStart = -1;
    let bestLength = 0;
    for (let i = 0; i < 8; ) {
      if (groups[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i >= 2 && j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    text =
      bestStart < 0
        ? hex.join(':')
        : `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
  }
  return address.scopeId ? `${text}%${address.scopeId}` : text;
}

/** Parses '198.51.100.0/24' or '2001:db8::/32'; undefined for anything else. */
export function parsePrefix(text: string): IpPrefix | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  const lengthText = text.slice(slash + 1);
  if (!/^(?:0|[1-9][0-9]{0,2})$/.test(lengthText)) return undefined;
  const address = parseIp(text.slice(0, slash));
  if (!address) return undefined;
  const length = Number(lengthText);
  if (length > maxPrefixLength(address.family)) return undefined;
  return { address, length };
}

/** The text of a prefix; a NetioError (STATUS_INVALID_PARAMETER, member 'prefix') for anything but an IpPrefix. */
export function formatPrefix(prefix: IpPrefix): string {
  const what = 'an IpPrefix ({ address, length })';
  if (typeof prefix !== 'object' || prefix === null) throw invalidParameter('formatPrefix', 'prefix', `expected ${what}.`);
  const read = (key: 'address' | 'length'): unknown => {
    try {
      return (prefix as unknown as Record<string, unknown>)[key];
    } catch (error) {
      throw invalidParameter('formatPrefix', `prefix.${key}`, `reading it threw; expected ${what}.`, error);
    }
  };
  const address = read('address');
  const length = read('length');
  const ip = ipAddressOf(address, 'formatPrefix', 'prefix.address');
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > maxPrefixLength(ip.family)) {
    throw invalidParameter('formatPrefix', 'prefix.length', `expected a prefix length from 0 to ${maxPrefixLength(ip.family)}.`);
  }
  return `${formatAddress(ip)}/${length}`;
}

export function maxPrefixLength(family: AddressFamilyNumber): number {
  return family === AF_INET ? 32 : 128;
}

/** The address with every bit past `length` cleared (the network of a prefix). */
export function networkOf(address: IpAddress, length: number): IpAddress {
  const bytes = new Uint8Array(address.bytes);
  for (let bit = length; bit < bytes.length * 8; bit++) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return { family: address.family, bytes, scopeId: address.scopeId };
}

export function isUnspecified(address: IpAddress): boolean {
  return address.bytes.every((b) => b === 0);
}

export function isLoopback(address: IpAddress): boolean {
  const b = address.bytes;
  if (address.family === AF_INET) return b[0] === 127;
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return true;
  // An IPv4-mapped loopback address is a loopback address too.
  return b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff && b[12] === 127;
}

export function isMulticast(address: IpAddress): boolean {
  const b = address.bytes;
  return address.family === AF_INET ? (b[0]! & 0xf0) === 0xe0 : b[0] === 0xff;
}

export function isIpv4Broadcast(address: IpAddress): boolean {
  return address.family === AF_INET && address.bytes.every((b) => b === 0xff);
}

/** Longest physical address an interface may have (IF_MAX_PHYS_ADDRESS_LENGTH). */
export const MAX_PHYSICAL_ADDRESS_LENGTH = 32;

/** Parses '02:00:5e:10:00:01', '02-00-5E-10-00-01' or '' (no address); undefined for anything else. */
export function parsePhysicalAddress(text: string): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === '') return new Uint8Array(0);
  const separator = text[2];
  if (separator !== ':' && separator !== '-' && text.length !== 2) return undefined;
  const parts = text.length === 2 ? [text] : text.split(separator!);
  if (parts.length > MAX_PHYSICAL_ADDRESS_LENGTH) return undefined;
  const bytes = new Uint8Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    if (!/^[0-9a-fA-F]{2}$/.test(parts[i]!)) return undefined;
    bytes[i] = parseInt(parts[i]!, 16);
  }
  return bytes;
}

/** '02:00:5e:10:00:01'; a NetioError (STATUS_INVALID_PARAMETER, member 'bytes') for anything but a Uint8Array (a Buffer is one). */
export function formatPhysicalAddress(bytes: Uint8Array): string {
  if (!types.isUint8Array(bytes)) throw invalidParameter('formatPhysicalAddress', 'bytes', 'expected a Uint8Array (or Buffer).');
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join(':');
}

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** Accepts a GUID with or without braces, in any case; returns '{XXXXXXXX-…}'; undefined for anything else. */
export function parseGuid(text: string): string | undefined {
  if (typeof text !== 'string') return undefined;
  const match = GUID.exec(text);
  if (!match) return undefined;
  const braces = text.startsWith('{');
  if (braces !== text.endsWith('}')) return undefined;
  return `{${match[1]!.toUpperCase()}}`;
}

export const MAX_LUID = (1n << 64n) - 1n;

/** The fields of a NET_LUID: Reserved (24 bits), NetLuidIndex (24 bits), IfType (16 bits). */
export function luidFields(luid: bigint): { netLuidIndex: number; ifType: number } {
  return { netLuidIndex: Number((luid >> 24n) & 0xffffffn), ifType: Number(luid >> 48n) };
}
