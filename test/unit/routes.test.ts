import { describe, expect, test, vi } from 'vitest';

import * as api from '../../lib/index.js';
import { refusal, useFakeBinding } from './support/setup.js';
import { FAKE_INTERFACES, FAKE_INTERFACE_METRIC, encodeForwardRows, fakeInitializedRoute } from './support/fake-binding.js';

const fake = useFakeBinding();

const ethernet = FAKE_INTERFACES[1]!;
const wifi = FAKE_INTERFACES[2]!;
const base = { destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', interfaceLuid: ethernet.luid };


describe('CreateIpForwardEntry2: every documented STATUS_INVALID_PARAMETER condition, before the call', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['a NULL row', null, 'row', /expected an object, got null/],
    ['a row that is not an object', 'route', 'row', /expected an object/],
    ['DestinationPrefix not specified', { nextHop: '192.0.2.1', interfaceLuid: ethernet.luid }, 'destinationPrefix', /was not specified/],
    ['NextHop not specified', { destinationPrefix: '203.0.113.0/24', interfaceLuid: ethernet.luid }, 'nextHop', /was not specified; use '0.0.0.0'/],
    ['NextHop not specified (IPv6)', { destinationPrefix: '2001:db8::/32', interfaceLuid: ethernet.luid }, 'nextHop', /use '::'/],
    ['neither InterfaceLuid nor InterfaceIndex', { destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1' }, 'interfaceLuid', /neither/],
    ['both zero', { ...base, interfaceLuid: 0n, interfaceIndex: 0 }, 'interfaceLuid', /neither/],
    ['PreferredLifetime > ValidLifetime', { ...base, validLifetime: 60, preferredLifetime: 61 }, 'preferredLifetime', /\(61\) is greater than validLifetime \(60\)/],
    ['SitePrefixLength > prefix length', { ...base, sitePrefixLength: 25 }, 'sitePrefixLength', /\(25\) is greater than the prefix length of destinationPrefix \(24\)/],
    ['a prefix length beyond 32', { ...base, destinationPrefix: '203.0.113.0/33' }, 'destinationPrefix', /0 to 32/],
    ['a prefix length beyond 128', { ...base, destinationPrefix: '2001:db8::/129', nextHop: '2001:db8::1' }, 'destinationPrefix', /0 to 128/],
    ['a NextHop of the other family', { ...base, nextHop: '2001:db8::1' }, 'nextHop', /IPv6 address but destinationPrefix is an IPv4 prefix/],
    ['an IPv4 NextHop for an IPv6 prefix', { ...base, destinationPrefix: '2001:db8::/32' }, 'nextHop', /IPv4 address but destinationPrefix is an IPv6 prefix/],
    ['a DestinationPrefix that is not a prefix', { ...base, destinationPrefix: '203.0.113.0' }, 'destinationPrefix', /prefix such as/],
    ['a NextHop that is not an address', { ...base, nextHop: 'gateway' }, 'nextHop', /IPv4 or IPv6 address/],
    ['a metric that is not a ULONG', { ...base, metric: -1 }, 'metric', /0 to 4294967295/],
    ['a lifetime that is not a ULONG', { ...base, validLifetime: 2 ** 32 }, 'validLifetime', /0 to 4294967295/],
    ['an unknown protocol name', { ...base, protocol: 'static' }, 'protocol', /'netmgmt'/],
    ['a flag that is not a boolean', { ...base, publish: 1 }, 'publish', /true or false/],
    ['an interface LUID that is not a bigint', { ...base, interfaceLuid: 'eth0' }, 'interfaceLuid', /bigint/],
  ];
  test.each(cases)('%s', async (_name, row, member, detail) => {
    const error = await refusal(api.createIpForwardEntry2(row as never));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'CreateIpForwardEntry2', win32: 87 });
    expect(error.message).toMatch(detail);
    expect(() => api.createIpForwardEntry2Sync(row as never)).toThrow(expect.objectContaining({ member }));
    expect(fake.calls).toEqual([]);
  });

  test('the same checks guard Delete, Get and Set', async () => {
    for (const [fn, syscall] of [
      [api.deleteIpForwardEntry2, 'DeleteIpForwardEntry2'],
      [api.getIpForwardEntry2, 'GetIpForwardEntry2'],
      [api.setIpForwardEntry2, 'SetIpForwardEntry2'],
    ] as const) {
      const error = await refusal(fn({ destinationPrefix: '203.0.113.0/24', interfaceLuid: ethernet.luid } as never));
      expect(error).toMatchObject({ member: 'nextHop', syscall });
    }
  });

  test('Age and Origin are ignored on input, as documented: they keep InitializeIpForwardEntry’s values', async () => {
    await api.createIpForwardEntry2({ ...base, age: 12345, origin: 'dhcp' } as never);
    const sent = fake.calls[0]!.args[0] as Record<string, unknown>;
    expect(sent).not.toHaveProperty('age');
    expect(sent).not.toHaveProperty('origin');
    expect(fake.osRows[0]!.row).toMatchObject({ age: 0, origin: 0 });
  });

  test('an empty destinationPrefix or nextHop (what an initialized row holds) is "not specified"', async () => {
    expect(await refusal(api.createIpForwardEntry2({ ...base, destinationPrefix: '' }))).toMatchObject({ member: 'destinationPrefix', message: expect.stringMatching(/was not specified/) });
    expect(await refusal(api.createIpForwardEntry2({ ...base, nextHop: '' }))).toMatchObject({ member: 'nextHop', message: expect.stringMatching(/was not specified/) });
    expect(fake.calls).toEqual([]);
  });

  test('a site prefix length of 255 is the documented "not set" value and passes', async () => {
    await api.createIpForwardEntry2({ ...base, sitePrefixLength: 255 });
    expect(fake.routes.size).toBe(1);
  });
});

describe('defaults and round trips', () => {
  test('initializeIpForwardEntry returns what this system’s InitializeIpForwardEntry writes', async () => {
    const defaults = await api.initializeIpForwardEntry();
    expect(defaults).toEqual({
      interfaceLuid: 0n,
      interfaceIndex: 0,
      destinationPrefix: '',
      nextHop: '',
      sitePrefixLength: 255,
      validLifetime: 0xffffffff,
      preferredLifetime: 0xffffffff,
      metric: 0xffffffff,
      protocol: 0xffffffff,
      loopback: true,
      autoconfigureAddress: true,
      publish: true,
      immortal: true,
      age: 0,
      origin: 'manual',
    });
    expect(api.initializeIpForwardEntrySync()).toEqual(defaults);
    // Whatever the system's function writes, that is what comes back.
    fake.initialized.route = { ...fake.initialized.route, metric: 0x7777, loopback: false };
    expect(await api.initializeIpForwardEntry()).toMatchObject({ metric: 0x7777, loopback: false });
    expect(fake.calls.map((c) => c.name)).toEqual(['initializeIpForwardEntry', 'initializeIpForwardEntrySync', 'initializeIpForwardEntry']);
  });

  test('a member left out is not sent: the binding keeps the bytes InitializeIpForwardEntry wrote', async () => {
    // This fake system's Initialize writes values of its own, as a real one may.
    fake.initialized.route = { ...fake.initialized.route, sitePrefixLength: 0xfe, metric: 0x12345, protocol: 0x77, publish: false };
    const lifetimes = { validLifetime: 600, preferredLifetime: 300 };
    await api.createIpForwardEntry2({ destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', interfaceIndex: 12, ...lifetimes });
    expect(fake.calls[0]).toEqual({
      name: 'createIpForwardEntry2',
      args: [{ interfaceLuid: 0n, interfaceIndex: 12, destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', ...lifetimes }],
    });
    expect(fake.osRows[0]).toEqual({
      syscall: 'CreateIpForwardEntry2',
      row: { ...fake.initialized.route, interfaceIndex: 12, destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', ...lifetimes },
    });
    // A lifetime left out is Initialize's (infinite), so a shorter one given alone is refused, as the OS would.
    expect(await refusal(api.createIpForwardEntry2({ ...base, validLifetime: 600 }))).toMatchObject({ member: 'preferredLifetime' });
  });

  test('the same holds for Set: a metric change sends the metric and the key, nothing made up', async () => {
    await api.createIpForwardEntry2({ ...base, metric: 5 });
    await api.setIpForwardEntry2({ ...base, metric: 9 });
    expect(fake.calls.at(-1)!.args[0]).toEqual({ ...base, interfaceIndex: 0, metric: 9 });
  });

  test('addresses reach the binding in canonical form', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '2001:DB8:0::/48', nextHop: 'FE80::0:1%12', interfaceLuid: ethernet.luid, metric: 5, protocol: 'netmgmt' });
    expect(fake.calls[0]!.args[0]).toMatchObject({ destinationPrefix: '2001:db8::/48', nextHop: 'fe80::1%12', metric: 5, protocol: 3 });
  });

  test('a row read back is the row written, with names for enumerations', async () => {
    const row = { ...base, metric: 7, validLifetime: 600, preferredLifetime: 300, publish: false, immortal: false, protocol: 'netmgmt' as const };
    await api.createIpForwardEntry2(row);
    const back = await api.getIpForwardEntry2(row);
    expect(back).toEqual({
      ...row,
      interfaceIndex: 12,
      sitePrefixLength: 0,
      loopback: true,
      autoconfigureAddress: true,
      age: 0,
      origin: 'manual',
    });
    // A row that came back can go in again as it is (Age and Origin are ignored).
    await api.deleteIpForwardEntry2(back);
    expect(fake.routes.size).toBe(0);
  });

  test('setIpForwardEntry2 changes the metric', async () => {
    await api.createIpForwardEntry2({ ...base, metric: 5 });
    await api.setIpForwardEntry2({ ...base, metric: 9 });
    expect((await api.getIpForwardEntry2(base)).metric).toBe(9);
  });

  test.each([
    ['AF_INET', 2], ['ipv4', 2], [2, 2], ['AF_INET6', 23], ['ipv6', 23], [23, 23], ['AF_UNSPEC', 0], ['all', 0], [0, 0], [undefined, 0],
  ] as const)('getIpForwardTable2(%j) asks for family %i', async (family, number) => {
    await api.getIpForwardTable2(family as never);
    expect(fake.calls.at(-1)).toEqual({ name: 'getIpForwardTable2', args: [number] });
  });

  test('getIpForwardTable2 with a bad family names the member', async () => {
    expect(await refusal(api.getIpForwardTable2('AF_PACKET' as never))).toMatchObject({ member: 'family', code: 'STATUS_INVALID_PARAMETER' });
  });
});

describe('documented outcomes map as documented', () => {
  test('a duplicate is ERROR_OBJECT_ALREADY_EXISTS', async () => {
    await api.createIpForwardEntry2(base);
    const error = await refusal(api.createIpForwardEntry2(base));
    expect(error).toMatchObject({ code: 'ERROR_OBJECT_ALREADY_EXISTS', win32: 5010, syscall: 'CreateIpForwardEntry2' });
  });

  test('an unknown interface is STATUS_NOT_FOUND: 1168 for a LUID, 2 for an index', async () => {
    expect(await refusal(api.createIpForwardEntry2({ ...base, interfaceLuid: 999n }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 1168 });
    expect(await refusal(api.createIpForwardEntry2({ ...base, interfaceLuid: 0n, interfaceIndex: 999 }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2 });
  });

  test('no IP stack for the family is STATUS_NOT_SUPPORTED', async () => {
    fake.failNext.set('CreateIpForwardEntry2', [50]);
    expect(await refusal(api.createIpForwardEntry2(base))).toMatchObject({ code: 'STATUS_NOT_SUPPORTED' });
  });

  test('not elevated is STATUS_ACCESS_DENIED with the hint to run elevated', async () => {
    fake.elevated = false;
    const error = await refusal(api.createIpForwardEntry2(base));
    expect(error).toMatchObject({ code: 'STATUS_ACCESS_DENIED', win32: 5 });
    expect(error.hint).toMatch(/elevated/);
    expect(error.message).toMatch(/Run the program elevated/);
  });

  test('deleting a route that is not there is STATUS_NOT_FOUND', async () => {
    expect(await refusal(api.deleteIpForwardEntry2(base))).toMatchObject({ code: 'STATUS_NOT_FOUND', syscall: 'DeleteIpForwardEntry2' });
  });
});

describe('getBestRoute2', () => {
  test('returns the route, the source address and the effective metric', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '0.0.0.0/0', nextHop: '192.0.2.254', interfaceLuid: ethernet.luid, metric: 10 });
    await api.createIpForwardEntry2({ ...base, metric: 3 });
    const best = await api.getBestRoute2('203.0.113.77');
    expect(best.route.destinationPrefix).toBe('203.0.113.0/24');
    expect(best.sourceAddress).toBe('192.0.2.100');
    expect(best.interfaceMetric).toBe(FAKE_INTERFACE_METRIC);
    expect(best.effectiveMetric).toBe(3 + FAKE_INTERFACE_METRIC);
    expect((await api.getBestRoute2('198.51.100.1')).route.destinationPrefix).toBe('0.0.0.0/0');
  });

  test('checks destination, source and interface', async () => {
    expect(await refusal(api.getBestRoute2('nowhere'))).toMatchObject({ member: 'destination' });
    expect(await refusal(api.getBestRoute2('192.0.2.1', { source: 'somewhere' }))).toMatchObject({ member: 'source' });
    expect(await refusal(api.getBestRoute2('192.0.2.1', { interfaceLuid: -1n }))).toMatchObject({ member: 'interfaceLuid' });
    expect(fake.calls).toEqual([]);
  });

  test('a source of the other family goes to the OS as it is; Windows ignores it and answers', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '0.0.0.0/0', nextHop: '192.0.2.254', interfaceLuid: ethernet.luid, metric: 10 });
    const best = await api.getBestRoute2('198.51.100.1', { source: '2001:DB8::1' });
    expect(best.route.destinationPrefix).toBe('0.0.0.0/0');
    expect(fake.calls.at(-1)).toEqual({ name: 'getBestRoute2', args: ['198.51.100.1', '2001:db8::1', 0n, 0] });
    expect(api.getBestRoute2Sync('198.51.100.1', { source: '2001:db8::1' }).route.destinationPrefix).toBe('0.0.0.0/0');
  });

  test('a zeroed best route: no interface metric is asked for; interfaceMetric and effectiveMetric are null', async () => {
    // Windows answers so with a LUID given, source ::1 and a link-local destination.
    const best = await api.getBestRoute2('fe80::1', { source: '::1', interfaceLuid: ethernet.luid });
    expect(best).toMatchObject({ interfaceMetric: null, effectiveMetric: null, sourceAddress: '::1' });
    expect(best.route).toMatchObject({ interfaceLuid: 0n, interfaceIndex: 0, destinationPrefix: '' });
    expect(fake.calls.map((c) => c.name)).toEqual(['getBestRoute2']);
  });

  test('a bad LUID is STATUS_NOT_FOUND with 1168, a bad index alone with 2, as Windows answers', async () => {
    expect(await refusal(api.getBestRoute2('198.51.100.1', { interfaceLuid: 999n }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 1168 });
    expect(await refusal(api.getBestRoute2('198.51.100.1', { interfaceIndex: 999 }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2 });
  });

  test('no route is STATUS_NETWORK_UNREACHABLE', async () => {
    expect(await refusal(api.getBestRoute2('198.51.100.1'))).toMatchObject({ code: 'STATUS_NETWORK_UNREACHABLE' });
  });
});

describe('the routes helpers', () => {
  test('add names the interface by alias, index, LUID or GUID, and returns the row the system holds', async () => {
    const byAlias = await api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 'Ethernet', metric: 4 });
    expect(byAlias).toMatchObject({ destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', interfaceLuid: ethernet.luid, metric: 4, protocol: 'netmgmt' });
    await api.routes.add({ destination: '198.51.100.0/24', gateway: '192.0.2.1', interface: 17 });
    await api.routes.add({ destination: '198.51.100.128/25', gateway: '192.0.2.1', interface: wifi.luid });
    await api.routes.add({ destination: '2001:db8:1::/48', interface: wifi.guid.toLowerCase() });
    const rows = await api.routes.list();
    expect(rows.map((r) => [r.destinationPrefix, r.nextHop, r.interfaceIndex]).sort()).toEqual(
      [['198.51.100.0/24', '192.0.2.1', 17], ['198.51.100.128/25', '192.0.2.1', 17], ['2001:db8:1::/48', '::', 17], ['203.0.113.0/24', '192.0.2.1', 12]].sort(),
    );
    expect((await api.routes.list({ interface: 'Ethernet' })).map((r) => r.destinationPrefix)).toEqual(['203.0.113.0/24']);
    expect((await api.routes.list({ family: 'ipv6' })).map((r) => r.destinationPrefix)).toEqual(['2001:db8:1::/48']);
  });

  test('add takes a bare address as a host route and "default" as the default route', async () => {
    await api.routes.add({ destination: '203.0.113.9', gateway: '192.0.2.1', interface: 'Ethernet' });
    await api.routes.add({ destination: 'default', gateway: '2001:db8::1', interface: 'Ethernet' });
    expect((await api.routes.list()).map((r) => r.destinationPrefix).sort()).toEqual(['203.0.113.9/32', '::/0']);
  });

  test('add without an interface uses the interface of the best route to the gateway', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '192.0.2.0/24', nextHop: '0.0.0.0', interfaceLuid: wifi.luid });
    const row = await api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.1' });
    expect(row.interfaceLuid).toBe(wifi.luid);
  });

  test('add without an interface, when the best route to the gateway names none, says to name one', async () => {
    fake.getBestRoute2 = async () => ({ route: encodeForwardRows([fakeInitializedRoute()]), sourceAddress: '::1', interfaceMetric: null });
    const error = await refusal(api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.1' }));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'interface' });
    expect(error.message).toMatch(/no interface leads to 192\.0\.2\.1/);
    expect(fake.routes.size).toBe(0);
  });

  test("delete counts a route gone meanwhile (1168) as done, but never a vanished interface (2)", async () => {
    await api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 'Ethernet' });
    fake.failNext.set('DeleteIpForwardEntry2', [1168]);
    expect(await refusal(api.routes.delete({ destination: '203.0.113.0/24' }))).toMatchObject({ code: 'STATUS_NOT_FOUND', member: 'destination', win32: 1168 });
    fake.failNext.set('DeleteIpForwardEntry2', [2]);
    expect(await refusal(api.routes.delete({ destination: '203.0.113.0/24' }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall: 'DeleteIpForwardEntry2', member: undefined });
    expect(await api.routes.delete({ destination: '203.0.113.0/24' })).toBe(1);
  });

  test('add without interface or gateway says what is missing', async () => {
    expect(await refusal(api.routes.add({ destination: '203.0.113.0/24' }))).toMatchObject({ member: 'interface', code: 'STATUS_INVALID_PARAMETER' });
  });

  test("ifExists: 'error' (default), 'ignore' and 'replace'", async () => {
    const spec = { destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 'Ethernet', metric: 4 };
    await api.routes.add(spec);
    expect(await refusal(api.routes.add(spec))).toMatchObject({ code: 'ERROR_OBJECT_ALREADY_EXISTS' });
    expect((await api.routes.add({ ...spec, metric: 8, ifExists: 'ignore' })).metric).toBe(4);
    expect((await api.routes.add({ ...spec, metric: 8, ifExists: 'replace' })).metric).toBe(8);
    expect(fake.routes.size).toBe(1);
    expect(await refusal(api.routes.add({ ...spec, ifExists: 'sometimes' as never }))).toMatchObject({ member: 'ifExists' });
  });

  test("delete removes matching routes; none is STATUS_NOT_FOUND unless ifMissing: 'ignore'", async () => {
    await api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 'Ethernet' });
    await api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 17 });
    expect(await api.routes.delete({ destination: '203.0.113.0/24', interface: 17 })).toBe(1);
    expect(await api.routes.delete({ destination: '203.0.113.0/24' })).toBe(1);
    expect(await refusal(api.routes.delete({ destination: '203.0.113.0/24' }))).toMatchObject({ code: 'STATUS_NOT_FOUND', member: 'destination' });
    expect(await api.routes.delete({ destination: '203.0.113.0/24' }, { ifMissing: 'ignore' })).toBe(0);
  });

  test('get returns the route or undefined; best gives the effective metric', async () => {
    await api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 'Ethernet', metric: 2 });
    expect((await api.routes.get({ destination: '203.0.113.0/24' }))?.metric).toBe(2);
    expect(await api.routes.get({ destination: '198.51.100.0/24' })).toBeUndefined();
    const best = await api.routes.best('203.0.113.1', { interface: 'Ethernet' });
    expect(best.effectiveMetric).toBe(2 + FAKE_INTERFACE_METRIC);
  });

  test('an interface the system does not know is an OS error, not a crash', async () => {
    expect(await refusal(api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 'Nope' }))).toMatchObject({
      code: 'STATUS_INVALID_PARAMETER',
      syscall: 'ConvertInterfaceAliasToLuid',
    });
    expect(await refusal(api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: {} as never }))).toMatchObject({ member: 'interface' });
  });
});

describe('large tables', () => {
  test('the async read builds rows in slices, yielding to the event loop, and equals the sync read', async () => {
    for (let i = 0; i < 40_000; i++) {
      const row = { destinationPrefix: `2001:db8:${i.toString(16)}::/48`, nextHop: '::', interfaceLuid: FAKE_INTERFACES[1 + (i % 2)]!.luid, interfaceIndex: 0, metric: 10 + Math.floor(i / 256) };
      fake.createIpForwardEntry2Sync({ ...fakeInitializedRoute(), ...row });
    }
    // Each row is slow to build here, so the time box must cut the work into several turns.
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const realNow = performance.now.bind(performance);
    let fakeClock = 0;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => (fakeClock += 5) + realNow() * 0);
    const rows = await api.getIpForwardTable2('AF_INET6');
    spy.mockRestore();
    clearInterval(ticker);
    expect(rows).toHaveLength(40_000);
    expect(turns).toBeGreaterThan(0); // timers ran while the rows were built
    expect(rows).toEqual(api.getIpForwardTable2Sync('AF_INET6'));
    // Rows of one interface share one bigint.
    expect(rows[0]!.interfaceLuid).toBe(rows[2]!.interfaceLuid);
    expect(rows[39_999]).toMatchObject({ destinationPrefix: '2001:db8:9c3f::/48', metric: 10 + Math.floor(39_999 / 256), protocol: 'netmgmt' });
  });
});
