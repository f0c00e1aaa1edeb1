/**
 * Interface identity against the real addon. Under Wine the expected values are the
 * kernel's own view of the namespace (ip -j link); on Windows, the system's adapters.
 */
import { describe, expect, test } from 'vitest';

import { FIXTURE } from './harness/fixture.js';
import { evaluate, kernel, modes, windowsTitle, wineTitle, type IpLink } from './harness/remote.js';


const { onWine, onWindows } = modes();

describe.skipIf(!onWine)(wineTitle('interface identity under Wine, in a network namespace'), () => {
  test('alias → LUID → index is the kernel ifindex, and LUID → alias gives the alias back', async () => {
    const links = kernel<IpLink[]>('link', 'show');
    const result = await evaluate(async (api) => {
      const luid = await api.convertInterfaceAliasToLuid('v0');
      return {
        luid,
        index: await api.convertInterfaceLuidToIndex(luid),
        alias: await api.convertInterfaceLuidToAlias(luid),
        indexSync: api.convertInterfaceLuidToIndexSync(luid),
        luidFromIndex: api.convertInterfaceIndexToLuidSync(api.convertInterfaceLuidToIndexSync(luid)),
      };
    });
    const v0 = links.find((l) => l.ifname === 'v0')!;
    expect(typeof result.luid).toBe('bigint');
    expect(result.luid).toBeGreaterThan(0n);
    expect(result.index).toBe(v0.ifindex);
    expect(result.indexSync).toBe(v0.ifindex);
    expect(result.alias).toBe('v0');
    expect(result.luidFromIndex).toBe(result.luid);
  });

  test('getIfTable2 lists every kernel interface with the kernel index, MAC and MTU', async () => {
    const links = kernel<IpLink[]>('link', 'show');
    const rows = await evaluate(async (api) =>
      (await api.getIfTable2()).map((r) => ({ alias: r.alias, index: r.interfaceIndex, mac: r.physicalAddress, mtu: r.mtu, type: r.type, luid: r.interfaceLuid })),
    );
    for (const link of links) {
      const row = rows.find((r) => r.alias === link.ifname);
      expect(row, `getIfTable2 has ${link.ifname}`).toBeDefined();
      expect(row!.index).toBe(link.ifindex);
      expect(row!.mtu).toBe(link.mtu);
      if (link.ifname !== 'lo') expect(row!.mac).toBe(link.address);
    }
    for (const fixed of FIXTURE.links) expect(rows.find((r) => r.alias === fixed.name)?.mac).toBe(fixed.mac);
    expect(rows.find((r) => r.alias === 'lo')?.type).toBe('softwareLoopback');
    expect(rows.find((r) => r.alias === 'v0')?.type).toBe('ethernetCsmacd');
    expect(rows).toHaveLength(links.length);
  });

  test('getIfEntry2 by LUID and by index returns the same full MIB_IF_ROW2', async () => {
    const v0 = kernel<IpLink[]>('link', 'show', 'v0')[0]!;
    const { byLuid, byIndex } = await evaluate(async (api) => {
      const luid = api.convertInterfaceAliasToLuidSync('v0');
      return { byLuid: await api.getIfEntry2({ interfaceLuid: luid }), byIndex: api.getIfEntry2Sync({ interfaceIndex: api.convertInterfaceLuidToIndexSync(luid) }) };
    });
    expect(byLuid.interfaceIndex).toBe(v0.ifindex);
    expect(byLuid.alias).toBe('v0');
    expect(byLuid.physicalAddress).toBe(FIXTURE.links[0].mac);
    expect(byLuid.physicalAddressLength).toBe(6);
    expect(byLuid.operStatus).toBe('up');
    expect(byLuid.mediaConnectState).toBe('connected');
    expect(byLuid.interfaceGuid).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
    expect(typeof byLuid.inOctets).toBe('bigint');
    expect(Object.keys(byIndex).sort()).toEqual(Object.keys(byLuid).sort());
    expect(byIndex.interfaceLuid).toBe(byLuid.interfaceLuid);
  });

  test('GUID and name conversions round-trip', async () => {
    const r = await evaluate(async (api) => {
      const luid = api.convertInterfaceAliasToLuidSync('d0');
      const guid = await api.convertInterfaceLuidToGuid(luid);
      const name = await api.convertInterfaceLuidToName(luid);
      return {
        luid,
        guid,
        name,
        fromGuid: await api.convertInterfaceGuidToLuid(guid),
        fromLowerGuidNoBraces: api.convertInterfaceGuidToLuidSync(guid.slice(1, -1).toLowerCase()),
        fromName: await api.convertInterfaceNameToLuid(name),
      };
    });
    expect(r.fromGuid).toBe(r.luid);
    expect(r.fromLowerGuidNoBraces).toBe(r.luid);
    expect(r.fromName).toBe(r.luid);
    expect(r.name.length).toBeGreaterThan(0);
  });

  test('index 0 and an unknown index or LUID reach the OS: STATUS_NOT_FOUND, Win32 2 (no such interface)', async () => {
    const r = await evaluate(async (api) => {
      const seen = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code: string; win32: number; ntstatus: number; syscall: string; member?: string }) => ({ code: e.code, win32: e.win32, ntstatus: e.ntstatus, syscall: e.syscall, member: e.member }));
      return {
        zero: await seen(api.convertInterfaceIndexToLuid(0)),
        zeroSync: (() => { try { return api.convertInterfaceIndexToLuidSync(0); } catch (e) { return (e as { win32: number }).win32; } })(),
        index: await seen(api.convertInterfaceIndexToLuid(999_999)),
        luid: await seen(api.convertInterfaceLuidToIndex(0xffffffffffffn)),
        luidToAlias: await seen(api.convertInterfaceLuidToAlias(0xffffffffffffn)),
        guid: await seen(api.convertInterfaceGuidToLuid('{00000000-0000-0000-0000-0000000000FF}')),
        unknownName: await seen(api.convertInterfaceNameToLuid('ethernet_999')),
        ifEntry: await seen(api.getIfEntry2({ interfaceIndex: 999_999 })),
        helper: await seen(api.interfaces.get(0)),
      };
    });
    const notFound = { code: 'STATUS_NOT_FOUND', win32: 2, ntstatus: 0xc0000225, member: undefined };
    expect(r.zero).toEqual({ ...notFound, syscall: 'ConvertInterfaceIndexToLuid' });
    expect(r.zeroSync).toBe(2);
    expect(r.index).toEqual({ ...notFound, syscall: 'ConvertInterfaceIndexToLuid' });
    expect(r.luid).toEqual({ ...notFound, syscall: 'ConvertInterfaceLuidToIndex' });
    expect(r.luidToAlias).toEqual({ ...notFound, syscall: 'ConvertInterfaceLuidToAlias' });
    // Not recorded for Windows; Wine answers ERROR_INVALID_PARAMETER for a GUID it does not
    // know, and makes a LUID out of any well-formed name without looking it up.
    expect(r.guid).toEqual({ code: 'STATUS_INVALID_PARAMETER', win32: 87, ntstatus: 0xc000000d, syscall: 'ConvertInterfaceGuidToLuid', member: undefined });
    expect(r.unknownName).toBe('resolved');
    expect(r.ifEntry).toEqual({ ...notFound, syscall: 'GetIfEntry2' });
    expect(r.helper).toEqual({ ...notFound, syscall: 'ConvertInterfaceIndexToLuid' });
  });

  test('an alias or name the system does not have, empty ones included, is the OS’s answer, not a refusal before the call', async () => {
    const r = await evaluate(async (api) => {
      const seen = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code: string; win32: number; syscall: string; member?: string }) => ({ code: e.code, win32: e.win32, syscall: e.syscall, member: e.member }));
      return {
        alias: await seen(api.convertInterfaceAliasToLuid('no-such-if')),
        emptyAlias: await seen(api.convertInterfaceAliasToLuid('')),
        longAlias: await seen(api.convertInterfaceAliasToLuid('x'.repeat(300))),
        longName: await seen(api.convertInterfaceNameToLuid('x'.repeat(300))),
        name: await seen(api.convertInterfaceNameToLuid('no-such-if')),
        emptyName: await seen(api.convertInterfaceNameToLuid('')),
      };
    });
    // Wine's ConvertInterfaceAliasToLuid answers ERROR_INVALID_PARAMETER for an alias it does
    // not have (its page: "the InterfaceAlias parameter was invalid"); what Windows answers is
    // not recorded. Either way it is the OS's code, so no member is named.
    for (const key of ['alias', 'emptyAlias'] as const) {
      expect(r[key], key).toEqual({ code: 'STATUS_INVALID_PARAMETER', win32: 87, syscall: 'ConvertInterfaceAliasToLuid', member: undefined });
    }
    // An alias longer than Windows keeps is one the page calls invalid: refused before the call, naming it.
    expect(r.longAlias).toEqual({ code: 'STATUS_INVALID_PARAMETER', win32: 87, syscall: 'ConvertInterfaceAliasToLuid', member: 'interfaceAlias' });
    // A name that is not valid, however long, is ERROR_INVALID_NAME, as documented.
    for (const key of ['name', 'emptyName', 'longName'] as const) {
      expect(r[key], key).toEqual({ code: 'STATUS_INVALID_NAME', win32: 123, syscall: 'ConvertInterfaceNameToLuidW', member: undefined });
    }
  });
});


describe.skipIf(!onWindows)(windowsTitle('interface identity on Windows'), () => {
  test("getIfTable2 agrees with PowerShell's Get-NetAdapter: index, alias, GUID and MAC of every adapter", async () => {
    const { execFileSync } = await import('node:child_process');
    const adapters = JSON.parse(
      execFileSync(
        'powershell.exe',
        ['-NoProfile', '-NonInteractive', '-Command', 'Get-NetAdapter -IncludeHidden | Select-Object ifIndex, InterfaceAlias, InterfaceGuid, MacAddress | ConvertTo-Json -Compress'],
        { encoding: 'utf8' },
      ) || '[]',
    ) as { ifIndex: number; InterfaceAlias: string; InterfaceGuid: string; MacAddress: string }[];
    const list = Array.isArray(adapters) ? adapters : [adapters];
    const rows = await evaluate(async (api) => api.getIfTable2());
    expect(list.length).toBeGreaterThan(0);
    for (const adapter of list) {
      const row = rows.find((r) => r.interfaceIndex === adapter.ifIndex);
      expect(row, `adapter ${adapter.InterfaceAlias}`).toBeDefined();
      expect(row!.alias).toBe(adapter.InterfaceAlias);
      expect(row!.interfaceGuid).toBe(adapter.InterfaceGuid.toUpperCase());
      if (adapter.MacAddress) expect(row!.physicalAddress).toBe(adapter.MacAddress.toLowerCase().replace(/-/g, ':'));
    }
  });

  test('every conversion round-trips for every interface, async and sync', async () => {
    const mismatches = await evaluate(async (api) => {
      const bad: string[] = [];
      const rows = await api.getIfTable2();
      // An alias names one interface only where it is unique (filter interfaces may share or lack one).
      const unique = (alias: string) => alias !== '' && rows.filter((r) => r.alias === alias).length === 1;
      for (const row of rows) {
        const luid = row.interfaceLuid;
        if ((await api.convertInterfaceLuidToIndex(luid)) !== row.interfaceIndex) bad.push(`index of ${row.alias}`);
        if (api.convertInterfaceIndexToLuidSync(row.interfaceIndex) !== luid) bad.push(`luid of index ${row.interfaceIndex}`);
        if ((await api.convertInterfaceLuidToAlias(luid)) !== row.alias) bad.push(`alias of ${row.alias}`);
        if (unique(row.alias) && (await api.convertInterfaceAliasToLuid(row.alias)) !== luid) bad.push(`luid of alias ${row.alias}`);
        if ((await api.convertInterfaceLuidToGuid(luid)) !== row.interfaceGuid) bad.push(`guid of ${row.alias}`);
        if (api.convertInterfaceGuidToLuidSync(row.interfaceGuid) !== luid) bad.push(`luid of guid ${row.interfaceGuid}`);
        const name = await api.convertInterfaceLuidToName(luid);
        if ((await api.convertInterfaceNameToLuid(name)) !== luid) bad.push(`luid of name ${name}`);
        if ((await api.getIfEntry2({ interfaceLuid: luid })).alias !== row.alias) bad.push(`entry of ${row.alias}`);
      }
      return bad;
    });
    expect(mismatches).toEqual([]);
  });
});
