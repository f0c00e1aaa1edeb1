import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { setBinding } from '../../lib/native.js';
import { refusal, useFakeBinding } from './support/setup.js';
import { FAKE_INTERFACES, createFakeBinding } from './support/fake-binding.js';

const fake = useFakeBinding();

const ethernet = FAKE_INTERFACES[1]!;
const wifi = FAKE_INTERFACES[2]!;

describe('interface identity over the fake binding', () => {
  test('conversions return the binding values, async and sync', async () => {
    expect(await api.convertInterfaceLuidToIndex(ethernet.luid)).toBe(12);
    expect(api.convertInterfaceLuidToIndexSync(ethernet.luid)).toBe(12);
    expect(await api.convertInterfaceIndexToLuid(12)).toBe(ethernet.luid);
    expect(await api.convertInterfaceAliasToLuid('Ethernet')).toBe(ethernet.luid);
    expect(api.convertInterfaceAliasToLuidSync(wifi.alias)).toBe(wifi.luid);
    expect(await api.convertInterfaceLuidToAlias(wifi.luid)).toBe('Wi-Fi 2 — Büro');
    expect(await api.convertInterfaceLuidToGuid(ethernet.luid)).toBe(ethernet.guid);
    expect(await api.convertInterfaceLuidToName(ethernet.luid)).toBe('ethernet_32769');
    expect(await api.convertInterfaceNameToLuid('ethernet_32769')).toBe(ethernet.luid);
  });

  test('a LUID may be given as a safe integer number; it reaches the binding as a bigint', async () => {
    await api.convertInterfaceLuidToIndex(Number(ethernet.luid));
    expect(fake.calls.at(-1)).toEqual({ name: 'convertInterfaceLuidToIndex', args: [ethernet.luid] });
  });

  test('a GUID is normalised before it reaches the binding', async () => {
    expect(await api.convertInterfaceGuidToLuid('4d36e972-e325-11ce-bfc1-08002be10318')).toBe(ethernet.luid);
    expect(fake.calls.at(-1)?.args).toEqual(['{4D36E972-E325-11CE-BFC1-08002BE10318}']);
  });

  test('getIfTable2 rows carry every member with names for enumerations', async () => {
    const rows = await api.getIfTable2();
    expect(rows).toHaveLength(3);
    const row = rows[1]!;
    expect(row).toMatchObject({
      interfaceLuid: ethernet.luid,
      interfaceIndex: 12,
      alias: 'Ethernet',
      physicalAddress: '02:00:5e:10:00:01',
      type: 'ethernetCsmacd',
      tunnelType: 'none',
      mediaType: '802_3',
      physicalMediumType: '802_3',
      accessType: 'broadcast',
      directionType: 'sendReceive',
      operStatus: 'up',
      adminStatus: 'up',
      mediaConnectState: 'connected',
      connectionType: 'dedicated',
      outOctets: 2n ** 63n,
    });
    expect(rows[0]!.type).toBe('softwareLoopback');
    expect(rows[2]!).toMatchObject({ type: 'ieee80211', physicalMediumType: 'native802_11', operStatus: 'down', mediaConnectState: 'disconnected' });
    // Every member of MIB_IF_ROW2 (netioapi.h), in camelCase, and nothing else.
    const documented = ['InterfaceLuid', 'InterfaceIndex', 'InterfaceGuid', 'Alias', 'Description', 'PhysicalAddressLength',
      'PhysicalAddress', 'PermanentPhysicalAddress', 'Mtu', 'Type', 'TunnelType', 'MediaType', 'PhysicalMediumType', 'AccessType',
      'DirectionType', 'InterfaceAndOperStatusFlags', 'OperStatus', 'AdminStatus', 'MediaConnectState', 'NetworkGuid',
      'ConnectionType', 'TransmitLinkSpeed', 'ReceiveLinkSpeed', 'InOctets', 'InUcastPkts', 'InNUcastPkts', 'InDiscards',
      'InErrors', 'InUnknownProtos', 'InUcastOctets', 'InMulticastOctets', 'InBroadcastOctets', 'OutOctets', 'OutUcastPkts',
      'OutNUcastPkts', 'OutDiscards', 'OutErrors', 'OutUcastOctets', 'OutMulticastOctets', 'OutBroadcastOctets', 'OutQLen'];
    expect(Object.keys(row).sort()).toEqual(documented.map((m) => m[0]!.toLowerCase() + m.slice(1)).sort());
    expect(api.getIfTable2Sync()).toEqual(rows);
  });

  test('an enumeration value this release does not know comes through as its number', async () => {
    const strange = { ...ethernet, type: 9999, operStatus: 42 };
    setBinding(createFakeBinding([strange]));
    const [row] = await api.getIfTable2();
    expect(row!.type).toBe(9999);
    expect(row!.operStatus).toBe(42);
  });

  test('getIfEntry2 passes LUID first and index when the LUID is absent', async () => {
    expect((await api.getIfEntry2({ interfaceLuid: wifi.luid })).alias).toBe(wifi.alias);
    expect(fake.calls.at(-1)?.args).toEqual([{ interfaceLuid: wifi.luid, interfaceIndex: 0 }]);
    expect(api.getIfEntry2Sync({ interfaceIndex: 12 }).alias).toBe('Ethernet');
    expect(fake.calls.at(-1)?.args).toEqual([{ interfaceLuid: 0n, interfaceIndex: 12 }]);
  });

  test('OS errors become NetioErrors with the documented code, the syscall and the system text', async () => {
    const error = await api.convertInterfaceLuidToIndex(777n).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(api.NetioError);
    expect(error).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall: 'ConvertInterfaceLuidToIndex', systemMessage: 'The system cannot find the file specified.' });
    expect(() => api.convertInterfaceAliasToLuidSync('nope')).toThrow(expect.objectContaining({ code: 'STATUS_INVALID_PARAMETER', syscall: 'ConvertInterfaceAliasToLuid' }));
  });

  test('the async error carries the stack of the callers that await it', async () => {
    async function innerCallerMarker(): Promise<number> {
      return await api.convertInterfaceLuidToIndex(777n);
    }
    async function outerCallerMarker(): Promise<unknown> {
      try {
        await innerCallerMarker();
      } catch (e) {
        return e;
      }
      return undefined;
    }
    const error = (await outerCallerMarker()) as Error;
    expect(error.stack).toMatch(/^NetioError: STATUS_NOT_FOUND/);
    expect(error.stack).toContain('innerCallerMarker');
    expect(error.stack).toContain('outerCallerMarker');
  });

  test('a function the system does not export fails with STATUS_NOT_SUPPORTED naming it', async () => {
    fake.missing.add('GetIfTable2');
    const error = await api.getIfTable2().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetIfTable2', win32: 50 });
    expect((error as Error).message).toContain('does not export GetIfTable2');
    expect(api.isSupported('GetIfTable2')).toBe(false);
  });

  test('bad input is refused before the binding is called; async calls reject, never throw', async () => {
    const bad: [string, () => Promise<unknown>, string][] = [
      ['luid', () => api.convertInterfaceLuidToIndex('12' as unknown as bigint), 'interfaceLuid'],
      ['index negative', () => api.convertInterfaceIndexToLuid(-1), 'interfaceIndex'],
      ['alias with NUL (cannot travel as a C string)', () => api.convertInterfaceAliasToLuid('eth\0'), 'interfaceAlias'],
      ['alias longer than Windows keeps (its page: an invalid alias)', () => api.convertInterfaceAliasToLuid('e'.repeat(300)), 'interfaceAlias'],
      ['guid', () => api.convertInterfaceGuidToLuid('not-a-guid'), 'interfaceGuid'],
      ['name with NUL', () => api.convertInterfaceNameToLuid('eth\0'), 'interfaceName'],
      ['row missing', () => api.getIfEntry2(undefined as unknown as object), 'row'],
      ['row empty', () => api.getIfEntry2({}), 'interfaceLuid'],
      ['row index negative', () => api.getIfEntry2({ interfaceIndex: -1 }), 'interfaceIndex'],
    ];
    for (const [name, call, member] of bad) {
      let promise: Promise<unknown> | undefined;
      expect(() => (promise = call()), name).not.toThrow();
      const error = await promise!.catch((e: unknown) => e);
      expect(error, name).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member });
    }
    expect(fake.calls).toEqual([]);
  });
});

describe('index 0 and empty keys reach the OS, which says what it makes of them', () => {
  test('convertInterfaceIndexToLuid(0) is the OS’s STATUS_NOT_FOUND (Win32 2, no such interface), not a refusal', async () => {
    const error = await refusal(api.convertInterfaceIndexToLuid(0));
    expect(error).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, ntstatus: 0xc0000225, syscall: 'ConvertInterfaceIndexToLuid', member: undefined });
    expect(error.message).toContain('The specified interface could not be found.');
    expect(fake.calls).toEqual([{ name: 'convertInterfaceIndexToLuid', args: [0] }]);
    expect(() => api.convertInterfaceIndexToLuidSync(0)).toThrow(expect.objectContaining({ code: 'STATUS_NOT_FOUND', win32: 2 }));
  });

  test('an unknown index or LUID is STATUS_NOT_FOUND with Win32 2 in every conversion, as Windows answers', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['ConvertInterfaceIndexToLuid', () => api.convertInterfaceIndexToLuid(4242)],
      ['ConvertInterfaceLuidToIndex', () => api.convertInterfaceLuidToIndex(0n)],
      ['ConvertInterfaceLuidToAlias', () => api.convertInterfaceLuidToAlias(777n)],
      ['ConvertInterfaceLuidToGuid', () => api.convertInterfaceLuidToGuid(777n)],
      ['ConvertInterfaceLuidToNameW', () => api.convertInterfaceLuidToName(777n)],
      ['GetIfEntry2', () => api.getIfEntry2({ interfaceIndex: 4242 })],
    ];
    for (const [syscall, call] of calls) expect(await refusal(call()), syscall).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall });
  });

  test('an empty alias goes to the OS (STATUS_INVALID_PARAMETER from it, no member); an empty or over-long name is STATUS_INVALID_NAME', async () => {
    expect(await refusal(api.convertInterfaceAliasToLuid(''))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', win32: 87, member: undefined });
    for (const name of ['', 'n'.repeat(300), 'nosuch_0']) {
      expect(await refusal(api.convertInterfaceNameToLuid(name))).toMatchObject({ code: 'STATUS_INVALID_NAME', win32: 123, ntstatus: 0xc0000033, syscall: 'ConvertInterfaceNameToLuidW' });
    }
    expect(fake.calls.map((c) => c.args[0])).toEqual(['', '', 'n'.repeat(300), 'nosuch_0']);
  });

  test('GetIfEntry2 with neither LUID nor index is still refused before the call, as its page documents', async () => {
    expect(await refusal(api.getIfEntry2({ interfaceLuid: 0n, interfaceIndex: 0 }))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'interfaceLuid' });
    expect(fake.calls).toEqual([]);
  });

  test('the helpers take index 0 to the OS too: no such interface', async () => {
    expect(await refusal(api.routes.list({ interface: 0 }))).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall: 'ConvertInterfaceIndexToLuid' });
  });
});

describe('without a binding (any system but Windows)', () => {
  test.skipIf(process.platform === 'win32')('every call rejects or throws STATUS_NOT_SUPPORTED saying it needs Windows', async () => {
    setBinding(undefined);
    const error = await api.getIfTable2().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', win32: 50, syscall: 'netioapi' });
    expect((error as Error).message).toMatch(/needs Windows; this is/);
    expect(() => api.convertInterfaceLuidToIndexSync(1n)).toThrow(/needs Windows/);
    expect(api.isSupported('GetIfTable2')).toBe(false);
    expect(api.entryPoints()).toEqual({});
  });
});
