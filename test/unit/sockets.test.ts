/**
 * Sockets over the fake binding: every table class and state by name, the columns the
 * binding sends decoded into rows, validation before any call, the `sockets` helpers
 * (list, owners, close) and `netioapi ss`.
 */
import { describe, expect, test } from 'vitest';

import { run } from '../../lib/cli/run.js';
import { parseSs } from '../../lib/cli/ss.js';
import { ERROR_TABLE } from '../../lib/errors.js';
import * as api from '../../lib/index.js';
import { socketRowsFromWire } from '../../lib/sockets.js';
import { encodeSocketRows, fakeModuleInfo, type FakeTcpSocket, type FakeUdpSocket } from './support/fake-binding.js';
import { refusal, useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();

/** A FILETIME for 2026-01-02T03:04:05Z. */
const CREATED = 116_444_736_000_000_000n + 1_767_323_045_000n * 10_000n;
const NODE = 4242;
const SVCHOST = 1100;

function tcp(t: Partial<FakeTcpSocket> & Pick<FakeTcpSocket, 'localAddress' | 'localPort'>): FakeTcpSocket {
  const family = t.localAddress.includes(':') ? 23 : 2;
  return {
    family,
    remoteAddress: family === 2 ? '0.0.0.0' : '::',
    remotePort: 0,
    state: 2,
    pid: NODE,
    createTimestamp: CREATED,
    owningModuleInfo: fakeModuleInfo(t.pid ?? NODE),
    offloadState: 0,
    ...t,
  };
}

function udp(u: Partial<FakeUdpSocket> & Pick<FakeUdpSocket, 'localAddress' | 'localPort'>): FakeUdpSocket {
  return { family: u.localAddress.includes(':') ? 23 : 2, pid: NODE, createTimestamp: CREATED, specificPortBind: false, owningModuleInfo: fakeModuleInfo(u.pid ?? NODE), ...u };
}

/** A small machine: node.exe listens on 3000 (both families), has one connection in, one out; svchost has UDP 5353. */
function populate(): void {
  fake.tcpSockets = [
    tcp({ localAddress: '0.0.0.0', localPort: 3000 }),
    tcp({ localAddress: '192.0.2.10', localPort: 3000, remoteAddress: '198.51.100.7', remotePort: 50123, state: 5 }),
    tcp({ localAddress: '192.0.2.10', localPort: 50200, remoteAddress: '203.0.113.5', remotePort: 443, state: 5, offloadState: 2 }),
    tcp({ localAddress: '192.0.2.10', localPort: 50100, remoteAddress: '203.0.113.5', remotePort: 443, state: 11, pid: 0 }),
    tcp({ localAddress: '::', localPort: 3000 }),
    tcp({ localAddress: 'fe80::10%12', localPort: 3000, remoteAddress: 'fe80::20%12', remotePort: 50999, state: 5 }),
  ];
  fake.udpSockets = [udp({ localAddress: '0.0.0.0', localPort: 5353, pid: SVCHOST, specificPortBind: true }), udp({ localAddress: '::1', localPort: 3000 })];
  fake.processes.set(NODE, 'node.exe');
}

describe('GetExtendedTcpTable: every TCP_TABLE_CLASS by name, as its row', () => {
  test.each([
    ['basicListener', 0, 1, ['state', 'localAddress', 'localPort', 'remoteAddress', 'remotePort']],
    ['basicConnections', 1, 3, ['state', 'localAddress', 'localPort', 'remoteAddress', 'remotePort']],
    ['basicAll', 2, 4, ['state', 'localAddress', 'localPort', 'remoteAddress', 'remotePort']],
    ['ownerPidListener', 3, 1, ['state', 'localAddress', 'localPort', 'remoteAddress', 'remotePort', 'owningPid']],
    ['ownerPidConnections', 4, 3, ['state', 'localAddress', 'localPort', 'remoteAddress', 'remotePort', 'owningPid']],
    ['ownerPidAll', 5, 4, ['state', 'localAddress', 'localPort', 'remoteAddress', 'remotePort', 'owningPid']],
    ['ownerModuleListener', 6, 1, ['state', 'localAddress', 'localPort', 'remoteAddress', 'remotePort', 'owningPid', 'createTimestamp', 'owningModuleInfo']],
    ['ownerModuleConnections', 7, 3, ['state', 'localAddress', 'localPort', 'remoteAddress', 'remotePort', 'owningPid', 'createTimestamp', 'owningModuleInfo']],
    ['ownerModuleAll', 8, 4, ['state', 'localAddress', 'localPort', 'remoteAddress', 'remotePort', 'owningPid', 'createTimestamp', 'owningModuleInfo']],
  ] as const)('%s (%i): %i IPv4 rows with their members', async (name, value, count, members) => {
    populate();
    const rows = await api.getExtendedTcpTable('AF_INET', name);
    expect(rows).toHaveLength(count);
    for (const row of rows) expect(Object.keys(row)).toEqual(members);
    expect(fake.calls.at(-1)).toEqual({ name: 'getExtendedTcpTable', args: [2, value, false] });
    // The number is accepted too, and the sync twin agrees.
    expect(api.getExtendedTcpTableSync('ipv4', value)).toEqual(rows);
  });

  test('rows carry host-order ports, canonical addresses, state names and the owning pid', async () => {
    populate();
    const rows = await api.getExtendedTcpTable('AF_INET');
    expect(rows[0]).toEqual({ state: 'listen', localAddress: '0.0.0.0', localPort: 3000, remoteAddress: '0.0.0.0', remotePort: 0, owningPid: NODE });
    expect(rows[1]).toEqual({ state: 'established', localAddress: '192.0.2.10', localPort: 3000, remoteAddress: '198.51.100.7', remotePort: 50123, owningPid: NODE });
    expect(rows[3]).toMatchObject({ state: 'timeWait', owningPid: 0 });
    const six = await api.getExtendedTcpTable('AF_INET6', 'ownerPidConnections');
    expect(six).toEqual([{ state: 'established', localAddress: 'fe80::10%12', localPort: 3000, remoteAddress: 'fe80::20%12', remotePort: 50999, owningPid: NODE }]);
  });

  test('owner-module rows: createTimestamp as a Date, the 16 OwningModuleInfo words as bigints', async () => {
    populate();
    const [row] = await api.getExtendedTcpTable('AF_INET', 'ownerModuleListener');
    expect(row!.createTimestamp).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(row!.owningModuleInfo).toEqual(fakeModuleInfo(NODE));
  });

  test('sorted passes bOrder through; the default is the order the system lists', async () => {
    populate();
    fake.tcpSockets.reverse();
    const sorted = await api.getExtendedTcpTable('AF_INET', 'ownerPidAll', { sorted: true });
    expect(fake.calls.at(-1)!.args).toEqual([2, 5, true]);
    expect(sorted.map((r) => r.localPort)).toEqual([3000, 3000, 50100, 50200]);
  });

  test('AF_INET6 with a basic class is STATUS_NOT_SUPPORTED, as documented, without calling the system', async () => {
    for (const cls of ['basicListener', 'basicConnections', 'basicAll', 0, 1, 2] as const) {
      const error = await refusal(api.getExtendedTcpTable('AF_INET6', cls));
      expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', win32: 50, member: 'tableClass', syscall: 'GetExtendedTcpTable' });
      expect(error.message).toMatch(/as documented/);
    }
    expect(fake.calls).toEqual([]);
  });

  test.each([
    ['AF_UNSPEC', ['AF_UNSPEC'], 'family', /'AF_INET' or 'AF_INET6'/],
    ['no family', [undefined], 'family', /'AF_INET' or 'AF_INET6'/],
    ['a made-up family', ['AF_IPX'], 'family', /'AF_INET'/],
    ['an unknown class name', ['AF_INET', 'ownerPidEverything'], 'tableClass', /'basicListener'.*'ownerModuleAll'/],
    ['a class number past the enumeration', ['AF_INET', 9], 'tableClass', /'ownerPidAll'/],
    ['sorted that is not a boolean', ['AF_INET', 'ownerPidAll', { sorted: 'yes' }], 'sorted', /true or false/],
    ['options that are not an object', ['AF_INET', 'ownerPidAll', 3], 'options', /an object/],
  ])('refused before the call: %s', async (_name, args, member, detail) => {
    const error = await refusal((api.getExtendedTcpTable as (...a: unknown[]) => Promise<unknown>)(...args));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'GetExtendedTcpTable' });
    expect(error.message).toMatch(detail);
    expect(fake.calls).toEqual([]);
  });

  test('a missing export is STATUS_NOT_SUPPORTED naming the function', async () => {
    fake.missing.add('GetExtendedTcpTable');
    const error = await refusal(api.getExtendedTcpTable('AF_INET'));
    expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetExtendedTcpTable' });
    expect(error.message).toMatch(/does not export GetExtendedTcpTable/);
  });
});

describe('GetExtendedUdpTable: every UDP_TABLE_CLASS by name', () => {
  test.each([
    ['basic', 0, ['localAddress', 'localPort']],
    ['ownerPid', 1, ['localAddress', 'localPort', 'owningPid']],
    ['ownerModule', 2, ['localAddress', 'localPort', 'owningPid', 'createTimestamp', 'specificPortBind', 'owningModuleInfo']],
  ] as const)('%s (%i)', async (name, value, members) => {
    populate();
    const rows = await api.getExtendedUdpTable('AF_INET', name);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual(members);
    expect(fake.calls.at(-1)).toEqual({ name: 'getExtendedUdpTable', args: [2, value, false] });
    expect(api.getExtendedUdpTableSync('AF_INET', value)).toEqual(rows);
  });

  test('the default class is ownerPid; the module class carries SpecificPortBind', async () => {
    populate();
    expect(await api.getExtendedUdpTable('AF_INET6')).toEqual([{ localAddress: '::1', localPort: 3000, owningPid: NODE }]);
    const [row] = await api.getExtendedUdpTable('AF_INET', 'ownerModule');
    expect(row).toMatchObject({ localAddress: '0.0.0.0', localPort: 5353, owningPid: SVCHOST, specificPortBind: true, createTimestamp: new Date('2026-01-02T03:04:05Z') });
  });

  test('AF_INET6 with the basic class is supported (MIB_UDP6TABLE)', async () => {
    populate();
    expect(await api.getExtendedUdpTable('AF_INET6', 'basic')).toEqual([{ localAddress: '::1', localPort: 3000 }]);
  });

  test('an unknown class is refused naming tableClass', async () => {
    const error = await refusal(api.getExtendedUdpTable('AF_INET', 'ownerPidAll' as never));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'tableClass', syscall: 'GetExtendedUdpTable' });
  });
});

describe('the columns the binding sends', () => {
  test('every MIB_TCP_STATE value decodes to its camelCase name; an unknown one stays a number', () => {
    const names = ['closed', 'listen', 'synSent', 'synRcvd', 'established', 'finWait1', 'finWait2', 'closeWait', 'closing', 'lastAck', 'timeWait', 'deleteTcb'];
    const wire = encodeSocketRows([...names.map((_, i) => ({ localAddress: '192.0.2.1', localPort: i, remoteAddress: '0.0.0.0', state: i + 1 })), { localAddress: '192.0.2.1', localPort: 99, remoteAddress: '0.0.0.0', state: 99 }]);
    const rows = socketRowsFromWire(wire, 'tcp') as api.MibTcpRow[];
    expect(rows.map((r) => r.state)).toEqual([...names, 99]);
    expect([...api.MIB_TCP_STATE.byName.keys()]).toEqual(names);
    expect(names.map((n) => api.MIB_TCP_STATE.byName.get(n as api.MibTcpState))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  test('every table class and offload state has its documented number', () => {
    expect(Object.fromEntries(api.TCP_TABLE_CLASS.byName)).toEqual({
      basicListener: 0, basicConnections: 1, basicAll: 2, ownerPidListener: 3, ownerPidConnections: 4, ownerPidAll: 5, ownerModuleListener: 6, ownerModuleConnections: 7, ownerModuleAll: 8,
    });
    expect(Object.fromEntries(api.UDP_TABLE_CLASS.byName)).toEqual({ basic: 0, ownerPid: 1, ownerModule: 2 });
    expect(Object.fromEntries(api.TCP_CONNECTION_OFFLOAD_STATE.byName)).toEqual({ inHost: 0, offloading: 1, offloaded: 2, uploading: 3, max: 4 });
  });

  test('rows share one string per distinct address', () => {
    const wire = encodeSocketRows(Array.from({ length: 5000 }, (_, i) => ({ localAddress: '192.0.2.10', localPort: 1024 + i, remoteAddress: '203.0.113.5', remotePort: 443, state: 5, pid: 7 })));
    expect(wire.addresses).toBe('192.0.2.10\n203.0.113.5\n');
    const rows = socketRowsFromWire(wire, 'tcpPid') as api.MibTcpRowOwnerPid[];
    expect(rows).toHaveLength(5000);
    expect(rows[4999]).toEqual({ state: 'established', localAddress: '192.0.2.10', localPort: 6023, remoteAddress: '203.0.113.5', remotePort: 443, owningPid: 7 });
  });

  test('a large table read async, in slices, equals the sync read', async () => {
    fake.tcpSockets = Array.from({ length: 9000 }, (_, i) => tcp({ localAddress: '192.0.2.10', localPort: (i % 60000) + 1024, remoteAddress: `203.0.113.${i % 200}`, remotePort: 443, state: 5 }));
    const [asynchronous, synchronous] = [await api.getExtendedTcpTable('AF_INET'), api.getExtendedTcpTableSync('AF_INET')];
    expect(asynchronous).toHaveLength(9000);
    expect(asynchronous).toEqual(synchronous);
  });
});

describe('GetTcpTable2 and GetTcp6Table2', () => {
  test('rows with the owning pid and the offload state by name', async () => {
    populate();
    const rows = await api.getTcpTable2();
    expect(rows).toHaveLength(4);
    expect(rows[2]).toEqual({ state: 'established', localAddress: '192.0.2.10', localPort: 50200, remoteAddress: '203.0.113.5', remotePort: 443, owningPid: NODE, offloadState: 'offloaded' });
    expect(rows[0]!.offloadState).toBe('inHost');
    expect(api.getTcp6Table2Sync({ sorted: true }).map((r) => r.localAddress)).toEqual(['::', 'fe80::10%12']);
    expect(fake.calls.at(-1)).toEqual({ name: 'getTcp6Table2Sync', args: [true] });
  });
});

describe('GetOwnerModuleFrom*Entry', () => {
  test('the module of a row read with an owner-module class', async () => {
    populate();
    const [listener] = await api.getExtendedTcpTable('AF_INET', 'ownerModuleListener');
    expect(await api.getOwnerModuleFromTcpEntry(listener!)).toEqual({ moduleName: 'node.exe', modulePath: 'C:\\Program Files\\fake\\node.exe' });
    const sent = fake.calls.at(-1)!.args[0] as Record<string, unknown>;
    expect(sent).toMatchObject({ localAddress: '0.0.0.0', localPort: 3000, owningPid: NODE, createTimestamp: CREATED, state: 2 });
    const [six] = await api.getExtendedTcpTable('AF_INET6', 'ownerModuleListener');
    expect(api.getOwnerModuleFromTcp6EntrySync(six!).moduleName).toBe('node.exe');
    const [udp6] = await api.getExtendedUdpTable('AF_INET6', 'ownerModule');
    expect((await api.getOwnerModuleFromUdp6Entry(udp6!)).moduleName).toBe('node.exe');
  });

  test('a row with pid 0 is STATUS_NOT_FOUND, as documented', async () => {
    const error = await refusal(api.getOwnerModuleFromUdpEntry({ localAddress: '0.0.0.0', localPort: 5353, owningPid: 0, owningModuleInfo: new Array<bigint>(16).fill(0n) }));
    expect(error).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 1168, syscall: 'GetOwnerModuleFromUdpEntry' });
  });

  test.each([
    ['an IPv6 row to the IPv4 function', () => api.getOwnerModuleFromTcpEntry({ localAddress: '::1', localPort: 1, owningPid: 1, owningModuleInfo: fakeModuleInfo(1) }), 'localAddress', /use getOwnerModuleFromTcp6Entry/],
    ['a row without owningModuleInfo', () => api.getOwnerModuleFromTcpEntry({ localAddress: '192.0.2.1', localPort: 1, owningPid: 1 } as never), 'owningModuleInfo', /16 unsigned 64-bit bigints/],
    ['owningModuleInfo of the wrong length', () => api.getOwnerModuleFromUdpEntry({ localAddress: '192.0.2.1', localPort: 1, owningPid: 1, owningModuleInfo: [1n] }), 'owningModuleInfo', /16/],
    ['a port past 65535', () => api.getOwnerModuleFromUdp6Entry({ localAddress: '::1', localPort: 70000, owningPid: 1, owningModuleInfo: fakeModuleInfo(1) }), 'localPort', /0 to 65535/],
    ['a timestamp that is no time', () => api.getOwnerModuleFromUdpEntry({ localAddress: '192.0.2.1', localPort: 1, owningPid: 1, owningModuleInfo: fakeModuleInfo(1), createTimestamp: 'now' as never }), 'createTimestamp', /a Date/],
  ])('refused before the call: %s', async (_name, call, member, detail) => {
    const error = await refusal(call());
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member });
    expect(error.message).toMatch(detail);
    expect(fake.calls).toEqual([]);
  });

  test('Wine lacks them: STATUS_NOT_SUPPORTED', async () => {
    fake.missing.add('GetOwnerModuleFromTcpEntry');
    const error = await refusal(api.getOwnerModuleFromTcpEntry({ localAddress: '192.0.2.1', localPort: 1, owningPid: NODE, owningModuleInfo: fakeModuleInfo(NODE) }));
    expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetOwnerModuleFromTcpEntry' });
  });
});

describe('SetTcpEntry', () => {
  const connection = { localAddress: '192.0.2.10', localPort: 50200, remoteAddress: '203.0.113.5', remotePort: 443 };

  test("state 'deleteTcb' closes the connection", async () => {
    populate();
    await api.setTcpEntry({ ...connection, state: 'deleteTcb' });
    expect(fake.calls.at(-1)!.args[0]).toEqual({ ...connection, state: 12 });
    expect((await api.getExtendedTcpTable('AF_INET')).some((r) => r.localPort === 50200)).toBe(false);
  });

  test.each([
    ['no state', { ...connection }, 'state', /was not specified; the only state SetTcpEntry sets is 'deleteTcb'/],
    ['another state', { ...connection, state: 'closed' }, 'state', /only state a TCP connection can be set to is 'deleteTcb'/],
    ['an IPv6 connection', { ...connection, localAddress: '2001:db8::1', state: 'deleteTcb' }, 'localAddress', /MIB_TCPROW, which has IPv4 addresses only/],
    ['a port past 65535', { ...connection, remotePort: 65536, state: 12 }, 'remotePort', /0 to 65535/],
    ['no remote address', { localAddress: '192.0.2.10', localPort: 1, remotePort: 2, state: 12 }, 'remoteAddress', /was not specified/],
  ])('refused before the call: %s', async (_name, row, member, detail) => {
    const error = await refusal(api.setTcpEntry(row as never));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'SetTcpEntry' });
    expect(error.message).toMatch(detail);
    expect(fake.calls).toEqual([]);
  });

  test('not elevated: STATUS_ACCESS_DENIED with the hint; the documented 317 reads the same', async () => {
    populate();
    fake.elevated = false;
    const error = await refusal(api.setTcpEntry({ ...connection, state: 'deleteTcb' }));
    expect(error).toMatchObject({ code: 'STATUS_ACCESS_DENIED', win32: 5 });
    expect(error.hint).toMatch(/elevated/);
    fake.elevated = true;
    fake.failNext.set('SetTcpEntry', [317]);
    expect(await refusal(api.setTcpEntry({ ...connection, state: 'deleteTcb' }))).toMatchObject({ code: 'STATUS_ACCESS_DENIED', win32: 317, hint: expect.stringMatching(/elevated/) });
    expect(ERROR_TABLE.get(299)).toMatchObject({ code: 'STATUS_PARTIAL_COPY' });
  });
});

describe('sockets.list', () => {
  test('TCP then UDP, IPv4 then IPv6, merged into one shape', async () => {
    populate();
    const rows = await api.sockets.list();
    expect(rows.map((r) => `${r.protocol}${r.family === 'ipv4' ? 4 : 6} ${r.localAddress}:${r.localPort}`)).toEqual([
      'tcp4 0.0.0.0:3000',
      'tcp4 192.0.2.10:3000',
      'tcp4 192.0.2.10:50200',
      'tcp4 192.0.2.10:50100',
      'tcp6 :::3000',
      'tcp6 fe80::10%12:3000',
      'udp4 0.0.0.0:5353',
      'udp6 ::1:3000',
    ]);
    expect(rows[1]).toEqual({ protocol: 'tcp', family: 'ipv4', localAddress: '192.0.2.10', localPort: 3000, remoteAddress: '198.51.100.7', remotePort: 50123, state: 'established', pid: NODE });
    expect(rows[6]).toEqual({ protocol: 'udp', family: 'ipv4', localAddress: '0.0.0.0', localPort: 5353, remoteAddress: null, remotePort: null, state: null, pid: SVCHOST });
  });

  test('filters: protocol, family, state, ports and pid', async () => {
    populate();
    const ports = async (options: api.SocketListOptions) => (await api.sockets.list(options)).map((r) => `${r.protocol}:${r.localPort}`);
    expect(await ports({ protocol: 'udp' })).toEqual(['udp:5353', 'udp:3000']);
    expect(await ports({ protocol: 'tcp', family: 'ipv6' })).toEqual(['tcp:3000', 'tcp:3000']);
    expect(await ports({ localPort: 3000 })).toEqual(['tcp:3000', 'tcp:3000', 'tcp:3000', 'tcp:3000', 'udp:3000']);
    expect(await ports({ remotePort: 443 })).toEqual(['tcp:50200', 'tcp:50100']);
    expect(await ports({ pid: SVCHOST })).toEqual(['udp:5353']);
    expect(await ports({ state: ['timeWait', 'listen'] })).toEqual(['tcp:3000', 'tcp:50100', 'tcp:3000']);
  });

  test('a state filter reads the narrowest table class, and leaves UDP out', async () => {
    populate();
    await api.sockets.list({ state: 'listen' });
    expect(fake.calls.map((c) => `${c.name}(${c.args.join(',')})`)).toEqual(['getExtendedTcpTable(2,3,false)', 'getExtendedTcpTable(23,3,false)']);
    fake.calls.length = 0;
    await api.sockets.list({ state: 'established', family: 'ipv4' });
    expect(fake.calls.map((c) => `${c.name}(${c.args.join(',')})`)).toEqual(['getExtendedTcpTable(2,4,false)']);
  });

  test('processNames: each pid looked up once, in one call; a process that cannot be queried is null', async () => {
    populate();
    const rows = await api.sockets.list({ processNames: true });
    const lookups = fake.calls.filter((c) => c.name === 'processNames');
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.args[0]).toEqual([NODE, 0, SVCHOST]);
    expect(rows.find((r) => r.pid === NODE)!.processName).toBe('node.exe');
    expect(rows.find((r) => r.pid === SVCHOST)!.processName).toBeNull();
    expect(rows.find((r) => r.pid === 0)!.processName).toBeNull();
    // Without the option no lookup is made and no member added.
    fake.calls.length = 0;
    expect((await api.sockets.list())[0]).not.toHaveProperty('processName');
    expect(fake.calls.some((c) => c.name === 'processNames')).toBe(false);
  });

  test.each([
    [{ protocol: 'sctp' }, 'protocol'],
    [{ family: 'ipx' }, 'family'],
    [{ state: 'open' }, 'state'],
    [{ state: [] }, 'state'],
    [{ localPort: 70000 }, 'localPort'],
    [{ pid: -1 }, 'pid'],
    [{ processNames: 'yes' }, 'processNames'],
  ])('refuses %j naming %s', async (options, member) => {
    expect(await refusal(api.sockets.list(options as never))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member });
    expect(fake.calls).toEqual([]);
  });
});

describe('sockets.owners', () => {
  test('who listens on or is bound to a port, with the process name', async () => {
    populate();
    expect(await api.sockets.owners(3000)).toEqual([
      { pid: NODE, processName: 'node.exe', protocol: 'tcp', family: 'ipv4', localAddress: '0.0.0.0', localPort: 3000, state: 'listen' },
      { pid: NODE, processName: 'node.exe', protocol: 'tcp', family: 'ipv6', localAddress: '::', localPort: 3000, state: 'listen' },
      { pid: NODE, processName: 'node.exe', protocol: 'udp', family: 'ipv6', localAddress: '::1', localPort: 3000, state: null },
    ]);
    // Listener tables only, and one name lookup for the one pid.
    expect(fake.calls.filter((c) => c.name === 'getExtendedTcpTable').map((c) => c.args[1])).toEqual([3, 3]);
    expect(fake.calls.filter((c) => c.name === 'processNames').map((c) => c.args[0])).toEqual([[NODE]]);
  });

  test('protocol and address narrow it; the unspecified address of the family counts', async () => {
    populate();
    expect((await api.sockets.owners(3000, { protocol: 'udp' })).map((o) => o.localAddress)).toEqual(['::1']);
    expect((await api.sockets.owners(3000, { address: '192.0.2.10' })).map((o) => o.localAddress)).toEqual(['0.0.0.0']);
    expect(await api.sockets.owners(3000, { address: '2001:db8::1', protocol: 'udp' })).toEqual([]);
    expect(await api.sockets.owners(5353)).toEqual([{ pid: SVCHOST, processName: null, protocol: 'udp', family: 'ipv4', localAddress: '0.0.0.0', localPort: 5353, state: null }]);
    expect(await api.sockets.owners(1)).toEqual([]);
  });

  test('refuses a port that is not one', async () => {
    expect(await refusal(api.sockets.owners(65536))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'port' });
    expect(await refusal(api.sockets.owners(80, { address: 'localhost' }))).toMatchObject({ member: 'address' });
  });
});

describe('sockets.close', () => {
  const connection = { localAddress: '192.0.2.10', localPort: 50200, remoteAddress: '203.0.113.5', remotePort: 443 };

  test('closes with DELETE_TCB and confirms with a re-read', async () => {
    populate();
    const closed = await api.sockets.close(connection);
    expect(closed).toMatchObject({ ...connection, state: 'established', owningPid: NODE });
    expect(fake.calls.map((c) => c.name)).toEqual(['getExtendedTcpTable', 'setTcpEntry', 'getExtendedTcpTable']);
    expect(fake.tcpSockets.some((t) => t.localPort === 50200)).toBe(false);
  });

  test('a row from sockets.list() will do', async () => {
    populate();
    const row = (await api.sockets.list({ remotePort: 443, state: 'established' }))[0]!;
    await api.sockets.close(row as api.TcpConnectionSpec);
    expect(fake.tcpSockets.some((t) => t.localPort === 50200)).toBe(false);
  });

  test('when the re-read still shows the connection (Wine), it rejects saying so', async () => {
    populate();
    fake.setTcpEntryCloses = false;
    const error = await refusal(api.sockets.close(connection));
    expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'SetTcpEntry', member: 'connection' });
    expect(error.message).toMatch(/reported success, but the connection 192\.0\.2\.10:50200 -> 203\.0\.113\.5:443 is still there \(state established\)/);
    expect(fake.calls.map((c) => c.name)).toEqual(['getExtendedTcpTable', 'setTcpEntry', 'getExtendedTcpTable']);
  });

  test('no such connection: STATUS_NOT_FOUND, and nothing is set', async () => {
    populate();
    const error = await refusal(api.sockets.close({ ...connection, remotePort: 444 }));
    expect(error).toMatchObject({ code: 'STATUS_NOT_FOUND', member: 'connection' });
    expect(fake.calls.some((c) => c.name === 'setTcpEntry')).toBe(false);
  });

  test('IPv6 and UDP cannot be closed', async () => {
    expect(await refusal(api.sockets.close({ localAddress: 'fe80::10%12', localPort: 3000, remoteAddress: 'fe80::20%12', remotePort: 50999 }))).toMatchObject({
      code: 'STATUS_NOT_SUPPORTED',
      member: 'localAddress',
      message: expect.stringMatching(/IPv4 connections only/),
    });
    expect(await refusal(api.sockets.close({ ...connection, protocol: 'udp' }))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'protocol' });
    expect(fake.calls).toEqual([]);
  });
});

describe('netioapi ss', () => {
  async function ss(args: string): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(args.split(' ').filter(Boolean), { out: (l) => out.push(l), err: (l) => err.push(l), readFile: async () => '' });
    return { code, out, err };
  }

  test.each([
    ['', { tcp: true, udp: true, family: 'all', processes: false, header: true, json: false }],
    ['-tan', { tcp: true, udp: false, family: 'all' }],
    ['-tlnp', { tcp: true, udp: false, processes: true }],
    ['-uanH -4', { tcp: false, udp: true, family: 'ipv4', header: false }],
    ['--tcp --udp --ipv6 --json', { tcp: true, udp: true, family: 'ipv6', json: true }],
    ['-ta sport = :3000', { sport: 3000 }],
    ['-ta dport == 443 and sport eq :50200', { dport: 443, sport: 50200 }],
  ])('parses "%s"', (args, expected) => {
    expect(parseSs(args.split(' ').filter(Boolean))).toMatchObject(expected);
  });

  test('the state selections: default connected, -l listening, -a all, state words', () => {
    const states = (args: string) => [...parseSs(args.split(' ').filter(Boolean)).states].sort();
    expect(states('-t')).not.toContain('listen');
    expect(states('-t')).toContain('timeWait');
    expect(states('-l')).toEqual(['listen', 'unconnected']);
    expect(states('-a')).toHaveLength(13);
    expect(states('-a state established state time-wait')).toEqual(['established', 'timeWait']);
    expect(states('state fin-wait-1 state syn-recv')).toEqual(['finWait1', 'synRcvd']);
    expect(states('state bucket')).toEqual(['synRcvd', 'timeWait']);
  });

  test('-tan prints ss columns (no Netid for one protocol), wildcards as *', async () => {
    populate();
    const r = await ss('ss -tan');
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^State\s+Recv-Q Send-Q\s+Local Address:Port\s+Peer Address:Port\s+Process$/);
    expect(r.out.slice(1).map((l) => l.split(/\s+/))).toEqual([
      ['LISTEN', '0', '0', '0.0.0.0:3000', '0.0.0.0:*'],
      ['ESTAB', '0', '0', '192.0.2.10:3000', '198.51.100.7:50123'],
      ['ESTAB', '0', '0', '192.0.2.10:50200', '203.0.113.5:443'],
      ['TIME-WAIT', '0', '0', '192.0.2.10:50100', '203.0.113.5:443'],
      ['LISTEN', '0', '0', '[::]:3000', '[::]:*'],
      ['ESTAB', '0', '0', '[fe80::10]%12:3000', '[fe80::20]%12:50999'],
    ]);
    // The colons of the address column line up, as in ss.
    const separator = (line: string) => {
      const local = line.split(/\s+/)[3]!;
      return line.indexOf(local) + local.lastIndexOf(':');
    };
    expect(new Set([r.out[0]!.indexOf(':'), ...r.out.slice(1).map(separator)]).size).toBe(1);
  });

  test('-tlnp adds users:(("name",pid=N)); with TCP and UDP a Netid column; UNCONN for UDP', async () => {
    populate();
    const listening = await ss('ss -tlnp');
    expect(listening.out.slice(1).map((l) => l.split(/\s+/).at(-1))).toEqual(['users:(("node.exe",pid=4242))', 'users:(("node.exe",pid=4242))']);
    const both = await ss('ss -lnpH');
    expect(both.out.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['tcp LISTEN', 'tcp LISTEN', 'udp UNCONN', 'udp UNCONN']);
    expect(both.out[2]).toMatch(/^udp\s+UNCONN\s+0\s+0\s+0\.0\.0\.0:5353\s+0\.0\.0\.0:\*\s+users:\(\(pid=1100\)\)$/);
    expect(both.out[3]).toMatch(/\[::1\]:3000\s+\[::\]:\*\s+users:\(\("node\.exe",pid=4242\)\)$/);
  });

  test('filters and --json: the rows of sockets.list()', async () => {
    populate();
    const r = await ss('ss -ta --json sport = :3000');
    expect(JSON.parse(r.out.join('\n'))).toEqual((await api.sockets.list({ protocol: 'tcp', localPort: 3000 })).map((x) => ({ ...x })));
    const d = await ss('ss -tH dport = :443 state time-wait');
    expect(d.out).toHaveLength(1);
    expect(d.out[0]).toMatch(/^TIME-WAIT/);
  });

  test('usage errors exit 2; OS errors exit 1 with CODE: message', async () => {
    for (const args of ['ss -x', 'ss --bogus', 'ss state open', 'ss sport = :http', 'ss -4 -6', 'ss src 192.0.2.1']) {
      const r = await ss(args);
      expect(r.code, args).toBe(2);
      expect(r.err[1]).toBe('Try "netioapi ss --help".');
    }
    fake.missing.add('GetExtendedTcpTable');
    const failed = await ss('ss -t');
    expect(failed.code).toBe(1);
    expect(failed.err[0]).toMatch(/^STATUS_NOT_SUPPORTED: GetExtendedTcpTable: /);
    expect((await ss('ss --help')).out[0]).toMatch(/^Usage: netioapi ss /);
    expect((await ss('--help')).out.join('\n')).toMatch(/\n {2}ss {9}sockets/);
  });
});

describe('hostile input to the socket functions: a NetioError naming the member, never a TypeError', () => {
  const hostile: [string, () => unknown][] = [
    ['a Symbol', () => Symbol('hostile')],
    ['a null-prototype object', () => Object.create(null) as object],
    ['an object whose toString throws', () => ({ toString: () => { throw new Error('no text'); }, valueOf: () => { throw new Error('no value'); } })],
    ['a 1 MB string', () => 'x'.repeat(1_000_000)],
    ['a function', () => () => 1],
  ];
  const cases: Record<string, (v: unknown) => unknown> = {
    'getExtendedTcpTable(family)': (v) => api.getExtendedTcpTable(v as never),
    'getExtendedTcpTable(family, tableClass)': (v) => api.getExtendedTcpTable('AF_INET', v as never),
    'getExtendedTcpTable(family, tableClass, { sorted })': (v) => api.getExtendedTcpTable('AF_INET', 'ownerPidAll', { sorted: v as never }),
    'getExtendedUdpTable(family, tableClass)': (v) => api.getExtendedUdpTable('AF_INET6', v as never),
    'getTcpTable2({ sorted })': (v) => api.getTcpTable2({ sorted: v as never }),
    'getOwnerModuleFromTcpEntry(row)': (v) => api.getOwnerModuleFromTcpEntry(v as never),
    'getOwnerModuleFromUdp6Entry({ localAddress })': (v) => api.getOwnerModuleFromUdp6Entry({ localAddress: v as never, localPort: 1, owningPid: 1, owningModuleInfo: fakeModuleInfo(1) }),
    'getOwnerModuleFromTcpEntry({ owningModuleInfo })': (v) => api.getOwnerModuleFromTcpEntry({ localAddress: '192.0.2.1', localPort: 1, owningPid: 1, owningModuleInfo: v as never }),
    'setTcpEntry(row)': (v) => api.setTcpEntry(v as never),
    'setTcpEntry({ state })': (v) => api.setTcpEntry({ localAddress: '192.0.2.1', localPort: 1, remoteAddress: '192.0.2.2', remotePort: 2, state: v as never }),
    'sockets.list({ protocol })': (v) => api.sockets.list({ protocol: v as never }),
    'sockets.list({ family })': (v) => api.sockets.list({ family: v as never }),
    'sockets.list({ state })': (v) => api.sockets.list({ state: v as never }),
    'sockets.list({ pid })': (v) => api.sockets.list({ pid: v as never }),
    'sockets.owners(port)': (v) => api.sockets.owners(v as never),
    'sockets.owners(port, { address })': (v) => api.sockets.owners(80, { address: v as never }),
    'sockets.owners(port, { protocol })': (v) => api.sockets.owners(80, { protocol: v as never }),
    'sockets.close(connection)': (v) => api.sockets.close(v as never),
    'sockets.close({ protocol })': (v) => api.sockets.close({ protocol: v as never, localAddress: '192.0.2.1', localPort: 1, remoteAddress: '192.0.2.2', remotePort: 2 }),
    'sockets.close({ remotePort })': (v) => api.sockets.close({ localAddress: '192.0.2.1', localPort: 1, remoteAddress: '192.0.2.2', remotePort: v as never }),
  };
  for (const [where, call] of Object.entries(cases)) {
    test.each(hostile)(`${where} with %s`, async (_label, make) => {
      const error = await refusal(Promise.resolve().then(() => call(make())));
      expect(error.code).toBe('STATUS_INVALID_PARAMETER');
      expect(error.member, error.message).toEqual(expect.any(String));
      expect(error.message.length).toBeLessThan(600);
    });
  }

  test('null options mean no options; an options bag that is not an object is refused naming options', async () => {
    populate();
    expect(await api.sockets.list(null as never)).toHaveLength(8);
    expect(await api.sockets.owners(3000, null as never)).toHaveLength(3);
    expect(await api.getExtendedTcpTable('AF_INET', 'ownerPidAll', null as never)).toHaveLength(4);
    expect(await refusal(api.sockets.list('tcp' as never))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'options' });
  });
});
