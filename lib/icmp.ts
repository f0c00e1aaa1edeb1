/**
 * ICMP echo: IcmpSendEcho2Ex (IPv4) and Icmp6SendEcho2 (IPv6) at layer 1, and the `ping`
 * and `traceroute` helpers built on them.
 *
 * An echo that gets no reply, or an error reply (a timeout, an unreachable host, a TTL
 * that expired on the way), is not a failure of the call: it is a reply row whose `status`
 * names the IP_STATUS, as ping.exe reports it. Calls fail (with a NetioError) only when
 * the echo could not be sent at all: a bad argument, a system without the function.
 *
 * The async twins hold no libuv pool thread while an echo is in flight: the native layer
 * waits on the echo's event with a Windows thread-pool wait (see src-native/icmp.cc).
 */
import dns from 'node:dns';

import { AF_INET, AF_INET6, type IpAddress, formatIp, isUnspecified, parseIp } from './address.js';
import { operation } from './call.js';
import { Checker, describeValue, enumName, enumTable } from './check.js';
import type { NameOf } from './constants.js';
import { NetioError } from './errors.js';
import type { WireEchoReply } from './native.js';

/**
 * IP_STATUS (ipexport.h): the outcome of an echo, named after the documented constants
 * without their IP_ prefix, in camelCase. Where IPv6 gives a number a second name
 * (IP_DEST_NO_ROUTE is IP_DEST_NET_UNREACHABLE's 11002), replies carry the first name
 * listed; the IPv6 names are accepted wherever a status is looked up by name.
 */
export const IP_STATUS = enumTable({
  success: 0,
  bufTooSmall: 11001,
  destNetUnreachable: 11002,
  destHostUnreachable: 11003,
  destProtUnreachable: 11004,
  destPortUnreachable: 11005,
  noResources: 11006,
  badOption: 11007,
  hwError: 11008,
  packetTooBig: 11009,
  reqTimedOut: 11010,
  badReq: 11011,
  badRoute: 11012,
  ttlExpiredTransit: 11013,
  ttlExpiredReassem: 11014,
  paramProblem: 11015,
  sourceQuench: 11016,
  optionTooBig: 11017,
  badDestination: 11018,
  addrDeleted: 11019,
  specMtuChange: 11020,
  mtuChange: 11021,
  unload: 11022,
  addrAdded: 11023,
  mediaConnect: 11024,
  mediaDisconnect: 11025,
  bindAdapter: 11026,
  unbindAdapter: 11027,
  deviceDoesNotExist: 11028,
  duplicateAddress: 11029,
  interfaceMetricChange: 11030,
  reconfigSecfltr: 11031,
  negotiatingIpsec: 11032,
  interfaceWolCapabilityChange: 11033,
  duplicateIpadd: 11034,
  noFurtherSends: 11035,
  destUnreachable: 11040,
  timeExceeded: 11041,
  badHeader: 11042,
  unrecognizedNextHeader: 11043,
  icmpError: 11044,
  destScopeMismatch: 11045,
  generalFailure: 11050,
  pending: 11255,
  // The IPv6 names of the same numbers.
  destNoRoute: 11002,
  destAddrUnreachable: 11003,
  destProhibited: 11004,
  hopLimitExceeded: 11013,
  reassemblyTimeExceeded: 11014,
  parameterProblem: 11015,
});

export type IpStatus = NameOf<typeof IP_STATUS>;

/** IP_OPTION_INFORMATION.Flags: don't fragment. */
const IP_FLAG_DF = 0x2;
/** ping.exe's largest data size (-l). */
const MAX_DATA_SIZE = 65500;
const DEFAULT_TIMEOUT = 4000;
const DEFAULT_SIZE = 32;

/** Options of one echo (IcmpSendEcho2Ex / Icmp6SendEcho2). */
export interface IcmpEchoOptions {
  /** The source address, of the destination's family; default: the stack chooses. */
  source?: string;
  /** The data to send (at most 65,500 bytes). Give `data` or `size`, not both. */
  data?: Uint8Array;
  /** Send this many bytes of ping.exe's pattern ('abcdefghijklmnopqrstuvw' repeated); default 32. */
  size?: number;
  /** Time to live (hop limit), 1–255; default: the system's (128 on Windows). */
  ttl?: number;
  /** Type of service, 0–255; default 0. */
  tos?: number;
  /** Set the IPv4 don't-fragment flag (IP_FLAG_DF). */
  dontFragment?: boolean;
  /** Milliseconds to wait for a reply, 1–4294967295; default 4000. */
  timeout?: number;
}

/** ICMP_ECHO_REPLY / ICMPV6_ECHO_REPLY: one reply. */
export interface IcmpEchoReply {
  /** Who replied: the destination, or the router that reported an error; the unspecified address when nobody did. */
  address: string;
  status: IpStatus | number;
  /** Milliseconds, as the system measures them (whole milliseconds). */
  roundTripTime: number;
  /** The reply's IP options (IPv4); null for IPv6. */
  ttl: number | null;
  tos: number | null;
  flags: number | null;
  /** Bytes of data in the reply (IPv4); null for IPv6. */
  dataSize: number | null;
}

function replyFromWire(w: WireEchoReply): IcmpEchoReply {
  return { ...w, address: w.address ?? '', status: enumName(IP_STATUS, w.status) };
}

/** `size` bytes of ping.exe's data pattern. */
function pattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = 0x61 + (i % 23);
  return bytes;
}

function familyName(address: IpAddress): string {
  return address.family === AF_INET ? 'IPv4' : 'IPv6';
}

/** Checks an echo's destination and options; returns the binding's arguments. */
function echoArgs(
  check: Checker,
  family: typeof AF_INET | typeof AF_INET6,
  destination: unknown,
  input: unknown,
): [string, string | null, Uint8Array, number, number, number, number] {
  const other = family === AF_INET ? 'icmp6SendEcho2' : 'icmpSendEcho2Ex';
  if (destination === undefined) check.fail('destination', 'was not specified.');
  const dest = check.address(destination, 'destination');
  if (dest.family !== family) check.fail('destination', `is an ${familyName(dest)} address; ${other} sends to those.`);
  if (isUnspecified(dest)) check.fail('destination', `(${formatIp(dest)}) is the unspecified address.`);
  const o = input === undefined ? {} : check.object(input, 'options');
  let source: string | null = null;
  if (o.source !== undefined) {
    const src = check.address(o.source, 'source');
    if (src.family !== family) check.fail('source', `is an ${familyName(src)} address but destination is an ${familyName(dest)} address.`);
    source = formatIp(src);
  }
  let data: Uint8Array;
  if (o.data !== undefined) {
    data = check.bytes(o.data, 'data', 'a Uint8Array (or Buffer)', MAX_DATA_SIZE);
    if (o.size !== undefined) check.fail('size', 'give data or size, not both.');
  } else {
    data = pattern(o.size === undefined ? DEFAULT_SIZE : check.uint32(o.size, 'size', MAX_DATA_SIZE));
  }
  const ttl = o.ttl === undefined ? 0 : check.uint32(o.ttl, 'ttl', 255);
  if (o.ttl !== undefined && ttl === 0) check.fail('ttl', 'expected an integer from 1 to 255, got 0.');
  const tos = o.tos === undefined ? 0 : check.uint32(o.tos, 'tos', 255);
  const dontFragment = o.dontFragment === undefined ? false : check.boolean(o.dontFragment, 'dontFragment');
  const timeout = o.timeout === undefined ? DEFAULT_TIMEOUT : check.uint32(o.timeout, 'timeout');
  if (timeout === 0) check.fail('timeout', 'expected a number of milliseconds from 1 to 4294967295, got 0.');
  return [formatIp(dest), source, data, ttl, tos, dontFragment ? IP_FLAG_DF : 0, timeout];
}

const convert = (rows: WireEchoReply[]): IcmpEchoReply[] => rows.map(replyFromWire);

const echo4 = operation({
  syscall: 'IcmpSendEcho2Ex',
  native: 'icmpSendEcho2Ex',
  prepare: (check, destination: string, options?: IcmpEchoOptions) => echoArgs(check, AF_INET, destination, options),
  convert,
});
/**
 * IcmpSendEcho2Ex: one ICMP echo request to an IPv4 address; resolves to the replies
 * (one row, whose status says whether and how the destination answered).
 */
export const icmpSendEcho2Ex = echo4.async;
/** IcmpSendEcho2Ex, blocking the calling thread until the reply or the timeout. */
export const icmpSendEcho2ExSync = echo4.sync;

const echo6 = operation({
  syscall: 'Icmp6SendEcho2',
  native: 'icmp6SendEcho2',
  prepare: (check, destination: string, options?: IcmpEchoOptions) => echoArgs(check, AF_INET6, destination, options),
  convert,
});
/** Icmp6SendEcho2: one ICMPv6 echo request to an IPv6 address ('fe80::1%12' names the zone). */
export const icmp6SendEcho2 = echo6.async;
/** Icmp6SendEcho2, blocking the calling thread until the reply or the timeout. */
export const icmp6SendEcho2Sync = echo6.sync;

// ---------------------------------------------------------------------------------------
// Helpers.

/** One echo of a ping, in the terms of ping.exe and iputils' ping. */
export interface PingReply {
  status: IpStatus | number;
  /** Round-trip time in whole milliseconds (as Windows measures it); null without a reply. */
  rtt: number | null;
  /** The reply's TTL (IPv4 replies); null otherwise. */
  ttl: number | null;
  /** Bytes of data in the reply (IPv4 replies); null otherwise. */
  bytes: number | null;
  /** Who answered: the destination, or the router that reported an error; null when nobody did. */
  from: string | null;
}

export interface PingResult {
  /** The address pinged (a host name resolved with dns.lookup). */
  address: string;
  replies: PingReply[];
  sent: number;
  received: number;
  /** Percent of echoes without a successful reply, 0–100. */
  loss: number;
  /** Over the successful replies, in milliseconds; null when there were none. */
  min: number | null;
  avg: number | null;
  max: number | null;
}

export interface PingOptions {
  /** Echoes to send; default 1. Infinity pings until `signal` aborts. */
  count?: number;
  /** Milliseconds to wait for each reply; default 4000. */
  timeout?: number;
  ttl?: number;
  /** Bytes of data in each echo; default 32 (as ping.exe). */
  size?: number;
  source?: string;
  dontFragment?: boolean;
  /** Milliseconds from one echo's sending to the next one's (never before the previous reply); default 1000. */
  interval?: number;
  /** Aborts the ping: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called with each reply as it arrives, and its sequence number (from 1). */
  onReply?: (reply: PingReply, sequence: number) => void;
}

export interface TracerouteHop {
  /** The TTL of the probe, from 1. */
  hop: number;
  status: IpStatus | number;
  /** The router (or destination) that answered; null when none did in time. */
  address: string | null;
  rtt: number | null;
}

export interface TracerouteResult {
  address: string;
  hops: TracerouteHop[];
  /** Whether the last hop is the destination itself. */
  reached: boolean;
}

export interface TracerouteOptions {
  /** Highest TTL to try; default 30. */
  maxHops?: number;
  /** Milliseconds to wait at each hop; default 4000. */
  timeout?: number;
  source?: string;
  /** Bytes of data in each probe; default 32. */
  size?: number;
  signal?: AbortSignal;
  /** Called with each hop as it is known. */
  onHop?: (hop: TracerouteHop) => void;
}

const NAME_ERRORS: Record<string, number> = { ENOTFOUND: 11001, ENODATA: 11001, ENONAME: 11001, EAI_AGAIN: 11002 };

/**
 * @internal The address of `host`: an IP address as it is, a name through Node's
 * dns.lookup (the system's resolver: hosts file, DNS, … as ping.exe resolves), of `family`
 * (AF_INET, AF_INET6, or 0 for either) when one is asked for.
 */
export async function resolveHost(host: unknown, family = 0, check: Checker = new Checker('IcmpSendEcho2Ex')): Promise<string> {
  if (host === undefined) check.fail('host', 'was not specified.');
  if (typeof host !== 'string' || host.length === 0 || host.length > 253 || /[\s\0]/.test(host)) {
    check.fail('host', `expected an IPv4 or IPv6 address or a host name, got ${describeValue(host)}.`);
  }
  const literal = parseIp(host);
  if (literal) {
    if (family !== 0 && literal.family !== family) check.fail('source', `is not of the family of ${host}.`);
    return formatIp(literal);
  }
  if (host.includes(':') || /^[\d.]+$/.test(host)) check.fail('host', `expected an IPv4 or IPv6 address or a host name, got ${JSON.stringify(host)}.`);
  try {
    const found = await dns.promises.lookup(host, { family: family === AF_INET6 ? 6 : family === AF_INET ? 4 : 0 });
    return formatIp(parseIp(found.address)!);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new NetioError({
      win32: NAME_ERRORS[code] ?? 11003,
      syscall: 'GetAddrInfoW',
      member: 'host',
      detail: `${host}: the name did not resolve (${code || (error as Error).message}).`,
      cause: error,
    });
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

/** `promise`, or the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined); // the echo in flight ends on its own; its outcome is dropped
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(abortReason(signal)) : Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return abortable(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}

function checkSignal(check: Checker, signal: unknown): AbortSignal | undefined {
  return signal === undefined ? undefined : check.signal(signal);
}

function checkCallback<F extends (...args: never[]) => unknown>(check: Checker, value: unknown, member: string): F | undefined {
  return value === undefined ? undefined : check.callback<F>(value, member);
}

/** The address a reply came from, or null when nobody answered. */
function replier(address: string): string | null {
  const parsed = parseIp(address);
  return parsed === undefined || isUnspecified(parsed) ? null : address;
}

/** The summary of a ping's replies, as ping.exe and iputils print it. */
export function summarizePing(address: string, replies: PingReply[]): PingResult {
  const rtts = replies.filter((r) => r.status === 'success' && r.rtt !== null).map((r) => r.rtt!);
  const sent = replies.length;
  const received = rtts.length;
  return {
    address,
    replies,
    sent,
    received,
    loss: sent === 0 ? 0 : ((sent - received) * 100) / sent,
    min: received ? Math.min(...rtts) : null,
    avg: received ? rtts.reduce((a, b) => a + b, 0) / received : null,
    max: received ? Math.max(...rtts) : null,
  };
}

/**
 * Pings `host` (an address, or a name resolved with Node's dns.lookup) `count` times, one
 * echo after another, `interval` ms apart, the way ping.exe does. Timeouts and unreachable
 * hosts are replies with their status, never exceptions; the promise rejects only when no
 * echo can be sent (a bad argument, a name that does not resolve, a system without ICMP),
 * or with the signal's reason when `signal` aborts.
 */
export async function ping(host: string, options: PingOptions = {}): Promise<PingResult> {
  const check: Checker = new Checker('IcmpSendEcho2Ex');
  const o = check.object(options, 'options');
  let count = 1;
  if (o.count !== undefined && o.count !== Infinity) {
    count = check.uint32(o.count, 'count');
    if (count === 0) check.fail('count', 'expected at least 1 echo (or Infinity), got 0.');
  } else if (o.count === Infinity) {
    count = Infinity;
  }
  const interval = o.interval === undefined ? 1000 : check.uint32(o.interval, 'interval');
  const signal = checkSignal(check, o.signal);
  const onReply = checkCallback<NonNullable<PingOptions['onReply']>>(check, o.onReply, 'onReply');
  const sourceFamily = o.source === undefined ? 0 : check.address(o.source, 'source').family;
  const echoOptions: IcmpEchoOptions = { timeout: o.timeout as number, ttl: o.ttl as number, size: o.size as number, source: o.source as string, dontFragment: o.dontFragment as boolean };
  for (const key of Object.keys(echoOptions) as (keyof IcmpEchoOptions)[]) if (echoOptions[key] === undefined) delete echoOptions[key];
  // Every option is checked before the first echo (and before a name is looked up).
  echoArgs(check, sourceFamily === AF_INET6 ? AF_INET6 : AF_INET, sourceFamily === AF_INET6 ? '::1' : '127.0.0.1', echoOptions);
  if (signal?.aborted) throw abortReason(signal);
  const address = await abortable(resolveHost(host, sourceFamily, check), signal);
  const send = address.includes(':') ? icmp6SendEcho2 : icmpSendEcho2Ex;
  const replies: PingReply[] = [];
  let lastSent = 0;
  for (let sequence = 1; sequence <= count; sequence++) {
    if (sequence > 1) await sleep(lastSent + interval - Date.now(), signal);
    lastSent = Date.now();
    const [row] = await abortable(send(address, echoOptions), signal);
    const success = row!.status === 'success';
    const reply: PingReply = {
      status: row!.status,
      rtt: success ? row!.roundTripTime : null,
      ttl: success ? row!.ttl : null,
      bytes: success ? row!.dataSize : null,
      from: replier(row!.address),
    };
    replies.push(reply);
    onReply?.(reply, sequence);
  }
  return summarizePing(address, replies);
}

/** Statuses after which a traceroute goes on to the next hop. */
const IN_TRANSIT = new Set<unknown>(['ttlExpiredTransit', 'timeExceeded', 'reqTimedOut']);

/**
 * Traces the route to `host` by rising TTL: one probe per hop, until the destination
 * answers, a router reports it unreachable, or `maxHops` is reached.
 */
export async function traceroute(host: string, options: TracerouteOptions = {}): Promise<TracerouteResult> {
  const check: Checker = new Checker('IcmpSendEcho2Ex');
  const o = check.object(options, 'options');
  const maxHops = o.maxHops === undefined ? 30 : check.uint32(o.maxHops, 'maxHops', 255);
  if (maxHops === 0) check.fail('maxHops', 'expected an integer from 1 to 255, got 0.');
  const signal = checkSignal(check, o.signal);
  const onHop = checkCallback<NonNullable<TracerouteOptions['onHop']>>(check, o.onHop, 'onHop');
  const sourceFamily = o.source === undefined ? 0 : check.address(o.source, 'source').family;
  const probe: IcmpEchoOptions = {};
  if (o.timeout !== undefined) probe.timeout = o.timeout as number;
  if (o.size !== undefined) probe.size = o.size as number;
  if (o.source !== undefined) probe.source = o.source as string;
  echoArgs(check, sourceFamily === AF_INET6 ? AF_INET6 : AF_INET, sourceFamily === AF_INET6 ? '::1' : '127.0.0.1', probe);
  if (signal?.aborted) throw abortReason(signal);
  const address = await abortable(resolveHost(host, sourceFamily, check), signal);
  const send = address.includes(':') ? icmp6SendEcho2 : icmpSendEcho2Ex;
  const hops: TracerouteHop[] = [];
  let reached = false;
  for (let ttl = 1; ttl <= maxHops; ttl++) {
    const [row] = await abortable(send(address, { ...probe, ttl }), signal);
    const from = replier(row!.address);
    const hop: TracerouteHop = { hop: ttl, status: row!.status, address: from, rtt: from === null ? null : row!.roundTripTime };
    hops.push(hop);
    onHop?.(hop);
    if (row!.status === 'success') {
      reached = true;
      break;
    }
    if (!IN_TRANSIT.has(row!.status)) break;
  }
  return { address, hops, reached };
}
