/**
 * `netioapi neigh`: the neighbour cache (MIB_IPNET_ROW2: ARP and NDP entries) in ip
 * neighbour's grammar; with -j, `ip -j neigh`'s JSON.
 */
import { neighbors, type MibIpnetRow2, type NlNeighborState } from '../neighbors.js';
import { UsageError, actionOf, familyGlobals, keywords, FAMILY_INPUT, type CommandFamily } from './args.js';
import { dev, links, withoutZone, type AliasOf } from './format.js';
import { helpText } from './help.js';

const TOPIC = 'neigh';

/** A neighbour as `ip -j neigh` shows one. */
export interface IpNeigh {
  dst: string;
  dev: string;
  lladdr?: string;
  router?: null;
  state: string[];
}

/** NL_NEIGHBOR_STATE in ip's NUD words; unreachable is ip's FAILED. */
const NUD: Record<string, string> = {
  unreachable: 'FAILED',
  incomplete: 'INCOMPLETE',
  probe: 'PROBE',
  delay: 'DELAY',
  stale: 'STALE',
  reachable: 'REACHABLE',
  permanent: 'PERMANENT',
};

export function ipNeigh(n: MibIpnetRow2, alias: AliasOf): IpNeigh {
  // Keys in the order ip prints them.
  const out: Record<string, unknown> = { dst: withoutZone(n.address), dev: alias(n.interfaceLuid) };
  if (n.physicalAddress) out.lladdr = n.physicalAddress;
  if (n.isRouter) out.router = null; // ip marks a router with a key whose value is null
  out.state = [NUD[String(n.state)] ?? String(n.state).toUpperCase()];
  return out as unknown as IpNeigh;
}

export function neighborLine(n: MibIpnetRow2, alias: AliasOf): string {
  const mac = n.physicalAddress ? ` lladdr ${n.physicalAddress}` : '';
  return `${n.address} dev ${alias(n.interfaceLuid)}${mac}${n.isRouter ? ' router' : ''} ${String(n.state).toUpperCase()}`;
}

function nud(text: string | undefined): NlNeighborState | undefined {
  return text === undefined ? undefined : (text.toLowerCase() as NlNeighborState);
}

const ACTIONS = [['show', 'list', 'lst'], ['add'], ['replace'], ['del', 'delete'], ['flush'], ['resolve']] as const;

export const neighCommands: CommandFamily = {
  names: ['neighbour', 'neighbor', 'neigh'],
  summary: 'ARP and NDP entries (show, add, replace, del, flush, resolve)',
  help: helpText({
    usage: [
      'neigh [show] [-4|-6] [dev IF] [nud STATE]',
      'neigh add|replace ADDR lladdr MAC dev IF [nud STATE]',
      'neigh del ADDR [dev IF]',
      'neigh flush [-4|-6] [dev IF]',
      'neigh resolve ADDR [dev IF] [from ADDR]',
    ],
    about: [
      'STATE: permanent, reachable, stale, delay, probe, incomplete, unreachable. resolve sends ARP or neighbour solicitation when the cache has no reachable entry.',
      "With -j, show prints ip -j neigh's JSON (dst, dev, lladdr, router, state, with unreachable as FAILED); --json=mib prints the MIB_IPNET_ROW2s.",
    ],
  }),
  async run(args, before) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    const action = actionOf(TOPIC, rest.shift(), ACTIONS);
    const mib = g.jsonSchema === 'mib';
    const family = FAMILY_INPUT[g.family];
    switch (action) {
      case 'show': {
        const k = keywords(TOPIC, rest, { values: ['dev', 'nud'] });
        const luid = k.values.dev === undefined ? undefined : await dev(k.values.dev, 'GetIpNetTable2');
        const rows = await neighbors.list({ family, interface: luid, state: nud(k.values.nud) });
        const { alias } = await links();
        return { value: mib ? rows : rows.map((r) => ipNeigh(r, alias)), lines: () => rows.map((r) => neighborLine(r, alias)) };
      }
      case 'add':
      case 'replace': {
        const k = keywords(TOPIC, rest, { values: ['lladdr', 'dev', 'nud'], positional: 'required' });
        if (k.values.lladdr === undefined) throw new UsageError('lladdr MAC is required', TOPIC);
        if (k.values.dev === undefined) throw new UsageError('dev IF is required', TOPIC);
        const row = await neighbors.add({
          address: k.positional!,
          mac: k.values.lladdr,
          interface: await dev(k.values.dev, 'CreateIpNetEntry2'),
          state: nud(k.values.nud),
          ifExists: action === 'replace' ? 'replace' : 'error',
        });
        const { alias } = await links();
        return { value: mib ? row : [ipNeigh(row, alias)], lines: () => [neighborLine(row, alias)] };
      }
      case 'del': {
        const k = keywords(TOPIC, rest, { values: ['dev'], positional: 'required' });
        const deleted = await neighbors.delete({ address: k.positional!, interface: k.values.dev === undefined ? undefined : await dev(k.values.dev, 'DeleteIpNetEntry2') });
        return { value: { deleted }, lines: () => [`deleted ${deleted} neighbour${deleted === 1 ? '' : 's'}`] };
      }
      case 'flush': {
        const k = keywords(TOPIC, rest, { values: ['dev'] });
        await neighbors.flush({ family, interface: k.values.dev === undefined ? undefined : await dev(k.values.dev, 'FlushIpNetTable2') });
        return { value: { flushed: true }, lines: () => [] };
      }
      case 'resolve': {
        const k = keywords(TOPIC, rest, { values: ['dev', 'from'], positional: 'required' });
        const address = k.positional!;
        const mac = await neighbors.resolve(address, { interface: k.values.dev === undefined ? undefined : await dev(k.values.dev, 'ResolveIpNetEntry2'), source: k.values.from });
        return { value: { address, physicalAddress: mac }, lines: () => [`${address} lladdr ${mac}`] };
      }
    }
  },
};
