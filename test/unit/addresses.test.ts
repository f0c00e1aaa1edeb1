import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { refusal, useFakeBinding } from './support/setup.js';
import { FAKE_INTERFACES, FAKE_INTERFACE_METRIC } from './support/fake-binding.js';

const fake = useFakeBinding();

const ethernet = FAKE_INTERFACES[1]!;
const wifi = FAKE_INTERFACES[2]!;


describe('anycast: MIB_ANYCASTIPADDRESS_ROW', () => {
  const row = { address: '2001:db8::a', interfaceLuid: ethernet.luid };
  const cases: [string, unknown, string, RegExp][] = [
    ['a NULL row', null, 'row', /got null/],
    ['Address missing', { interfaceLuid: ethernet.luid }, 'address', /was not specified/],
    ['Address not an address', { ...row, address: 'anycast' }, 'address', /IPv4 or IPv6/],
    ['Address multicast', { ...row, address: 'ff02::1' }, 'address', /multicast address, not a unicast/],
    ['Address unspecified', { ...row, address: '::' }, 'address', /unspecified/],
    ['Address broadcast', { ...row, address: '255.255.255.255' }, 'address', /broadcast/],
    ['neither LUID nor index', { address: '2001:db8::a' }, 'interfaceLuid', /neither/],
  ];
  test.each(cases)('CreateAnycastIpAddressEntry refuses %s', async (_n, input, member, detail) => {
    const error = await refusal(api.createAnycastIpAddressEntry(input as never));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'CreateAnycastIpAddressEntry' });
    expect(error.message).toMatch(detail);
  });

  test('a family other than AF_INET, AF_INET6, AF_UNSPEC is refused', async () => {
    expect(await refusal(api.getAnycastIpAddressTable('AF_IPX' as never))).toMatchObject({ member: 'family', syscall: 'GetAnycastIpAddressTable' });
    expect(await refusal(api.getAnycastIpAddressTable(17 as never))).toMatchObject({ member: 'family' });
  });

  test('ScopeId is ignored on create; the stack sets it', async () => {
    await api.createAnycastIpAddressEntry({ ...row, scopeId: 99 });
    expect((fake.calls[0]!.args[0] as { scopeId: number }).scopeId).toBe(0);
    expect((await api.getAnycastIpAddressEntry(row)).scopeId).toBe(12);
  });

  test('no entries, as documented (STATUS_NOT_FOUND): the function rejects, the helper returns []', async () => {
    expect(await refusal(api.getAnycastIpAddressTable())).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 1168, syscall: 'GetAnycastIpAddressTable' });
    expect(await api.anycast.list()).toEqual([]);
    expect(await api.anycast.list({ family: 'ipv6', interface: 'Ethernet' })).toEqual([]);
  });

  test('no entries as an empty table (what Windows does is not known): the function returns [], and so does the helper', async () => {
    fake.anycastEmpty = 'emptyTable';
    expect(await api.getAnycastIpAddressTable()).toEqual([]);
    expect(api.getAnycastIpAddressTableSync('AF_INET6')).toEqual([]);
    expect(await api.anycast.list()).toEqual([]);
  });

  test('delete counts an address gone meanwhile (1168) as done, never a vanished interface (2)', async () => {
    await api.anycast.add('2001:db8::a', { interface: 'Ethernet' });
    fake.failNext.set('DeleteAnycastIpAddressEntry', [2]);
    expect(await refusal(api.anycast.delete('2001:db8::a'))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall: 'DeleteAnycastIpAddressEntry' });
    fake.failNext.set('DeleteAnycastIpAddressEntry', [1168]);
    expect(await api.anycast.delete('2001:db8::a', { ifMissing: 'ignore' })).toBe(0);
  });

  test('"not supported" is never mistaken for "no entries"', async () => {
    fake.missing.add('GetAnycastIpAddressTable');
    expect(await refusal(api.anycast.list())).toMatchObject({ code: 'STATUS_NOT_SUPPORTED' });
  });

  test('the helpers add, list and delete', async () => {
    expect(await api.anycast.add('2001:DB8::A', { interface: 'Ethernet' })).toEqual({ address: '2001:db8::a', interfaceLuid: ethernet.luid, interfaceIndex: 12, scopeId: 12 });
    await api.anycast.add('198.51.100.99', { interface: 17 });
    expect((await api.anycast.list({ family: 'ipv6' })).map((r) => r.address)).toEqual(['2001:db8::a']);
    expect((await api.anycast.list({ interface: 17 })).map((r) => r.address)).toEqual(['198.51.100.99']);
    expect(await refusal(api.anycast.add('2001:db8::a', { interface: 'Ethernet' }))).toMatchObject({ code: 'ERROR_OBJECT_ALREADY_EXISTS' });
    expect(await api.anycast.delete('2001:db8::a')).toBe(1);
    expect(await refusal(api.anycast.delete('2001:db8::a'))).toMatchObject({ code: 'STATUS_NOT_FOUND' });
    expect(await api.anycast.delete('2001:db8::a', { ifMissing: 'ignore' })).toBe(0);
  });
});

describe('unicast: MIB_UNICASTIPADDRESS_ROW', () => {
  const row = { address: '198.51.100.10', interfaceLuid: ethernet.luid, onLinkPrefixLength: 24, prefixOrigin: 'manual' as const, suffixOrigin: 'manual' as const };
  const cases: [string, unknown, string, RegExp][] = [
    ['a NULL row', undefined, 'row', /got undefined/],
    ['Address missing', { interfaceLuid: ethernet.luid }, 'address', /was not specified/],
    ['Address multicast', { ...row, address: '224.0.0.1' }, 'address', /multicast/],
    ['Address unspecified', { ...row, address: '0.0.0.0' }, 'address', /unspecified/],
    ['neither LUID nor index', { address: '198.51.100.10' }, 'interfaceLuid', /neither/],
    ['ValidLifetime < PreferredLifetime', { ...row, validLifetime: 10, preferredLifetime: 20 }, 'preferredLifetime', /\(20\) is greater than validLifetime \(10\)/],
    ['PrefixOrigin unchanged, SuffixOrigin not', { ...row, prefixOrigin: 'unchanged' }, 'suffixOrigin', /must be 'unchanged'/],
    ['SuffixOrigin unchanged, PrefixOrigin not', { ...row, suffixOrigin: 'unchanged' }, 'prefixOrigin', /must be 'unchanged'/],
    ['PrefixOrigin not an NL_PREFIX_ORIGIN', { ...row, prefixOrigin: 7 }, 'prefixOrigin', /'manual'/],
    ['SuffixOrigin not an NL_SUFFIX_ORIGIN', { ...row, suffixOrigin: 'eui64' }, 'suffixOrigin', /'random'/],
    ['OnLinkPrefixLength over 32 for IPv4', { ...row, onLinkPrefixLength: 33 }, 'onLinkPrefixLength', /greater than the 32 bits/],
    ['OnLinkPrefixLength over 128 for IPv6', { ...row, address: '2001:db8::10', onLinkPrefixLength: 129 }, 'onLinkPrefixLength', /greater than the 128 bits/],
    ['SkipAsSource not a boolean', { ...row, skipAsSource: 'yes' }, 'skipAsSource', /true or false/],
  ];
  test.each(cases)('CreateUnicastIpAddressEntry refuses %s', async (_n, input, member, detail) => {
    const error = await refusal(api.createUnicastIpAddressEntry(input as never));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'CreateUnicastIpAddressEntry' });
    expect(error.message).toMatch(detail);
  });

  test('initializeUnicastIpAddressEntry is what this system’s InitializeUnicastIpAddressEntry writes', async () => {
    const defaults = await api.initializeUnicastIpAddressEntry();
    expect(defaults).toEqual({
      address: '', interfaceLuid: 0n, interfaceIndex: 0, prefixOrigin: 'unchanged', suffixOrigin: 'unchanged',
      validLifetime: 0xffffffff, preferredLifetime: 0xffffffff, onLinkPrefixLength: 255, skipAsSource: false, dadState: 'invalid',
      scopeId: 0, creationTimeStamp: null,
    });
    fake.initialized.unicast = { ...fake.initialized.unicast, onLinkPrefixLength: 0xfe };
    expect(api.initializeUnicastIpAddressEntrySync().onLinkPrefixLength).toBe(0xfe);
    // The row an Initialize gives back is refused until it names an address, as documented.
    expect(await refusal(api.createUnicastIpAddressEntry({ ...defaults, interfaceIndex: 12 }))).toMatchObject({ member: 'address', message: expect.stringMatching(/was not specified/) });
  });

  test('a member left out is not sent: the row keeps what InitializeUnicastIpAddressEntry wrote; rows read back with a Date', async () => {
    await api.createUnicastIpAddressEntry({ address: '198.51.100.10', interfaceIndex: 12 });
    expect(fake.calls[0]!.args[0]).toEqual({ address: '198.51.100.10', interfaceLuid: 0n, interfaceIndex: 12 });
    expect(fake.osRows[0]!.row).toEqual({ ...fake.initialized.unicast, address: '198.51.100.10', interfaceIndex: 12 });
    const back = await api.getUnicastIpAddressEntry({ address: '198.51.100.10', interfaceIndex: 12 });
    expect(back.creationTimeStamp).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(back.dadState).toBe('preferred');
    await api.setUnicastIpAddressEntry({ address: '198.51.100.10', interfaceIndex: 12, skipAsSource: true });
    expect(fake.calls.at(-1)!.args[0]).toEqual({ address: '198.51.100.10', interfaceLuid: 0n, interfaceIndex: 12, skipAsSource: true });
  });

  test('an unknown index is STATUS_NOT_FOUND with 2 (no such interface), an address not on the interface 1168', async () => {
    expect(await refusal(api.getUnicastIpAddressEntry({ address: '192.0.2.10', interfaceIndex: 99 }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2 });
    expect(await refusal(api.getUnicastIpAddressEntry({ address: '192.0.2.99', interfaceIndex: 12 }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 1168 });
  });

  test('the table, by family, with names for enumerations', async () => {
    const v4 = await api.getUnicastIpAddressTable('AF_INET');
    expect(v4).toEqual([
      expect.objectContaining({ address: '192.0.2.10', onLinkPrefixLength: 24, prefixOrigin: 'dhcp', suffixOrigin: 'dhcp', dadState: 'preferred', interfaceLuid: ethernet.luid }),
    ]);
    expect((await api.getUnicastIpAddressTable('ipv6')).map((r) => r.address)).toEqual(['fe80::10%12']);
    expect(api.getUnicastIpAddressTableSync()).toHaveLength(2);
  });

  test('the helpers add with a prefix, list by interface, replace and delete', async () => {
    const added = await api.addresses.add('198.51.100.10/24', { interface: 'Ethernet' });
    expect(added).toMatchObject({ address: '198.51.100.10', onLinkPrefixLength: 24, prefixOrigin: 'manual', suffixOrigin: 'manual', interfaceIndex: 12 });
    await api.addresses.add('2001:db8::5', { interface: wifi.guid, skipAsSource: true });
    expect((await api.addresses.list({ interface: wifi.luid })).map((r) => [r.address, r.onLinkPrefixLength, r.skipAsSource])).toEqual([['2001:db8::5', 128, true]]);
    expect(await refusal(api.addresses.add('198.51.100.10/24', { interface: 'Ethernet' }))).toMatchObject({ code: 'ERROR_OBJECT_ALREADY_EXISTS' });
    expect((await api.addresses.add('198.51.100.10/24', { interface: 'Ethernet', skipAsSource: true, ifExists: 'replace' })).skipAsSource).toBe(true);
    expect(await api.addresses.delete('198.51.100.10/24')).toBe(1);
    expect(await refusal(api.addresses.delete('198.51.100.10'))).toMatchObject({ code: 'STATUS_NOT_FOUND', member: 'address' });
    await api.addresses.add('198.51.100.11/24', { interface: 'Ethernet' });
    fake.failNext.set('DeleteUnicastIpAddressEntry', [2]);
    expect(await refusal(api.addresses.delete('198.51.100.11'))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall: 'DeleteUnicastIpAddressEntry' });
    fake.failNext.set('DeleteUnicastIpAddressEntry', [1168]);
    expect(await api.addresses.delete('198.51.100.11', { ifMissing: 'ignore' })).toBe(0);
    expect(await refusal(api.addresses.add('198.51.100.10/33', { interface: 'Ethernet' }))).toMatchObject({ member: 'address' });
    expect(await refusal(api.addresses.add('198.51.100.10/24', {} as never))).toMatchObject({ member: 'interface' });
  });
});

describe('IP interfaces: MIB_IPINTERFACE_ROW', () => {
  test('getIpInterfaceEntry by (family, LUID), (family, index) and by row', async () => {
    const byLuid = await api.getIpInterfaceEntry('AF_INET', ethernet.luid);
    expect(byLuid).toMatchObject({ family: 'AF_INET', interfaceLuid: ethernet.luid, metric: FAKE_INTERFACE_METRIC, routerDiscoveryBehavior: 'dhcp', linkLocalAddressBehavior: 'alwaysOn' });
    expect(byLuid.zoneIndices).toHaveLength(16);
    expect(byLuid.transmitOffload.nlChecksumSupported).toBe(true);
    expect(await api.getIpInterfaceEntry('ipv6', 12)).toMatchObject({ family: 'AF_INET6', interfaceIndex: 12 });
    expect(api.getIpInterfaceEntrySync({ family: 'AF_INET', interfaceIndex: 17 }).interfaceLuid).toBe(wifi.luid);
  });

  test('refusals name the member', async () => {
    expect(await refusal(api.getIpInterfaceEntry('AF_UNSPEC', ethernet.luid))).toMatchObject({ member: 'family', syscall: 'GetIpInterfaceEntry' });
    expect(await refusal(api.getIpInterfaceEntry('AF_INET'))).toMatchObject({ member: 'interfaceLuid' });
    expect(await refusal(api.setIpInterfaceEntry({ family: 'AF_INET', interfaceLuid: ethernet.luid, metric: -5 }))).toMatchObject({ member: 'metric' });
    expect(await refusal(api.setIpInterfaceEntry({ family: 'AF_INET', interfaceLuid: ethernet.luid, zoneIndices: [1, 2] }))).toMatchObject({ member: 'zoneIndices' });
    expect(await refusal(api.setIpInterfaceEntry({ family: 'AF_INET', interfaceLuid: ethernet.luid, routerDiscoveryBehavior: 'sometimes' as never }))).toMatchObject({ member: 'routerDiscoveryBehavior' });
    expect(await refusal(api.setIpInterfaceEntry({ family: 'AF_INET', interfaceLuid: ethernet.luid, transmitOffload: { fastPathCompatible: 1 } as never }))).toMatchObject({ member: 'transmitOffload' });
  });

  test('initializeIpInterfaceEntry is what this system’s InitializeIpInterfaceEntry writes, and a row read back round-trips through set', async () => {
    const defaults = api.initializeIpInterfaceEntrySync();
    expect(defaults).toMatchObject({ family: 'AF_UNSPEC', interfaceLuid: 0n, metric: 0, nlMtu: 0, routerDiscoveryBehavior: 'disabled', linkLocalAddressBehavior: 'alwaysOff' });
    fake.initialized.ipInterface = { ...fake.initialized.ipInterface, routerDiscoveryBehavior: 0xffffffff };
    expect((await api.initializeIpInterfaceEntry()).routerDiscoveryBehavior).toBe('unchanged');
    const row = await api.getIpInterfaceEntry('AF_INET6', ethernet.luid);
    await api.setIpInterfaceEntry({ ...row, nlMtu: 1280 });
    expect((await api.getIpInterfaceEntry('AF_INET6', ethernet.luid)).nlMtu).toBe(1280);
    expect(fake.calls.find((c) => c.name === 'setIpInterfaceEntry')!.args[0]).toMatchObject({ family: 23, routerDiscoveryBehavior: 2 });
  });

  test('setIpInterfaceEntry: a member left out is never sent as a value the package chose; it keeps Initialize’s bytes', async () => {
    // A system whose Initialize writes "unchanged" markers, as one secondary source says Windows does.
    const markers = { ...fake.initialized.ipInterface, routerDiscoveryBehavior: 0xffffffff, linkLocalAddressBehavior: 0xffffffff, dadTransmits: 0xffffffff, metric: 0xffffffff };
    fake.initialized.ipInterface = markers;
    await api.setIpInterfaceEntry({ family: 'AF_INET6', interfaceLuid: ethernet.luid, nlMtu: 1400 });
    expect(fake.calls[0]!.args[0]).toEqual({ family: 23, interfaceLuid: ethernet.luid, interfaceIndex: 0, nlMtu: 1400 });
    expect(fake.osRows[0]).toEqual({ syscall: 'SetIpInterfaceEntry', row: { ...markers, family: 23, interfaceLuid: ethernet.luid, nlMtu: 1400 } });
  });

  test('within an offload object, the flags left out keep Initialize’s bits', async () => {
    fake.initialized.ipInterface = { ...fake.initialized.ipInterface, transmitOffload: { ...fake.initialized.ipInterface.transmitOffload, nlOptionsSupported: true } };
    await api.setIpInterfaceEntry({ family: 'AF_INET6', interfaceLuid: ethernet.luid, transmitOffload: { fastPathCompatible: true } });
    expect((fake.osRows[0]!.row as { transmitOffload: object }).transmitOffload).toMatchObject({ nlOptionsSupported: true, fastPathCompatible: true, nlChecksumSupported: false });
  });

  test('a raw IPv4 get → set round trip works: SitePrefixLength goes as 0 (Windows reads 64 and takes only 0)', async () => {
    const row = await api.getIpInterfaceEntry('AF_INET', ethernet.luid);
    expect(row.sitePrefixLength).toBe(64);
    await api.setIpInterfaceEntry(row);
    expect(fake.calls.at(-1)!.args[0]).toMatchObject({ family: 2, sitePrefixLength: 0, metric: FAKE_INTERFACE_METRIC });
    api.setIpInterfaceEntrySync({ ...row, sitePrefixLength: 32 });
    expect(fake.calls.at(-1)!.args[0]).toMatchObject({ sitePrefixLength: 0 });
    // IPv6 rows keep theirs.
    const v6 = await api.getIpInterfaceEntry('AF_INET6', ethernet.luid);
    await api.setIpInterfaceEntry({ ...v6, sitePrefixLength: 48 });
    expect(fake.calls.at(-1)!.args[0]).toMatchObject({ family: 23, sitePrefixLength: 48 });
  });

  test("the 'unchanged' behaviours travel as 0xffffffff", async () => {
    const row = await api.getIpInterfaceEntry('AF_INET6', ethernet.luid);
    await api.setIpInterfaceEntry({ ...row, routerDiscoveryBehavior: 'unchanged', linkLocalAddressBehavior: 'unchanged' });
    expect(fake.calls.at(-1)!.args[0]).toMatchObject({ routerDiscoveryBehavior: 0xffffffff, linkLocalAddressBehavior: 0xffffffff });
  });

  test('getIpInterfaceTable by family', async () => {
    expect((await api.getIpInterfaceTable('AF_INET')).length).toBe(3);
    expect((await api.getIpInterfaceTable('AF_INET6')).length).toBe(2);
    expect((await api.getIpInterfaceTable()).length).toBe(5);
  });
});

describe('the interfaces helpers', () => {
  test('get merges MIB_IF_ROW2, both IP rows and the addresses; an unbound family is null', async () => {
    const view = await api.interfaces.get('Ethernet');
    expect(view).toMatchObject({ alias: 'Ethernet', interfaceIndex: 12, physicalAddress: '02:00:5e:10:00:01', operStatus: 'up' });
    expect(view.ipv4?.metric).toBe(FAKE_INTERFACE_METRIC);
    expect(view.ipv6?.family).toBe('AF_INET6');
    expect(view.addresses.map((a) => a.address).sort()).toEqual(['192.0.2.10', 'fe80::10%12']);
    const wifiView = await api.interfaces.get(wifi.guid);
    expect(wifiView.ipv6).toBeNull();
    expect(wifiView.addresses).toEqual([]);
  });

  test('list gives every interface', async () => {
    const all = await api.interfaces.list();
    expect(all.map((v) => v.alias)).toEqual(FAKE_INTERFACES.map((i) => i.alias));
  });

  test('an interface that vanishes while the list is made is left out, not shown unbound', async () => {
    const table = fake.getIfTable2Sync();
    fake.vanish(wifi.luid);
    fake.getIfTable2 = async () => table; // read before it went
    const all = await api.interfaces.list();
    expect(all.map((v) => v.alias)).toEqual([FAKE_INTERFACES[0]!.alias, ethernet.alias]);
  });

  test('a vanished interface is "no such interface" (2), never "no row for this family"', async () => {
    fake.vanish(wifi.luid);
    // GetIpInterfaceEntry says 1168 for a LUID that names nothing, as for an unbound family.
    expect(await refusal(api.getIpInterfaceEntry('AF_INET', wifi.luid))).toMatchObject({ win32: 1168 });
    const error = await refusal(api.interfaces.set(wifi.luid, { metric: 7 }));
    expect(error).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall: 'ConvertInterfaceLuidToIndex' });
    expect(await refusal(api.interfaces.get(wifi.luid))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2 });
  });

  test('set changes metric (turning automatic metric off), MTU and forwarding, reading first', async () => {
    const after = await api.interfaces.set('Ethernet', { metric: 5, mtu: 1400, forwarding: true });
    expect(after.ipv4).toMatchObject({ metric: 5, useAutomaticMetric: false, nlMtu: 1400, forwardingEnabled: true });
    expect(fake.calls.find((c) => c.name === 'setIpInterfaceEntry' && (c.args[0] as { family: number }).family === 2)!.args[0]).toMatchObject({ sitePrefixLength: 0 });
    expect(after.ipv6).toMatchObject({ metric: 5, nlMtu: 1400, forwardingEnabled: true });
    // The rest of the row is what was read, not InitializeIpInterfaceEntry's zeros.
    expect(after.ipv4).toMatchObject({ baseReachableTime: 30000, dadTransmits: 1, routerDiscoveryBehavior: 'dhcp' });
  });

  test('set one family only; an unbound family is STATUS_NOT_FOUND; nothing to change is refused', async () => {
    const after = await api.interfaces.set(12, { metric: 7, family: 'ipv6' });
    expect(after.ipv6?.metric).toBe(7);
    expect(after.ipv4?.metric).toBe(FAKE_INTERFACE_METRIC);
    expect(await refusal(api.interfaces.set('Wi-Fi 2 — Büro', { metric: 7, family: 'ipv6' }))).toMatchObject({ code: 'STATUS_NOT_FOUND', member: 'family' });
    expect(await refusal(api.interfaces.set('Ethernet', {}))).toMatchObject({ member: 'options', code: 'STATUS_INVALID_PARAMETER' });
    expect(await refusal(api.interfaces.set('Ethernet', { mtu: -1 }))).toMatchObject({ member: 'mtu' });
  });
});
