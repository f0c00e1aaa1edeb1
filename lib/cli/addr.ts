/**
 * `netioapi addr`: unicast addresses (MIB_UNICASTIPADDRESS_ROW), shown, added and deleted
 * in ip address's grammar; with -j, `ip -j address`'s JSON: each link with its addr_info.
 */
import { addresses, type MibUnicastipaddressRow } from '../addresses.js';
import { UsageError, actionOf, familyGlobals, keywords, FAMILY_INPUT, type CommandFamily } from './args.js';
import { dev as devLuid, links, withoutZone, type AliasOf, type Links } from './format.js';
import { helpText } from './help.js';
import { ipLink, type IpLink } from './link.js';

const TOPIC = 'addr';
const INFINITE = 0xffffffff;

/** One entry of ip's addr_info. */
export interface IpAddrInfo {
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
  scope: 'global' | 'link' | 'host';
  dynamic?: true;
  tentative?: true;
  deprecated?: true;
  dadfailed?: true;
  label?: string;
  valid_life_time: number;
  preferred_life_time: number;
}

/** A link as `ip -j address` shows it: ip link's keys and its addresses. */
export interface IpAddr extends IpLink {
  addr_info: IpAddrInfo[];
}

/** ip's scope of an address: host for loopback, link for IPv6 link-local, global otherwise. */
export function addressScope(address: string): IpAddrInfo['scope'] {
  const a = withoutZone(address).toLowerCase();
  if (a === '::1' || a.startsWith('127.')) return 'host';
  if (/^fe[89ab]/.test(a)) return 'link';
  return 'global';
}

export function ipAddrInfo(a: MibUnicastipaddressRow, alias: AliasOf): IpAddrInfo {
  const v6 = a.address.includes(':');
  // Keys in the order ip prints them.
  const info: Record<string, unknown> = { family: v6 ? 'inet6' : 'inet', local: withoutZone(a.address), prefixlen: a.onLinkPrefixLength, scope: addressScope(a.address) };
  if (a.validLifetime !== INFINITE) info.dynamic = true; // ip's word for an address that will expire
  if (a.dadState === 'tentative') info.tentative = true;
  if (a.dadState === 'deprecated') info.deprecated = true;
  if (a.dadState === 'duplicate') info.dadfailed = true;
  if (!v6) info.label = alias(a.interfaceLuid);
  info.valid_life_time = a.validLifetime;
  info.preferred_life_time = a.preferredLifetime;
  return info as unknown as IpAddrInfo;
}

/** `ip -j address`: every link (or those of `only`) with its addresses; with a family, only links that have one of it. */
export function ipAddrs(rows: MibUnicastipaddressRow[], l: Links, family: 'ipv4' | 'ipv6' | 'all', only?: bigint): IpAddr[] {
  return l.rows
    .filter((link) => only === undefined || link.interfaceLuid === only)
    .map((link) => ({ ...ipLink(link), addr_info: rows.filter((a) => a.interfaceLuid === link.interfaceLuid).map((a) => ipAddrInfo(a, l.alias)) }))
    .filter((link) => family === 'all' || link.addr_info.length > 0);
}

export function addressLine(a: MibUnicastipaddressRow, alias: AliasOf): string {
  const family = a.address.includes(':') ? 'inet6' : 'inet';
  const life = a.validLifetime === INFINITE ? 'forever' : `${a.validLifetime}sec`;
  return `${alias(a.interfaceLuid)} ${family} ${a.address}/${a.onLinkPrefixLength} origin ${a.prefixOrigin}/${a.suffixOrigin} ${a.dadState}${a.skipAsSource ? ' skip-as-source' : ''} valid_lft ${life}`;
}

export const addrCommands: CommandFamily = {
  names: ['address', 'addr'],
  summary: 'unicast addresses (show, add, del)',
  help: helpText({
    usage: ['addr [show] [-4|-6] [dev IF]', 'addr add ADDR[/LEN] dev IF [skip-as-source]', 'addr del ADDR[/LEN] [dev IF]'],
    about: [
      'Without a length, add takes a host address (/32 or /128). del without dev deletes the address from every interface that has it.',
      "With -j, show prints `ip -j address`'s JSON: each link as ip link's JSON, with addr_info (family, local, prefixlen, scope, label, the lifetimes). --json=mib prints the MIB_UNICASTIPADDRESS_ROWs.",
    ],
  }),
  async run(args, before) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    const action = actionOf(TOPIC, rest.shift(), [['show', 'list', 'lst'], ['add'], ['del', 'delete']]);
    const family = FAMILY_INPUT[g.family];
    if (action === 'show') {
      const k = keywords(TOPIC, rest, { values: ['dev'], positional: 'optional' });
      if (k.positional !== undefined && k.values.dev !== undefined) throw new UsageError('name the interface once', TOPIC);
      const dev = k.values.dev ?? k.positional;
      const only = dev === undefined ? undefined : await devLuid(dev, 'GetUnicastIpAddressTable');
      const [rows, l] = await Promise.all([addresses.list({ family, interface: only }), links()]);
      return { value: g.jsonSchema === 'mib' ? rows : ipAddrs(rows, l, g.family, only), lines: () => rows.map((r) => addressLine(r, l.alias)) };
    }
    if (action === 'add') {
      const k = keywords(TOPIC, rest, { values: ['dev'], flags: ['skip-as-source'], positional: 'required' });
      if (k.values.dev === undefined) throw new UsageError('dev IF is required', TOPIC);
      const row = await addresses.add(k.positional!, { interface: await devLuid(k.values.dev, 'CreateUnicastIpAddressEntry'), skipAsSource: k.flags.has('skip-as-source') });
      const l = await links();
      return { value: g.jsonSchema === 'mib' ? row : [ipAddrInfo(row, l.alias)], lines: () => [addressLine(row, l.alias)] };
    }
    const k = keywords(TOPIC, rest, { values: ['dev'], positional: 'required' });
    const deleted = await addresses.delete(k.positional!, { interface: k.values.dev === undefined ? undefined : await devLuid(k.values.dev, 'DeleteUnicastIpAddressEntry') });
    return { value: { deleted }, lines: () => [`deleted ${deleted} address${deleted === 1 ? '' : 'es'}`] };
  },
};
