import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { WIDTH } from '../../lib/cli/help.js';
import { COMMANDS, run, topHelp } from '../../lib/cli/run.js';
import { FAKE_INTERFACES, encodeForwardRows, fakeInitializedRoute } from './support/fake-binding.js';
import { useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();

async function cli(args: string, files: Record<string, string> = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args.split(' ').filter(Boolean), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readFile: async (p) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
      return files[p]!;
    },
    version: '9.9.9',
  });
  return { code, out, err };
}

describe('every command reaches the library with its words, and prefixes name commands as in ip', () => {
  test.each([
    ['route', 'getIpForwardTable2', [0]],
    ['r l', 'getIpForwardTable2', [0]],
    ['ro sh -4', 'getIpForwardTable2', [2]],
    ['route show dev Ethernet', 'getIpForwardTable2', [0]],
    ['route add 203.0.113.0/24 via 192.0.2.1 dev 12 metric 5', 'createIpForwardEntry2', [expect.objectContaining({ destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', metric: 5, interfaceLuid: FAKE_INTERFACES[1]!.luid })]],
    ['r a 203.0.113.0/24 via 192.0.2.1 dev Ethernet', 'createIpForwardEntry2', [expect.objectContaining({ destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', metric: 0 })]],
    ['route replace default via 192.0.2.1 dev 12', 'createIpForwardEntry2', [expect.objectContaining({ destinationPrefix: '0.0.0.0/0', nextHop: '192.0.2.1' })]],
    ['neigh', 'getIpNetTable2', [0]],
    ['n', 'getIpNetTable2', [0]],
    ['neighbor show dev Ethernet nud permanent', 'getIpNetTable2', [0]],
    ['neighbour sh -6', 'getIpNetTable2', [23]],
    ['neigh add 203.0.113.77 lladdr 02:00:5e:10:00:77 dev Ethernet', 'createIpNetEntry2', [expect.objectContaining({ address: '203.0.113.77', physicalAddress: '02:00:5e:10:00:77', interfaceLuid: FAKE_INTERFACES[1]!.luid })]],
    ['neigh flush dev 12', 'flushIpNetTable2', [0, 12]],
    ['addr show dev Ethernet', 'getUnicastIpAddressTable', [0]],
    ['a', 'getUnicastIpAddressTable', [0]],
    ['a sh', 'getUnicastIpAddressTable', [0]],
    ['address s', 'getUnicastIpAddressTable', [0]],
    ['a add 198.51.100.10/24 dev Ethernet skip-as-source', 'createUnicastIpAddressEntry', [expect.objectContaining({ address: '198.51.100.10', onLinkPrefixLength: 24, skipAsSource: true })]],
    ['an', 'getAnycastIpAddressTable', [0]],
    ['anycast add 2001:db8::a dev Ethernet', 'createAnycastIpAddressEntry', [expect.objectContaining({ address: '2001:db8::a', interfaceLuid: FAKE_INTERFACES[1]!.luid })]],
    ['link', 'getIfTable2', []],
    ['l sh Ethernet', 'getIfEntry2', [{ interfaceLuid: FAKE_INTERFACES[1]!.luid, interfaceIndex: 0 }]],
    ['link Ethernet', 'getIfEntry2', [{ interfaceLuid: FAKE_INTERFACES[1]!.luid, interfaceIndex: 0 }]],
    ['i show dev 12', 'getUnicastIpAddressTable', [0]],
    ['iface set Ethernet metric 10 mtu 1400 forwarding off', 'setIpInterfaceEntry', [expect.objectContaining({ metric: 10, nlMtu: 1400, forwardingEnabled: false, useAutomaticMetric: false })]],
  ] as const)('%s', async (args, operation, wireArgs) => {
    const r = await cli(args);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const calls = fake.calls.filter((c) => c.name === operation);
    expect(calls.length, `${operation} was called`).toBeGreaterThan(0);
    expect(calls.at(-1)!.args).toEqual(wireArgs);
  });

  test('route g is route get: GetBestRoute2 with the destination and the source', async () => {
    await cli('route add 203.0.113.0/24 via 192.0.2.1 dev Ethernet');
    expect((await cli('r g 203.0.113.9 from 192.0.2.10')).code).toBe(0);
    expect(fake.calls.filter((c) => c.name === 'getBestRoute2').at(-1)?.args).toEqual(['203.0.113.9', '192.0.2.10', 0n, 0]);
  });

  test('global options stand anywhere, before the object or after it', async () => {
    expect((await cli('route -4 show --json')).code).toBe(0);
    expect(fake.calls.find((c) => c.name === 'getIpForwardTable2')?.args).toEqual([2]);
    expect((await cli('-6 -j neigh')).code).toBe(0);
    expect(fake.calls.find((c) => c.name === 'getIpNetTable2')?.args).toEqual([23]);
  });
});

describe('usage errors exit 2 and say what is wrong', () => {
  test.each([
    ['', /name an object/],
    ['routes', /unknown object "routes"/],
    ['x', /unknown object "x"; one of address, anycast, route, neighbour, link, interface, monitor, ss, stats, ping, traceroute, gateway, adapter/],
    ['route --json=yaml', /--json=yaml: the JSON is ip .* or mib/],
    ['route frobnicate', /unknown command "frobnicate" for route/],
    ['route xyz 203.0.113.0/24', /unknown command "xyz" for route/],
    ['route add', /missing argument/],
    ['route add 203.0.113.0/24 via', /via needs a value/],
    ['route add 203.0.113.0/24 metric five', /metric must be a number/],
    ['route add 203.0.113.0/24 metric 4294967296', /metric must be a number/],
    ['route add 203.0.113.0/24 dev a dev b', /dev given twice/],
    ['route add 203.0.113.0/24 onlink', /unexpected "onlink"/],
    ['route apply set.json', /--owner NAME is required/],
    ['route apply --owner vpn', /name the FILE/],
    ['route cleanup --owner vpn extra', /unexpected "extra"/],
    ['neigh add 203.0.113.77 dev Ethernet', /lladdr MAC is required/],
    ['neigh add 203.0.113.77 lladdr 02:00:5e:10:00:77', /dev IF is required/],
    ['addr add 198.51.100.10/24', /dev IF is required/],
    ['anycast add 2001:db8::a', /dev IF is required/],
    ['interface set Ethernet', /set metric, mtu or forwarding/],
    ['interface set Ethernet forwarding maybe', /forwarding must be on or off/],
    ['interface set metric 5', /name the interface/],
    ['monitor everything', /monitor watches route, addr, link or all/],
    ['route show --verbose', /unknown option --verbose/],
    ['link show a b', /unexpected "b"/],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(message);
    expect(r.err.join('\n')).toMatch(/Try "netioapi .*--help"/);
    expect(r.err.join('\n')).not.toMatch(/\n\s+at /);
    expect(fake.calls).toEqual([]);
  });
});

describe('help and version', () => {
  test.each(['--help', 'help', 'route --help', 'route add --help', 'neigh -h', 'addr help', 'anycast --help', 'link --help', 'interface set --help', 'monitor --help', 'ss --help', 'ping --help', 'traceroute -h', 'r --help'])('%s prints help and exits 0', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/^Usage: netioapi/);
    expect(fake.calls).toEqual([]);
  });

  test('route --help describes route commands', async () => {
    expect((await cli('route --help')).out.join('\n')).toMatch(/route apply FILE --owner NAME/);
  });

  test('every help is laid out the same way: usage, then paragraphs apart, then options; nothing wider than the page', () => {
    for (const text of [topHelp(), ...COMMANDS.map((c) => c.help)]) {
      const sections = text.split('\n\n');
      expect(sections[0], text).toMatch(/^Usage: netioapi /);
      expect(sections.length, text).toBeGreaterThanOrEqual(2);
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(WIDTH);
      // No section runs into the next: a blank line before each paragraph and the options.
      for (const section of sections.slice(1)) expect(section.trim().length, text).toBeGreaterThan(0);
      expect(text).not.toMatch(/\n\n\n/);
      expect(sections.at(-1), text).toMatch(/^Options( \(anywhere\))?:\n {2}-/);
    }
  });

  test('route --help keeps its paragraphs apart (they once ran together)', async () => {
    const sections = (await cli('route --help')).out.join('\n').split('\n\n');
    expect(sections.map((s) => s.split(/\s/)[0])).toEqual(['Usage:', 'PREFIX', 'get', 'apply', 'With', 'Options']);
  });

  test('the top help lists every object of the table, with what it does', async () => {
    const text = (await cli('--help')).out.join('\n');
    for (const c of COMMANDS) expect(text).toMatch(new RegExp(`^    ${c.names[0]} +\\S`, 'm'));
  });

  test('--version', async () => {
    expect(await cli('--version')).toMatchObject({ code: 0, out: ['netioapi 9.9.9'] });
  });
});

describe('commands over the fake binding', () => {
  test('route add, show, get and del, readable and --json', async () => {
    expect((await cli('route add 203.0.113.0/24 via 192.0.2.1 dev Ethernet metric 5')).out).toEqual(['203.0.113.0/24 via 192.0.2.1 dev Ethernet proto netmgmt metric 5']);
    await cli('route add default via 192.0.2.254 dev 12');
    const show = await cli('route show');
    expect(show.out).toEqual(['203.0.113.0/24 via 192.0.2.1 dev Ethernet proto netmgmt metric 5', 'default via 192.0.2.254 dev Ethernet proto netmgmt metric 0']);
    // -j is ip -j route's JSON: a static route's protocol (boot) and a metric of 0 left out, as ip does.
    expect(JSON.parse((await cli('route show -j')).out.join('\n'))).toEqual([
      { dst: '203.0.113.0/24', gateway: '192.0.2.1', dev: 'Ethernet', metric: 5, flags: [] },
      { dst: 'default', gateway: '192.0.2.254', dev: 'Ethernet', flags: [] },
    ]);
    const json = await cli('route show --json=mib');
    const rows = JSON.parse(json.out.join('\n')) as { destinationPrefix: string; interfaceLuid: string }[];
    expect(rows.map((r) => r.destinationPrefix)).toEqual(['203.0.113.0/24', '0.0.0.0/0']);
    expect(rows[0]!.interfaceLuid).toBe(FAKE_INTERFACES[1]!.luid.toString());
    // ip route get's words: ADDR via GW dev IF src SRC metric N (the effective metric).
    expect((await cli('route get 203.0.113.9')).out).toEqual(['203.0.113.9 via 192.0.2.1 dev Ethernet src 192.0.2.100 metric 30']);
    expect(JSON.parse((await cli('route get 203.0.113.9 --json')).out.join('\n'))).toEqual([{ dst: '203.0.113.9', gateway: '192.0.2.1', dev: 'Ethernet', prefsrc: '192.0.2.100', metric: 30, flags: [] }]);
    expect(JSON.parse((await cli('route get 203.0.113.9 --json=mib')).out.join('\n'))).toMatchObject({ effectiveMetric: 30, interfaceMetric: 25, sourceAddress: '192.0.2.100' });
    expect((await cli('route del 203.0.113.0/24')).out).toEqual(['deleted 1 route']);
    expect((await cli('-4 route show')).out).toHaveLength(1);
  });

  test('route get for a zeroed best route says it names no interface; --json carries the nulls', async () => {
    fake.getBestRoute2 = async () => ({ route: encodeForwardRows([fakeInitializedRoute()]), sourceAddress: '::1', interfaceMetric: null });
    expect((await cli('route get fe80::1 from ::1 dev Ethernet')).out).toEqual(['fe80::1 src ::1 (a route without an interface)']);
    expect(JSON.parse((await cli('route get fe80::1 from ::1 dev Ethernet --json=mib')).out.join('\n'))).toMatchObject({ interfaceMetric: null, effectiveMetric: null });
    expect(JSON.parse((await cli('route get fe80::1 from ::1 dev Ethernet --json')).out.join('\n'))).toEqual([{ dst: 'fe80::1', prefsrc: '::1', flags: [] }]);
  });

  test('an OS or validation error exits 1 with CODE: message and the hint, no stack', async () => {
    fake.elevated = false;
    const denied = await cli('route add 203.0.113.0/24 via 192.0.2.1 dev Ethernet');
    expect(denied.code).toBe(1);
    expect(denied.err).toHaveLength(1);
    expect(denied.err[0]).toMatch(/^STATUS_ACCESS_DENIED: CreateIpForwardEntry2: .*Run the program elevated/);
    const invalid = await cli('route add 203.0.113.0/33 dev Ethernet');
    expect(invalid).toMatchObject({ code: 1 });
    expect(invalid.err[0]).toMatch(/^STATUS_INVALID_PARAMETER: CreateIpForwardEntry2: destination: /);
    const missing = await cli('route del 198.51.100.0/24');
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/^STATUS_NOT_FOUND: /);
    expect([...denied.err, ...invalid.err, ...missing.err].join('\n')).not.toMatch(/\n\s+at /);
  });

  test('neigh add, show, resolve, del', async () => {
    expect((await cli('neigh add 203.0.113.77 lladdr 02-00-5E-10-00-77 dev Ethernet')).out).toEqual(['203.0.113.77 dev Ethernet lladdr 02:00:5e:10:00:77 PERMANENT']);
    expect((await cli('neigh show nud permanent')).out).toEqual(['203.0.113.77 dev Ethernet lladdr 02:00:5e:10:00:77 PERMANENT']);
    expect((await cli('neigh resolve 203.0.113.77 dev Ethernet')).out).toEqual(['203.0.113.77 lladdr 02:00:5e:10:00:77']);
    expect((await cli('neigh del 203.0.113.77')).out).toEqual(['deleted 1 neighbour']);
    expect(await cli('neigh show nud sleepy')).toMatchObject({ code: 1 });
  });

  test('addr, anycast, link and interface', async () => {
    expect((await cli('addr add 198.51.100.10/24 dev Ethernet')).out[0]).toMatch(/^Ethernet inet 198.51.100.10\/24 origin manual\/manual preferred/);
    expect((await cli('addr show dev Ethernet')).out).toHaveLength(3);
    expect((await cli('-6 addr show')).out).toEqual([expect.stringMatching(/^Ethernet inet6 fe80::10%12\/64/)]);
    expect((await cli('anycast show')).out).toEqual([]);
    expect((await cli('anycast add 2001:db8::a dev 12')).out).toEqual(['2001:db8::a dev Ethernet']);
    const link = await cli('link show Ethernet');
    expect(link.out.slice(0, 2)).toEqual(['12: Ethernet: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP', '    link/ether 02:00:5e:10:00:01 brd ff:ff:ff:ff:ff:ff']);
    expect(JSON.parse((await cli('link --json')).out.join('\n'))).toHaveLength(3);
    expect((await cli('interface show Ethernet')).out).toEqual(['12: Ethernet', '    ipv4: metric 25 (automatic) mtu 1500 forwarding off connected', '    ipv6: metric 25 (automatic) mtu 1500 forwarding off connected']);
    expect((await cli('-4 interface set Ethernet metric 10')).out).toEqual(['12: Ethernet', '    ipv4: metric 10 mtu 1500 forwarding off connected']);
  });

  test('route apply and cleanup from a file, with per-route outcomes', async () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-cli-'));
    try {
      const set = JSON.stringify({ routes: [{ destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 'Ethernet' }, { destination: '198.51.100.0/24', interface: 'Nope' }] });
      const applied = await cli(`route apply set.json --owner vpn --store ${store}`, { 'set.json': set });
      expect(applied.code).toBe(1);
      expect(applied.out).toEqual([
        expect.stringMatching(/^failed 198.51.100.0\/24: STATUS_INVALID_PARAMETER /),
        'added 203.0.113.0/24 via 192.0.2.1 dev Ethernet',
        '1 added, 0 present, 0 updated, 0 removed, 1 failed',
      ]);
      expect(applied.err).toEqual(['netioapi: 1 route failed']);
      const json = await cli(`route apply set.json --owner vpn --store ${store} --json`, { 'set.json': JSON.stringify([{ destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 'Ethernet' }]) });
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out.join('\n'))).toMatchObject({ present: 1, failed: 0 });
      expect((await cli(`route cleanup --owner vpn --store ${store}`)).out).toEqual(['1 removed, 0 failed']);
      expect(fake.routes.size).toBe(0);
      const notJson = await cli(`route apply set.json --owner vpn --store ${store}`, { 'set.json': '{' });
      expect(notJson.code).toBe(1);
      expect(notJson.err[0]).toMatch(/^STATUS_INVALID_PARAMETER: .*set.json is not JSON/);
      const unreadable = await cli(`route apply nope.json --owner vpn --store ${store}`);
      expect(unreadable.code).toBe(1);
      expect(unreadable.err).toEqual([expect.stringMatching(/^netioapi: cannot read nope.json: ENOENT/)]);
    } finally {
      fs.rmSync(store, { recursive: true, force: true });
    }
  });

  test('monitor prints one line, or one JSON object, per event until stopped', async () => {
    const controller = new AbortController();
    const out: string[] = [];
    const done = run(['monitor', 'route', '--json'], { out: (l) => out.push(l), err: () => undefined, readFile: async () => '', signal: controller.signal });
    await new Promise((r) => setTimeout(r, 10));
    const route = encodeForwardRows([{ destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', interfaceLuid: FAKE_INTERFACES[1]!.luid, interfaceIndex: 12, sitePrefixLength: 0, validLifetime: 1, preferredLifetime: 1, metric: 1, protocol: 3, loopback: false, autoconfigureAddress: false, publish: false, immortal: false, age: 0, origin: 0 }]);
    fake.emit('route', 1, route);
    await fake.flush();
    controller.abort();
    expect(await done).toBe(0);
    expect(out.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ source: 'route', type: 'add', row: expect.objectContaining({ destinationPrefix: '203.0.113.0/24', interfaceLuid: FAKE_INTERFACES[1]!.luid.toString() }) })]);
    expect(fake.subscriptions[0]).toMatchObject({ refed: true, osCancels: 1 });
  });
});
