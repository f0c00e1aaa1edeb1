/**
 * Neighbours against the real addon. Under Wine: the IPv4 neighbour cache compared with
 * the kernel's (`ip -j neigh`), Wine's made-up multicast rows tolerated, errors that come
 * with a table freed, and every function Wine 8 lacks failing cleanly. On Windows,
 * elevated: the write path on the primary adapter, cleaned up whatever happens.
 */
import { afterAll, describe, expect, test } from 'vitest';

import { FIXTURE } from './harness/fixture.js';
import { ROOT } from './harness/environment.js';
import { evaluate, kernel, modes, windowsElevatedTitle, wineTitle, type IpLink } from './harness/remote.js';

interface IpNeigh {
  dst: string;
  dev: string;
  lladdr?: string;
  state: string[];
}

const { onWine, onWindowsElevated } = modes();

describe.skipIf(!onWine)(wineTitle('neighbours under Wine, in a network namespace'), () => {
  test("getIpNetTable2('AF_INET') holds the kernel's neighbours with their MACs, interfaces and state 'permanent'", async () => {
    const links = kernel<IpLink[]>('link', 'show');
    const expected = kernel<IpNeigh[]>('-4', 'neigh', 'show')
      .map((n) => ({ address: n.dst, interfaceIndex: links.find((l) => l.ifname === n.dev)!.ifindex, physicalAddress: n.lladdr ?? '', permanent: n.state.includes('PERMANENT') }))
      .sort((a, b) => a.address.localeCompare(b.address));
    expect(expected.map((n) => n.address)).toEqual(FIXTURE.neighbors.map((n) => n.address).sort());
    const rows = await evaluate(async (api) => api.getIpNetTable2('AF_INET'));
    const unicast = rows
      .filter((r) => expected.some((e) => e.address === r.address))
      .map((r) => ({ address: r.address, interfaceIndex: r.interfaceIndex, physicalAddress: r.physicalAddress, permanent: r.state === 'permanent' }))
      .sort((a, b) => a.address.localeCompare(b.address));
    expect(unicast).toEqual(expected);
    for (const r of rows.filter((x) => expected.some((e) => e.address === x.address))) {
      expect(r.physicalAddressLength).toBe(6);
      expect(r.interfaceLuid).toBeGreaterThan(0n);
    }
  });

  test('Wine’s made-up multicast rows come through as well-formed rows and break nothing', async () => {
    const r = await evaluate(async (api) => {
      const rows = await api.getIpNetTable2('AF_INET');
      return {
        rows,
        listed: (await api.neighbors.list({ family: 'ipv4', interface: 'v0', state: 'permanent' })).map((n) => n.address),
        parsed: rows.every((row) => api.parseIp(row.address) !== undefined),
      };
    });
    const extra = r.rows.filter((row) => !FIXTURE.neighbors.some((n) => n.address === row.address));
    expect(extra.length).toBeGreaterThan(0);
    for (const row of extra) expect(['224.0.0.22', '239.255.255.250']).toContain(row.address);
    expect(r.parsed).toBe(true);
    // The helper's filters work on them too; Wine reports its multicast rows as permanent.
    const multicast = ['224.0.0.22', '239.255.255.250'];
    expect(r.listed.filter((a) => !multicast.includes(a)).sort()).toEqual(['192.0.2.2', '192.0.2.3']);
  });

  test("Windows' own permanent entries (224.0.0.22, 239.255.255.250, which Wine makes up too) are left out with includeSystem: false", async () => {
    const r = await evaluate(async (api) => ({
      all: (await api.neighbors.list({ family: 'ipv4', interface: 'v0', state: 'permanent' })).map((n) => n.address).sort(),
      mine: (await api.neighbors.list({ family: 'ipv4', interface: 'v0', state: 'permanent', includeSystem: false })).map((n) => n.address).sort(),
    }));
    expect(r.all).toEqual(expect.arrayContaining(['192.0.2.2', '192.0.2.3', '224.0.0.22']));
    expect(r.mine).toEqual(['192.0.2.2', '192.0.2.3']);
  });

  test('an error that comes with a table (Wine: AF_INET6, AF_UNSPEC) is reported, and the table is freed every time', async () => {
    const r = await evaluate(async (api, root: string, require) => {
      const binding = (require('node-gyp-build') as (dir: string) => { tablesFreed(): number })(root);
      const codes = await Promise.all([api.getIpNetTable2('AF_INET6'), api.getIpNetTable2('AF_UNSPEC')].map((p) => p.then(() => 'resolved', (e: { code: string; win32: number }) => `${e.code}/${e.win32}`)));
      const before = binding.tablesFreed();
      let failures = 0;
      for (let i = 0; i < 500; i++) {
        try { api.getIpNetTable2Sync(i % 2 ? 'AF_INET6' : 'AF_UNSPEC'); } catch { failures++; }
        await api.getIpNetTable2('AF_INET6').catch(() => failures++);
      }
      return { codes, failures, freed: binding.tablesFreed() - before };
    }, ROOT);
    expect(r.codes).toEqual(['STATUS_INVALID_DEVICE_REQUEST/1', 'STATUS_INVALID_DEVICE_REQUEST/1']);
    expect(r.failures).toBe(1000);
    // One FreeMibTable for every failed call, sync and async alike.
    expect(r.freed).toBe(1000);
  });

  test('what Wine 8 does not export fails with STATUS_NOT_SUPPORTED naming the function', async () => {
    const r = await evaluate(async (api) => {
      const luid = api.convertInterfaceAliasToLuidSync('v0');
      const row = { address: '192.0.2.77', physicalAddress: '02:00:5e:10:00:77', interfaceLuid: luid };
      const err = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code: string; syscall: string; message: string }) => ({ code: e.code, syscall: e.syscall, message: e.message }));
      return {
        CreateIpNetEntry2: await err(api.createIpNetEntry2(row)),
        DeleteIpNetEntry2: await err(api.deleteIpNetEntry2(row)),
        SetIpNetEntry2: await err(api.setIpNetEntry2(row)),
        GetIpNetEntry2: await err(api.getIpNetEntry2(row)),
        FlushIpNetTable2: await err(api.flushIpNetTable2('AF_INET', 3)),
        ResolveIpNetEntry2: await err(api.resolveIpNetEntry2({ address: '192.0.2.2', interfaceLuid: luid })),
        helperAdd: await err(api.neighbors.add({ address: '192.0.2.77', mac: '02:00:5e:10:00:77', interface: 'v0' })),
      };
    });
    for (const [key, value] of Object.entries(r)) {
      const syscall = key === 'helperAdd' ? 'CreateIpNetEntry2' : key;
      expect(value, key).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall, message: expect.stringContaining(`does not export ${syscall}`) });
    }
  });
});

describe.skipIf(!onWindowsElevated)(windowsElevatedTitle('neighbours on Windows, elevated'), () => {
  const ADDRESS = '203.0.113.77';

  afterAll(async () => {
    await evaluate(async (api, address: string) => api.neighbors.delete({ address }, { ifMissing: 'ignore' }), ADDRESS);
  });

  test('add a made-up neighbour on the primary adapter, read, set, duplicate, resolve from cache, delete; loopback refused by the OS too', async () => {
    const r = await evaluate(
      async (api, arg: { address: string; root: string }, require) => {
        const primary = (await api.getBestRoute2('198.51.100.1')).route.interfaceLuid;
        const row = { address: arg.address, physicalAddress: '02:00:5e:10:00:77', interfaceLuid: primary };
        const code = (e: unknown) => (e as { code?: string }).code;
        const out: { created?: unknown; changed?: string; duplicate?: unknown; resolved?: string; gone?: boolean; deleteAgain?: unknown; osLoopback?: unknown; facadeLoopback?: unknown } = {};
        try {
          await api.createIpNetEntry2(row);
          out.created = await api.getIpNetEntry2(row);
          await api.setIpNetEntry2({ ...row, physicalAddress: '02:00:5e:10:00:78' });
          out.changed = (await api.getIpNetEntry2(row)).physicalAddress;
          out.duplicate = await api.createIpNetEntry2(row).then(() => 'created twice', code);
          // A permanent entry resolves from the cache: no packet is sent.
          out.resolved = await api.neighbors.resolve(arg.address, { interface: primary });
          await api.deleteIpNetEntry2(row);
          out.gone = !(await api.getIpNetTable2('AF_INET')).some((n) => n.address === arg.address && n.interfaceLuid === primary);
          out.deleteAgain = await api.deleteIpNetEntry2(row).then(() => 'deleted twice', code);
          // The facade refuses a loopback address; the OS refuses it as well.
          out.facadeLoopback = await api.createIpNetEntry2({ ...row, address: '127.0.0.1' }).then(() => 'created', (e: { code: string; member: string }) => `${e.code}/${e.member}`);
          const binding = (require('node-gyp-build') as (dir: string) => { createIpNetEntry2Sync(row: unknown): void })(arg.root);
          try {
            binding.createIpNetEntry2Sync({ address: '127.0.0.1', interfaceLuid: primary, interfaceIndex: 0, physicalAddress: '02:00:5e:10:00:77', state: 6, isRouter: false, isUnreachable: false });
            out.osLoopback = 'created';
          } catch (e) {
            out.osLoopback = (e as { win32: number }).win32;
          }
        } finally {
          await api.deleteIpNetEntry2(row).catch(() => undefined);
        }
        return { ...out, primary };
      },
      { address: ADDRESS, root: ROOT },
    );
    expect(r.created).toMatchObject({ address: ADDRESS, physicalAddress: '02:00:5e:10:00:77', interfaceLuid: r.primary, state: 'permanent' });
    expect(r.changed).toBe('02:00:5e:10:00:78');
    expect(r.duplicate).toBe('ERROR_OBJECT_ALREADY_EXISTS');
    expect(r.resolved).toBe('02:00:5e:10:00:78');
    expect(r.gone).toBe(true);
    expect(r.deleteAgain).toBe('STATUS_NOT_FOUND');
    expect(r.facadeLoopback).toBe('STATUS_INVALID_PARAMETER/address');
    expect(r.osLoopback).toBe(87);
  });
});
