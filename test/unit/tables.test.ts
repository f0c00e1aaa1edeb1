/**
 * The rest of netioapi.h over the fake binding: argument checks per member, what reaches
 * the binding, and what comes back.
 */
import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { FAKE_INTERFACES } from './support/fake-binding.js';
import { refusal, useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();
const ethernet = FAKE_INTERFACES[1]!;

describe('getIfTable2Ex and getIfEntry2Ex', () => {
  test('levels by name reach the binding as their numbers; without statistics the counters are 0', async () => {
    const rows = await api.getIfTable2Ex('normalWithoutStatistics');
    expect(fake.calls.at(-1)).toEqual({ name: 'getIfTable2Ex', args: [2] });
    expect(rows.map((r) => r.alias)).toEqual((await api.getIfTable2()).map((r) => r.alias));
    expect(rows[1]!.inOctets).toBe(0n);
    expect(api.getIfTable2ExSync('raw')[1]!.inOctets).toBeGreaterThan(0n);
    expect(fake.calls.at(-1)).toEqual({ name: 'getIfTable2ExSync', args: [1] });
    const row = await api.getIfEntry2Ex('normal', { interfaceIndex: 12 });
    expect(row).toMatchObject({ alias: 'Ethernet', interfaceLuid: ethernet.luid });
    expect(fake.calls.at(-1)!.args).toEqual([0, { interfaceLuid: 0n, interfaceIndex: 12 }]);
  });

  test.each([
    ['level', () => api.getIfTable2Ex('fast' as never)],
    ['level', () => api.getIfTable2Ex(3 as never)],
    ['level', () => api.getIfEntry2Ex('raw' as never, { interfaceIndex: 12 })],
    ['row', () => api.getIfEntry2Ex('normal', null as never)],
    ['interfaceLuid', () => api.getIfEntry2Ex('normal', {})],
    ['interfaceIndex', () => api.getIfEntry2Ex('normalWithoutStatistics', { interfaceIndex: -4 })],
  ])('bad %s is refused', async (member, call) => {
    expect(await refusal(call())).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member });
  });
});

describe('multicast addresses and the path cache', () => {
  test('tables by family, and entries by their keys', async () => {
    expect((await api.getMulticastIpAddressTable('ipv4')).map((r) => r.address)).toEqual(['224.0.0.1', '224.0.0.1', '224.0.0.1']);
    expect(await api.getMulticastIpAddressEntry({ address: 'FF02::1', interfaceLuid: ethernet.luid })).toEqual({
      address: 'ff02::1', interfaceLuid: ethernet.luid, interfaceIndex: 12, scopeId: 12,
    });
    expect(await api.getIpPathTable()).toHaveLength(1);
    const path = await api.getIpPathEntry({ destination: '192.0.2.1', interfaceIndex: 12 });
    expect(path).toMatchObject({ destination: '192.0.2.1', pathMtu: 1500, rttMean: 3, isReachable: true, linkTransmitSpeed: 1_000_000_000n });
    expect(fake.calls.at(-1)!.args[0]).toEqual({ source: null, destination: '192.0.2.1', interfaceLuid: 0n, interfaceIndex: 12 });
    await api.flushIpPathTable('AF_INET');
    expect(await api.getIpPathTable('AF_INET')).toEqual([]);
  });

  test.each([
    ['address', () => api.getMulticastIpAddressEntry({ interfaceIndex: 12 } as never)],
    ['address', () => api.getMulticastIpAddressEntry({ address: '224.0.0.256', interfaceIndex: 12 })],
    ['interfaceLuid', () => api.getMulticastIpAddressEntry({ address: '224.0.0.1' })],
    ['family', () => api.getMulticastIpAddressTable('AF_PACKET' as never)],
    ['destination', () => api.getIpPathEntry({ interfaceIndex: 12 } as never)],
    ['source', () => api.getIpPathEntry({ destination: '192.0.2.1', source: '2001:db8::1', interfaceIndex: 12 })],
    ['interfaceLuid', () => api.getIpPathEntry({ destination: '192.0.2.1' })],
    ['family', () => api.flushIpPathTable(undefined as never)],
    ['family', () => api.getIpPathTable(4 as never)],
  ])('bad %s is refused', async (member, call) => {
    expect(await refusal(call())).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member });
  });
});

describe('the interface stack, the Teredo port, bandwidth estimates', () => {
  test('rows with their documented members', async () => {
    expect((await api.getIfStackTable())[0]).toEqual({ higherLayerInterfaceIndex: 1, lowerLayerInterfaceIndex: 0 });
    expect(Object.keys(api.getInvertedIfStackTableSync()[0]!)).toEqual(['lowerLayerInterfaceIndex', 'higherLayerInterfaceIndex']);
    fake.teredoPort = 51234;
    expect(await api.getTeredoPort()).toBe(51234);
    const estimates = await api.getIpNetworkConnectionBandwidthEstimates(12, 'ipv4');
    expect(estimates.inboundBandwidthInformation).toEqual({ bandwidth: 100_000_000n, instability: 1_000n, bandwidthPeaked: false });
    expect(await refusal(api.getIpNetworkConnectionBandwidthEstimates(12, 'all'))).toMatchObject({ member: 'addressFamily' });
    expect(await refusal(api.getIpNetworkConnectionBandwidthEstimates(-1, 'ipv4'))).toMatchObject({ member: 'interfaceIndex' });
    // Index 0 is the OS's to judge, as every index is: no such interface.
    expect(await refusal(api.getIpNetworkConnectionBandwidthEstimates(0, 'ipv4'))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2 });
  });

  test('notifyTeredoPortChange: the port in each event, initial first when asked for', async () => {
    fake.teredoPort = 3544;
    const events: unknown[] = [];
    const handle = await api.notifyTeredoPortChange((e) => events.push(e), { initialNotification: true });
    await fake.flush();
    fake.emit('teredo', 0, 40000);
    await fake.flush();
    handle.cancel();
    expect(events).toEqual([{ type: 'initial', row: 3544 }, { type: 'parameter', row: 40000 }]);
  });

  test('notifyStableUnicastIpAddressTable: the table at once when stable, else later through the callback', async () => {
    const never: unknown[] = [];
    const now = await api.notifyStableUnicastIpAddressTable('AF_INET', (t) => never.push(t));
    expect(now.handle).toBeNull();
    expect(now.table!.map((r) => r.address)).toEqual(['192.0.2.10']);
    fake.stablePending = true;
    const later: (api.MibUnicastipaddressRow[] | null)[] = [];
    const pending = api.notifyStableUnicastIpAddressTableSync('all', (t) => later.push(t));
    expect(pending.table).toBeNull();
    fake.emit('stable', 3, [...fake.unicast.values()]);
    await fake.flush();
    pending.handle!.cancel();
    expect(later).toHaveLength(1);
    expect(later[0]!.map((r) => r.address).sort()).toEqual(['192.0.2.10', 'fe80::10%12']);
    expect(later[0]![0]!.dadState).toBe('preferred');
    expect(never).toEqual([]);
  });
});

describe('createSortedAddressPairs', () => {
  test('IPv4 goes in IPv4-mapped and comes back as IPv4; every destination comes back once', async () => {
    const pairs = await api.createSortedAddressPairs(['192.0.2.1', '2001:db8::1']);
    expect(fake.calls.at(-1)!.args[0]).toEqual(['::ffff:192.0.2.1', '2001:db8::1']);
    expect(pairs).toEqual([
      { sourceAddress: '2001:db8::100', destinationAddress: '2001:db8::1' },
      { sourceAddress: '192.0.2.10', destinationAddress: '192.0.2.1' },
    ]);
  });

  test.each([
    ['destinationAddressList', () => api.createSortedAddressPairs('192.0.2.1' as never)],
    ['destinationAddressList', () => api.createSortedAddressPairs([])],
    ['destinationAddressList', () => api.createSortedAddressPairs(Array(501).fill('192.0.2.1') as string[])],
    ['destinationAddressList[1]', () => api.createSortedAddressPairs(['192.0.2.1', 'host.example'])],
  ])('bad %s is refused', async (member, call) => {
    expect(await refusal(call())).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'CreateSortedAddressPairs' });
  });
});

describe('the IPv4 mask conversions and the interface names', () => {
  test('every length 0-32 round-trips', async () => {
    for (let length = 0; length <= 32; length++) {
      const mask = await api.convertLengthToIpv4Mask(length);
      expect(api.convertIpv4MaskToLengthSync(mask)).toBe(length);
    }
    expect(api.convertLengthToIpv4MaskSync(20)).toBe('255.255.240.0');
  });

  test.each([
    ['maskLength', () => api.convertLengthToIpv4Mask(33)],
    ['maskLength', () => api.convertLengthToIpv4Mask(-1)],
    ['mask', () => api.convertIpv4MaskToLength('255.0.255.0')],
    ['mask', () => api.convertIpv4MaskToLength('ffff::')],
    ['mask', () => api.convertIpv4MaskToLength(24 as never)],
  ])('bad %s is refused', async (member, call) => {
    expect(await refusal(call())).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member });
  });

  test('if_nametoindex and if_indextoname use interface names, not aliases; none is STATUS_NOT_FOUND', async () => {
    expect(await api.ifNameToIndex('ethernet_32769')).toBe(12);
    expect(api.ifIndexToNameSync(12)).toBe('ethernet_32769');
    expect(await refusal(api.ifNameToIndex('Ethernet'))).toMatchObject({ code: 'STATUS_NOT_FOUND', syscall: 'if_nametoindex' });
    expect(await refusal(api.ifIndexToName(99))).toMatchObject({ code: 'STATUS_NOT_FOUND', syscall: 'if_indextoname' });
    expect(await refusal(api.ifNameToIndex('Büro'))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'interfaceName' });
    expect(await refusal(api.ifNameToIndex('a\0b'))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'interfaceName' });
    expect(await refusal(api.ifIndexToName(-1))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'interfaceIndex' });
    // An empty name and index 0 reach the OS, which knows no such interface.
    expect(await refusal(api.ifNameToIndex(''))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2 });
    expect(await refusal(api.ifIndexToName(0))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2 });
  });
});

describe('compartments', () => {
  test('get and set, by thread and by session', async () => {
    expect(await api.getCurrentThreadCompartmentId()).toBe(1);
    expect(api.getDefaultCompartmentIdSync()).toBe(1);
    await api.setCurrentThreadCompartmentId(2);
    expect(api.getCurrentThreadCompartmentIdSync()).toBe(2);
    await api.setSessionCompartmentId(1, 3);
    expect(await api.getSessionCompartmentId(1)).toBe(3);
    expect(await api.getNetworkInformation('{00000000-0000-0000-0000-000000000000}')).toEqual({ compartmentId: 1, siteId: 0, networkName: 'Network' });
  });

  test.each([
    ['compartmentId', () => api.setCurrentThreadCompartmentId(0)],
    ['compartmentId', () => api.setSessionCompartmentId(1, 0)],
    ['sessionId', () => api.setSessionCompartmentId(-1, 1)],
    ['sessionId', () => api.getSessionCompartmentId('console' as never)],
    ['networkGuid', () => api.getNetworkInformation('network')],
    ['networkName', () => api.setNetworkInformation('{00000000-0000-0000-0000-000000000000}', 1, 'a\0b')],
    ['compartmentId', () => api.setNetworkInformation('{00000000-0000-0000-0000-000000000000}', 0, 'Lab')],
  ])('bad %s is refused', async (member, call) => {
    expect(await refusal(call())).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member });
  });
});

describe('protocol statistics', () => {
  test('per family, enumerations named, AF_INET by default', async () => {
    const ip = await api.getIpStatisticsEx();
    expect(fake.calls.at(-1)).toEqual({ name: 'getIpStatisticsEx', args: [2] });
    expect(ip).toMatchObject({ forwarding: 'notForwarding', defaultTtl: 128, inReceives: 1000 });
    expect(await api.getTcpStatisticsEx('ipv6')).toMatchObject({ rtoAlgorithm: 'vanj', maxConn: 0xffffffff, inSegs: 10 });
    expect(api.getUdpStatisticsExSync('AF_INET')).toEqual({ inDatagrams: 1000, noPorts: 2, inErrors: 0, outDatagrams: 1000, numAddrs: 3 });
    const icmp = await api.getIcmpStatisticsEx('AF_INET6');
    expect(icmp.icmpOutStats.typeCount).toHaveLength(256);
    expect(icmp.icmpOutStats.typeCount[128]).toBe(7);
  });

  test.each([
    ['getIpStatisticsEx', () => api.getIpStatisticsEx('all')],
    ['getTcpStatisticsEx', () => api.getTcpStatisticsEx(0 as never)],
    ['getUdpStatisticsEx', () => api.getUdpStatisticsEx('AF_UNSPEC')],
    ['getIcmpStatisticsEx', () => api.getIcmpStatisticsEx('inet7' as never)],
  ])('%s refuses a family that is not one', async (_name, call) => {
    expect(await refusal(call())).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'family' });
  });
});
