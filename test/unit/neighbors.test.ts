import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { refusal, useFakeBinding } from './support/setup.js';
import { FAKE_INTERFACES, encodeForwardRows, fakeInitializedRoute } from './support/fake-binding.js';

const fake = useFakeBinding();

const ethernet = FAKE_INTERFACES[1]!;
const base = { address: '203.0.113.77', physicalAddress: '02:00:5e:10:00:77', interfaceLuid: ethernet.luid };


describe('CreateIpNetEntry2: every documented STATUS_INVALID_PARAMETER condition, before the call', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['a NULL row', null, 'row', /expected an object, got null/],
    ['Address not set', { physicalAddress: '02:00:5e:10:00:77', interfaceLuid: ethernet.luid }, 'address', /was not specified/],
    ['Address not an address', { ...base, address: '203.0.113' }, 'address', /IPv4 or IPv6 address/],
    ['Address the unspecified IPv4 address', { ...base, address: '0.0.0.0' }, 'address', /unspecified address/],
    ['Address the unspecified IPv6 address', { ...base, address: '::' }, 'address', /unspecified address/],
    ['Address the IPv4 broadcast address', { ...base, address: '255.255.255.255' }, 'address', /broadcast address/],
    ['a loopback Address (IPv4)', { ...base, address: '127.0.0.1' }, 'address', /loopback/],
    ['a loopback Address (IPv4, not .1)', { ...base, address: '127.1.2.3' }, 'address', /loopback/],
    ['a loopback Address (IPv6)', { ...base, address: '::1' }, 'address', /loopback/],
    ['a loopback Address (IPv4-mapped)', { ...base, address: '::ffff:127.0.0.1' }, 'address', /loopback/],
    ['PhysicalAddress missing', { address: '203.0.113.77', interfaceLuid: ethernet.luid }, 'physicalAddress', /was not specified/],
    ['PhysicalAddress empty', { ...base, physicalAddress: '' }, 'physicalAddress', /is empty/],
    ['PhysicalAddress empty bytes', { ...base, physicalAddress: new Uint8Array(0) }, 'physicalAddress', /is empty/],
    ['PhysicalAddress longer than 32 bytes', { ...base, physicalAddress: new Uint8Array(33) }, 'physicalAddress', /at most 32 bytes/],
    ['PhysicalAddress text of 33 bytes', { ...base, physicalAddress: Array(33).fill('aa').join(':') }, 'physicalAddress', /at most 32 bytes/],
    ['PhysicalAddressLength that does not match', { ...base, physicalAddressLength: 8 }, 'physicalAddressLength', /\(8\) does not match physicalAddress, which has 6 bytes/],
    ['PhysicalAddressLength over 32', { ...base, physicalAddressLength: 33 }, 'physicalAddressLength', /0 to 32/],
    ['neither InterfaceLuid nor InterfaceIndex', { address: '203.0.113.77', physicalAddress: '02:00:5e:10:00:77' }, 'interfaceLuid', /neither/],
    ['an unknown state', { ...base, state: 'sleepy' }, 'state', /'permanent'/],
  ];
  test.each(cases)('%s', async (_name, row, member, detail) => {
    const error = await refusal(api.createIpNetEntry2(row as never));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'CreateIpNetEntry2', win32: 87 });
    expect(error.message).toMatch(detail);
    expect(fake.calls).toEqual([]);
  });

  test('interface LUID before index, as documented', async () => {
    await api.createIpNetEntry2({ ...base, interfaceIndex: 17 });
    expect([...fake.neighbors.values()][0]!.interfaceIndex).toBe(12);
  });
});

describe('physical addresses: every format accepted and refused', () => {
  test.each([
    ['02:00:5e:10:00:77', '02:00:5e:10:00:77'],
    ['02-00-5E-10-00-77', '02:00:5e:10:00:77'],
    ['02:00:5E:10:00:77', '02:00:5e:10:00:77'],
    [Buffer.from('02005e100077', 'hex'), '02:00:5e:10:00:77'],
    [new Uint8Array([2, 0, 0x5e, 0x10, 0, 0x77]), '02:00:5e:10:00:77'],
    ['80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:bc:de', '80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:bc:de'],
    [Array(32).fill('ab').join('-'), Array(32).fill('ab').join(':')],
  ])('%j is accepted as %s', async (mac, expected) => {
    await api.createIpNetEntry2({ ...base, physicalAddress: mac });
    expect(fake.calls[0]!.args[0]).toMatchObject({ physicalAddress: expected, physicalAddressLength: expected.split(':').length });
  });

  test.each([
    '02:00:5e:10:00:7', '2:0:5e:10:0:77', '02:00-5e:10:00:77', '0200.5e10.0077', '02005e100077', 'zz:00:5e:10:00:77', '02:00:5e:10:00:77:',
    ' 02:00:5e:10:00:77', '02:00:5e:10:00:77\n', '٠٢:00:5e:10:00:77', 42, null, {}, ['02'],
  ])('%j is refused, naming physicalAddress', async (mac) => {
    const error = await refusal(api.createIpNetEntry2({ ...base, physicalAddress: mac as never }));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'physicalAddress' });
  });
});

describe('documented outcomes and round trips', () => {
  test('created, read back, set, deleted; the state defaults to permanent', async () => {
    await api.createIpNetEntry2(base);
    const row = await api.getIpNetEntry2({ address: base.address, interfaceIndex: 12 });
    expect(row).toEqual({
      address: '203.0.113.77',
      interfaceIndex: 12,
      interfaceLuid: ethernet.luid,
      physicalAddress: '02:00:5e:10:00:77',
      physicalAddressLength: 6,
      state: 'permanent',
      isRouter: false,
      isUnreachable: false,
      reachabilityTime: { lastReachable: 0, lastUnreachable: 0 },
    });
    await api.setIpNetEntry2({ ...base, physicalAddress: '02:00:5e:10:00:78' });
    expect((await api.getIpNetEntry2(base)).physicalAddress).toBe('02:00:5e:10:00:78');
    // A row read back goes in again as it is.
    await api.deleteIpNetEntry2(row);
    expect(fake.neighbors.size).toBe(0);
  });

  test('a duplicate is ERROR_OBJECT_ALREADY_EXISTS; an unknown interface STATUS_NOT_FOUND', async () => {
    await api.createIpNetEntry2(base);
    expect(await refusal(api.createIpNetEntry2(base))).toMatchObject({ code: 'ERROR_OBJECT_ALREADY_EXISTS', win32: 5010 });
    expect(await refusal(api.createIpNetEntry2({ ...base, interfaceLuid: 42n }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 1168 });
  });

  test('get and delete need no physical address; set does', async () => {
    await api.createIpNetEntry2(base);
    expect((await api.getIpNetEntry2({ address: base.address, interfaceLuid: ethernet.luid })).state).toBe('permanent');
    expect(await refusal(api.setIpNetEntry2({ address: base.address, interfaceLuid: ethernet.luid }))).toMatchObject({ member: 'physicalAddress' });
    await api.deleteIpNetEntry2({ address: base.address, interfaceLuid: ethernet.luid });
  });

  test('getIpNetTable2 by family, and flushIpNetTable2 keeps permanent entries', async () => {
    await api.createIpNetEntry2(base);
    await api.createIpNetEntry2({ ...base, address: '2001:db8::77', state: 'stale' });
    await api.createIpNetEntry2({ ...base, address: '203.0.113.78', state: 'reachable' });
    expect((await api.getIpNetTable2('ipv6')).map((r) => r.address)).toEqual(['2001:db8::77']);
    expect((await api.getIpNetTable2()).length).toBe(3);
    await api.flushIpNetTable2('AF_INET', 12);
    expect((await api.getIpNetTable2()).map((r) => r.address).sort()).toEqual(['2001:db8::77', '203.0.113.77']);
    expect(await refusal(api.flushIpNetTable2('AF_INET', -1))).toMatchObject({ member: 'interfaceIndex' });
  });

  test('not elevated is STATUS_ACCESS_DENIED with the hint', async () => {
    fake.elevated = false;
    expect(await refusal(api.createIpNetEntry2(base))).toMatchObject({ code: 'STATUS_ACCESS_DENIED', hint: expect.stringMatching(/elevated/) });
  });
});

describe('the neighbors helpers', () => {
  test('add by alias returns the row; list filters by family, interface and state', async () => {
    const added = await api.neighbors.add({ address: '203.0.113.77', mac: '02-00-5E-10-00-77', interface: 'Ethernet' });
    expect(added).toMatchObject({ address: '203.0.113.77', physicalAddress: '02:00:5e:10:00:77', state: 'permanent', interfaceIndex: 12 });
    await api.neighbors.add({ address: '2001:db8::9', mac: '02:00:5e:10:00:09', interface: 17, state: 'reachable' });
    expect((await api.neighbors.list({ family: 'ipv4' })).map((r) => r.address)).toEqual(['203.0.113.77']);
    expect((await api.neighbors.list({ interface: 17 })).map((r) => r.address)).toEqual(['2001:db8::9']);
    expect((await api.neighbors.list({ state: ['reachable', 'stale'] })).map((r) => r.address)).toEqual(['2001:db8::9']);
    expect(await refusal(api.neighbors.list({ state: 'asleep' as never }))).toMatchObject({ member: 'state' });
  });

  test("add with ifExists 'ignore' and 'replace'", async () => {
    const spec = { address: '203.0.113.77', mac: '02:00:5e:10:00:77', interface: 'Ethernet' };
    await api.neighbors.add(spec);
    expect(await refusal(api.neighbors.add(spec))).toMatchObject({ code: 'ERROR_OBJECT_ALREADY_EXISTS' });
    expect((await api.neighbors.add({ ...spec, mac: '02:00:5e:10:00:99', ifExists: 'ignore' })).physicalAddress).toBe('02:00:5e:10:00:77');
    expect((await api.neighbors.add({ ...spec, mac: '02:00:5e:10:00:99', ifExists: 'replace' })).physicalAddress).toBe('02:00:5e:10:00:99');
  });

  test('delete by address on every interface; missing is STATUS_NOT_FOUND unless ignored', async () => {
    await api.neighbors.add({ address: '203.0.113.77', mac: '02:00:5e:10:00:77', interface: 'Ethernet' });
    await api.neighbors.add({ address: '203.0.113.77', mac: '02:00:5e:10:00:77', interface: 17 });
    expect(await api.neighbors.delete({ address: '203.0.113.77' })).toBe(2);
    expect(await refusal(api.neighbors.delete({ address: '203.0.113.77' }))).toMatchObject({ code: 'STATUS_NOT_FOUND', member: 'address' });
    expect(await api.neighbors.delete({ address: '203.0.113.77' }, { ifMissing: 'ignore' })).toBe(0);
  });

  test('delete counts a neighbour gone meanwhile (1168) as done, never a vanished interface (2)', async () => {
    await api.neighbors.add({ address: '203.0.113.77', mac: '02:00:5e:10:00:77', interface: 'Ethernet' });
    fake.failNext.set('DeleteIpNetEntry2', [2]);
    expect(await refusal(api.neighbors.delete({ address: '203.0.113.77' }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall: 'DeleteIpNetEntry2' });
    fake.failNext.set('DeleteIpNetEntry2', [1168]);
    expect(await api.neighbors.delete({ address: '203.0.113.77' }, { ifMissing: 'ignore' })).toBe(0);
    expect(fake.neighbors.size).toBe(1);
  });

  test("Windows' own permanent entries (224.0.0.22, 239.255.255.250) are listed by default and left out with includeSystem: false", async () => {
    fake.addSystemNeighbors();
    await api.neighbors.add({ address: '203.0.113.77', mac: '02:00:5e:10:00:77', interface: 'Ethernet' });
    await api.neighbors.add({ address: '224.0.0.251', mac: '01:00:5e:00:00:fb', interface: 'Ethernet' });
    const all = await api.neighbors.list({ interface: 'Ethernet', state: 'permanent' });
    expect(all.map((n) => n.address).sort()).toEqual(['203.0.113.77', '224.0.0.22', '224.0.0.251', '239.255.255.250']);
    const mine = await api.neighbors.list({ interface: 'Ethernet', state: 'permanent', includeSystem: false });
    expect(mine.map((n) => n.address).sort()).toEqual(['203.0.113.77', '224.0.0.251']);
    expect((await api.neighbors.list({ includeSystem: false })).map((n) => n.address).sort()).toEqual(['203.0.113.77', '224.0.0.251']);
    expect((await api.neighbors.list()).length).toBe(2 + 2 * FAKE_INTERFACES.length);
    expect(await refusal(api.neighbors.list({ includeSystem: 'no' as never }))).toMatchObject({ member: 'includeSystem', code: 'STATUS_INVALID_PARAMETER' });
  });

  test('a non-permanent row at one of those addresses is not Windows’ own entry and stays', async () => {
    await api.neighbors.add({ address: '224.0.0.22', mac: '01:00:5e:00:00:16', interface: 'Ethernet', state: 'stale' });
    expect((await api.neighbors.list({ includeSystem: false })).map((n) => n.address)).toEqual(['224.0.0.22']);
  });

  test('flush resolves the interface to its index', async () => {
    await api.neighbors.add({ address: '203.0.113.78', mac: '02:00:5e:10:00:78', interface: 'Ethernet', state: 'stale' });
    await api.neighbors.flush({ interface: 'Ethernet', family: 'ipv4' });
    expect(fake.calls.at(-1)).toEqual({ name: 'flushIpNetTable2', args: [2, 12] });
    expect(fake.neighbors.size).toBe(0);
  });

  test('resolve returns the MAC, or a STATUS_* error a user can act on', async () => {
    fake.resolvable.set('192.0.2.1', '02:00:5e:00:00:01');
    expect(await api.neighbors.resolve('192.0.2.1', { interface: 'Ethernet' })).toBe('02:00:5e:00:00:01');
    const error = await refusal(api.neighbors.resolve('192.0.2.2', { interface: 'Ethernet' }));
    expect(error).toMatchObject({ code: 'STATUS_BAD_NETWORK_NAME', win32: 67, syscall: 'ResolveIpNetEntry2' });
    expect(error.message).toMatch(/unreachable/);
    expect(await refusal(api.neighbors.resolve('127.0.0.1', { interface: 'Ethernet' }))).toMatchObject({ member: 'address', code: 'STATUS_INVALID_PARAMETER' });
    expect(await refusal(api.resolveIpNetEntry2({ address: '192.0.2.1', interfaceLuid: ethernet.luid }, '2001:db8::1'))).toMatchObject({ member: 'source' });
  });

  test('resolve without an interface, when the best route names none, says to name one', async () => {
    fake.getBestRoute2 = async () => ({ route: encodeForwardRows([fakeInitializedRoute()]), sourceAddress: '::1', interfaceMetric: null });
    expect(await refusal(api.neighbors.resolve('192.0.2.1'))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'interface', syscall: 'ResolveIpNetEntry2' });
  });

  test('resolve without an interface uses the interface of the best route', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '192.0.2.0/24', nextHop: '0.0.0.0', interfaceLuid: FAKE_INTERFACES[2]!.luid });
    fake.resolvable.set('192.0.2.1', '02:00:5e:00:00:01');
    await api.neighbors.resolve('192.0.2.1');
    expect((fake.calls.at(-1)!.args[0] as { interfaceLuid: bigint }).interfaceLuid).toBe(FAKE_INTERFACES[2]!.luid);
  });
});
