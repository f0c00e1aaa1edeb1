/** `netioapi gateway [-4|-6] [--json]`: the default gateways, best first (lib/gateway.ts). */
import { gateway, type DefaultGateway } from '../gateway.js';
import { UsageError, familyGlobals, type CommandFamily } from './args.js';
import { helpText } from './help.js';

const TOPIC = 'gateway';

/** One default route, in `ip route`'s words, with the metrics Windows adds up. */
export function gatewayLine(g: DefaultGateway): string {
  const onLink = g.gateway === '0.0.0.0' || g.gateway === '::';
  const why = g.interfaceMetric === null ? `route ${g.routeMetric}, interface metric unknown` : `route ${g.routeMetric} + interface ${g.interfaceMetric}`;
  return `default${onLink ? '' : ` via ${g.gateway}`} dev ${g.interfaceAlias} metric ${g.effectiveMetric} (${why})${g.family === 'ipv6' ? ' inet6' : ''}`;
}

export const gatewayCommands: CommandFamily = {
  names: ['gateway', 'gw'],
  summary: 'the default gateways, best first (route metric + interface metric)',
  help: helpText({
    usage: ['gateway [-4|-6] [--json]'],
    about: [
      'Prints the default gateways Windows uses, best first: the 0.0.0.0/0 (and ::/0) routes on interfaces that are up, loopback excluded, ranked by route metric plus interface metric. The first line of a family is the gateway in use. Both families unless -4 or -6 is given.',
      "-j prints the library's rows (DefaultGateway); ip has no such object.",
    ],
  }),
  async run(args, before) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    if (rest[0] === 'show' || rest[0] === 'list') rest.shift();
    if (rest.length > 0) throw new UsageError(`unexpected "${rest[0]}"`, TOPIC);
    const families = g.family === 'all' ? (['ipv4', 'ipv6'] as const) : [g.family];
    const rows: DefaultGateway[] = [];
    for (const family of families) rows.push(...(await gateway.all({ family })));
    return { value: rows, lines: () => rows.map(gatewayLine) };
  },
};
