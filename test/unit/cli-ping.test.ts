import { describe, expect, test } from 'vitest';

import { run } from '../../lib/cli/run.js';
import { useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();

async function cli(args: string, signal?: AbortSignal): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args.split(' ').filter(Boolean), { out: (l) => out.push(l), err: (l) => err.push(l), readFile: async () => '', signal });
  return { code, out, err };
}

describe('netioapi ping and traceroute', () => {
  test("ping -c 3 prints iputils' lines: header, one line per reply, nothing for a timeout, and the summary", async () => {
    fake.echoHosts.set('192.0.2.9', [{ status: 0, rtt: 2, ttl: 64 }, { status: 11010 }, { status: 0, rtt: 4, ttl: 64 }]);
    const { code, out, err } = await cli('ping -c 3 -i 0 -s 56 192.0.2.9');
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.slice(0, 3)).toEqual(['PING 192.0.2.9 (192.0.2.9) 56(84) bytes of data.', '64 bytes from 192.0.2.9: icmp_seq=1 ttl=64 time=2 ms', '64 bytes from 192.0.2.9: icmp_seq=3 ttl=64 time=4 ms']);
    expect(out[3]).toBe('');
    expect(out[4]).toBe('--- 192.0.2.9 ping statistics ---');
    expect(out[5]).toMatch(/^3 packets transmitted, 2 received, 33\.3333% packet loss, time \d+ms$/);
    expect(out[6]).toBe('rtt min/avg/max/mdev = 2.000/3.000/4.000/1.000 ms');
    expect(fake.calls.map((c) => c.args.slice(3))).toEqual([[0, 0, 0, 4000], [0, 0, 0, 4000], [0, 0, 0, 4000]]);
  });

  test('-W, -t and -I reach the echo; an unreachable reply is a From line and an error in the summary; no reply exits 1', async () => {
    fake.echoHosts.set('192.0.2.9', { status: 11003, from: '192.0.2.1' });
    const { code, out } = await cli('ping -c1 -W 0.5 -t 7 -I 192.0.2.100 192.0.2.9');
    expect(code).toBe(1);
    expect(out[1]).toBe('From 192.0.2.1 icmp_seq=1 Destination Host Unreachable');
    expect(out).toContainEqual(expect.stringMatching(/^1 packets transmitted, 0 received, \+1 errors, 100% packet loss/));
    expect(fake.calls[0]!.args).toEqual(['192.0.2.9', '192.0.2.100', expect.any(Uint8Array), 7, 0, 0, 500]);
  });

  test('--json prints the library’s result; usage errors exit 2; a library refusal exits 1', async () => {
    fake.echoHosts.set('192.0.2.9', { status: 0, rtt: 1, ttl: 64 });
    const json = await cli('--json ping -c 1 192.0.2.9');
    expect(JSON.parse(json.out.join('\n'))).toMatchObject({ address: '192.0.2.9', sent: 1, received: 1, loss: 0, min: 1, replies: [{ status: 'success', from: '192.0.2.9' }] });
    expect((await cli('ping -x 1 192.0.2.9')).code).toBe(2);
    expect((await cli('ping -c')).code).toBe(2);
    expect((await cli('ping -c 0 192.0.2.9')).code).toBe(2);
    expect((await cli('ping')).err[0]).toBe('netioapi: name the HOST');
    const refused = await cli('ping -c 1 -I nope 192.0.2.9');
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/^STATUS_INVALID_PARAMETER: /);
    expect((await cli('ping --help')).out[0]).toMatch(/^Usage: netioapi \[--json\] ping/);
  });

  test('interrupted (the signal aborts), ping still prints the summary of what it has', async () => {
    fake.echoHosts.set('192.0.2.9', { status: 0, rtt: 1, ttl: 64 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { code, out } = await cli('ping -i 0.02 192.0.2.9', controller.signal);
    expect(code).toBe(0);
    const summary = out.find((l) => l.includes('packets transmitted'))!;
    const sent = Number(summary.split(' ')[0]);
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(out.filter((l) => l.includes('bytes from'))).toHaveLength(sent);
  });

  test('traceroute prints one numeric line per hop, * for a silent one', async () => {
    fake.echoHosts.set('203.0.113.9', [{ status: 11013, from: '192.0.2.254', rtt: 1 }, { status: 11010 }, { status: 0, rtt: 3 }]);
    const { code, out } = await cli('traceroute 203.0.113.9');
    expect(code).toBe(0);
    expect(out).toEqual(['traceroute to 203.0.113.9 (203.0.113.9), 30 hops max, 60 byte packets', ' 1  192.0.2.254  1 ms', ' 2  *', ' 3  203.0.113.9  3 ms']);
  });
});
