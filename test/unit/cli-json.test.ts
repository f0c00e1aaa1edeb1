/**
 * `-j` speaks iproute2's JSON: the keys `ip -j route|address|link|neigh` prints, in its
 * order, built from the MIB rows (the mapping is in the README); `--json=mib` keeps the
 * full rows. The system suite compares the route JSON with the kernel's `ip -j route`.
 */
import { describe, expect, test } from 'vitest';

import type { MibIfRow2, MibIpforwardRow2, MibUnicastipaddressRow } from '../../lib/index.js';
import { ipAddrInfo, addressScope } from '../../lib/cli/addr.js';
import type { Links } from '../../lib/cli/format.js';
import { ipLink } from '../../lib/cli/link.js';
import { ipNeigh } from '../../lib/cli/neigh.js';
import { ipDestination, ipProtocol, ipRoute } from '../../lib/cli/route.js';
import { run } from '../../lib/cli/run.js';
import { FAKE_INTERFACES } from './support/fake-binding.js';
import { useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();
const ETH = FAKE_INTERFACES[1]!.luid;

async function cli(args: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args.split(' '), { out: (l) => out.push(l), err: (l) => err.push(l), readFile: async () => '' });
  return { code, out, err };
}

const route = (r: Partial<MibIpforwardRow2>): MibIpforwardRow2 => ({
  interfaceLuid: ETH, interfaceIndex: 12, destinationPrefix: '192.0.2.0/24', nextHop: '0.0.0.0', sitePrefixLength: 0, validLifetime: 0xffffffff,
  preferredLifetime: 0xffffffff, metric: 0, protocol: 'local', loopback: false, autoconfigureAddress: false, publish: false, immortal: false, age: 0, origin: 'manual', ...r,
});
const address = (a: string, length: number, extra: Partial<MibUnicastipaddressRow> = {}): MibUnicastipaddressRow => ({
  address: a, interfaceLuid: ETH, interfaceIndex: 12, prefixOrigin: 'manual', suffixOrigin: 'manual', validLifetime: 0xffffffff, preferredLifetime: 0xffffffff,
  onLinkPrefixLength: length, skipAsSource: false, dadState: 'preferred', scopeId: 0, creationTimeStamp: null, ...extra,
});
const links = (up = true): Links => ({ alias: (l) => (l === ETH ? 'Ethernet' : `luid:${l}`), row: () => ({ operStatus: up ? 'up' : 'down' }) as MibIfRow2, rows: [] });
const own = [address('192.0.2.10', 24), address('2001:db8::10', 64)];

describe("ip -j route's keys", () => {
  test.each([
    ['the stack’s route to a subnet: kernel, scope link, the interface’s address as prefsrc', route({}), { dst: '192.0.2.0/24', dev: 'Ethernet', protocol: 'kernel', scope: 'link', prefsrc: '192.0.2.10', flags: [] }],
    ['a static route through a gateway: protocol boot left out, metric when not 0', route({ destinationPrefix: '198.51.100.0/24', nextHop: '192.0.2.1', protocol: 'netmgmt', metric: 5 }), { dst: '198.51.100.0/24', gateway: '192.0.2.1', dev: 'Ethernet', metric: 5, flags: [] }],
    ['the default route', route({ destinationPrefix: '0.0.0.0/0', nextHop: '192.0.2.254', protocol: 'netmgmt' }), { dst: 'default', gateway: '192.0.2.254', dev: 'Ethernet', flags: [] }],
    ['a static route on the link', route({ destinationPrefix: '203.0.113.0/24', protocol: 'netmgmt' }), { dst: '203.0.113.0/24', dev: 'Ethernet', scope: 'link', flags: [] }],
    ['a host route to the interface’s own address: type local, scope host', route({ destinationPrefix: '192.0.2.10/32' }), { type: 'local', dst: '192.0.2.10', dev: 'Ethernet', protocol: 'kernel', scope: 'host', prefsrc: '192.0.2.10', flags: [] }],
    ['the subnet’s broadcast address', route({ destinationPrefix: '192.0.2.255/32' }), { type: 'broadcast', dst: '192.0.2.255', dev: 'Ethernet', protocol: 'kernel', scope: 'host', flags: [] }],
    ['multicast', route({ destinationPrefix: '224.0.0.0/4', metric: 256 }), { type: 'multicast', dst: '224.0.0.0/4', dev: 'Ethernet', protocol: 'kernel', scope: 'link', metric: 256, flags: [] }],
    ['IPv6: metric always, no scope, pref medium', route({ destinationPrefix: '2001:db8::/64', nextHop: '::', metric: 256 }), { dst: '2001:db8::/64', dev: 'Ethernet', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' }],
    ['IPv6 through a router learned from an advertisement', route({ destinationPrefix: '::/0', nextHop: 'fe80::1', protocol: 'netmgmt', origin: 'routerAdvertisement', metric: 1024 }), { dst: 'default', gateway: 'fe80::1', dev: 'Ethernet', protocol: 'ra', metric: 1024, flags: [], pref: 'medium' }],
  ])('%s', (_what, row, expected) => {
    const json = ipRoute(row, links(), own);
    expect(json).toEqual(expected);
    expect(Object.keys(json)).toEqual(Object.keys(expected)); // ip's order
  });

  test('a route on an interface that is down is linkdown', () => {
    expect(ipRoute(route({}), links(false), own).flags).toEqual(['linkdown']);
  });

  test('protocols and destinations in ip’s words', () => {
    expect([ipProtocol(route({ protocol: 'ntStatic' })), ipProtocol(route({ protocol: 'dhcp' })), ipProtocol(route({ protocol: 'ospf' })), ipProtocol(route({ protocol: 'isIs' })), ipProtocol(route({ protocol: 777 }))]).toEqual(['static', 'dhcp', 'ospf', 'isis', 777]);
    expect([ipDestination('::/0'), ipDestination('2001:db8::1/128'), ipDestination('198.51.100.7/32'), ipDestination('198.51.100.0/25')]).toEqual(['default', '2001:db8::1', '198.51.100.7', '198.51.100.0/25']);
  });
});

describe("ip -j address, link and neigh's keys", () => {
  test('addr_info: family, local (no zone), prefixlen, scope, flags, label (IPv4), the lifetimes', () => {
    const alias = links().alias;
    expect(ipAddrInfo(address('192.0.2.10', 24), alias)).toEqual({ family: 'inet', local: '192.0.2.10', prefixlen: 24, scope: 'global', label: 'Ethernet', valid_life_time: 4294967295, preferred_life_time: 4294967295 });
    const v6 = ipAddrInfo(address('fe80::10%12', 64, { validLifetime: 3600, preferredLifetime: 1800, dadState: 'tentative' }), alias);
    expect(v6).toEqual({ family: 'inet6', local: 'fe80::10', prefixlen: 64, scope: 'link', dynamic: true, tentative: true, valid_life_time: 3600, preferred_life_time: 1800 });
    expect(Object.keys(v6)).toEqual(['family', 'local', 'prefixlen', 'scope', 'dynamic', 'tentative', 'valid_life_time', 'preferred_life_time']);
    expect([addressScope('127.0.0.1'), addressScope('::1'), addressScope('fe80::1%3'), addressScope('2001:db8::1')]).toEqual(['host', 'host', 'link', 'global']);
  });

  test('netioapi addr show -j: each link with its addresses', async () => {
    const r = await cli('addr show -j');
    expect(r.code).toBe(0);
    const all = JSON.parse(r.out.join('\n')) as { ifname: string; addr_info: unknown[] }[];
    expect(all.map((l) => l.ifname)).toEqual(FAKE_INTERFACES.map((i) => i.alias));
    const eth = all.find((l) => l.ifname === 'Ethernet')!;
    expect(eth).toEqual({
      ifindex: 12, ifname: 'Ethernet', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, operstate: 'UP', link_type: 'ether',
      address: '02:00:5e:10:00:01', broadcast: 'ff:ff:ff:ff:ff:ff',
      addr_info: [
        { family: 'inet', local: '192.0.2.10', prefixlen: 24, scope: 'global', label: 'Ethernet', valid_life_time: 4294967295, preferred_life_time: 4294967295 },
        { family: 'inet6', local: 'fe80::10', prefixlen: 64, scope: 'link', valid_life_time: 4294967295, preferred_life_time: 4294967295 },
      ],
    });
    // With a family, only the links that have an address of it, as ip -4 shows them.
    expect((JSON.parse((await cli('-4 addr show -j')).out.join('\n')) as { ifname: string }[]).map((l) => l.ifname)).toEqual(['Ethernet']);
    expect((JSON.parse((await cli('addr show dev 12 -j')).out.join('\n')) as { ifname: string }[]).map((l) => l.ifname)).toEqual(['Ethernet']);
    // --json=mib: the MIB_UNICASTIPADDRESS_ROWs.
    expect(JSON.parse((await cli('addr show --json=mib')).out.join('\n'))).toEqual([expect.objectContaining({ address: '192.0.2.10', onLinkPrefixLength: 24, interfaceLuid: ETH.toString() }), expect.objectContaining({ address: 'fe80::10%12' })]);
  });

  test('link: flags, operstate and link type from MIB_IF_ROW2', async () => {
    const all = JSON.parse((await cli('link show -j')).out.join('\n')) as Record<string, unknown>[];
    expect(all.map((l) => [l.ifname, l.flags, l.operstate, l.link_type])).toEqual([
      ['Loopback Pseudo-Interface 1', ['LOOPBACK', 'UP', 'LOWER_UP'], 'UP', 'loopback'],
      ['Ethernet', ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], 'UP', 'ether'],
      ['Wi-Fi 2 — Büro', ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'], 'DOWN', 'ether'],
    ]);
    for (const l of all) expect(Object.keys(l)).toEqual(['ifindex', 'ifname', 'flags', 'mtu', 'operstate', 'link_type', 'address', 'broadcast']);
    expect(ipLink({ ...(await import('../../lib/index.js')).getIfTable2Sync()[0]!, adminStatus: 'down', operStatus: 'down' }).flags).toEqual(['LOOPBACK']);
    expect(JSON.parse((await cli('link show Ethernet --json=mib')).out.join('\n'))).toEqual([expect.objectContaining({ alias: 'Ethernet', interfaceGuid: FAKE_INTERFACES[1]!.guid })]);
  });

  test('neigh: dst, dev, lladdr, router, state in NUD words', async () => {
    await cli('neigh add 192.0.2.77 lladdr 02:00:5e:10:00:77 dev Ethernet');
    const shown = JSON.parse((await cli('neigh show -j')).out.join('\n')) as Record<string, unknown>[];
    expect(shown).toContainEqual({ dst: '192.0.2.77', dev: 'Ethernet', lladdr: '02:00:5e:10:00:77', state: ['PERMANENT'] });
    const alias = links().alias;
    const base = { address: 'fe80::1%12', interfaceIndex: 12, interfaceLuid: ETH, physicalAddress: '', physicalAddressLength: 0, isUnreachable: true, reachabilityTime: { lastReachable: 0, lastUnreachable: 0 } };
    expect(ipNeigh({ ...base, state: 'unreachable', isRouter: true }, alias)).toEqual({ dst: 'fe80::1', dev: 'Ethernet', router: null, state: ['FAILED'] });
    expect(Object.keys(ipNeigh({ ...base, physicalAddress: '02:00:5e:00:00:01', state: 'stale', isRouter: true }, alias))).toEqual(['dst', 'dev', 'lladdr', 'router', 'state']);
    expect(fake.calls.some((c) => c.name === 'createIpNetEntry2')).toBe(true);
  });
});
