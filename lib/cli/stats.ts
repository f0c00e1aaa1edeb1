/**
 * `netioapi stats`: the protocol statistics (GetIpStatisticsEx, GetIcmpStatisticsEx,
 * GetTcpStatisticsEx, GetUdpStatisticsEx), what `netstat -s` prints, per family.
 *
 *   netioapi stats [-4|-6] [--json] [ip] [icmp] [tcp] [udp]
 *
 * A command of its own: run.ts hands it the arguments when isStatsCommand says so. Exit
 * status as for every command: 0, 1 an OS error (CODE: message), 2 a usage error.
 */
import { NetioError } from '../errors.js';
import { protocolStatistics, type MibIcmpEx, type MibIpstats, type MibTcpstats, type MibUdpstats, type ProtocolStatistics } from '../statistics.js';
import { toJson } from './format.js';

/** What the command writes to: run.ts's Io has these two. */
export interface StatsIo {
  out(line: string): void;
  err(line: string): void;
}

const PROTOCOLS = ['ip', 'icmp', 'tcp', 'udp'] as const;
type Protocol = (typeof PROTOCOLS)[number];

export const STATS_HELP = `Usage: netioapi stats [-4|-6] [--json] [ip] [icmp] [tcp] [udp]
Protocol statistics since the system started, per address family (what netstat -s prints).
Without a protocol, all four. Counters are 32-bit and wrap.
Options: --json  one JSON document   -4 | -6  IPv4 or IPv6 only   --help  this text`;

/** Whether argv is a stats command: its first word that is not an option is "stats". */
export function isStatsCommand(argv: readonly string[]): boolean {
  const first = argv.find((arg) => !arg.startsWith('-'));
  return first === 'stats' || first === 'statistics';
}

class Usage extends Error {}

function parse(argv: readonly string[]): { json: boolean; family: 'ipv4' | 'ipv6' | 'all'; help: boolean; protocols: Protocol[] } {
  const options = { json: false, family: 'all' as 'ipv4' | 'ipv6' | 'all', help: false, protocols: [] as Protocol[] };
  let command = false;
  for (const arg of argv) {
    if (arg === '--json' || arg === '-j' || arg === '-json') options.json = true;
    else if (arg === '-4') options.family = 'ipv4';
    else if (arg === '-6') options.family = 'ipv6';
    else if (arg === '--help' || arg === '-h' || arg === 'help') options.help = true;
    else if (!command && (arg === 'stats' || arg === 'statistics')) command = true;
    else if ((PROTOCOLS as readonly string[]).includes(arg)) {
      if (!options.protocols.includes(arg as Protocol)) options.protocols.push(arg as Protocol);
    } else throw new Usage(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected "${arg}"; stats shows ip, icmp, tcp or udp`);
  }
  if (options.protocols.length === 0) options.protocols = [...PROTOCOLS];
  return options;
}

const pad = (label: string, value: number | string): string => `  ${label.padEnd(38)} = ${value}`;

function ipLines(v: 'IPv4' | 'IPv6', s: MibIpstats): string[] {
  return [
    `${v} Statistics`,
    pad('Forwarding', s.forwarding),
    pad('Default TTL', s.defaultTtl),
    pad('Packets Received', s.inReceives),
    pad('Received Header Errors', s.inHdrErrors),
    pad('Received Address Errors', s.inAddrErrors),
    pad('Datagrams Forwarded', s.forwDatagrams),
    pad('Unknown Protocols Received', s.inUnknownProtos),
    pad('Received Packets Discarded', s.inDiscards),
    pad('Received Packets Delivered', s.inDelivers),
    pad('Output Requests', s.outRequests),
    pad('Routing Discards', s.routingDiscards),
    pad('Discarded Output Packets', s.outDiscards),
    pad('Output Packets No Route', s.outNoRoutes),
    pad('Reassembly Required', s.reasmReqds),
    pad('Reassembly Successful', s.reasmOks),
    pad('Reassembly Failures', s.reasmFails),
    pad('Datagrams Successfully Fragmented', s.fragOks),
    pad('Datagrams Failing Fragmentation', s.fragFails),
    pad('Fragments Created', s.fragCreates),
    pad('Interfaces', s.numIf),
    pad('Addresses', s.numAddr),
    pad('Routes', s.numRoutes),
  ];
}

/** The ICMP message types, by number, of each family (RFC 792, RFC 4443 and their successors). */
const ICMP4_TYPES: Record<number, string> = {
  0: 'Echo Replies', 3: 'Destination Unreachable', 4: 'Source Quenches', 5: 'Redirects', 8: 'Echos', 9: 'Router Advertisements',
  10: 'Router Solicitations', 11: 'Time Exceeded', 12: 'Parameter Problems', 13: 'Timestamps', 14: 'Timestamp Replies',
  17: 'Address Masks', 18: 'Address Mask Replies',
};
const ICMP6_TYPES: Record<number, string> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problems', 128: 'Echos', 129: 'Echo Replies',
  130: 'Multicast Listener Queries', 131: 'Multicast Listener Reports', 132: 'Multicast Listener Done', 133: 'Router Solicitations',
  134: 'Router Advertisements', 135: 'Neighbor Solicitations', 136: 'Neighbor Advertisements', 137: 'Redirects', 143: 'MLDv2 Reports',
};

function icmpLines(v: 'IPv4' | 'IPv6', s: MibIcmpEx): string[] {
  const names = v === 'IPv4' ? ICMP4_TYPES : ICMP6_TYPES;
  const lines = [`ICMP${v === 'IPv4' ? 'v4' : 'v6'} Statistics`, `  ${''.padEnd(38)}   Received    Sent`];
  const row = (label: string, received: number, sent: number) => `  ${label.padEnd(38)}   ${String(received).padEnd(11)} ${sent}`;
  lines.push(row('Messages', s.icmpInStats.msgs, s.icmpOutStats.msgs), row('Errors', s.icmpInStats.errors, s.icmpOutStats.errors));
  for (let type = 0; type < s.icmpInStats.typeCount.length; type++) {
    const received = s.icmpInStats.typeCount[type] ?? 0;
    const sent = s.icmpOutStats.typeCount[type] ?? 0;
    if (names[type] === undefined && received === 0 && sent === 0) continue;
    lines.push(row(names[type] ?? `Type ${type}`, received, sent));
  }
  return lines;
}

function tcpLines(v: 'IPv4' | 'IPv6', s: MibTcpstats): string[] {
  return [
    `TCP Statistics for ${v}`,
    pad('Active Opens', s.activeOpens),
    pad('Passive Opens', s.passiveOpens),
    pad('Failed Connection Attempts', s.attemptFails),
    pad('Reset Connections', s.estabResets),
    pad('Current Connections', s.currEstab),
    pad('Segments Received', s.inSegs),
    pad('Segments Sent', s.outSegs),
    pad('Segments Retransmitted', s.retransSegs),
    pad('Received Errors', s.inErrs),
    pad('Resets Sent', s.outRsts),
    pad('Retransmission Algorithm', s.rtoAlgorithm),
    pad('Retransmission Timeout Min (ms)', s.rtoMin),
    pad('Retransmission Timeout Max (ms)', s.rtoMax),
  ];
}

function udpLines(v: 'IPv4' | 'IPv6', s: MibUdpstats): string[] {
  return [
    `UDP Statistics for ${v}`,
    pad('Datagrams Received', s.inDatagrams),
    pad('No Ports', s.noPorts),
    pad('Receive Errors', s.inErrors),
    pad('Datagrams Sent', s.outDatagrams),
  ];
}

function lines(stats: ProtocolStatistics[], protocols: Protocol[]): string[] {
  const out: string[] = [];
  for (const s of stats) {
    const v = s.family === 'AF_INET' ? 'IPv4' : 'IPv6';
    const blocks: Record<Protocol, () => string[]> = {
      ip: () => ipLines(v, s.ip),
      icmp: () => icmpLines(v, s.icmp),
      tcp: () => tcpLines(v, s.tcp),
      udp: () => udpLines(v, s.udp),
    };
    for (const p of protocols) {
      if (out.length > 0) out.push('');
      out.push(...blocks[p]());
    }
  }
  return out;
}

export async function runStats(argv: readonly string[], io: StatsIo): Promise<number> {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof Usage)) throw error;
    io.err(`netioapi: ${error.message}`);
    io.err('Try "netioapi stats --help".');
    return 2;
  }
  if (options.help) {
    io.out(STATS_HELP);
    return 0;
  }
  try {
    const stats = await protocolStatistics(options.family);
    if (options.json) {
      io.out(toJson(stats.map((s) => ({ family: s.family, ...Object.fromEntries(options.protocols.map((p) => [p, s[p]])) }))));
    } else {
      for (const line of lines(stats, options.protocols)) io.out(line);
    }
    return 0;
  } catch (error) {
    if (error instanceof NetioError) {
      io.err(error.message);
      return 1;
    }
    io.err(`netioapi: internal error: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}
