/**
 * The default gateway: the 0.0.0.0/0 and ::/0 routes ranked the way Windows ranks them —
 * route metric plus interface metric, lowest first — on interfaces that are up, loopback
 * excluded. Built only from layer 1: GetIpForwardTable2, GetIfTable2, GetIpInterfaceEntry.
 */
import { Checker, type FamilyInput } from './check.js';
import { NetioError } from './errors.js';
import { getIfTable2, getIfTable2Sync, type MibIfRow2 } from './interfaces.js';
import { getIpInterfaceEntry, getIpInterfaceEntrySync } from './ipinterfaces.js';
import { getIpForwardTable2, getIpForwardTable2Sync, type MibIpforwardRow2 } from './routes.js';

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

type InterfaceMetric = number | null | 'unusable';

/**
 * What GetIpInterfaceEntry's answer means for ranking: the interface's metric for the
 * family; 'unusable' when the interface refuses default routes (DisableDefaultRoutes), has
 * no binding for the family, or went away; null when the system cannot say.
 */
function metricFromRow(row: { metric: number; disableDefaultRoutes: boolean }): InterfaceMetric {
  return row.disableDefaultRoutes ? 'unusable' : row.metric;
}
function metricFromError(error: unknown): InterfaceMetric {
  if (isCode(error, 'STATUS_NOT_FOUND')) return 'unusable';
  // Not exported (Wine 8), or failing for a reason of its own: rank by route metric. Never fail.
  return null;
}

/** Whether an interface can carry a default route: up, and not the loopback. */
function isEligibleInterface(row: MibIfRow2 | undefined): row is MibIfRow2 {
  return row !== undefined && row.operStatus === 'up' && row.type !== 'softwareLoopback';
}

/** Ranks default routes: by route + interface metric when every interface metric is known, else by route metric alone; ties keep table order. */
function rankDefaultGateways(candidates: DefaultGateway[]): DefaultGateway[] {
  const allKnown = candidates.every((c) => c.interfaceMetric !== null);
  const key = (c: DefaultGateway) => (allKnown ? c.effectiveMetric : c.routeMetric);
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => key(a.c) - key(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

interface DefaultRoute {
  route: MibIpforwardRow2;
  link: MibIfRow2;
  family: 'AF_INET' | 'AF_INET6';
  /** The key of its interface metric: LUID and family. */
  key: string;
}

function familyOption(options: GatewayOptions | undefined, syscall: string): FamilyInput {
  const check: Checker = new Checker(syscall);
  const o = check.options(options);
  return (o.family === undefined ? 2 : check.family(o.family)) as FamilyInput;
}

/** The default routes on interfaces that are up, loopback excluded. */
function defaultRoutes(routes: MibIpforwardRow2[], links: MibIfRow2[]): DefaultRoute[] {
  const byLuid = new Map(links.map((l) => [l.interfaceLuid, l]));
  const out: DefaultRoute[] = [];
  for (const route of routes) {
    if (!DEFAULT_PREFIXES.has(route.destinationPrefix)) continue;
    const link = byLuid.get(route.interfaceLuid);
    if (!isEligibleInterface(link)) continue;
    const family = route.destinationPrefix === '::/0' ? 'AF_INET6' : 'AF_INET';
    out.push({ route, link, family, key: `${route.interfaceLuid}|${family}` });
  }
  return out;
}

function ranked(defaults: DefaultRoute[], metrics: Map<string, InterfaceMetric>): DefaultGateway[] {
  const candidates: DefaultGateway[] = [];
  for (const d of defaults) {
    const metric = metrics.get(d.key)!;
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

async function defaultGateways(options: GatewayOptions | undefined, syscall: string): Promise<DefaultGateway[]> {
  const family = familyOption(options, syscall);
  const [routes, links] = await Promise.all([getIpForwardTable2(family), getIfTable2()]);
  const defaults = defaultRoutes(routes, links);
  // One GetIpInterfaceEntry per interface and family, in parallel.
  const metrics = new Map<string, InterfaceMetric>();
  const once = new Map(defaults.map((d) => [d.key, d]));
  await Promise.all(
    [...once.values()].map(async (d) => metrics.set(d.key, await getIpInterfaceEntry(d.family, d.route.interfaceLuid).then(metricFromRow, metricFromError))),
  );
  return ranked(defaults, metrics);
}

function defaultGatewaysSync(options: GatewayOptions | undefined, syscall: string): DefaultGateway[] {
  const family = familyOption(options, syscall);
  const defaults = defaultRoutes(getIpForwardTable2Sync(family), getIfTable2Sync());
  const metrics = new Map<string, InterfaceMetric>();
  for (const d of defaults) {
    if (metrics.has(d.key)) continue;
    try {
      metrics.set(d.key, metricFromRow(getIpInterfaceEntrySync(d.family, d.route.interfaceLuid)));
    } catch (error) {
      metrics.set(d.key, metricFromError(error));
    }
  }
  return ranked(defaults, metrics);
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

  /** gateway.default(), blocking the calling thread. */
  defaultSync(options?: GatewayOptions): DefaultGateway | null {
    return defaultGatewaysSync(options, 'gateway.default')[0] ?? null;
  },

  /** gateway.all(), blocking the calling thread. */
  allSync(options?: GatewayOptions): DefaultGateway[] {
    return defaultGatewaysSync(options, 'gateway.all');
  },
};
