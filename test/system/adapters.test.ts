/**
 * Adapters against the real addon. Under Wine, in the namespace: adapters.list() and
 * getAdaptersAddresses against the kernel (`ip -j`), the DNS servers against the
 * namespace's resolver configuration, everything against Wine's own `ipconfig /all` (a
 * client nobody here wrote), and the buffer retry with more addresses than 15 KB hold.
 * On Windows: the adapter of the default route, with its gateway.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { FIXTURE } from './harness/fixture.js';
import { parseIpconfig } from './harness/ipconfig.js';
import { evaluate, kernel, modes, runCli, system, windowsTitle, wineTitle, type IpLink } from './harness/remote.js';

interface IpAddr {
  ifindex: number;
  ifname: string;
  addr_info: { family: string; local: string; prefixlen: number; scope: string }[];
}

const { onWine, onWindows } = modes();

/** What the namespace's resolver configuration says: `ip netns exec` bind-mounts /etc/netns/NS/resolv.conf over /etc/resolv.conf. */
const RESOLVER = { nameservers: ['192.0.2.53', '2001:db8:1::53'], search: 'example.test' };

/** The fixture's default gateway on v0 (the issue's example names 198.51.100.1; this fixture routes 0.0.0.0/0 via 192.0.2.254). */
const V0_DEFAULT = FIXTURE.routes.find((r) => r.to === 'default' && r.dev === 'v0')!.via;

describe.skipIf(!onWine)(wineTitle('adapters under Wine, in a network namespace'), () => {
  const netnsDir = path.join('/etc/netns', onWine ? system().namespace : 'none');
  let madeDir = false;

  beforeAll(() => {
    if (!fs.existsSync(netnsDir)) {
      fs.mkdirSync(netnsDir, { recursive: true });
      madeDir = true;
    }
    fs.writeFileSync(path.join(netnsDir, 'resolv.conf'), `${RESOLVER.nameservers.map((n) => `nameserver ${n}`).join('\n')}\nsearch ${RESOLVER.search}\n`);
  });

  afterAll(() => {
    fs.rmSync(path.join(netnsDir, 'resolv.conf'), { force: true });
    if (madeDir) fs.rmSync(netnsDir, { recursive: true, force: true });
  });

  test("adapters.list() holds v0 with the kernel's MAC, MTU, addresses and prefix lengths, and its default gateway", async () => {
    const link = kernel<IpLink[]>('link', 'show', 'dev', 'v0')[0]!;
    const addr = kernel<IpAddr[]>('addr', 'show', 'dev', 'v0')[0]!;
    const expected = addr.addr_info
      .map((a) => ({ address: a.family === 'inet6' && a.scope === 'link' ? `${a.local}%${addr.ifindex}` : a.local, onLinkPrefixLength: a.prefixlen, family: a.family === 'inet6' ? 'ipv6' : 'ipv4' }))
      .sort((a, b) => a.address.localeCompare(b.address));
    const r = await evaluate(async (api) => ({ list: await api.adapters.list(), v0: await api.adapters.get('v0'), luid: api.convertInterfaceAliasToLuidSync('v0') }));
    const v0 = r.list.find((a) => a.alias === 'v0')!;
    expect(v0).toEqual(r.v0);
    expect(v0).toMatchObject({ interfaceLuid: r.luid, interfaceIndex: link.ifindex, physicalAddress: link.address, mtu: link.mtu, type: 'ethernetCsmacd', operStatus: 'up', ipv4Enabled: true, ipv6Enabled: true });
    expect(v0.physicalAddress).toBe(FIXTURE.links.find((l) => l.name === 'v0')!.mac);
    expect(v0.addresses.map((a) => ({ address: a.address, onLinkPrefixLength: a.onLinkPrefixLength, family: a.family })).sort((a, b) => a.address.localeCompare(b.address))).toEqual(expected);
    expect(expected.map((e) => `${e.address}/${e.onLinkPrefixLength}`)).toEqual(expect.arrayContaining(['192.0.2.1/24', '2001:db8:1::1/64']));
    expect(v0.gateways).toContain(V0_DEFAULT);
    // Wine lists every next hop of the interface's routes as a gateway; Windows lists only
    // the default gateways (FirstGatewayAddress).
    expect(v0.gateways.sort()).toEqual(['192.0.2.2', '192.0.2.254']);
    // Every kernel link is an adapter, with its MAC and MTU.
    const links = kernel<IpLink[]>('link', 'show');
    expect(r.list.map((a) => a.alias).sort()).toEqual(links.map((l) => l.ifname).sort());
    for (const a of r.list) {
      const l = links.find((k) => k.ifname === a.alias)!;
      expect({ mtu: a.mtu, mac: a.physicalAddress || '00:00:00:00:00:00' }, a.alias).toEqual({ mtu: l.mtu, mac: l.address });
    }
  });

  test("the DNS servers and suffix equal what Wine reads from the namespace's resolver configuration", async () => {
    const r = await evaluate(async (api) => ({ list: await api.adapters.list(), raw: await api.getAdaptersAddresses(), params: api.getNetworkParamsSync() }));
    for (const a of r.list) expect({ alias: a.alias, dns: a.dnsServers, suffix: a.dnsSuffix }).toEqual({ alias: a.alias, dns: RESOLVER.nameservers, suffix: RESOLVER.search });
    expect(r.raw.find((a) => a.friendlyName === 'v0')!.dnsServerAddresses).toEqual(RESOLVER.nameservers.map((address) => ({ length: 32, address })));
    // GetNetworkParams lists IPv4 DNS servers only, as on Windows.
    expect(r.params.dnsServerList).toEqual([{ ipAddress: '192.0.2.53', ipMask: '', context: 0 }]);
    expect(r.params.currentDnsServer).toEqual({ ipAddress: '192.0.2.53', ipMask: '', context: 0 });
    expect(r.params.hostName).toBe(execFileSync('hostname', { encoding: 'utf8' }).trim().split('.')[0]);
  });

  test("Wine's own ipconfig /all shows the same adapters, field by field", async () => {
    const r = await evaluate(async (api, _arg, require) => {
      const { execFileSync: run } = require('node:child_process') as typeof import('node:child_process');
      return { text: run('ipconfig.exe', ['/all'], { encoding: 'utf8' }), list: await api.adapters.list(), params: await api.getNetworkParams() };
    });
    const ipconfig = parseIpconfig(r.text);
    expect(ipconfig.adapters.map((a) => a.name)).toEqual(r.list.map((a) => a.alias));
    expect(r.list.length).toBeGreaterThanOrEqual(5);
    expect(ipconfig.host).toMatchObject({ Hostname: [r.params.hostName], 'Node type': ['Hybrid'], 'IP routing enabled': [r.params.enableRouting ? 'Yes' : 'No'] });
    expect(r.params.nodeType).toBe('hybrid');
    for (const a of r.list) {
      const f = ipconfig.adapters.find((x) => x.name === a.alias)!.fields;
      expect({
        description: f['Description'],
        physical: (f['Physical address'] ?? []).map((m) => m.toLowerCase().replace(/-/g, ':')),
        dhcp: f['DHCP enabled'],
        ipv4: f['IPv4 address'] ?? [],
        ipv6: f['IPv6 address'] ?? [],
        gateways: f['Default gateway'] ?? [],
        suffix: f['Connection-specific DNS suffix'] ?? [],
      }, a.alias).toEqual({
        description: [a.description],
        physical: a.physicalAddress ? [a.physicalAddress] : [],
        dhcp: [a.dhcp.enabled ? 'Yes' : 'No'],
        ipv4: a.addresses.filter((x) => x.family === 'ipv4').map((x) => x.address),
        ipv6: a.addresses.filter((x) => x.family === 'ipv6').map((x) => x.address),
        gateways: a.gateways,
        suffix: a.dnsSuffix ? [a.dnsSuffix] : [],
      });
      // Wine 8's ipconfig prints no DNS servers line (Windows' does); they are checked
      // against the resolver configuration above instead.
      expect(Object.keys(f).some((k) => /DNS server/i.test(k))).toBe(false);
    }
    expect(ipconfig.adapters.find((a) => a.name === 'v0')!.fields['Default gateway']).toContain(V0_DEFAULT);
  });

  test('getAdaptersAddresses: every member of IP_ADAPTER_ADDRESSES_LH, flags by name, the Flags bits, and the lists asked for', async () => {
    const r = await evaluate(async (api) => ({
      all: await api.getAdaptersAddresses(),
      sync: api.getAdaptersAddressesSync('AF_UNSPEC', ['includeGateways', 'includePrefix']),
      v4: await api.getAdaptersAddresses('ipv4', ['skipDnsServer', 'skipFriendlyName']),
      v6: await api.getAdaptersAddresses('AF_INET6', []),
      bad: await api.getAdaptersAddresses('AF_INET', ['includeEverything' as never]).catch((e: { code: string; member: string }) => `${e.code}/${e.member}`),
    }));
    const v0 = r.all.find((a) => a.friendlyName === 'v0')!;
    expect(Object.keys(v0).sort()).toEqual(
      [
        'length', 'ifIndex', 'adapterName', 'unicastAddresses', 'anycastAddresses', 'multicastAddresses', 'dnsServerAddresses', 'dnsSuffix', 'description',
        'friendlyName', 'physicalAddress', 'physicalAddressLength', 'flags', 'mtu', 'ifType', 'operStatus', 'ipv6IfIndex', 'zoneIndices', 'prefixes',
        'transmitLinkSpeed', 'receiveLinkSpeed', 'winsServerAddresses', 'gatewayAddresses', 'ipv4Metric', 'ipv6Metric', 'luid', 'dhcpv4Server',
        'compartmentId', 'networkGuid', 'connectionType', 'tunnelType', 'dhcpv6Server', 'dhcpv6ClientDuid', 'dhcpv6ClientDuidLength', 'dhcpv6Iaid',
        'dnsSuffixes', 'ddnsEnabled', 'registerAdapterSuffix', 'dhcpv4Enabled', 'receiveOnly', 'noMulticast', 'ipv6OtherStatefulConfig',
        'netbiosOverTcpipEnabled', 'ipv4Enabled', 'ipv6Enabled', 'ipv6ManagedAddressConfigurationSupported',
      ].sort(),
    );
    expect(v0).toMatchObject({ physicalAddressLength: 6, ifType: 'ethernetCsmacd', operStatus: 'up', zoneIndices: expect.any(Array) });
    expect(v0.adapterName).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
    expect(v0.zoneIndices).toHaveLength(16);
    expect(v0.flags & 0x180).toBe(0x180);
    // includePrefix: v0's on-link prefixes; includeGateways: its next hops.
    expect(v0.prefixes).toEqual(expect.arrayContaining([expect.objectContaining({ address: '192.0.2.0', prefixLength: 24 })]));
    expect(v0.gatewayAddresses.map((g) => g.address)).toContain(V0_DEFAULT);
    expect(v0.unicastAddresses.find((u) => u.address === '192.0.2.1')).toMatchObject({ onLinkPrefixLength: 24, dadState: 'preferred' });
    expect(r.sync.map((a) => a.adapterName)).toEqual(r.all.map((a) => a.adapterName));
    // AF_INET: IPv4 addresses only; skipDnsServer and skipFriendlyName honoured.
    const v4v0 = r.v4.find((a) => a.adapterName === v0.adapterName)!;
    expect(v4v0.unicastAddresses.map((u) => u.address)).toEqual(['192.0.2.1']);
    expect(v4v0.dnsServerAddresses).toEqual([]);
    // Wine 8 ignores GAA_FLAG_SKIP_FRIENDLY_NAME (Windows then gives an empty FriendlyName).
    expect(v4v0.friendlyName).toBe('v0');
    // Flags 0: no prefixes, no gateways.
    const v6v0 = r.v6.find((a) => a.adapterName === v0.adapterName)!;
    expect(v6v0.unicastAddresses.every((u) => u.address.includes(':'))).toBe(true);
    expect(v6v0.prefixes).toEqual([]);
    expect(v6v0.gatewayAddresses).toEqual([]);
    expect(r.bad).toBe('STATUS_INVALID_PARAMETER/flags');
  });

  test('more addresses than a 15 KB buffer holds: the call is repeated with the size the OS asks for', async () => {
    // 300 IPv4 addresses take 300 × (64-byte IP_ADAPTER_UNICAST_ADDRESS_LH + 16-byte
    // sockaddr_in) = 24,000 bytes before anything else: more than the first 15 KB buffer.
    const all = [...Array.from({ length: 250 }, (_, i) => `198.51.100.${i + 3}/32`), ...Array.from({ length: 50 }, (_, i) => `203.0.113.${i + 130}/32`)];
    const ns = system().namespace;
    execFileSync('ip', ['-n', ns, '-batch', '-'], { input: all.map((a) => `address add ${a} dev d1`).join('\n') + '\n' });
    try {
      const r = await evaluate(async (api) => {
        const raw = await api.getAdaptersAddresses();
        return { d1: raw.find((a) => a.friendlyName === 'd1')!.unicastAddresses.map((u) => u.address), sync: api.getAdaptersAddressesSync().find((a) => a.friendlyName === 'd1')!.unicastAddresses.length };
      });
      const kernelV4 = kernel<IpAddr[]>('-4', 'addr', 'show', 'dev', 'd1')[0]!.addr_info.map((a) => a.local);
      expect(kernelV4).toHaveLength(300);
      expect(r.d1.filter((a) => !a.includes(':')).sort()).toEqual([...kernelV4].sort());
      expect(r.sync).toBe(r.d1.length);
    } finally {
      execFileSync('ip', ['-n', ns, '-batch', '-'], { input: all.map((a) => `address del ${a} dev d1`).join('\n') + '\n' });
    }
  });

  test('netioapi adapter show v0 prints what adapters.get() returns', async () => {
    const [json, text] = await Promise.all([runCli(['adapter', 'show', 'v0', '--json']), runCli(['adapter', 'show', 'v0'])]);
    const library = await evaluate(async (api) => api.adapters.get('v0'));
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const asJson = JSON.parse(JSON.stringify([library], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    expect(JSON.parse(json.stdout)).toEqual(asJson);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe(`${library.interfaceIndex}: v0: <UP> mtu 1500 type ethernetCsmacd`);
    const inet = library.addresses.map((a) => expect.stringMatching(new RegExp(`^ {4}inet6? ${a.address.replace(/[.%]/g, '\\$&')}/${a.onLinkPrefixLength} `)));
    expect(inet.length).toBeGreaterThanOrEqual(3);
    expect(lines).toEqual(expect.arrayContaining(inet));
    for (const g of library.gateways) expect(lines).toContain(`    gateway ${g}`);
    expect(lines).toContain(`    dns ${library.dnsServers.join(' ')}`);
  });
});

describe.skipIf(!onWindows)(windowsTitle('adapters on Windows'), () => {
  test('the adapter of the best default route lists that gateway; getNetworkParams names this computer', async () => {
    const r = await evaluate(async (api, _a, require) => {
      const os = require('node:os') as typeof import('node:os');
      return { best: await api.gateway.default(), list: await api.adapters.list(), params: await api.getNetworkParams(), host: os.hostname() };
    });
    expect(r.params.hostName.toLowerCase()).toBe(r.host.toLowerCase());
    expect(r.list.length).toBeGreaterThan(0);
    if (r.best === null) return; // a runner without an IPv4 default route has nothing more to compare
    const adapter = r.list.find((a) => a.interfaceLuid === r.best!.interfaceLuid)!;
    expect(adapter).toBeDefined();
    expect(adapter.operStatus).toBe('up');
    expect(adapter.gateways).toContain(r.best.gateway);
  });
});
