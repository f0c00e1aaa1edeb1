import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { GAA_FLAG, NODE_TYPE } from '../../lib/constants.js';
import { FAKE_INTERFACES } from './support/fake-binding.js';
import { refusal, useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();
const ethernet = FAKE_INTERFACES[1]!;
const wifi = FAKE_INTERFACES[2]!;

describe('the GAA_FLAG table', () => {
  test('every flag of iptypes.h, by its name in camelCase, with its documented value', () => {
    expect(Object.fromEntries(GAA_FLAG.byName)).toEqual({
      skipUnicast: 0x1,
      skipAnycast: 0x2,
      skipMulticast: 0x4,
      skipDnsServer: 0x8,
      includePrefix: 0x10,
      skipFriendlyName: 0x20,
      includeWinsInfo: 0x40,
      includeGateways: 0x80,
      includeAllInterfaces: 0x100,
      includeAllCompartments: 0x200,
      includeTunnelBindingorder: 0x400,
    });
    expect(Object.fromEntries(NODE_TYPE.byName)).toEqual({ broadcast: 1, peerToPeer: 2, mixed: 4, hybrid: 8 });
  });

  test("the defaults are AF_UNSPEC with ['includeGateways', 'includePrefix'] (0x90)", async () => {
    await api.getAdaptersAddresses();
    api.getAdaptersAddressesSync('ipv4', ['skipAnycast', 'skipMulticast', 'includeWinsInfo']);
    api.getAdaptersAddressesSync('AF_INET6', 0x8);
    expect(fake.calls.map((c) => [c.name, ...c.args])).toEqual([
      ['getAdaptersAddresses', 0, 0x90],
      ['getAdaptersAddressesSync', 2, 0x46],
      ['getAdaptersAddressesSync', 23, 0x8],
    ]);
  });

  test('an unknown flag, a flag list that is not an array, and a bad family are refused before any call', async () => {
    expect(await refusal(api.getAdaptersAddresses('AF_UNSPEC', ['includeGateway' as never]))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'flags', syscall: 'GetAdaptersAddresses' });
    expect(await refusal(api.getAdaptersAddresses('AF_UNSPEC', 'includeGateways' as never))).toMatchObject({ member: 'flags' });
    expect(await refusal(api.getAdaptersAddresses('AF_UNSPEC', -1))).toMatchObject({ member: 'flags' });
    expect(await refusal(api.getAdaptersAddresses('AF_IPX' as never))).toMatchObject({ member: 'family' });
    expect(fake.calls).toEqual([]);
  });
});

describe('getAdaptersAddresses and getNetworkParams', () => {
  test('rows carry every member, enumerations as names, the Flags bits as booleans, each list as an array', async () => {
    const rows = await api.getAdaptersAddresses();
    const eth = rows.find((r) => r.luid === ethernet.luid)!;
    expect(eth).toMatchObject({
      ifIndex: ethernet.index,
      adapterName: ethernet.guid,
      friendlyName: 'Ethernet',
      physicalAddress: ethernet.mac,
      ifType: 'ethernetCsmacd',
      operStatus: 'up',
      connectionType: 'dedicated',
      tunnelType: 'none',
      flags: 0x180,
      ipv4Enabled: true,
      ipv6Enabled: true,
      dhcpv4Enabled: false,
      ddnsEnabled: false,
      ipv6ManagedAddressConfigurationSupported: false,
      dnsServerAddresses: [
        { length: 32, address: '192.0.2.53' },
        { length: 32, address: '2001:db8::53' },
      ],
      prefixes: [
        { length: 40, flags: 0, address: '192.0.2.0', prefixLength: 24 },
        { length: 40, flags: 0, address: 'fe80::%12', prefixLength: 64 },
      ],
    });
    expect(eth.unicastAddresses[0]).toEqual({
      length: 64,
      flags: 1,
      address: '192.0.2.10',
      prefixOrigin: 'dhcp',
      suffixOrigin: 'dhcp',
      dadState: 'preferred',
      validLifetime: 0xffffffff,
      preferredLifetime: 0xffffffff,
      leaseLifetime: 0xffffffff,
      onLinkPrefixLength: 24,
    });
    const wifiRow = rows.find((r) => r.luid === wifi.luid)!;
    expect(wifiRow).toMatchObject({ dhcpv4Enabled: true, ipv4Enabled: true, ipv6Enabled: false, ifType: 'ieee80211', operStatus: 'down', dhcpv4Server: '192.0.2.67' });
  });

  test('an enumeration value this release does not know comes through as its number', async () => {
    const rows = api.getAdaptersAddressesSync();
    expect(rows.map((r) => r.ifType)).toEqual(['softwareLoopback', 'ethernetCsmacd', 'ieee80211']);
    fake.getAdaptersAddressesSync = (() => [{ ...rows[0]!, ifType: 9999, operStatus: 77, unicastAddresses: [] }]) as never;
    expect(api.getAdaptersAddressesSync()[0]).toMatchObject({ ifType: 9999, operStatus: 77 });
  });

  test('ERROR_NO_DATA (no adapter with the family bound) is a NetioError from layer 1, [] from adapters.list()', async () => {
    fake.ipInterfaces.clear();
    expect(await refusal(api.getAdaptersAddresses())).toMatchObject({ code: 'ERROR_NO_DATA', win32: 232, syscall: 'GetAdaptersAddresses' });
    expect(await api.adapters.list()).toEqual([]);
  });

  test('a system without GetAdaptersAddresses: STATUS_NOT_SUPPORTED naming it', async () => {
    fake.missing.add('GetAdaptersAddresses');
    expect(await refusal(api.adapters.list())).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetAdaptersAddresses' });
  });

  test('getNetworkParams: FIXED_INFO with the DNS server list as an array and the node type by name', async () => {
    fake.dnsServers.splice(0, fake.dnsServers.length, '192.0.2.53', '198.51.100.53', '2001:db8::53');
    const params = await api.getNetworkParams();
    expect(params).toEqual({
      hostName: 'fakehost',
      domainName: 'corp.example',
      currentDnsServer: { ipAddress: '192.0.2.53', ipMask: '', context: 0 },
      dnsServerList: [
        { ipAddress: '192.0.2.53', ipMask: '', context: 0 },
        { ipAddress: '198.51.100.53', ipMask: '', context: 0 },
      ],
      nodeType: 'hybrid',
      scopeId: '',
      enableRouting: false,
      enableProxy: false,
      enableDns: false,
    });
    expect(api.getNetworkParamsSync()).toEqual(params);
  });
});

describe('adapters.list() and adapters.get(): the view of ipconfig /all', () => {
  test('one object per adapter, with addresses, gateways, DNS servers and suffix, DHCP, MAC and MTU', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '0.0.0.0/0', nextHop: '192.0.2.1', interfaceLuid: ethernet.luid, metric: 5 });
    await api.createIpForwardEntry2({ destinationPrefix: '198.51.100.0/24', nextHop: '192.0.2.2', interfaceLuid: ethernet.luid, metric: 5 });
    const list = await api.adapters.list();
    expect(list.map((a) => a.alias)).toEqual(['Loopback Pseudo-Interface 1', 'Ethernet', 'Wi-Fi 2 — Büro']);
    expect(list[1]).toEqual({
      alias: 'Ethernet',
      description: 'Ethernet adapter',
      interfaceGuid: ethernet.guid,
      interfaceLuid: ethernet.luid,
      interfaceIndex: 12,
      type: 'ethernetCsmacd',
      operStatus: 'up',
      physicalAddress: '02:00:5e:10:00:01',
      mtu: 1500,
      transmitLinkSpeed: 1_000_000_000n,
      receiveLinkSpeed: 1_000_000_000n,
      dhcp: { enabled: false, server: null },
      dnsSuffix: 'corp.example',
      dnsServers: ['192.0.2.53', '2001:db8::53'],
      gateways: ['192.0.2.1'],
      addresses: [
        { address: '192.0.2.10', family: 'ipv4', onLinkPrefixLength: 24, prefixOrigin: 'dhcp', suffixOrigin: 'dhcp', dadState: 'preferred', validLifetime: 0xffffffff, preferredLifetime: 0xffffffff, leaseLifetime: 0xffffffff },
        { address: 'fe80::10%12', family: 'ipv6', onLinkPrefixLength: 64, prefixOrigin: 'wellKnown', suffixOrigin: 'wellKnown', dadState: 'preferred', validLifetime: 0xffffffff, preferredLifetime: 0xffffffff, leaseLifetime: 0xffffffff },
      ],
      ipv4Enabled: true,
      ipv6Enabled: true,
    });
    expect(list[2]!.dhcp).toEqual({ enabled: true, server: '192.0.2.67' });
    // The view asks for gateways and leaves out the anycast and multicast lists it does not show.
    expect(fake.calls.find((c) => c.name === 'getAdaptersAddresses')!.args).toEqual([0, 0x86]);
  });

  test('family narrows the addresses; get() finds an adapter by alias, index, LUID or GUID', async () => {
    const v4 = await api.adapters.list({ family: 'ipv4' });
    expect(v4.flatMap((a) => a.addresses.map((x) => x.address))).toEqual(['192.0.2.10']);
    for (const spec of ['Ethernet', 12, ethernet.luid, ethernet.guid]) {
      expect((await api.adapters.get(spec)).interfaceLuid, String(spec)).toBe(ethernet.luid);
    }
  });

  test('get() of an interface without an IP binding of the family is STATUS_NOT_FOUND; of no interface, the lookup’s error', async () => {
    expect(await refusal(api.adapters.get('Wi-Fi 2 — Büro', { family: 'ipv6' }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 1168, member: 'interface' });
    expect(await refusal(api.adapters.get(99))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall: 'ConvertInterfaceIndexToLuid' });
    expect(await refusal(api.adapters.list({ family: 'inet9' as never }))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'family' });
  });
});
