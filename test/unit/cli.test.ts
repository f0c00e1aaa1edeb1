import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { parse, UsageError } from '../../lib/cli/args.js';
import { run } from '../../lib/cli/run.js';
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

describe('parsing: every command', () => {
  test.each([
    ['route', { object: 'route', action: 'show' }],
    ['route show dev Ethernet', { object: 'route', action: 'show', dev: 'Ethernet' }],
    ['r list', { object: 'route', action: 'show' }],
    ['route add 203.0.113.0/24 via 192.0.2.1 dev 12 metric 5', { object: 'route', action: 'add', destination: '203.0.113.0/24', via: '192.0.2.1', dev: '12', metric: 5, replace: false }],
    ['route replace default via 192.0.2.1', { object: 'route', action: 'add', destination: 'default', via: '192.0.2.1', replace: true }],
    ['route del 203.0.113.0/24 dev Ethernet', { object: 'route', action: 'del', destination: '203.0.113.0/24', dev: 'Ethernet' }],
    ['route get 203.0.113.9 from 192.0.2.10', { object: 'route', action: 'get', address: '203.0.113.9', from: '192.0.2.10' }],
    ['route apply set.json --owner vpn', { object: 'route', action: 'apply', file: 'set.json', owner: 'vpn' }],
    ['route apply --owner=vpn --store /tmp/s set.json', { object: 'route', action: 'apply', file: 'set.json', owner: 'vpn', store: '/tmp/s' }],
    ['route cleanup --owner vpn', { object: 'route', action: 'cleanup', owner: 'vpn' }],
    ['neigh', { object: 'neigh', action: 'show' }],
    ['neighbor show dev Ethernet nud permanent', { object: 'neigh', action: 'show', dev: 'Ethernet', nud: 'permanent' }],
    ['neigh add 203.0.113.77 lladdr 02:00:5e:10:00:77 dev Ethernet', { object: 'neigh', action: 'add', address: '203.0.113.77', lladdr: '02:00:5e:10:00:77', dev: 'Ethernet', replace: false }],
    ['neigh del 203.0.113.77', { object: 'neigh', action: 'del', address: '203.0.113.77' }],
    ['neigh flush dev 12', { object: 'neigh', action: 'flush', dev: '12' }],
    ['neigh resolve 192.0.2.1 dev Ethernet', { object: 'neigh', action: 'resolve', address: '192.0.2.1', dev: 'Ethernet' }],
    ['addr show dev Ethernet', { object: 'addr', action: 'show', dev: 'Ethernet' }],
    ['a add 198.51.100.10/24 dev Ethernet skip-as-source', { object: 'addr', action: 'add', address: '198.51.100.10/24', dev: 'Ethernet', skipAsSource: true }],
    ['addr del 198.51.100.10', { object: 'addr', action: 'del', address: '198.51.100.10' }],
    ['anycast add 2001:db8::a dev Ethernet', { object: 'anycast', action: 'add', address: '2001:db8::a', dev: 'Ethernet' }],
    ['anycast del 2001:db8::a', { object: 'anycast', action: 'del', address: '2001:db8::a' }],
    ['link', { object: 'link', action: 'show' }],
    ['link show Ethernet', { object: 'link', action: 'show', dev: 'Ethernet' }],
    ['link Ethernet', { object: 'link', action: 'show', dev: 'Ethernet' }],
    ['interface show dev 12', { object: 'interface', action: 'show', dev: '12' }],
    ['interface set Ethernet metric 10 mtu 1400 forwarding off', { object: 'interface', action: 'set', dev: 'Ethernet', metric: 10, mtu: 1400, forwarding: false }],
    ['monitor', { object: 'monitor', action: 'monitor', what: 'all' }],
    ['monitor route', { object: 'monitor', action: 'monitor', what: 'route' }],
  ])('%s', (args, command) => {
    expect(parse(args.split(' ')).command).toMatchObject(command);
  });

  test('global options stand anywhere', () => {
    const p = parse(['route', '-4', 'show', '--json']);
    expect(p.globals).toMatchObject({ json: true, family: 'ipv4' });
    expect(parse(['-6', 'neigh']).globals.family).toBe('ipv6');
  });
});

describe('usage errors exit 2 and say what is wrong', () => {
  test.each([
    ['', /name an object/],
    ['routes', /unknown object "routes"/],
    ['route frobnicate', /unknown command "frobnicate" for route/],
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
    if (args) expect(() => parse(args.split(' '))).toThrow(UsageError);
  });
});

describe('help and version', () => {
  test.each(['--help', 'route --help', 'route add --help', 'neigh -h', 'addr help', 'anycast --help', 'link --help', 'interface set --help', 'monitor --help'])('%s prints help and exits 0', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/^Usage: netioapi/);
    expect(fake.calls).toEqual([]);
  });

  test('route --help describes route commands', async () => {
    expect((await cli('route --help')).out.join('\n')).toMatch(/route apply FILE --owner NAME/);
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
    const json = await cli('route show --json');
    const rows = JSON.parse(json.out.join('\n')) as { destinationPrefix: string; interfaceLuid: string }[];
    expect(rows.map((r) => r.destinationPrefix)).toEqual(['203.0.113.0/24', '0.0.0.0/0']);
    expect(rows[0]!.interfaceLuid).toBe(FAKE_INTERFACES[1]!.luid.toString());
    expect((await cli('route get 203.0.113.9')).out[0]).toBe('203.0.113.9 via 192.0.2.1 dev Ethernet src 192.0.2.100 metric 30 (route 203.0.113.0/24 metric 5 + interface metric 25)');
    expect(JSON.parse((await cli('route get 203.0.113.9 --json')).out[0]!)).toMatchObject({ effectiveMetric: 30, sourceAddress: '192.0.2.100' });
    expect((await cli('route del 203.0.113.0/24')).out).toEqual(['deleted 1 route']);
    expect((await cli('-4 route show')).out).toHaveLength(1);
  });

  test('route get for a zeroed best route says it names no interface; --json carries the nulls', async () => {
    fake.getBestRoute2 = async () => ({ route: encodeForwardRows([fakeInitializedRoute()]), sourceAddress: '::1', interfaceMetric: null });
    expect((await cli('route get fe80::1 from ::1 dev Ethernet')).out).toEqual(['fe80::1 src ::1 (a route without an interface)']);
    expect(JSON.parse((await cli('route get fe80::1 from ::1 dev Ethernet --json')).out[0]!)).toMatchObject({ interfaceMetric: null, effectiveMetric: null });
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
    expect(link.out[0]).toBe('12: Ethernet: <UP> mtu 1500 type ethernetCsmacd admin up media connected');
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
