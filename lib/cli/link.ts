/**
 * `netioapi link [show] [IF]`: interfaces (MIB_IF_ROW2), in ip link's words and, with -j,
 * in `ip -j link`'s JSON.
 */
import type { MibIfRow2 } from '../interfaces.js';
import { getIfEntry2, getIfTable2 } from '../interfaces.js';
import { dev as devLuid } from './format.js';
import { UsageError, actionOf, familyGlobals, keywords, matches, type CommandFamily } from './args.js';
import { helpText } from './help.js';

const TOPIC = 'link';
const SHOW = ['show', 'list', 'lst'] as const;

/** An interface as `ip -j link` shows one (the keys ip prints; see the README for the mapping). */
export interface IpLink {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  operstate: string;
  link_type: string;
  address: string;
  broadcast: string;
}

const ETHER_LIKE = new Set(['ethernetCsmacd', 'ieee80211', 'fastether', 'gigabitethernet', 'l2Vlan', 'propVirtual']);

/** ip's link/TYPE: ether for Ethernet and Wi-Fi (Linux shows both so), loopback, none for tunnels. */
export function linkType(row: MibIfRow2): string {
  if (row.type === 'softwareLoopback') return 'loopback';
  if (row.type === 'tunnel' || row.type === 'ppp') return 'none';
  if (ETHER_LIKE.has(String(row.type)) || row.physicalAddressLength === 6) return 'ether';
  return String(row.type);
}

/** ip's <FLAGS>: LOOPBACK or BROADCAST,MULTICAST (POINTOPOINT,NOARP for tunnels), UP when enabled, LOWER_UP when the link is up, NO-CARRIER when enabled but not up. */
export function linkFlags(row: MibIfRow2): string[] {
  const type = linkType(row);
  const flags = type === 'loopback' ? ['LOOPBACK'] : type === 'none' ? ['POINTOPOINT', 'NOARP'] : ['BROADCAST', 'MULTICAST'];
  const up = row.adminStatus === 'up';
  if (up && row.operStatus !== 'up') flags.unshift('NO-CARRIER');
  if (up) flags.push('UP');
  if (row.operStatus === 'up') flags.push('LOWER_UP');
  return flags;
}

/** ip's operstate: IfOperStatus in capitals (lowerLayerDown → LOWERLAYERDOWN). */
export function operState(row: MibIfRow2): string {
  return String(row.operStatus).toUpperCase();
}

export function ipLink(row: MibIfRow2): IpLink {
  const type = linkType(row);
  const none = '00:00:00:00:00:00';
  return {
    ifindex: row.interfaceIndex,
    ifname: row.alias,
    flags: linkFlags(row),
    mtu: row.mtu,
    operstate: operState(row),
    link_type: type,
    address: row.physicalAddress || none,
    broadcast: type === 'ether' ? 'ff:ff:ff:ff:ff:ff' : none,
  };
}

export function linkLines(row: MibIfRow2): string[] {
  const l = ipLink(row);
  return [
    `${l.ifindex}: ${l.ifname}: <${l.flags.join(',')}> mtu ${l.mtu} state ${l.operstate}`,
    `    link/${l.link_type} ${l.address} brd ${l.broadcast}`,
    `    type ${String(row.type)} luid ${row.interfaceLuid} guid ${row.interfaceGuid}${row.description && row.description !== row.alias ? ` description ${row.description}` : ''}`,
  ];
}

export const linkCommands: CommandFamily = {
  names: ['link'],
  summary: 'interfaces: MIB_IF_ROW2 (show)',
  help: helpText({
    usage: ['link [show] [IF]'],
    about: [
      'Prints each interface as ip link does: index, alias, flags, MTU and state, then its physical address, then what Windows adds (interface type, LUID, GUID, description).',
      'IF is an alias ("Ethernet"), an index (12) or a GUID.',
    ],
  }),
  async run(args, before) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    // `link show v0` and `link v0` both name the interface, as ip link does.
    if (!(rest.length === 1 && !SHOW.some((word) => matches(rest[0]!, word)))) actionOf(TOPIC, rest.shift(), [SHOW]);
    const k = keywords(TOPIC, rest, { values: ['dev'], positional: 'optional' });
    if (k.positional !== undefined && k.values.dev !== undefined) throw new UsageError('name the interface once', TOPIC);
    const dev = k.values.dev ?? k.positional;
    const rows = dev === undefined ? await getIfTable2() : [await getIfEntry2({ interfaceLuid: await devLuid(dev, 'GetIfEntry2') })];
    return { value: g.jsonSchema === 'mib' ? rows : rows.map(ipLink), lines: () => rows.flatMap(linkLines) };
  },
};
