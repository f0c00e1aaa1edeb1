import { describe, expect, test } from 'vitest';

import { run } from '../../lib/cli/run.js';
import { useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();

async function cli(args: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args.split(' ').filter(Boolean), { out: (l) => out.push(l), err: (l) => err.push(l), readFile: async () => '' });
  return { code, out, err };
}

describe('netioapi stats', () => {
  test('is recognised wherever the global options stand, and by any prefix of its name', async () => {
    expect(JSON.parse((await cli('-4 --json stats tcp')).out.join('\n'))).toEqual([expect.objectContaining({ family: 'AF_INET', tcp: expect.any(Object) })]);
    expect((await cli('stat -6 tcp')).out[0]).toBe('TCP Statistics for IPv6');
    expect((await cli('route stats')).code).toBe(2);
  });

  test('prints every protocol of both families, as netstat -s does', async () => {
    const { code, out, err } = await cli('stats');
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const headings = out.filter((l) => l !== '' && !l.startsWith(' '));
    expect(headings).toEqual([
      'IPv4 Statistics', 'ICMPv4 Statistics', 'TCP Statistics for IPv4', 'UDP Statistics for IPv4',
      'IPv6 Statistics', 'ICMPv6 Statistics', 'TCP Statistics for IPv6', 'UDP Statistics for IPv6',
    ]);
    expect(out).toContain(`  ${'Packets Received'.padEnd(38)} = 1000`);
    expect(out).toContain(`  ${'Forwarding'.padEnd(38)} = notForwarding`);
    expect(out.find((l) => l.trimStart().startsWith('Echos'))).toMatch(/Echos\s+0\s+7$/);
  });

  test('-6 tcp: one family, one protocol', async () => {
    const { code, out } = await cli('-6 stats tcp');
    expect(code).toBe(0);
    expect(out[0]).toBe('TCP Statistics for IPv6');
    expect(out).toContain(`  ${'Segments Received'.padEnd(38)} = 10`);
    expect(out.some((l) => l.includes('IPv4'))).toBe(false);
  });

  test('--json gives one document with the library’s rows', async () => {
    const { code, out } = await cli('stats --json -4 udp ip');
    expect(code).toBe(0);
    const doc = JSON.parse(out.join('\n')) as { family: string; udp: unknown; ip: { inReceives: number }; tcp?: unknown }[];
    expect(doc).toHaveLength(1);
    expect(doc[0]).toMatchObject({ family: 'AF_INET', udp: { inDatagrams: 1000 }, ip: { inReceives: 1000 } });
    expect(doc[0]!.tcp).toBeUndefined();
  });

  test('a usage error is exit 2; an OS error exit 1 with the code', async () => {
    expect(await cli('stats bogus')).toMatchObject({ code: 2, err: ['netioapi: unexpected "bogus"; stats shows ip, icmp, tcp or udp', 'Try "netioapi stats --help".'] });
    expect((await cli('stats --help')).out[0]).toMatch(/^Usage: netioapi stats/);
    fake.missing.add('GetTcpStatisticsEx');
    const failed = await cli('stats');
    expect(failed.code).toBe(1);
    expect(failed.err[0]).toMatch(/^STATUS_NOT_SUPPORTED: GetTcpStatisticsEx/);
  });

  test('the top-level help lists it', async () => {
    expect((await cli('--help')).out.join('\n')).toMatch(/stats\s+protocol statistics/);
  });
});
