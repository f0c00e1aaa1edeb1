/**
 * Protocol statistics (iphlpapi.h), the numbers behind `netstat -s`: GetIpStatisticsEx,
 * GetTcpStatisticsEx, GetUdpStatisticsEx and GetIcmpStatisticsEx, per address family.
 * Members are the documented ones in camelCase without the Hungarian prefix (MIB_IPSTATS'
 * dwInReceives is inReceives). Counters are 32-bit and wrap, as the OS keeps them.
 */
import { AF_INET, AF_INET6 } from './address.js';
import { operation } from './call.js';
import { enumName, type Checker, type FamilyInput } from './check.js';
import { MIB_IPSTATS_FORWARDING, TCP_RTO_ALGORITHM, type NameOf } from './constants.js';
import type { WireIcmpStatistics, WireIpStatistics, WireTcpStatistics, WireUdpStatistics } from './native.js';

export type MibIpstatsForwarding = NameOf<typeof MIB_IPSTATS_FORWARDING>;
export type TcpRtoAlgorithm = NameOf<typeof TCP_RTO_ALGORITHM>;

/** MIB_IPSTATS. */
export interface MibIpstats {
  forwarding: MibIpstatsForwarding | number;
  defaultTtl: number;
  inReceives: number;
  inHdrErrors: number;
  inAddrErrors: number;
  forwDatagrams: number;
  inUnknownProtos: number;
  inDiscards: number;
  inDelivers: number;
  outRequests: number;
  routingDiscards: number;
  outDiscards: number;
  outNoRoutes: number;
  reasmTimeout: number;
  reasmReqds: number;
  reasmOks: number;
  reasmFails: number;
  fragOks: number;
  fragFails: number;
  fragCreates: number;
  numIf: number;
  numAddr: number;
  numRoutes: number;
}

/** MIB_TCPSTATS. maxConn is 4294967295 when the number of connections is dynamic. */
export interface MibTcpstats {
  rtoAlgorithm: TcpRtoAlgorithm | number;
  rtoMin: number;
  rtoMax: number;
  maxConn: number;
  activeOpens: number;
  passiveOpens: number;
  attemptFails: number;
  estabResets: number;
  currEstab: number;
  inSegs: number;
  outSegs: number;
  retransSegs: number;
  inErrs: number;
  outRsts: number;
  numConns: number;
}

/** MIB_UDPSTATS. */
export interface MibUdpstats {
  inDatagrams: number;
  noPorts: number;
  inErrors: number;
  outDatagrams: number;
  numAddrs: number;
}
/** MIBICMPSTATS_EX: typeCount[t] is the number of ICMP messages of type t (256 entries). */
export interface MibicmpstatsEx {
  msgs: number;
  errors: number;
  typeCount: number[];
}
/** MIB_ICMP_EX. */
export interface MibIcmpEx {
  icmpInStats: MibicmpstatsEx;
  icmpOutStats: MibicmpstatsEx;
}

/** AF_INET or AF_INET6: the statistics are per family. */
function statisticsFamily(check: Checker, family: FamilyInput): number {
  const number = check.family(family);
  if (number !== AF_INET && number !== AF_INET6) check.fail('family', "expected 'AF_INET' or 'AF_INET6' (or 'ipv4', 'ipv6'): the statistics are per family.");
  return number;
}

const ip = operation({
  syscall: 'GetIpStatisticsEx',
  native: 'getIpStatisticsEx',
  prepare: (check, family: FamilyInput = 'AF_INET') => [statisticsFamily(check, family)],
  convert: (w: WireIpStatistics): MibIpstats => ({ ...w, forwarding: enumName(MIB_IPSTATS_FORWARDING, w.forwarding) }),
});
/** GetIpStatisticsEx: the IP statistics of one family (default 'AF_INET'). */
export const getIpStatisticsEx = ip.async;
export const getIpStatisticsExSync = ip.sync;

const tcp = operation({
  syscall: 'GetTcpStatisticsEx',
  native: 'getTcpStatisticsEx',
  prepare: (check, family: FamilyInput = 'AF_INET') => [statisticsFamily(check, family)],
  convert: (w: WireTcpStatistics): MibTcpstats => ({ ...w, rtoAlgorithm: enumName(TCP_RTO_ALGORITHM, w.rtoAlgorithm) }),
});
/** GetTcpStatisticsEx: the TCP statistics of one family (default 'AF_INET'). */
export const getTcpStatisticsEx = tcp.async;
export const getTcpStatisticsExSync = tcp.sync;

const udp = operation({
  syscall: 'GetUdpStatisticsEx',
  native: 'getUdpStatisticsEx',
  prepare: (check, family: FamilyInput = 'AF_INET') => [statisticsFamily(check, family)],
  convert: (w: WireUdpStatistics): MibUdpstats => w,
});
/** GetUdpStatisticsEx: the UDP statistics of one family (default 'AF_INET'). */
export const getUdpStatisticsEx = udp.async;
export const getUdpStatisticsExSync = udp.sync;

const icmp = operation({
  syscall: 'GetIcmpStatisticsEx',
  native: 'getIcmpStatisticsEx',
  prepare: (check, family: FamilyInput = 'AF_INET') => [statisticsFamily(check, family)],
  convert: (w: WireIcmpStatistics): MibIcmpEx => w,
});
/** GetIcmpStatisticsEx: the ICMP (AF_INET) or ICMPv6 (AF_INET6) statistics, per message type. */
export const getIcmpStatisticsEx = icmp.async;
export const getIcmpStatisticsExSync = icmp.sync;

/** Every protocol's statistics of one family, as `netioapi stats` prints them. */
export interface ProtocolStatistics {
  family: 'AF_INET' | 'AF_INET6';
  ip: MibIpstats;
  icmp: MibIcmpEx;
  tcp: MibTcpstats;
  udp: MibUdpstats;
}

/** The helper behind `netioapi stats`: all four tables of each family asked for. */
export async function protocolStatistics(family: 'ipv4' | 'ipv6' | 'all' = 'all'): Promise<ProtocolStatistics[]> {
  const families: ('AF_INET' | 'AF_INET6')[] = family === 'ipv4' ? ['AF_INET'] : family === 'ipv6' ? ['AF_INET6'] : ['AF_INET', 'AF_INET6'];
  return Promise.all(
    families.map(async (f) => {
      const [ipStats, icmpStats, tcpStats, udpStats] = await Promise.all([getIpStatisticsEx(f), getIcmpStatisticsEx(f), getTcpStatisticsEx(f), getUdpStatisticsEx(f)]);
      return { family: f, ip: ipStats, icmp: icmpStats, tcp: tcpStats, udp: udpStats };
    }),
  );
}
