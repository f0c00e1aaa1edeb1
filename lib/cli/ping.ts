/**
 * `netioapi ping` and `netioapi traceroute`, in the grammar and output of Linux iputils'
 * ping and of traceroute -n:
 *   netioapi [--json] ping [-c COUNT] [-i SECONDS] [-W SECONDS] [-t TTL] [-s SIZE] [-I SOURCE] HOST
 *   netioapi [--json] traceroute [-m MAXHOPS] [-w SECONDS] [-s SOURCE] [-q 1] HOST
 * Exit status: 0 when a reply came (ping) or the trace ran (traceroute); 1 when no reply
 * came, or on an OS or validation error; 2 on a usage error.
 */
import { NetioError } from '../errors.js';
import { type PingReply, type PingResult, type TracerouteHop, ping, resolveHost, summarizePing, traceroute } from '../icmp.js';
import { toJson } from './format.js';
import { helpFor } from './help.js';

/** What the command needs of run.ts's Io. */
export interface PingIo {
  out(line: string): void;
  err(line: string): void;
  /** Ends the command (SIGINT in the real CLI): ping then prints its summary. */
  signal?: AbortSignal;
}

const COMMANDS = new Set(['ping', 'traceroute']);

/** Whether argv is a ping or traceroute command (its first word, after global options). */
export function isPingCommand(argv: string[]): boolean {
  const first = argv.find((a) => !a.startsWith('-'));
  return first !== undefined && COMMANDS.has(first);
}

class Usage extends Error {}

interface Parsed {
  command: 'ping' | 'traceroute';
  json: boolean;
  help: boolean;
  host?: string;
  values: Map<string, string>;
}

const VALUES: Record<Parsed['command'], string[]> = { ping: ['c', 'i', 'W', 't', 's', 'I'], traceroute: ['m', 'w', 's', 'q'] };

/** getopt-style: `-c 2` and `-c2`; global --json/-j and --help/-h anywhere. */
function parse(argv: string[]): Parsed {
  const command = argv.find((a) => !a.startsWith('-')) as Parsed['command'];
  const parsed: Parsed = { command, json: false, help: false, values: new Map() };
  let seenCommand = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json' || arg === '-j' || arg === '-json') parsed.json = true;
    else if (arg === '--help' || arg === '-h' || arg === 'help') parsed.help = true;
    else if (!seenCommand && arg === command) seenCommand = true;
    else if (arg.startsWith('-') && arg.length > 1) {
      if (!seenCommand) throw new Usage(`${arg} goes after "${command}"`);
      const letter = arg[1]!;
      if (!VALUES[command].includes(letter)) throw new Usage(`unknown option ${arg}`);
      const value = arg.length > 2 ? arg.slice(2) : argv[++i];
      if (value === undefined) throw new Usage(`-${letter} needs a value`);
      if (parsed.values.has(letter)) throw new Usage(`-${letter} given twice`);
      parsed.values.set(letter, value);
    } else if (parsed.host === undefined) parsed.host = arg;
    else throw new Usage(`unexpected "${arg}"`);
  }
  if (!parsed.help && parsed.host === undefined) throw new Usage('name the HOST');
  return parsed;
}

function integer(values: Map<string, string>, letter: string, what: string, min: number, max: number): number | undefined {
  const text = values.get(letter);
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text) || Number(text) < min || Number(text) > max) throw new Usage(`-${letter} ${what} must be a number from ${min} to ${max}, not "${text}"`);
  return Number(text);
}

/** Seconds, as iputils takes them (fractions allowed), in milliseconds. */
function seconds(values: Map<string, string>, letter: string, min: number): number | undefined {
  const text = values.get(letter);
  if (text === undefined) return undefined;
  const ms = Math.round(Number(text) * 1000);
  if (!/^\d*\.?\d+$/.test(text) || !(ms >= min) || ms > 0xffffffff) throw new Usage(`-${letter} must be a number of seconds, at least ${min / 1000}, not "${text}"`);
  return ms;
}

const STATUS_TEXT: Record<string, string> = {
  destNetUnreachable: 'Destination Net Unreachable',
  destHostUnreachable: 'Destination Host Unreachable',
  destProtUnreachable: 'Destination Protocol Unreachable',
  destPortUnreachable: 'Destination Port Unreachable',
  destUnreachable: 'Destination Unreachable',
  ttlExpiredTransit: 'Time to live exceeded',
  timeExceeded: 'Time to live exceeded',
  ttlExpiredReassem: 'Frag reassembly time exceeded',
  packetTooBig: 'Frag needed and DF set',
  paramProblem: 'Parameter problem',
  sourceQuench: 'Source Quench',
  badRoute: 'Bad route',
  badDestination: 'Bad destination',
  generalFailure: 'General failure',
};

/** iputils' ping line for one reply; none for a timeout (iputils prints nothing for it). */
function replyLine(reply: PingReply, sequence: number, address: string, size: number): string | undefined {
  if (reply.status === 'success') {
    const ttl = reply.ttl === null ? '' : ` ttl=${reply.ttl}`;
    return `${(reply.bytes ?? size) + 8} bytes from ${reply.from ?? address}: icmp_seq=${sequence}${ttl} time=${reply.rtt} ms`;
  }
  if (reply.status === 'reqTimedOut') return undefined;
  return `From ${reply.from ?? address} icmp_seq=${sequence} ${STATUS_TEXT[String(reply.status)] ?? String(reply.status)}`;
}

/** %g with 6 significant digits, as iputils prints the loss. */
const g = (n: number): string => String(Number(n.toPrecision(6)));
const ms3 = (n: number): string => n.toFixed(3);

function summaryLines(host: string, result: PingResult, elapsedMs: number): string[] {
  const errors = result.replies.filter((r) => r.status !== 'success' && r.status !== 'reqTimedOut').length;
  const lines = [
    '',
    `--- ${host} ping statistics ---`,
    `${result.sent} packets transmitted, ${result.received} received${errors ? `, +${errors} errors` : ''}, ${g(result.loss)}% packet loss, time ${Math.round(elapsedMs)}ms`,
  ];
  if (result.received > 0) {
    const rtts = result.replies.filter((r) => r.status === 'success').map((r) => r.rtt!);
    const mean = result.avg!;
    const mdev = Math.sqrt(Math.max(0, rtts.reduce((a, r) => a + r * r, 0) / rtts.length - mean * mean));
    lines.push(`rtt min/avg/max/mdev = ${ms3(result.min!)}/${ms3(mean)}/${ms3(result.max!)}/${ms3(mdev)} ms`);
  }
  return lines;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (error === signal.reason || (error as Error)?.name === 'AbortError');
}

async function runPing(p: Parsed, io: PingIo): Promise<number> {
  const count = integer(p.values, 'c', 'COUNT', 1, 0xffffffff) ?? Infinity;
  const interval = seconds(p.values, 'i', 0);
  const timeout = seconds(p.values, 'W', 1);
  const ttl = integer(p.values, 't', 'TTL', 1, 255);
  const size = integer(p.values, 's', 'SIZE', 0, 65500) ?? 56;
  const source = p.values.get('I');
  const host = p.host!;
  const address = await resolveHost(host, source === undefined ? 0 : source.includes(':') ? 23 : 2);
  const v6 = address.includes(':');
  if (!p.json) io.out(v6 ? `PING ${host}(${address}) ${size} data bytes` : `PING ${host} (${address}) ${size}(${size + 28}) bytes of data.`);
  const replies: PingReply[] = [];
  const started = performance.now();
  let result: PingResult;
  try {
    result = await ping(address, {
      count, interval, timeout, ttl, size, source, signal: io.signal,
      onReply: (reply, sequence) => {
        replies.push(reply);
        const line = p.json ? undefined : replyLine(reply, sequence, address, size);
        if (line !== undefined) io.out(line);
      },
    });
  } catch (error) {
    if (!isAbort(error, io.signal)) throw error;
    result = summarizePing(address, replies); // interrupted: iputils prints what it has
  }
  if (p.json) io.out(toJson(result));
  else summaryLines(host, result, performance.now() - started).forEach((l) => io.out(l));
  return result.received > 0 ? 0 : 1;
}

async function runTraceroute(p: Parsed, io: PingIo): Promise<number> {
  const maxHops = integer(p.values, 'm', 'MAXHOPS', 1, 255) ?? 30;
  const timeout = seconds(p.values, 'w', 1);
  const source = p.values.get('s');
  const queries = integer(p.values, 'q', 'NQUERIES', 1, 1);
  void queries; // one probe per hop: -q 1 is accepted, as scripts pass it
  const host = p.host!;
  const address = await resolveHost(host, source === undefined ? 0 : source.includes(':') ? 23 : 2);
  const size = 32;
  if (!p.json) io.out(`traceroute to ${host} (${address}), ${maxHops} hops max, ${size + (address.includes(':') ? 48 : 28)} byte packets`);
  const marks: Record<string, string> = { destHostUnreachable: ' !H', destNetUnreachable: ' !N', destProtUnreachable: ' !P', destPortUnreachable: '', destProhibited: ' !X' };
  const hopLine = (h: TracerouteHop) =>
    h.address === null ? `${String(h.hop).padStart(2)}  *` : `${String(h.hop).padStart(2)}  ${h.address}  ${h.rtt} ms${marks[String(h.status)] ?? ''}`;
  try {
    const result = await traceroute(address, { maxHops, timeout, source, signal: io.signal, onHop: (h) => (p.json ? undefined : io.out(hopLine(h))) });
    if (p.json) io.out(toJson(result));
  } catch (error) {
    if (!isAbort(error, io.signal)) throw error;
  }
  return 0;
}

/** Runs `netioapi ping …` or `netioapi traceroute …`; returns the exit status. */
export async function runPingCommand(argv: string[], io: PingIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (!(error instanceof Usage)) throw error;
    const command = argv.find((a) => !a.startsWith('-'));
    io.err(`netioapi: ${error.message}`);
    io.err(`Try "netioapi ${command} --help".`);
    return 2;
  }
  if (parsed.help) {
    io.out(helpFor(parsed.command));
    return 0;
  }
  try {
    return parsed.command === 'ping' ? await runPing(parsed, io) : await runTraceroute(parsed, io);
  } catch (error) {
    if (error instanceof Usage) {
      io.err(`netioapi: ${error.message}`);
      io.err(`Try "netioapi ${parsed.command} --help".`);
      return 2;
    }
    if (error instanceof NetioError) {
      io.err(error.message);
      return 1;
    }
    io.err(`netioapi: internal error: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}
