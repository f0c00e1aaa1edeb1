/**
 * The default gateway: the 0.0.0.0/0 and ::/0 routes ranked the way Windows ranks them —
 * route metric plus interface metric, lowest first — on interfaces that are up, loopback
 * excluded. Built only from layer 1: GetIpForwardTable2, GetIfTable2, GetIpInterfaceEntry.
 */
import { Checker, type FamilyInput } from './check.js';
import { NetioError } from './errors.js';
import { getIfTable2, type MibIfRow2 } from './interfaces.js';
import { getIpInterfaceEntry } from './ipinterfaces.js';
import { getIpForwardTable2, type MibIpforwardRow2 } from './routes.js';

/** One default route, with what Windows ranks it by. */
export interface DefaultGateway {
  /** The next hop; '0.0.0.0' or '::' for a default route on the link (a tunnel, a point-to-point link). */
  gateway: string;
  family: 'ipv4' | 'ipv6';
  interfaceIndex: number;
  interfaceLuid: bigint;
  interfaceAlias: string;
  /** The route's own metric (MIB_IPFORWARD_ROW2.Metric). */
  routeMetric: number;
  /** The interface's metric for this family (MIB_IPINTERFACE_ROW.Metric); null where the system cannot say (Wine). */
  interfaceMetric: number | null;
  /** routeMetric + interfaceMetric; routeMetric alone when the interface metric is unknown. */
  effectiveMetric: number;
}

export interface GatewayOptions {
  /** 'ipv4' (the default), 'ipv6', or 'all' for both; any FamilyInput. */
  family?: FamilyInput;
}

const DEFAULT_PREFIXES = new Set(['0.0.0.0/0', '::/0']);

function isCode(error: unknown, code: string): boolean {
  return error instanceof NetioError && error.code === code;
}

/**
 * The interface's metric for a family, or null when the system does not say; 'unusable'
 * when the interface has no binding for the family (or it went away) or refuses default
 * routes (DisableDefaultRoutes).
 */
async function interfaceMetric(luid: bigint, family: 'AF_INET' | 'AF_INET6'): Promise<number | null | 'unusable'> {
  try {
    const row = await getIpInterfaceEntry(family, luid);
    return row.disableDefaultRoutes ? 'unusable' : row.metric;
  } catch (error) {
    if (isCode(error, 'STATUS_NOT_FOUND')) return 'unusable';
    // Not exported (Wine 8) or failing for a reason of its own: rank by route metric. Never fail.
    return null;
  }
}

/** @internal Whether an interface can carry a default route: up, and not the loopback. */
export function isEligibleInterface(row: MibIfRow2 | undefined): row is MibIfRow2 {
  return row !== undefined && row.operStatus === 'up' && row.type !== 'softwareLoopback';
}

/** @internal Ranks default routes: by route + interface metric when every interface metric is known, else by route metric; ties keep table order. */
export function rankDefaultGateways(candidates: DefaultGateway[]): DefaultGateway[] {
  const allKnown = candidates.every((c) => c.interfaceMetric !== null);
  const key = (c: DefaultGateway) => (allKnown ? c.effectiveMetric : c.routeMetric);
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => key(a.c) - key(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

async function defaultGateways(options: GatewayOptions | undefined, syscall: string): Promise<DefaultGateway[]> {
  const check: Checker = new Checker(syscall);
  const o = check.object(options ?? {}, 'options');
  const family = o.family === undefined ? 2 : check.family(o.family);
  const [routes, links] = await Promise.all([getIpForwardTable2(family as FamilyInput), getIfTable2()]);
  const byLuid = new Map(links.map((l) => [l.interfaceLuid, l]));
  const defaults: { route: MibIpforwardRow2; link: MibIfRow2; family: 'AF_INET' | 'AF_INET6' }[] = [];
  for (const route of routes) {
    if (!DEFAULT_PREFIXES.has(route.destinationPrefix)) continue;
    const link = byLuid.get(route.interfaceLuid);
    if (!isEligibleInterface(link)) continue;
    defaults.push({ route, link, family: route.destinationPrefix === '::/0' ? 'AF_INET6' : 'AF_INET' });
  }
  // One GetIpInterfaceEntry per interface and family, in parallel.
  const metrics = new Map<string, Promise<number | null | 'unusable'>>();
  for (const d of defaults) {
    const key = `${d.route.interfaceLuid}|${d.family}`;
    if (!metrics.has(key)) metrics.set(key, interfaceMetric(d.route.interfaceLuid, d.family));
  }
  const candidates: DefaultGateway[] = [];
  for (const d of defaults) {
    const metric = await metrics.get(`${d.route.interfaceLuid}|${d.family}`)!;
    if (metric === 'unusable') continue;
    candidates.push({
      gateway: d.route.nextHop,
      family: d.family === 'AF_INET' ? 'ipv4' : 'ipv6',
      interfaceIndex: d.route.interfaceIndex,
      interfaceLuid: d.route.interfaceLuid,
      interfaceAlias: d.link.alias,
      routeMetric: d.route.metric,
      interfaceMetric: metric,
      effectiveMetric: d.route.metric + (metric ?? 0),
    });
  }
  return rankDefaultGateways(candidates);
}

/** The default gateway, as the `default-gateway` package and `route print` know it. */
export const gateway = {
  /** The default route Windows would use for the family ('ipv4' by default), or null when there is none. */
  async default(options?: GatewayOptions): Promise<DefaultGateway | null> {
    return (await defaultGateways(options, 'gateway.default'))[0] ?? null;
  },

  /** Every usable default route of the family ('ipv4' by default), best first. */
  async all(options?: GatewayOptions): Promise<DefaultGateway[]> {
    return defaultGateways(options, 'gateway.all');
  },
};
