/**
 * `netioapi route`: routes (MIB_IPFORWARD_ROW2) in ip route's grammar; `route get` in its
 * words; with -j, `ip -j route`'s JSON, so that a script written against ip runs on
 * Windows; route sets (apply, cleanup).
 */
import { getUnicastIpAddressTable, type MibUnicastipaddressRow } from '../addresses.js';
import { parseIp, parsePrefix, formatIp, networkOf, type IpAddress } from '../address.js';
import type { NetioError } from '../errors.js';
import { routes, type BestRoute, type MibIpforwardRow2 } from '../routes.js';
import { parseRouteSet } from '../routeset.js';
import { CliError, UsageError, actionOf, familyGlobals, keywords, longOption, number, FAMILY_INPUT, type CommandFamily, type CommandOutput, type Io } from './args.js';
import { dev, isUnspecified, links, type AliasOf, type Links } from './format.js';
import { helpText } from './help.js';

const TOPIC = 'route';

/** A route as `ip -j route` shows it: the keys ip prints, in its order (see the README). */
export interface IpRoute {
  type?: 'local' | 'broadcast' | 'multicast';
  dst: string;
  gateway?: string;
  dev: string;
  protocol?: string;
  scope?: 'link' | 'host';
  prefsrc?: string;
  metric?: number;
  flags: string[];
  pref?: 'medium';
}

/**
 * ip's name for who made a route (rtnetlink's protocols): the stack's own routes are
 * "kernel", static routes "boot" (what `ip route add` makes, and ip leaves it out), the
 * routing protocols by their names; router advertisements "ra" and DHCP "dhcp" by origin.
 */
export function ipProtocol(r: MibIpforwardRow2): string | number {
  if (r.origin === 'routerAdvertisement') return 'ra';
  if (r.origin === 'dhcp') return 'dhcp';
  switch (r.protocol) {
    case 'local':
      return 'kernel';
    case 'netmgmt':
      return 'boot';
    case 'ntStatic':
    case 'ntStaticNonDod':
    case 'ntAutostatic':
      return 'static';
    case 'isIs':
      return 'isis';
    case 'rip':
    case 'ospf':
    case 'bgp':
    case 'eigrp':
    case 'dhcp':
      return r.protocol;
    default:
      return r.protocol;
  }
}

/** ip's dst: 'default', a host route's bare address, or the prefix. */
export function ipDestination(prefix: string): string {
  if (prefix === '0.0.0.0/0' || prefix === '::/0') return 'default';
  if (prefix.endsWith('/32') && !prefix.includes(':')) return prefix.slice(0, -3);
  if (prefix.endsWith('/128')) return prefix.slice(0, -4);
  return prefix;
}

function contains(prefix: string, address: IpAddress): boolean {
  const p = parsePrefix(prefix);
  return p !== undefined && p.address.family === address.family && formatIp(networkOf(address, p.length)) === formatIp(p.address);
}

/** An IPv4 subnet's directed broadcast address, e.g. 192.0.2.255 for 192.0.2.1/24. */
function broadcastOf(a: MibUnicastipaddressRow): string | undefined {
  const ip = parseIp(a.address);
  if (!ip || a.address.includes(':') || a.onLinkPrefixLength >= 31) return undefined;
  const bits = 32 - a.onLinkPrefixLength;
  const value = ((ip.bytes[0]! << 24) | (ip.bytes[1]! << 16) | (ip.bytes[2]! << 8) | ip.bytes[3]!) >>> 0;
  const last = (value | ((2 ** bits - 1) >>> 0)) >>> 0;
  return [last >>> 24, (last >>> 16) & 255, (last >>> 8) & 255, last & 255].join('.');
}

/**
 * One route in `ip -j route`'s JSON. Windows keeps one table where Linux keeps a main and
 * a local one: a host route to one of the interface's own addresses is `type: 'local'`
 * (scope host), to a broadcast address `'broadcast'`, and a multicast prefix `'multicast'`,
 * as ip shows them in its local table.
 */
export function ipRoute(r: MibIpforwardRow2, l: Links, own: MibUnicastipaddressRow[]): IpRoute {
  const v6 = r.destinationPrefix.includes(':');
  const onLink = isUnspecified(r.nextHop);
  const mine = own.filter((a) => a.interfaceLuid === r.interfaceLuid);
  const dst = ipDestination(r.destinationPrefix);
  const out: Record<string, unknown> = {};
  const host = parseIp(dst);
  if (host && mine.some((a) => a.address.split('%')[0] === dst)) out.type = 'local';
  else if (!v6 && (dst === '255.255.255.255' || mine.some((a) => broadcastOf(a) === dst))) out.type = 'broadcast';
  else if (/^(224\.|2[23][0-9]\.|ff)/i.test(dst)) out.type = 'multicast';
  out.dst = dst;
  if (!onLink) out.gateway = r.nextHop;
  out.dev = l.alias(r.interfaceLuid);
  const protocol = ipProtocol(r);
  if (protocol !== 'boot') out.protocol = protocol;
  if (out.type === 'local' || out.type === 'broadcast') out.scope = 'host';
  else if (onLink && !v6) out.scope = 'link';
  // The stack's route to a subnet names the interface's address in it, as the kernel's does.
  if (!v6 && protocol === 'kernel') {
    const src = out.type === 'local' ? dst : mine.find((a) => !a.address.includes(':') && contains(r.destinationPrefix, parseIp(a.address)!))?.address;
    if (src) out.prefsrc = src;
  }
  // ip prints an IPv4 route's metric when it has one, an IPv6 route's always.
  if (v6 || r.metric !== 0) out.metric = r.metric;
  out.flags = l.row(r.interfaceLuid)?.operStatus === 'up' || l.row(r.interfaceLuid) === undefined ? [] : ['linkdown'];
  // MIB_IPFORWARD_ROW2 has no router preference: RFC 4191's default, which ip prints.
  if (v6) out.pref = 'medium';
  return out as unknown as IpRoute;
}

/** `ip -j route get ADDR`'s JSON for the route GetBestRoute2 chose. */
export function ipRouteGet(destination: string, b: BestRoute, alias: AliasOf): Record<string, unknown> {
  const out: Record<string, unknown> = { dst: destination };
  if (!isUnspecified(b.route.nextHop)) out.gateway = b.route.nextHop;
  if (b.interfaceMetric !== null) out.dev = alias(b.route.interfaceLuid);
  out.prefsrc = b.sourceAddress;
  if (b.effectiveMetric !== null) out.metric = b.effectiveMetric;
  out.flags = [];
  return out;
}

export function routeLine(r: MibIpforwardRow2, alias: AliasOf): string {
  const dest = r.destinationPrefix === '0.0.0.0/0' || r.destinationPrefix === '::/0' ? 'default' : r.destinationPrefix;
  const via = isUnspecified(r.nextHop) ? '' : ` via ${r.nextHop}`;
  return `${dest}${via} dev ${alias(r.interfaceLuid)} proto ${r.protocol} metric ${r.metric}`;
}

/**
 * `route get`'s line, ip route get's words: ADDR via GW dev IF src SRC metric N, where N
 * is the effective metric (route + interface), the one Windows compares routes by.
 */
export function bestRouteLine(destination: string, b: BestRoute, alias: AliasOf): string {
  const via = isUnspecified(b.route.nextHop) ? '' : ` via ${b.route.nextHop}`;
  // A zeroed best route names no interface, so it has no interface metric either.
  if (b.interfaceMetric === null) return `${destination}${via} src ${b.sourceAddress} (a route without an interface)`;
  return `${destination}${via} dev ${alias(b.route.interfaceLuid)} src ${b.sourceAddress} metric ${b.effectiveMetric}`;
}

const ACTIONS = [['show', 'list', 'lst'], ['add'], ['replace'], ['del', 'delete'], ['get'], ['apply'], ['cleanup']] as const;

export const routeCommands: CommandFamily = {
  names: ['route'],
  summary: 'routes (show, add, replace, del, get, apply, cleanup)',
  help: helpText({
    usage: [
      'route [show] [-4|-6] [dev IF]',
      'route add|replace PREFIX [via ADDR] [dev IF] [metric N]',
      'route del PREFIX [via ADDR] [dev IF]',
      'route get ADDR [from ADDR] [dev IF]',
      'route apply FILE --owner NAME [--store DIR]',
      'route cleanup --owner NAME [--store DIR]',
    ],
    about: [
      'PREFIX is 198.51.100.0/24, a bare address (a host route) or default. Without dev, add uses the interface of the best route to the gateway.',
      'get prints the route Windows would use, in ip route get\'s words: ADDR via GW dev IF src SRC metric N, where N is the route\'s metric plus its interface\'s.',
      'apply makes the table hold the routes in FILE (JSON: [{ "destination", "gateway", "interface", "metric" }]) for NAME, and removes those NAME added before and no longer wants; cleanup removes everything NAME added.',
      "With -j, show and get print ip -j route's JSON (dst, gateway, dev, protocol, scope, prefsrc, metric, flags); --json=mib prints the MIB_IPFORWARD_ROW2s.",
    ],
  }),
  async run(args, before, io) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    const action = actionOf(TOPIC, rest.shift(), ACTIONS);
    const mib = g.jsonSchema === 'mib';
    switch (action) {
      case 'show': {
        const k = keywords(TOPIC, rest, { values: ['dev'] });
        const luid = k.values.dev === undefined ? undefined : await dev(k.values.dev, 'GetIpForwardTable2');
        const rows = await routes.list({ family: FAMILY_INPUT[g.family], interface: luid });
        const l = await links();
        // The addresses are read only for ip's JSON (prefsrc, local routes).
        const own = g.json && !mib ? await getUnicastIpAddressTable('AF_UNSPEC') : [];
        return { value: mib ? rows : rows.map((r) => ipRoute(r, l, own)), lines: () => rows.map((r) => routeLine(r, l.alias)) };
      }
      case 'add':
      case 'replace': {
        const k = keywords(TOPIC, rest, { values: ['via', 'dev', 'metric'], positional: 'required' });
        const row = await routes.add({
          destination: k.positional!,
          gateway: k.values.via,
          interface: k.values.dev === undefined ? undefined : await dev(k.values.dev, 'CreateIpForwardEntry2'),
          metric: number(TOPIC, 'metric', k.values.metric),
          ifExists: action === 'replace' ? 'replace' : 'error',
        });
        const l = await links();
        return { value: mib ? row : [ipRoute(row, l, [])], lines: () => [routeLine(row, l.alias)] };
      }
      case 'del': {
        const k = keywords(TOPIC, rest, { values: ['via', 'dev'], positional: 'required' });
        const deleted = await routes.delete({
          destination: k.positional!,
          gateway: k.values.via,
          interface: k.values.dev === undefined ? undefined : await dev(k.values.dev, 'DeleteIpForwardEntry2'),
        });
        return { value: { deleted }, lines: () => [`deleted ${deleted} route${deleted === 1 ? '' : 's'}`] };
      }
      case 'get': {
        const k = keywords(TOPIC, rest, { values: ['from', 'dev'], positional: 'required' });
        const address = k.positional!;
        const best = await routes.best(address, { source: k.values.from, interface: k.values.dev === undefined ? undefined : await dev(k.values.dev, 'GetBestRoute2') });
        const alias = (await links()).alias;
        return { value: mib ? best : [ipRouteGet(address, best, alias)], lines: () => [bestRouteLine(address, best, alias)] };
      }
      case 'apply':
      case 'cleanup':
        return routeSet(action, rest, io);
    }
  },
};

/** A route set's outcome; when some routes failed, each was reported and the command fails as a whole. */
async function routeSet(action: 'apply' | 'cleanup', args: string[], io: Io): Promise<CommandOutput> {
  const failure = (failed: number) => (failed > 0 ? `${failed} route${failed === 1 ? '' : 's'} failed` : undefined);
  const owner = longOption(TOPIC, args, 'owner');
  const store = longOption(TOPIC, owner.rest, 'store');
  if (owner.value === undefined) throw new UsageError('--owner NAME is required', TOPIC);
  if (action === 'cleanup') {
    if (store.rest.length) throw new UsageError(`unexpected "${store.rest[0]}"`, TOPIC);
    const result = await routes.cleanup(owner.value, { store: store.value });
    return { value: result, lines: () => [`${result.removed} removed, ${result.failed} failed`], failure: failure(result.failed) };
  }
  if (store.rest.length !== 1) throw new UsageError(store.rest.length ? `unexpected "${store.rest[1]}"` : 'name the FILE of routes', TOPIC);
  const file = store.rest[0]!;
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const result = await routes.apply(parseRouteSet(text, file), { owner: owner.value, store: store.value });
  const alias = await links().then((l) => l.alias);
  return {
    value: result,
    failure: failure(result.failed),
    lines: () => [
      ...result.outcomes.map((o) => {
        const where = o.route.interfaceLuid === null ? '' : ` dev ${alias(o.route.interfaceLuid)}`;
        const why = o.error ? `: ${(o.error as NetioError).code ?? ''} ${o.error.message}` : '';
        return `${o.outcome} ${o.route.destinationPrefix}${o.route.nextHop && !isUnspecified(o.route.nextHop) ? ` via ${o.route.nextHop}` : ''}${where}${why}`;
      }),
      `${result.added} added, ${result.present} present, ${result.updated} updated, ${result.removed} removed, ${result.failed} failed`,
    ],
  };
}
