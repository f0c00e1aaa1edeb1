/**
 * The netioapi command in the Windows node.exe. Under Wine: the read commands agree with
 * the library's tables, and write commands exit 1 with STATUS_NOT_SUPPORTED and a readable
 * message. On Windows, elevated: a route set applied, changed and cleaned up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { evaluate, kernel, modes, runCli, windowsElevatedTitle, wineTitle, type IpLink } from './harness/remote.js';

const { onWine, onWindowsElevated } = modes();

const bigintsAsStrings = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v)));

describe.skipIf(!onWine)(wineTitle('the netioapi command under Wine'), () => {
  test('route show, neigh show, addr show and link show --json=mib agree with the library', async () => {
    const [route, neigh, addr, link] = await Promise.all([
      runCli(['route', 'show', '-4', '--json=mib']),
      runCli(['neigh', 'show', '-4', '--json=mib']),
      runCli(['addr', 'show', '--json=mib']),
      runCli(['link', 'show', '--json=mib']),
    ]);
    for (const r of [route, neigh, addr, link]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const library = await evaluate(async (api) => ({
      route: await api.getIpForwardTable2('AF_INET'),
      neigh: await api.getIpNetTable2('AF_INET'),
      addr: await api.getUnicastIpAddressTable(),
      link: await api.getIfTable2(),
    }));
    expect(JSON.parse(route.stdout)).toEqual(bigintsAsStrings(library.route));
    expect(JSON.parse(neigh.stdout)).toEqual(bigintsAsStrings(library.neigh));
    // Timestamps and counters move between two reads; the rest must agree.
    const stable = (rows: Record<string, unknown>[], drop: string[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))));
    expect(stable(JSON.parse(addr.stdout), ['creationTimeStamp'])).toEqual(stable(bigintsAsStrings(library.addr) as Record<string, unknown>[], ['creationTimeStamp']));
    const counters = Object.keys(library.link[0]!).filter((k) => /^(in|out)[A-Z]/.test(k));
    expect(stable(JSON.parse(link.stdout), counters)).toEqual(stable(bigintsAsStrings(library.link) as Record<string, unknown>[], counters));
  });

  test('the readable forms name routes, neighbours and links as iproute2 does', async () => {
    const [route, neigh, link, get, addr, abbreviated] = await Promise.all([
      runCli(['route']),
      runCli(['-4', 'neigh', 'show', 'dev', 'v0']),
      runCli(['link', 'show', 'v0']),
      runCli(['link', 'v0', '--json']),
      runCli(['addr', 'show']),
      runCli(['a', 'sho']),
    ]);
    expect(route.code).toBe(0);
    expect(route.stdout).toContain('default via 192.0.2.254 dev v0 proto netmgmt metric 3\n');
    expect(route.stdout).toContain('198.51.100.128/25 via 192.0.2.2 dev v0 proto netmgmt metric 5\n');
    expect(neigh.stdout).toContain('192.0.2.2 dev v0 lladdr 02:00:5e:10:00:22 PERMANENT\n');
    const kernelLink = kernel<IpLink[]>('link', 'show', 'v0')[0]!;
    expect(link.stdout).toMatch(new RegExp(`^${kernelLink.ifindex}: v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    link/ether 02:00:5e:10:00:01 brd ff:ff:ff:ff:ff:ff\n`));
    expect(JSON.parse(get.stdout)).toHaveLength(1);
    // Any prefix of an object or a command works, as in ip: `a sho` is `address show`.
    expect(abbreviated).toEqual(addr);
    expect(addr.stdout).toContain('v0 inet 192.0.2.1/24 ');
  });

  test('route show -j parses as `ip -j route` does: the same keys, and the same values, for the same routes', async () => {
    const cli = await runCli(['route', 'show', '-4', '-j']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const ours = JSON.parse(cli.stdout) as Record<string, unknown>[];
    const theirs = kernel<Record<string, unknown>[]>('route', 'show');
    const key = (r: Record<string, unknown>) => `${String(r.dst)} via ${String(r.gateway ?? '-')} dev ${String(r.dev)}`;
    const byKey = new Map(ours.map((r) => [key(r), r]));
    expect(theirs.length).toBeGreaterThanOrEqual(6);
    for (const route of theirs) {
      const mine = byKey.get(key(route));
      expect(mine, `${key(route)} is in netioapi route show -j`).toBeDefined();
      // The same keys in the same order, with the same values: a script reads both alike.
      expect(Object.keys(mine!), key(route)).toEqual(Object.keys(route));
      expect(mine, key(route)).toEqual(route);
    }
  });

  test('neigh, addr and link -j carry `ip -j`’s keys with the kernel’s values', async () => {
    const [neigh, addr, link] = await Promise.all([runCli(['neigh', 'show', '-4', '-j']), runCli(['addr', 'show', '-j']), runCli(['link', 'show', '-j'])]);
    for (const r of [neigh, addr, link]) expect(r.code, r.stderr).toBe(0);
    // Neighbours: every static entry of the kernel, as ip -j neigh prints it. (Wine adds
    // multicast entries of its own, 224.0.0.22 and 239.255.255.250, which Windows has too.)
    const ourNeigh = JSON.parse(neigh.stdout) as Record<string, unknown>[];
    for (const n of kernel<Record<string, unknown>[]>('neigh', 'show')) expect(ourNeigh).toContainEqual(n);
    // Links: ip's keys we print have ip's values (ip prints more: qdisc, group, txqlen, Linux's own).
    const ourLinks = JSON.parse(link.stdout) as Record<string, unknown>[];
    for (const l of kernel<Record<string, unknown>[]>('link', 'show').filter((k) => k.ifname !== 'lo')) {
      const mine = ourLinks.find((o) => o.ifname === l.ifname);
      expect(mine, String(l.ifname)).toBeDefined();
      for (const k of ['ifindex', 'ifname', 'flags', 'mtu', 'operstate', 'link_type', 'address', 'broadcast']) expect(mine![k], `${String(l.ifname)}.${k}`).toEqual(l[k]);
    }
    // Addresses: each link's addr_info has the kernel's family, local, prefixlen, scope and label.
    const ourAddrs = JSON.parse(addr.stdout) as { ifname: string; addr_info: Record<string, unknown>[] }[];
    for (const l of kernel<{ ifname: string; addr_info: Record<string, unknown>[] }[]>('address', 'show')) {
      const mine = ourAddrs.find((o) => o.ifname === l.ifname);
      expect(mine, l.ifname).toBeDefined();
      const pick = (a: Record<string, unknown>) => ({ family: a.family, local: a.local, prefixlen: a.prefixlen, scope: a.scope, label: a.label });
      expect(mine!.addr_info.map(pick).sort((a, b) => String(a.local).localeCompare(String(b.local))), l.ifname).toEqual(l.addr_info.map(pick).sort((a, b) => String(a.local).localeCompare(String(b.local))));
    }
  });

  test('an unknown dev names itself and lists the interfaces that exist, as ip says Cannot find device', async () => {
    const r = await runCli(['link', 'show', 'eth9']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^STATUS_INVALID_PARAMETER: ConvertInterfaceAliasToLuid: dev: no interface has the alias "eth9"\. .*Interfaces here, by alias: /);
    for (const l of kernel<IpLink[]>('link', 'show')) expect(r.stderr).toContain(l.ifname);
  });

  test('write commands exit 1 with STATUS_NOT_SUPPORTED and a readable message', async () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-cli-store-'));
    const setFile = path.join(store, 'set.json');
    fs.writeFileSync(setFile, JSON.stringify([{ destination: '203.0.113.0/24', gateway: '192.0.2.2', interface: 'v0' }]));
    try {
      const commands = [
        ['route', 'add', '203.0.113.0/24', 'via', '192.0.2.2', 'dev', 'v0'],
        ['route', 'del', '198.51.100.128/25', 'dev', 'v0'],
        ['neigh', 'add', '192.0.2.77', 'lladdr', '02:00:5e:10:00:77', 'dev', 'v0'],
        ['addr', 'add', '192.0.2.50/24', 'dev', 'v0'],
        ['anycast', 'add', '2001:db8::a', 'dev', 'v0'],
        ['interface', 'set', 'v0', 'metric', '5'],
      ];
      const results = await Promise.all(commands.map((c) => runCli(c)));
      results.forEach((r, i) => {
        expect(r.code, commands[i]!.join(' ')).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^STATUS_NOT_SUPPORTED: \w+: iphlpapi\.dll on this system does not export \w+/);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      });
      const applied = await runCli(['route', 'apply', setFile, '--owner', 'wine-test', '--store', store]);
      expect(applied.code).toBe(1);
      expect(applied.stdout).toMatch(/^failed 203\.0\.113\.0\/24 via 192\.0\.2\.2 dev v0: STATUS_NOT_SUPPORTED /m);
      const usage = await runCli(['route', 'add']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/^netioapi: missing argument/);
    } finally {
      fs.rmSync(store, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!onWindowsElevated)(windowsElevatedTitle('the netioapi command on Windows, elevated'), () => {
  test('route apply of 3 routes, then a changed set, then cleanup: the table holds exactly what was asked at each step', async () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-apply-'));
    const primary = await evaluate(async (api) => {
      const r = (await api.getBestRoute2('198.51.100.1')).route;
      return { alias: await api.convertInterfaceLuidToAlias(r.interfaceLuid), gateway: r.nextHop === '0.0.0.0' ? undefined : r.nextHop, luid: r.interfaceLuid };
    });
    const owned = async () =>
      (await evaluate(async (api, luid: bigint) => (await api.getIpForwardTable2('AF_INET')).filter((r) => r.interfaceLuid === luid && /^(203\.0\.113|198\.51\.100)\./.test(r.destinationPrefix)).map((r) => `${r.destinationPrefix} ${r.metric}`), primary.luid)).sort();
    const write = (routes: { destination: string; metric?: number }[]) => {
      const file = path.join(store, 'set.json');
      fs.writeFileSync(file, JSON.stringify(routes.map((r) => ({ ...r, gateway: primary.gateway, interface: primary.alias }))));
      return file;
    };
    try {
      const first = await runCli(['route', 'apply', write([{ destination: '203.0.113.0/26' }, { destination: '203.0.113.64/26', metric: 3 }, { destination: '198.51.100.0/25' }]), '--owner', 'ci', '--store', store, '--json']);
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ added: 3, failed: 0 });
      expect(await owned()).toEqual(['198.51.100.0/25 0', '203.0.113.0/26 0', '203.0.113.64/26 3']);
      const second = await runCli(['route', 'apply', write([{ destination: '203.0.113.0/26' }, { destination: '203.0.113.64/26', metric: 5 }, { destination: '203.0.113.128/26' }]), '--owner', 'ci', '--store', store, '--json']);
      expect(JSON.parse(second.stdout)).toMatchObject({ added: 1, updated: 1, present: 1, removed: 1, failed: 0 });
      expect(await owned()).toEqual(['203.0.113.0/26 0', '203.0.113.128/26 0', '203.0.113.64/26 5']);
      const cleanup = await runCli(['route', 'cleanup', '--owner', 'ci', '--store', store]);
      expect(cleanup.code).toBe(0);
      expect(await owned()).toEqual([]);
    } finally {
      await runCli(['route', 'cleanup', '--owner', 'ci', '--store', store]);
      fs.rmSync(store, { recursive: true, force: true });
    }
  });
});
