/**
 * `netioapi stats`: the protocol statistics (GetIpStatisticsEx, GetIcmpStatisticsEx,
 * GetTcpStatisticsEx, GetUdpStatisticsEx), what `netstat -s` prints, per family.
 *
 *   netioapi stats [-4|-6] [--json] [ip] [icmp] [tcp] [udp]
 *
 * One family of the CLI's table (lib/cli/run.ts). Exit status as for every command: 0, 1 an
 * OS error (CODE: message), 2 a usage error.
 */
import { protocolStatistics, type MibIcmpEx, type MibIpstats, type MibTcpstats, type MibUdpstats, type ProtocolStatistics } from '../statistics.js';
import { UsageError, familyGlobals, type CommandFamily } from './args.js';
import { helpText } from './help.js';

const PROTOCOLS = ['ip', 'icmp', 'tcp', 'udp'] as const;
type Protocol = (typeof PROTOCOLS)[number];

const TOPIC = 'stats';

/** The protocols asked for, in the order given (all four when none is). */
function protocolsOf(words: readonly string[]): Protocol[] {
  const protocols: Protocol[] = [];
  for (const word of words) {
    if (!(PROTOCOLS as readonly string[]).includes(word)) throw new UsageError(`unexpected "${word}"; stats shows ip, icmp, tcp or udp`, TOPIC);
    if (!protocols.includes(word as Protocol)) protocols.push(word as Protocol);
  }
  return protocols.length > 0 ? protocols : [...PROTOCOLS];
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

export const statsCommands: CommandFamily = {
  names: ['stats', 'statistics'],
  summary: 'protocol statistics: IP, ICMP, TCP, UDP (netstat -s)',
  help: helpText({
    usage: ['stats [-4|-6] [--json] [ip] [icmp] [tcp] [udp]'],
    about: ['Protocol statistics since the system started, per address family (what netstat -s prints). Without a protocol, all four. Counters are 32-bit and wrap.'],
    options: [
      ['-j, --json', "one JSON document: the library's rows"],
      ['-4, -6', 'IPv4 or IPv6 only'],
      ['-h, --help', 'this text'],
    ],
  }),
  async run(args, before) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    const protocols = protocolsOf(rest);
    const stats = await protocolStatistics(g.family);
    return {
      value: stats.map((s) => ({ family: s.family, ...Object.fromEntries(protocols.map((p) => [p, s[p]])) })),
      lines: () => lines(stats, protocols),
    };
  },
};
