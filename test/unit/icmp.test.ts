import { afterEach, describe, expect, test, vi } from 'vitest';

import * as api from '../../lib/index.js';
import { refusal, useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();

const answer = (rtt: number, ttl = 64) => ({ status: 0, rtt, ttl });

describe('IP_STATUS: every documented code, named in camelCase', () => {
  test.each([
    [0, 'success'],
    [11001, 'bufTooSmall'],
    [11002, 'destNetUnreachable'],
    [11003, 'destHostUnreachable'],
    [11004, 'destProtUnreachable'],
    [11005, 'destPortUnreachable'],
    [11006, 'noResources'],
    [11007, 'badOption'],
    [11008, 'hwError'],
    [11009, 'packetTooBig'],
    [11010, 'reqTimedOut'],
    [11011, 'badReq'],
    [11012, 'badRoute'],
    [11013, 'ttlExpiredTransit'],
    [11014, 'ttlExpiredReassem'],
    [11015, 'paramProblem'],
    [11016, 'sourceQuench'],
    [11017, 'optionTooBig'],
    [11018, 'badDestination'],
    [11019, 'addrDeleted'],
    [11020, 'specMtuChange'],
    [11021, 'mtuChange'],
    [11022, 'unload'],
    [11023, 'addrAdded'],
    [11024, 'mediaConnect'],
    [11025, 'mediaDisconnect'],
    [11026, 'bindAdapter'],
    [11027, 'unbindAdapter'],
    [11028, 'deviceDoesNotExist'],
    [11029, 'duplicateAddress'],
    [11030, 'interfaceMetricChange'],
    [11031, 'reconfigSecfltr'],
    [11032, 'negotiatingIpsec'],
    [11033, 'interfaceWolCapabilityChange'],
    [11034, 'duplicateIpadd'],
    [11035, 'noFurtherSends'],
    [11040, 'destUnreachable'],
    [11041, 'timeExceeded'],
    [11042, 'badHeader'],
    [11043, 'unrecognizedNextHeader'],
    [11044, 'icmpError'],
    [11045, 'destScopeMismatch'],
    [11050, 'generalFailure'],
    [11255, 'pending'],
  ])('%i is %s, and a reply with it carries that name', async (code, name) => {
    expect(api.IP_STATUS.byValue.get(code)).toBe(name);
    fake.echoHosts.set('192.0.2.9', { status: code, from: '192.0.2.1' });
    const [row] = await api.icmpSendEcho2Ex('192.0.2.9');
    expect(row!.status).toBe(name);
  });

  test("the IPv6 names are aliases of the same numbers; replies carry the IPv4 name, and an unknown code stays a number", async () => {
    expect(Object.fromEntries(['destNoRoute', 'destAddrUnreachable', 'destProhibited', 'hopLimitExceeded', 'reassemblyTimeExceeded', 'parameterProblem'].map((n) => [n, api.IP_STATUS.byName.get(n as api.IpStatus)]))).toEqual({
      destNoRoute: 11002, destAddrUnreachable: 11003, destProhibited: 11004, hopLimitExceeded: 11013, reassemblyTimeExceeded: 11014, parameterProblem: 11015,
    });
    fake.echoHosts.set('2001:db8::9', { status: 11003, from: '2001:db8::1' });
    expect((await api.icmp6SendEcho2('2001:db8::9'))[0]).toEqual({ address: '2001:db8::1', status: 'destHostUnreachable', roundTripTime: 0, ttl: null, tos: null, flags: null, dataSize: null });
    fake.echoHosts.set('192.0.2.9', { status: 11999 });
    expect((await api.icmpSendEcho2Ex('192.0.2.9'))[0]!.status).toBe(11999);
  });
});

describe('IcmpSendEcho2Ex and Icmp6SendEcho2: each option checked, naming the member, before the call', () => {
  const cases: [string, string, unknown, string, RegExp][] = [
    ['no destination', undefined as unknown as string, {}, 'destination', /was not specified/],
    ['a destination that is no address', '192.0.2', {}, 'destination', /IPv4 or IPv6 address/],
    ['an IPv6 destination', '2001:db8::1', {}, 'destination', /IPv6 address; icmp6SendEcho2 sends to those/],
    ['the unspecified destination', '0.0.0.0', {}, 'destination', /unspecified/],
    ['options that are no object', '192.0.2.1', 5, 'options', /expected an object/],
    ['a source of the other family', '192.0.2.1', { source: '2001:db8::1' }, 'source', /IPv6 address but destination is an IPv4 address/],
    ['a source that is no address', '192.0.2.1', { source: 'me' }, 'source', /IPv4 or IPv6 address/],
    ['data that is no Uint8Array', '192.0.2.1', { data: 'abc' }, 'data', /Uint8Array/],
    ['data over 65500 bytes', '192.0.2.1', { data: new Uint8Array(65501) }, 'data', /at most 65500 bytes/],
    ['data and size both', '192.0.2.1', { data: new Uint8Array(4), size: 4 }, 'size', /data or size, not both/],
    ['a size over 65500', '192.0.2.1', { size: 65501 }, 'size', /0 to 65500/],
    ['a negative size', '192.0.2.1', { size: -1 }, 'size', /0 to 65500/],
    ['a ttl of 0', '192.0.2.1', { ttl: 0 }, 'ttl', /1 to 255/],
    ['a ttl over 255', '192.0.2.1', { ttl: 256 }, 'ttl', /0 to 255/],
    ['a fractional ttl', '192.0.2.1', { ttl: 1.5 }, 'ttl', /integer/],
    ['a tos over 255', '192.0.2.1', { tos: 300 }, 'tos', /0 to 255/],
    ['dontFragment not a boolean', '192.0.2.1', { dontFragment: 'yes' }, 'dontFragment', /true or false/],
    ['a timeout of 0', '192.0.2.1', { timeout: 0 }, 'timeout', /1 to 4294967295/],
    ['a timeout over 2^32-1', '192.0.2.1', { timeout: 2 ** 32 }, 'timeout', /0 to 4294967295/],
  ];
  test.each(cases)('%s', async (_name, destination, options, member, detail) => {
    const error = await refusal(api.icmpSendEcho2Ex(destination, options as never));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'IcmpSendEcho2Ex', win32: 87 });
    expect(error.message).toMatch(detail);
    expect(() => api.icmpSendEcho2ExSync(destination, options as never)).toThrow(expect.objectContaining({ member }));
    expect(fake.calls).toEqual([]);
  });

  test('Icmp6SendEcho2 takes IPv6 destinations only', async () => {
    const error = await refusal(api.icmp6SendEcho2('192.0.2.1'));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'destination', syscall: 'Icmp6SendEcho2' });
  });

  test('what the binding receives: canonical addresses, ping.exe’s data pattern, the DF flag, and 0 for an unset TTL', async () => {
    await api.icmpSendEcho2Ex('192.0.2.1', { size: 26, dontFragment: true, tos: 16, source: '192.0.2.100' });
    await api.icmp6SendEcho2('2001:DB8:0:0::1', { ttl: 9, timeout: 250, data: Buffer.from('hi') });
    expect(fake.calls[0]).toEqual({ name: 'icmpSendEcho2Ex', args: ['192.0.2.1', '192.0.2.100', new TextEncoder().encode('abcdefghijklmnopqrstuvwabc'), 0, 16, 2, 4000] });
    expect(fake.calls[1]!.name).toBe('icmp6SendEcho2');
    expect(fake.calls[1]!.args.slice(0, 2)).toEqual(['2001:db8::1', null]);
    expect(Buffer.from(fake.calls[1]!.args[2] as Uint8Array).toString()).toBe('hi');
    expect(fake.calls[1]!.args.slice(3)).toEqual([9, 0, 0, 250]);
  });

  test('a system without the function: STATUS_NOT_SUPPORTED; ERROR_CALL_NOT_IMPLEMENTED (a stub, as Wine 8’s Icmp6CreateFile) maps to the same code', async () => {
    fake.missing.add('IcmpSendEcho2Ex');
    expect(await refusal(api.icmpSendEcho2Ex('192.0.2.1'))).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', win32: 50 });
    fake.failNext.set('Icmp6SendEcho2', [120]);
    expect(await refusal(api.icmp6SendEcho2('2001:db8::1'))).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', win32: 120, ntstatus: 0xc00000bb });
  });
});

describe('ping', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('aggregates like ping.exe: sent, received, loss in percent, and min/avg/max over the successful replies', async () => {
    fake.echoHosts.set('192.0.2.9', [answer(3), { status: 11010 }, answer(7, 63), { status: 11003, from: '192.0.2.1' }, answer(2)]);
    const result = await api.ping('192.0.2.9', { count: 5, interval: 0 });
    expect(result).toEqual({
      address: '192.0.2.9',
      replies: [
        { status: 'success', rtt: 3, ttl: 64, bytes: 32, from: '192.0.2.9' },
        { status: 'reqTimedOut', rtt: null, ttl: null, bytes: null, from: null },
        { status: 'success', rtt: 7, ttl: 63, bytes: 32, from: '192.0.2.9' },
        { status: 'destHostUnreachable', rtt: null, ttl: null, bytes: null, from: '192.0.2.1' },
        { status: 'success', rtt: 2, ttl: 64, bytes: 32, from: '192.0.2.9' },
      ],
      sent: 5,
      received: 3,
      loss: 40,
      min: 2,
      avg: 4,
      max: 7,
    });
  });

  test('no reply at all: 100% loss and null statistics, not an exception', async () => {
    const result = await api.ping('192.0.2.77', { count: 2, interval: 0 });
    expect(result).toMatchObject({ sent: 2, received: 0, loss: 100, min: null, avg: null, max: null });
    expect(result.replies.map((r) => r.status)).toEqual(['reqTimedOut', 'reqTimedOut']);
  });

  test('passes its options to each echo, and sends IPv6 addresses to Icmp6SendEcho2', async () => {
    fake.echoHosts.set('2001:db8::9', answer(1));
    await api.ping('2001:db8::9', { count: 1, timeout: 500, ttl: 3, size: 8, dontFragment: true });
    expect(fake.calls[0]!.name).toBe('icmp6SendEcho2');
    expect(fake.calls[0]!.args).toEqual(['2001:db8::9', null, new TextEncoder().encode('abcdefgh'), 3, 0, 2, 500]);
  });

  test('resolves a host name with dns.lookup (localhost)', async () => {
    fake.echoHosts.set('127.0.0.1', answer(0));
    fake.echoHosts.set('::1', answer(0));
    const result = await api.ping('localhost');
    expect(['127.0.0.1', '::1']).toContain(result.address);
    expect(fake.calls[0]!.args[0]).toBe(result.address);
  });

  test.each([
    ['count 0', { count: 0 }, 'count', /at least 1/],
    ['count negative', { count: -1 }, 'count', /integer/],
    ['count fractional', { count: 1.5 }, 'count', /integer/],
    ['interval negative', { interval: -5 }, 'interval', /integer/],
    ['timeout 0', { timeout: 0 }, 'timeout', /1 to 4294967295/],
    ['ttl 300', { ttl: 300 }, 'ttl', /0 to 255/],
    ['size too big', { size: 70000 }, 'size', /0 to 65500/],
    ['a bad source', { source: 'x' }, 'source', /address/],
    ['dontFragment 1', { dontFragment: 1 }, 'dontFragment', /true or false/],
    ['a signal that is no AbortSignal', { signal: {} }, 'signal', /AbortSignal/],
    ['onReply not a function', { onReply: 1 }, 'onReply', /function/],
  ])('refuses %s before any echo, naming the member', async (_name, options, member, detail) => {
    const error = await refusal(api.ping('192.0.2.9', options as never));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member });
    expect(error.message).toMatch(detail);
    expect(fake.calls).toEqual([]);
  });

  test('refuses a host that is neither an address nor a name, and a name that does not resolve is a NetioError', async () => {
    expect(await refusal(api.ping('192.0.2'))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'host' });
    expect(await refusal(api.ping(''))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'host' });
    expect(await refusal(api.ping('no-such-host.invalid'))).toMatchObject({ member: 'host', syscall: 'GetAddrInfoW', win32: expect.any(Number) });
  });

  test('waits `interval` ms from one echo to the next (fake timers)', async () => {
    vi.useFakeTimers();
    fake.echoHosts.set('192.0.2.9', answer(1));
    const seen: number[] = [];
    const done = api.ping('192.0.2.9', { count: 3, interval: 1000, onReply: (_r, sequence) => seen.push(sequence) });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([1]);
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([1, 2, 3]);
    expect((await done).sent).toBe(3);
    expect(fake.calls.filter((c) => c.name === 'icmpSendEcho2Ex')).toHaveLength(3);
  });

  test('an AbortSignal stops it between echoes: the promise rejects with the reason and no further echo is sent (fake timers)', async () => {
    vi.useFakeTimers();
    fake.echoHosts.set('192.0.2.9', answer(1));
    const controller = new AbortController();
    const seen: number[] = [];
    const done = api.ping('192.0.2.9', { count: Infinity, interval: 1000, signal: controller.signal, onReply: (_r, s) => seen.push(s) });
    const outcome = done.then(() => 'resolved', (e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2500);
    expect(seen).toEqual([1, 2, 3]);
    const reason = new Error('stop');
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await outcome).toBe(reason);
    expect(seen).toEqual([1, 2, 3]);
    expect(fake.calls.filter((c) => c.name === 'icmpSendEcho2Ex')).toHaveLength(3);
  });

  test('an already-aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(api.ping('192.0.2.9', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.calls).toEqual([]);
  });
});

describe('traceroute', () => {
  test('rises the TTL until the destination answers; silent hops have no address', async () => {
    fake.echoHosts.set('203.0.113.9', [
      { status: 11013, from: '192.0.2.254', rtt: 1 },
      { status: 11010 },
      { status: 11013, from: '198.51.100.254', rtt: 3 },
      { status: 0, rtt: 4 },
    ]);
    const result = await api.traceroute('203.0.113.9', { timeout: 100 });
    expect(result).toEqual({
      address: '203.0.113.9',
      reached: true,
      hops: [
        { hop: 1, status: 'ttlExpiredTransit', address: '192.0.2.254', rtt: 1 },
        { hop: 2, status: 'reqTimedOut', address: null, rtt: null },
        { hop: 3, status: 'ttlExpiredTransit', address: '198.51.100.254', rtt: 3 },
        { hop: 4, status: 'success', address: '203.0.113.9', rtt: 4 },
      ],
    });
    expect(fake.calls.map((c) => c.args[3])).toEqual([1, 2, 3, 4]);
  });

  test('stops at an unreachable report, and at maxHops', async () => {
    fake.echoHosts.set('203.0.113.9', [{ status: 11013, from: '192.0.2.254' }, { status: 11003, from: '192.0.2.254' }]);
    expect(await api.traceroute('203.0.113.9')).toMatchObject({ reached: false, hops: [{ hop: 1 }, { hop: 2, status: 'destHostUnreachable' }] });
    const silent = await api.traceroute('203.0.113.10', { maxHops: 3 });
    expect(silent).toMatchObject({ reached: false });
    expect(silent.hops.map((h) => h.status)).toEqual(['reqTimedOut', 'reqTimedOut', 'reqTimedOut']);
    expect((await refusal(api.traceroute('203.0.113.9', { maxHops: 0 }))).member).toBe('maxHops');
  });
});
