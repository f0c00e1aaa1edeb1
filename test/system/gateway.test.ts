/**
 * The default gateway against the real addon. Under Wine, in the namespace: the fixture's
 * default route, and a second one with a lower metric that takes over while it exists.
 * On Windows: gateway.all() against PowerShell's Get-NetRoute, ranked by RouteMetric +
 * InterfaceMetric; elevated, watch.defaultRoute() firing once when a better default route
 * appears and once when it goes.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';

import { FIXTURE } from './harness/fixture.js';
import { evaluate, kernel, modes, runCli, system, windowsElevatedTitle, windowsTitle, wineTitle, type IpLink } from './harness/remote.js';

const { onWine, onWindows, onWindowsElevated } = modes();

/** The fixture's default route: on v0 via 192.0.2.254, metric 3 (Wine 8 reads metrics as hex: 0–9 only). */
const FIXTURE_DEFAULT = FIXTURE.routes.find((r) => r.to === 'default')!;

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));

describe.skipIf(!onWine)(wineTitle('the default gateway under Wine, in a network namespace'), () => {
  test("gateway.default() is the fixture's default route on v0, ranked by route metric alone (Wine has no GetIpInterfaceEntry)", async () => {
    const v0 = kernel<IpLink[]>('link', 'show', 'dev', FIXTURE_DEFAULT.dev)[0]!;
    const r = await evaluate(async (api) => ({
      best: await api.gateway.default(),
      all: await api.gateway.all(),
      sync: api.gateway.defaultSync(),
      v6: await api.gateway.default({ family: 'ipv6' }),
      luid: api.convertInterfaceAliasToLuidSync('v0'),
      supported: api.isSupported('GetIpInterfaceEntry'),
    }));
    expect(r.best).toEqual({
      gateway: FIXTURE_DEFAULT.via,
      family: 'ipv4',
      interfaceIndex: v0.ifindex,
      interfaceLuid: r.luid,
      interfaceAlias: 'v0',
      routeMetric: FIXTURE_DEFAULT.metric,
      interfaceMetric: null,
      effectiveMetric: FIXTURE_DEFAULT.metric,
    });
    expect(r.supported).toBe(false);
    expect(r.all).toEqual([r.best]);
    expect(r.sync).toEqual(r.best);
    // Wine 8 reads only IPv4 routes (GetIpForwardTable2(AF_INET6) is empty): no IPv6 default here.
    expect(r.v6).toBeNull();
  });

  test('a second default route with a lower metric takes over while it exists', async () => {
    const ns = system().namespace;
    const route = ['default', 'via', '203.0.113.254', 'dev', 'd0', 'metric', '1'];
    execFileSync('ip', ['-n', ns, 'route', 'add', ...route]);
    let during: { best: unknown; all: { gateway: string; interfaceAlias: string; routeMetric: number }[] };
    try {
      during = await evaluate(async (api) => ({ best: await api.gateway.default(), all: await api.gateway.all() }));
    } finally {
      execFileSync('ip', ['-n', ns, 'route', 'del', ...route]);
    }
    expect(during.best).toMatchObject({ gateway: '203.0.113.254', interfaceAlias: 'd0', routeMetric: 1, effectiveMetric: 1 });
    expect(during.all.map((g) => `${g.gateway} ${g.interfaceAlias} ${g.routeMetric}`)).toEqual(['203.0.113.254 d0 1', `${FIXTURE_DEFAULT.via} v0 ${FIXTURE_DEFAULT.metric}`]);
    const after = await evaluate(async (api) => api.gateway.default());
    expect(after).toMatchObject({ gateway: FIXTURE_DEFAULT.via, interfaceAlias: 'v0' });
  });

  test('watch.defaultRoute() registers route, address and interface notifications, reads the current best, and closes', async () => {
    const r = await evaluate(async (api) => {
      const w = api.watch.defaultRoute({ family: 'ipv4' });
      await w.ready;
      const current = w.current;
      const best = await api.gateway.default();
      w.close();
      return { current, best, closed: w.closed };
    });
    expect(r.current).toEqual(r.best);
    expect(r.current).toMatchObject({ gateway: FIXTURE_DEFAULT.via });
    expect(r.closed).toBe(true);
  });

  test('netioapi gateway prints what gateway.all() returns', async () => {
    const [json, text] = await Promise.all([runCli(['gateway', '-4', '--json']), runCli(['gateway'])]);
    const library = await evaluate(async (api) => api.gateway.all({ family: 'ipv4' }));
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(asJson(library));
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(`default via ${FIXTURE_DEFAULT.via} dev v0 metric ${FIXTURE_DEFAULT.metric} (route ${FIXTURE_DEFAULT.metric}, interface metric unknown)\n`);
  });
});

interface PsRoute {
  NextHop: string;
  ifIndex: number;
  RouteMetric: number;
  InterfaceMetric: number;
  ConnectionState: string;
  Loopback: boolean;
}

describe.skipIf(!onWindows)(windowsTitle('the default gateway on Windows'), () => {
  test('gateway.all() agrees with Get-NetRoute -DestinationPrefix 0.0.0.0/0 sorted by RouteMetric + InterfaceMetric', async () => {
    const script = [
      '$routes = @(Get-NetRoute -DestinationPrefix 0.0.0.0/0 -PolicyStore ActiveStore -ErrorAction SilentlyContinue)',
      '@($routes | ForEach-Object {',
      '  $i = Get-NetIPInterface -InterfaceIndex $_.ifIndex -AddressFamily IPv4',
      '  [pscustomobject]@{ NextHop = $_.NextHop; ifIndex = $_.ifIndex; RouteMetric = $_.RouteMetric; InterfaceMetric = $i.InterfaceMetric;',
      '    ConnectionState = "$($i.ConnectionState)"; Loopback = ($_.InterfaceAlias -like "Loopback*") }',
      '}) | ConvertTo-Json -Compress',
    ].join('\n');
    const text = execFileSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8' }).trim();
    const parsed = (text ? JSON.parse(text) : []) as PsRoute | PsRoute[];
    const theirs = (Array.isArray(parsed) ? parsed : [parsed]).filter((r) => r.ConnectionState === 'Connected' && !r.Loopback);
    const ours = await evaluate(async (api) => api.gateway.all());
    const key = (g: { gateway: string; interfaceIndex: number }) => `${g.gateway} if${g.interfaceIndex}`;
    const expected = theirs
      .map((r) => ({ key: key({ gateway: r.NextHop, interfaceIndex: r.ifIndex }), routeMetric: r.RouteMetric, interfaceMetric: r.InterfaceMetric, effectiveMetric: r.RouteMetric + r.InterfaceMetric }))
      .sort((a, b) => a.effectiveMetric - b.effectiveMetric);
    const actual = ours.map((g) => ({ key: key(g), routeMetric: g.routeMetric, interfaceMetric: g.interfaceMetric, effectiveMetric: g.effectiveMetric }));
    // The same routes with the same metrics; ranked by the sum (routes with equal sums in any order).
    const bySum = (rows: { effectiveMetric: number }[]) => rows.map((r) => r.effectiveMetric);
    expect(bySum(actual)).toEqual(bySum(expected));
    expect([...actual].sort((a, b) => a.key.localeCompare(b.key))).toEqual([...expected].sort((a, b) => a.key.localeCompare(b.key)));
    const best = await evaluate(async (api) => api.gateway.default());
    expect(best === null ? null : best.effectiveMetric).toBe(expected[0]?.effectiveMetric ?? null);
  });
});

/**
 * The route the elevated test adds: an IPv6 default route with route metric 0 through a
 * link-local next hop on the interface the machine's default route uses. A link-local next
 * hop never leaves that link; on a runner without IPv6 connectivity nothing used IPv6 before,
 * so nothing is diverted while it exists.
 */
const TEST_NEXT_HOP = 'fe80::db8:1';

describe.skipIf(!onWindowsElevated)(windowsElevatedTitle('watch.defaultRoute on Windows, elevated'), () => {
  afterAll(async () => {
    // Whatever happened in the test, the route it adds does not stay behind.
    await evaluate(async (api, nextHop: string) => {
      // The table may give the link-local next hop with its zone ('fe80::db8:1%12').
      for (const row of await api.getIpForwardTable2('AF_INET6')) {
        if (row.destinationPrefix === '::/0' && row.nextHop.split('%')[0] === nextHop) await api.deleteIpForwardEntry2(row).catch(() => undefined);
      }
    }, TEST_NEXT_HOP);
  });

  test('fires once when a better default route is added, and once when it is removed', async () => {
    const r = await evaluate(
      async (api, nextHop: string) => {
        const v4 = await api.gateway.default({ family: 'ipv4' });
        const v6 = await api.gateway.default({ family: 'ipv6' });
        const iface = v6?.interfaceLuid ?? v4?.interfaceLuid;
        if (iface === undefined) throw new Error('this machine has no default route to put a better one beside');
        const w = api.watch.defaultRoute({ family: 'ipv6' });
        const changes: { previous: { gateway: string } | null; current: { gateway: string; interfaceLuid: bigint; routeMetric: number } | null }[] = [];
        w.on('change', (c) => changes.push(c));
        const until = async (n: number) => {
          for (let waited = 0; changes.length < n && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
          // Then a quiet second: no second 'change' for the same event.
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return changes.length;
        };
        const row = { destinationPrefix: '::/0', nextHop, interfaceLuid: iface, metric: 0, protocol: 'netmgmt' as const };
        const out: { before: unknown; afterAdd?: number; afterRemove?: number; added?: unknown; removed?: unknown } = { before: v6 };
        try {
          await w.ready;
          await api.createIpForwardEntry2(row);
          out.afterAdd = await until(1);
          out.added = changes[0];
          await api.deleteIpForwardEntry2(row);
          out.afterRemove = await until(2);
          out.removed = changes[1];
        } finally {
          await api.deleteIpForwardEntry2(row).catch(() => undefined);
          w.close();
        }
        return { ...out, iface };
      },
      TEST_NEXT_HOP,
      { timeoutMs: 120_000 },
    );
    const zoneless = (g: { gateway: string } | null | undefined) => g?.gateway.split('%')[0];
    const added = r.added as { previous: { gateway: string } | null; current: { gateway: string; interfaceLuid: bigint; routeMetric: number } | null };
    const removed = r.removed as { previous: { gateway: string } | null; current: { gateway: string; interfaceLuid: bigint } | null };
    const before = r.before as { gateway: string; interfaceLuid: bigint } | null;
    expect(r.afterAdd).toBe(1);
    expect(zoneless(added.current)).toBe(TEST_NEXT_HOP);
    expect(added.current).toMatchObject({ interfaceLuid: r.iface, routeMetric: 0 });
    expect(added.previous?.gateway ?? null).toBe(before?.gateway ?? null);
    expect(r.afterRemove).toBe(2);
    expect(zoneless(removed.previous)).toBe(TEST_NEXT_HOP);
    expect(removed.current === null ? null : { gateway: removed.current.gateway, interfaceLuid: removed.current.interfaceLuid }).toEqual(
      before === null ? null : { gateway: before.gateway, interfaceLuid: before.interfaceLuid },
    );
  });
});
