/**
 * Routes against the real addon. Under Wine: the IPv4 table compared row for row with
 * the kernel's (`ip -j route`), and every function Wine 8 lacks failing cleanly. On
 * Windows, elevated: the write path on the primary adapter, cleaned up whatever happens.
 */
import { afterAll, describe, expect, test } from 'vitest';

import { ROOT } from './harness/environment.js';
import { evaluate, kernel, modes, windowsElevatedTitle, windowsTitle, wineTitle, type IpLink } from './harness/remote.js';

interface IpRoute {
  dst: string;
  gateway?: string;
  dev: string;
  metric?: number;
  protocol?: string;
  scope?: string;
}

const { onWine, onWindows, onWindowsElevated } = modes();

describe.skipIf(!onWine)(wineTitle('routes under Wine, in a network namespace'), () => {
  test("getIpForwardTable2('AF_INET') holds exactly the kernel's IPv4 routes", async () => {
    const links = kernel<IpLink[]>('link', 'show');
    const ifindex = (dev: string) => links.find((l) => l.ifname === dev)!.ifindex;
    const expected = kernel<IpRoute[]>('-4', 'route', 'show', 'table', 'main')
      .map((r) => ({
        destinationPrefix: r.dst === 'default' ? '0.0.0.0/0' : r.dst.includes('/') ? r.dst : `${r.dst}/32`,
        nextHop: r.gateway ?? '0.0.0.0',
        interfaceIndex: ifindex(r.dev),
        metric: r.metric ?? 0,
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const rows = await evaluate(async (api) => api.getIpForwardTable2('AF_INET'));
    const actual = rows
      .map((r) => ({ destinationPrefix: r.destinationPrefix, nextHop: r.nextHop, interfaceIndex: r.interfaceIndex, metric: r.metric }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(actual).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(6);
    // Every row names its interface by LUID too, and the two agree.
    const check = await evaluate(async (api) =>
      (await api.getIpForwardTable2('ipv4')).every((r) => api.convertInterfaceLuidToIndexSync(r.interfaceLuid) === r.interfaceIndex),
    );
    expect(check).toBe(true);
    // Wine reports protocol 3 (netmgmt) for a route with a gateway, 2 (local) otherwise.
    for (const r of rows) expect(r.protocol).toBe(r.nextHop === '0.0.0.0' ? 'local' : 'netmgmt');
  });

  test('the fixture routes are there with their gateways and metrics; sync and helper agree', async () => {
    const result = await evaluate(async (api) => ({
      sync: api.getIpForwardTable2Sync(2),
      helper: await api.routes.list({ family: 'ipv4', interface: 'v0' }),
      found: await api.routes.get({ destination: '198.51.100.128/25', gateway: '192.0.2.2' }),
      v0: api.convertInterfaceAliasToLuidSync('v0'),
    }));
    expect(result.found).toMatchObject({ destinationPrefix: '198.51.100.128/25', nextHop: '192.0.2.2', metric: 5, interfaceLuid: result.v0 });
    expect(result.sync.find((r) => r.destinationPrefix === '0.0.0.0/0')).toMatchObject({ nextHop: '192.0.2.254', metric: 3 });
    expect(result.sync.find((r) => r.destinationPrefix === '203.0.113.128/26')).toMatchObject({ nextHop: '203.0.113.2', metric: 7 });
    expect(result.helper.length).toBeGreaterThanOrEqual(3);
    expect(result.helper.every((r) => r.interfaceLuid === result.v0)).toBe(true);
  });

  test('Wine 8 reads IPv4 routes only: AF_INET6 is empty and AF_UNSPEC equals AF_INET', async () => {
    const r = await evaluate(async (api) => ({ v6: await api.getIpForwardTable2('AF_INET6'), all: await api.getIpForwardTable2(), v4: await api.getIpForwardTable2('AF_INET') }));
    expect(r.v6).toEqual([]);
    expect(r.all).toEqual(r.v4);
  });

  test('getBestRoute2 with a source of the other family is not refused before the call: it reaches the OS (Wine’s stub answers STATUS_NOT_SUPPORTED)', async () => {
    const r = await evaluate(async (api) => {
      const seen = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code: string; syscall: string; member?: string; win32: number; message: string }) => ({ code: e.code, syscall: e.syscall, member: e.member, win32: e.win32, message: e.message }));
      return { v6source: await seen(api.getBestRoute2('198.51.100.1', { source: '2001:db8::1' })), v4source: await seen(api.getBestRoute2('2001:db8::1', { source: '192.0.2.1' })) };
    });
    for (const result of [r.v6source, r.v4source] as { code: string; win32: number; syscall: string; member?: string; message: string }[]) {
      // Windows ignores such a source and answers; Wine 8's GetBestRoute2 is a stub that returns ERROR_NOT_SUPPORTED for every call.
      expect(result).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', win32: 50, syscall: 'GetBestRoute2' });
      expect(result.member).toBeUndefined();
      expect(result.message).not.toContain('does not export');
    }
  });

  test('what Wine 8 does not export fails with STATUS_NOT_SUPPORTED naming the function; GetBestRoute2’s stub maps cleanly', async () => {
    const errors = await evaluate(async (api, root: string, require) => {
      const row = { destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.2', interfaceLuid: api.convertInterfaceAliasToLuidSync('v0') };
      const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code: string; syscall: string; message: string }) => ({ code: e.code, syscall: e.syscall, message: e.message }));
      const binding = (require('node-gyp-build') as (dir: string) => { initializeIpForwardEntry(): Promise<{ count: number }> })(root);
      return {
        create: await code(api.createIpForwardEntry2(row)),
        delete: await code(api.deleteIpForwardEntry2(row)),
        set: await code(api.setIpForwardEntry2(row)),
        get: await code(api.getIpForwardEntry2(row)),
        best: await code(api.getBestRoute2('198.51.100.200')),
        helperAdd: await code(api.routes.add({ destination: '203.0.113.0/24', gateway: '192.0.2.2', interface: 'v0' })),
        nativeInitialize: await binding.initializeIpForwardEntry(),
        facadeInitialize: await api.initializeIpForwardEntry(),
        sync: (() => { try { api.createIpForwardEntry2Sync(row); return 'returned'; } catch (e) { return (e as { code: string }).code; } })(),
        supported: api.isSupported('CreateIpForwardEntry2'),
      };
    }, ROOT);
    for (const [fn, syscall] of [['create', 'CreateIpForwardEntry2'], ['delete', 'DeleteIpForwardEntry2'], ['set', 'SetIpForwardEntry2'], ['get', 'GetIpForwardEntry2'], ['helperAdd', 'CreateIpForwardEntry2']] as const) {
      expect(errors[fn], fn).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall, message: expect.stringContaining(`does not export ${syscall}`) });
    }
    // Wine does not export InitializeIpForwardEntry: the documented values stand in for it.
    expect(errors.nativeInitialize).toMatchObject({ count: 1 });
    expect(errors.facadeInitialize).toMatchObject({ validLifetime: 0xffffffff, metric: 0xffffffff, protocol: 0xffffffff, sitePrefixLength: 255, loopback: true, publish: true, destinationPrefix: '' });
    // GetBestRoute2 is exported by Wine as a stub returning ERROR_NOT_SUPPORTED.
    expect(errors.best).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetBestRoute2' });
    expect(errors.sync).toBe('STATUS_NOT_SUPPORTED');
    expect(errors.supported).toBe(false);
  });
});

describe.skipIf(!onWindows)(windowsTitle('GetBestRoute2 on Windows'), () => {
  test('a source of the other family is ignored, as Windows’ own tests record: the call succeeds', async () => {
    const r = await evaluate(async (api) => ({
      plain: await api.getBestRoute2('198.51.100.1'),
      v6source: await api.getBestRoute2('198.51.100.1', { source: '2001:db8::1' }),
      sync: api.getBestRoute2Sync('198.51.100.1', { source: '::1' }),
    }));
    const key = (b: { route: { destinationPrefix: string; nextHop: string; interfaceLuid: bigint } }) => [b.route.destinationPrefix, b.route.nextHop, b.route.interfaceLuid];
    expect(key(r.v6source)).toEqual(key(r.plain));
    expect(r.sync.route.destinationPrefix).toBe(r.plain.route.destinationPrefix);
    expect(r.v6source.interfaceMetric).toBe(r.plain.interfaceMetric);
  });
});

describe.skipIf(!onWindowsElevated)(windowsElevatedTitle('routes on Windows, elevated'), () => {
  const DESTINATION = '203.0.113.0/24';

  // Whatever happens in the tests, no route to the test prefix stays behind.
  afterAll(async () => {
    await evaluate(async (api, destination: string) => api.routes.delete({ destination }, { ifMissing: 'ignore' }), DESTINATION);
  });

  test('a route created with only destination, next hop and interface reads back with the OS’s own defaults', async () => {
    const r = await evaluate(async (api, destination: string) => {
      const primary = (await api.getBestRoute2('198.51.100.1')).route;
      const row = { destinationPrefix: destination, nextHop: primary.nextHop, interfaceLuid: primary.interfaceLuid };
      try {
        await api.createIpForwardEntry2(row);
        return { created: await api.getIpForwardEntry2(row), initialized: await api.initializeIpForwardEntry() };
      } finally {
        await api.deleteIpForwardEntry2(row).catch(() => undefined);
      }
    }, DESTINATION);
    console.log('route created from InitializeIpForwardEntry’s values alone, as Windows holds it:', r.created);
    expect(r.created).toMatchObject({ destinationPrefix: DESTINATION });
    // The members left out went as InitializeIpForwardEntry wrote them: infinite lifetimes,
    // and "not set" for the metric, protocol and site prefix length, which the OS replaced
    // with its own choice (a route never reads back with the "illegal" values).
    expect([r.created.validLifetime, r.created.preferredLifetime]).toEqual([r.initialized.validLifetime, r.initialized.preferredLifetime]);
    expect(r.created.metric).not.toBe(0xffffffff);
    expect(r.created.protocol).not.toBe(0xffffffff);
    expect(r.created.sitePrefixLength).not.toBe(0xff);
  });

  test('add, read back, change the metric, add again, delete, delete again — on the primary adapter', async () => {
    const steps = await evaluate(async (api, destination: string) => {
      const out: { created?: unknown; inTable?: boolean; best?: unknown; changed?: number; again?: unknown; deleteAgain?: unknown; gone?: boolean } = {};
      const code = (e: unknown) => (e as { code?: string }).code;
      // The primary adapter: the one the default route leaves by. No packet is sent.
      const primary = (await api.getBestRoute2('198.51.100.1')).route;
      const row = { destinationPrefix: destination, nextHop: primary.nextHop, interfaceLuid: primary.interfaceLuid, metric: 7, protocol: 'netmgmt' as const };
      try {
        await api.createIpForwardEntry2(row);
        out.created = await api.getIpForwardEntry2(row);
        out.inTable = (await api.getIpForwardTable2('AF_INET')).some((r) => r.destinationPrefix === destination && r.interfaceLuid === primary.interfaceLuid);
        out.best = await api.getBestRoute2('203.0.113.10');
        await api.setIpForwardEntry2({ ...row, metric: 9 });
        out.changed = (await api.getIpForwardEntry2(row)).metric;
        out.again = await api.createIpForwardEntry2(row).then(() => 'created twice', code);
        await api.deleteIpForwardEntry2(row);
        out.deleteAgain = await api.deleteIpForwardEntry2(row).then(() => 'deleted twice', code);
        out.gone = (await api.getIpForwardTable2('AF_INET')).some((r) => r.destinationPrefix === destination && r.interfaceLuid === primary.interfaceLuid);
      } finally {
        await api.deleteIpForwardEntry2(row).catch(() => undefined);
      }
      return { ...out, primaryLuid: primary.interfaceLuid, nextHop: primary.nextHop };
    }, DESTINATION);
    expect(steps.created).toMatchObject({ destinationPrefix: DESTINATION, nextHop: steps.nextHop, interfaceLuid: steps.primaryLuid, metric: 7, protocol: 'netmgmt' });
    expect(steps.inTable).toBe(true);
    const best = steps.best as { route: { destinationPrefix: string; metric: number }; interfaceMetric: number; effectiveMetric: number };
    expect(best.route.destinationPrefix).toBe(DESTINATION);
    expect(best.effectiveMetric).toBe(7 + best.interfaceMetric);
    expect(steps.changed).toBe(9);
    expect(steps.again).toBe('ERROR_OBJECT_ALREADY_EXISTS');
    expect(steps.deleteAgain).toBe('STATUS_NOT_FOUND');
    expect(steps.gone).toBe(false);
  });

  test('the routes helpers add, replace and delete on the primary adapter by alias', async () => {
    const r = await evaluate(async (api, destination: string) => {
      const primary = (await api.getBestRoute2('198.51.100.1')).route;
      const alias = await api.convertInterfaceLuidToAlias(primary.interfaceLuid);
      try {
        const added = await api.routes.add({ destination, gateway: primary.nextHop === '0.0.0.0' ? undefined : primary.nextHop, interface: alias, metric: 3 });
        const replaced = await api.routes.add({ destination, gateway: primary.nextHop === '0.0.0.0' ? undefined : primary.nextHop, interface: alias, metric: 4, ifExists: 'replace' });
        const deleted = await api.routes.delete({ destination, interface: alias });
        const missing = await api.routes.delete({ destination }, { ifMissing: 'ignore' });
        return { added: added.metric, replaced: replaced.metric, deleted, missing };
      } finally {
        await api.routes.delete({ destination }, { ifMissing: 'ignore' }).catch(() => undefined);
      }
    }, DESTINATION);
    expect(r).toEqual({ added: 3, replaced: 4, deleted: 1, missing: 0 });
  });
});
