import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { toJson } from '../../lib/cli/format.js';
import { run } from '../../lib/cli/run.js';
import { FAKE_INTERFACES } from './support/fake-binding.js';
import { useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();
const ethernet = FAKE_INTERFACES[1]!;

async function cli(args: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args.split(' ').filter(Boolean), { out: (l) => out.push(l), err: (l) => err.push(l), readFile: async () => '', version: '9.9.9' });
  return { code, out, err };
}

describe('netioapi gateway', () => {
  test('prints the default gateways best first, in ip route’s words, both families unless -4 or -6', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '0.0.0.0/0', nextHop: '192.0.2.1', interfaceLuid: ethernet.luid, metric: 5 });
    await api.createIpForwardEntry2({ destinationPrefix: '::/0', nextHop: 'fe80::1', interfaceLuid: ethernet.luid, metric: 1 });
    expect(await cli('gateway')).toEqual({
      code: 0,
      out: ['default via 192.0.2.1 dev Ethernet metric 30 (route 5 + interface 25)', 'default via fe80::1 dev Ethernet metric 26 (route 1 + interface 25) inet6'],
      err: [],
    });
    expect((await cli('gateway -6')).out).toEqual(['default via fe80::1 dev Ethernet metric 26 (route 1 + interface 25) inet6']);
    fake.missing.add('GetIpInterfaceEntry');
    expect((await cli('-4 gw')).out).toEqual(['default via 192.0.2.1 dev Ethernet metric 5 (route 5, interface metric unknown)']);
  });

  test('--json (before or after the object) prints exactly what gateway.all() returns', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '0.0.0.0/0', nextHop: '192.0.2.1', interfaceLuid: ethernet.luid, metric: 5 });
    const library = await api.gateway.all({ family: 'ipv4' });
    expect((await cli('gateway -4 -j')).out).toEqual([toJson(library)]);
    expect((await cli('--json gateway -4')).out).toEqual([toJson(library)]);
    expect(JSON.parse((await cli('gateway -4 --json')).out[0]!)).toEqual([expect.objectContaining({ gateway: '192.0.2.1', interfaceLuid: String(ethernet.luid) })]);
  });

  test('no default route prints nothing and succeeds; bad usage exits 2; help exits 0', async () => {
    expect(await cli('gateway -4')).toEqual({ code: 0, out: [], err: [] });
    expect(await cli('gateway via 192.0.2.1')).toMatchObject({ code: 2, err: ['netioapi: unexpected "via"', 'Try "netioapi gateway --help".'] });
    expect(await cli('gateway -x')).toMatchObject({ code: 2, err: ['netioapi: unknown option -x', 'Try "netioapi gateway --help".'] });
    const help = await cli('gateway --help');
    expect(help.code).toBe(0);
    expect(help.out[0]).toMatch(/^Usage: netioapi gateway \[-4\|-6\] \[--json\]/);
    expect((await cli('--help')).out.join('\n')).toMatch(/^ {4}gateway +the default gateways[\s\S]*^ {4}adapter +adapters as ipconfig \/all shows them/m);
  });
});

describe('netioapi adapter', () => {
  test('adapter show NAME --json prints exactly what adapters.get() returns, as a one-element list', async () => {
    const library = await api.adapters.get('Ethernet');
    expect((await cli('adapter show Ethernet --json')).out).toEqual([toJson([library])]);
    expect((await cli('-j adapter 12')).out).toEqual([toJson([library])]);
    expect((await cli('adapters --json')).out).toEqual([toJson(await api.adapters.list())]);
  });

  test('the readable form: addresses with prefix lengths, gateways, DNS servers and suffix, DHCP', async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '0.0.0.0/0', nextHop: '192.0.2.1', interfaceLuid: ethernet.luid, metric: 5 });
    const { code, out } = await cli('adapter show Ethernet');
    expect(code).toBe(0);
    expect(out).toEqual([
      '12: Ethernet: <UP> mtu 1500 type ethernetCsmacd',
      `    link 02:00:5e:10:00:01 guid ${ethernet.guid} luid ${ethernet.luid}`,
      '    description Ethernet adapter',
      '    inet 192.0.2.10/24 origin dhcp/dhcp preferred valid_lft forever preferred_lft forever',
      '    inet6 fe80::10%12/64 origin wellKnown/wellKnown preferred valid_lft forever preferred_lft forever',
      '    gateway 192.0.2.1',
      '    dns 192.0.2.53 2001:db8::53',
      '    dns-suffix corp.example',
      '    dhcp off  ipv4 on  ipv6 on',
    ]);
    expect((await cli('adapter show Ethernet -4')).out.filter((l) => l.includes('inet'))).toEqual(['    inet 192.0.2.10/24 origin dhcp/dhcp preferred valid_lft forever preferred_lft forever']);
    expect((await cli('adapter')).out.filter((l) => /^\d+: /.test(l))).toEqual([
      '1: Loopback Pseudo-Interface 1: <UP> mtu 1500 type softwareLoopback',
      '12: Ethernet: <UP> mtu 1500 type ethernetCsmacd',
      '17: Wi-Fi 2 — Büro: <DOWN> mtu 1500 type ieee80211',
    ]);
  });

  test('an unknown adapter exits 1 with the documented code; extra words exit 2', async () => {
    expect(await cli('adapter show 99')).toMatchObject({ code: 1, err: [expect.stringMatching(/^STATUS_NOT_FOUND: ConvertInterfaceIndexToLuid/)] });
    expect(await cli('adapter show Ethernet Wi-Fi')).toMatchObject({ code: 2, err: ['netioapi: unexpected "Wi-Fi"', 'Try "netioapi adapter --help".'] });
  });
});
