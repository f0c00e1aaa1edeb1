/**
 * Addresses and IP interfaces against the real addon. Under Wine: the unicast table and
 * entries compared with the kernel's (`ip -j addr`), and everything Wine 8 lacks failing
 * cleanly. On Windows, elevated: anycast and unicast addresses added to and removed from
 * the primary adapter, and its IPv4 interface row set back to what it was.
 */
import { afterAll, describe, expect, test } from 'vitest';

import { evaluate, kernel, modes, windowsElevatedTitle, wineTitle } from './harness/remote.js';

interface IpAddr {
  ifindex: number;
  ifname: string;
  addr_info: { family: string; local: string; prefixlen: number; scope: string }[];
}

const { onWine, onWindowsElevated } = modes();

/** The kernel's addresses as rows would show them: link-local ones with their zone. */
function kernelAddresses(): { address: string; onLinkPrefixLength: number; interfaceIndex: number }[] {
  return kernel<IpAddr[]>('addr', 'show')
    .flatMap((link) =>
      link.addr_info.map((a) => ({
        address: a.family === 'inet6' && a.scope === 'link' ? `${a.local}%${link.ifindex}` : a.local,
        onLinkPrefixLength: a.prefixlen,
        interfaceIndex: link.ifindex,
      })),
    )
    .sort((a, b) => a.address.localeCompare(b.address));
}

describe.skipIf(!onWine)(wineTitle('addresses and IP interfaces under Wine, in a network namespace'), () => {
  test("getUnicastIpAddressTable holds exactly the kernel's addresses, with prefix lengths and interfaces", async () => {
    const expected = kernelAddresses();
    const rows = await evaluate(async (api) => ({ all: await api.getUnicastIpAddressTable(), v4: api.getUnicastIpAddressTableSync('AF_INET'), v6: await api.getUnicastIpAddressTable('ipv6') }));
    const actual = rows.all.map((r) => ({ address: r.address, onLinkPrefixLength: r.onLinkPrefixLength, interfaceIndex: r.interfaceIndex })).sort((a, b) => a.address.localeCompare(b.address));
    expect(actual).toEqual(expected);
    expect(expected.map((e) => e.address)).toEqual(expect.arrayContaining(['192.0.2.1', '2001:db8:1::1', '198.51.100.1', '203.0.113.1']));
    expect(rows.v4.every((r) => !r.address.includes(':'))).toBe(true);
    expect(rows.v6.every((r) => r.address.includes(':'))).toBe(true);
    expect(rows.v4.length + rows.v6.length).toBe(rows.all.length);
    for (const r of rows.all) {
      expect(r.creationTimeStamp).toBeInstanceOf(Date);
      expect(typeof r.prefixOrigin).toBe('string');
      expect(r.dadState).toBe('preferred');
    }
  });

  test("getUnicastIpAddressEntry returns each of the kernel's addresses, by LUID and by index", async () => {
    const expected = kernelAddresses();
    const rows = await evaluate(async (api, wanted: { address: string; interfaceIndex: number }[]) => {
      const out = [];
      for (const w of wanted) {
        const byIndex = await api.getUnicastIpAddressEntry({ address: w.address, interfaceIndex: w.interfaceIndex });
        const byLuid = api.getUnicastIpAddressEntrySync({ address: w.address, interfaceLuid: byIndex.interfaceLuid });
        out.push({ address: byIndex.address, onLinkPrefixLength: byIndex.onLinkPrefixLength, interfaceIndex: byIndex.interfaceIndex, same: byLuid.address === byIndex.address });
      }
      return out;
    }, expected);
    expect(rows.map(({ same, ...r }) => (expect(same).toBe(true), r))).toEqual(expected);
  });

  test('an address the interface does not have is an OS error with a documented code', async () => {
    const error = await evaluate(async (api) => api.getUnicastIpAddressEntry({ address: '198.51.100.250', interfaceLuid: api.convertInterfaceAliasToLuidSync('v0') }).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'NetioError', syscall: 'GetUnicastIpAddressEntry' });
    expect((error as { code: string }).code).toMatch(/^STATUS_|^WIN32_ERROR_/);
  });

  test('the addresses helper lists by interface', async () => {
    const v0 = kernel<IpAddr[]>('addr', 'show', 'v0')[0]!;
    const listed = await evaluate(async (api) => (await api.addresses.list({ interface: 'v0' })).map((r) => r.address));
    expect(listed.sort()).toEqual(v0.addr_info.map((a) => (a.scope === 'link' ? `${a.local}%${v0.ifindex}` : a.local)).sort());
  });

  test('what Wine 8 lacks fails with STATUS_NOT_SUPPORTED; the GetIpInterfaceTable stub maps cleanly; anycast.list is not []', async () => {
    const r = await evaluate(async (api) => {
      const luid = api.convertInterfaceAliasToLuidSync('v0');
      const err = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code: string; syscall: string; message: string }) => ({ code: e.code, syscall: e.syscall, message: e.message }));
      const unicast = { address: '192.0.2.50', interfaceLuid: luid, onLinkPrefixLength: 24, prefixOrigin: 'manual' as const, suffixOrigin: 'manual' as const };
      return {
        CreateAnycastIpAddressEntry: await err(api.createAnycastIpAddressEntry({ address: '2001:db8::a', interfaceLuid: luid })),
        DeleteAnycastIpAddressEntry: await err(api.deleteAnycastIpAddressEntry({ address: '2001:db8::a', interfaceLuid: luid })),
        GetAnycastIpAddressEntry: await err(api.getAnycastIpAddressEntry({ address: '2001:db8::a', interfaceLuid: luid })),
        GetAnycastIpAddressTable: await err(api.getAnycastIpAddressTable()),
        CreateUnicastIpAddressEntry: await err(api.createUnicastIpAddressEntry(unicast)),
        DeleteUnicastIpAddressEntry: await err(api.deleteUnicastIpAddressEntry(unicast)),
        SetUnicastIpAddressEntry: await err(api.setUnicastIpAddressEntry(unicast)),
        GetIpInterfaceEntry: await err(api.getIpInterfaceEntry('AF_INET', luid)),
        SetIpInterfaceEntry: await err(api.setIpInterfaceEntry({ family: 'AF_INET', interfaceLuid: luid })),
        anycastList: await err(api.anycast.list()),
        interfacesGet: await err(api.interfaces.get('v0')),
        table: await err(api.getIpInterfaceTable('AF_INET')),
      };
    });
    const { anycastList, interfacesGet, table, ...exportedless } = r;
    for (const [syscall, value] of Object.entries(exportedless)) {
      expect(value, syscall).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall, message: expect.stringContaining(`does not export ${syscall}`) });
    }
    expect(anycastList).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetAnycastIpAddressTable' });
    expect(interfacesGet).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetIpInterfaceEntry' });
    // Exported by Wine as a stub that returns ERROR_NOT_SUPPORTED: the system's own answer, not a missing export.
    expect(table).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetIpInterfaceTable' });
    expect((table as { message: string }).message).not.toContain('does not export');
  });
});

describe.skipIf(!onWindowsElevated)(windowsElevatedTitle('addresses and IP interfaces on Windows, elevated'), () => {
  const ANYCAST = '2001:db8:ac::1';
  const UNICAST = '2001:db8:ac::2';

  afterAll(async () => {
    await evaluate(async (api, a: { anycast: string; unicast: string }) => {
      await api.anycast.delete(a.anycast, { ifMissing: 'ignore' }).catch(() => undefined);
      await api.addresses.delete(a.unicast, { ifMissing: 'ignore' }).catch(() => undefined);
    }, { anycast: ANYCAST, unicast: UNICAST });
  });

  test('an anycast and a unicast address on the primary adapter: added, seen in the tables, deleted', async () => {
    const r = await evaluate(async (api, a: { anycast: string; unicast: string }) => {
      const primary = (await api.getBestRoute2('198.51.100.1')).route.interfaceLuid;
      try {
        const anycastRow = await api.anycast.add(a.anycast, { interface: primary });
        const anycastListed = (await api.getAnycastIpAddressTable('AF_INET6')).some((x) => x.address === a.anycast && x.interfaceLuid === primary);
        const unicastRow = await api.addresses.add(`${a.unicast}/64`, { interface: primary, skipAsSource: true });
        const unicastListed = (await api.getUnicastIpAddressTable('AF_INET6')).some((x) => x.address === a.unicast && x.interfaceLuid === primary);
        const deletedAnycast = await api.anycast.delete(a.anycast, { interface: primary });
        const deletedUnicast = await api.addresses.delete(a.unicast, { interface: primary });
        const anycastGone = !(await api.anycast.list()).some((x) => x.address === a.anycast);
        const unicastGone = !(await api.addresses.list()).some((x) => x.address === a.unicast);
        return { anycastRow, anycastListed, unicastRow, unicastListed, deletedAnycast, deletedUnicast, anycastGone, unicastGone, primary };
      } finally {
        await api.anycast.delete(a.anycast, { ifMissing: 'ignore' }).catch(() => undefined);
        await api.addresses.delete(a.unicast, { ifMissing: 'ignore' }).catch(() => undefined);
      }
    }, { anycast: ANYCAST, unicast: UNICAST });
    expect(r.anycastRow).toMatchObject({ address: ANYCAST, interfaceLuid: r.primary });
    expect(r.unicastRow).toMatchObject({ address: UNICAST, interfaceLuid: r.primary, onLinkPrefixLength: 64, skipAsSource: true, prefixOrigin: 'manual' });
    expect(r).toMatchObject({ anycastListed: true, unicastListed: true, deletedAnycast: 1, deletedUnicast: 1, anycastGone: true, unicastGone: true });
  });

  test("the primary adapter's IPv4 interface row, read and set back as it is (setIpInterfaceEntry zeroes its SitePrefixLength)", async () => {
    const r = await evaluate(async (api) => {
      const primary = (await api.getBestRoute2('198.51.100.1')).route.interfaceLuid;
      const before = await api.getIpInterfaceEntry('AF_INET', primary);
      await api.setIpInterfaceEntry(before);
      const after = await api.getIpInterfaceEntry('AF_INET', primary);
      const view = await api.interfaces.get(primary);
      return { before, after, viewMetric: view.ipv4?.metric, tableHasIt: (await api.getIpInterfaceTable('AF_INET')).some((x) => x.interfaceLuid === primary) };
    });
    expect(r.before.family).toBe('AF_INET');
    expect(r.before.sitePrefixLength).toBe(r.after.sitePrefixLength);
    expect(r.after.metric).toBe(r.before.metric);
    expect(r.after.useAutomaticMetric).toBe(r.before.useAutomaticMetric);
    expect(r.after.nlMtu).toBe(r.before.nlMtu);
    expect(r.viewMetric).toBe(r.before.metric);
    expect(r.tableHasIt).toBe(true);
  });

  test('setIpInterfaceEntry with the row getIpInterfaceEntry returned, one member changed: that member changes, every other stays as it was', async () => {
    const r = await evaluate(async (api) => {
      const primary = (await api.getBestRoute2('198.51.100.1')).route.interfaceLuid;
      const before = await api.getIpInterfaceEntry('AF_INET', primary);
      // The base reachable time of ARP entries: harmless to nudge, and set back below.
      const changed = before.baseReachableTime === 30000 ? 31000 : 30000;
      try {
        await api.setIpInterfaceEntry({ ...before, baseReachableTime: changed });
        return { before, after: await api.getIpInterfaceEntry('AF_INET', primary), changed };
      } finally {
        await api.setIpInterfaceEntry(before).catch(() => undefined);
      }
    });
    expect(r.after.baseReachableTime).toBe(r.changed);
    // ReachableTime is the stack's own pick, random around BaseReachableTime: it moves with it.
    const rest = (row: object) => Object.fromEntries(Object.entries(row).filter(([name]) => name !== 'baseReachableTime' && name !== 'reachableTime'));
    expect(rest(r.after)).toEqual(rest(r.before));
  });
});
