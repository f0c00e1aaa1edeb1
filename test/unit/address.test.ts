import { describe, expect, test } from 'vitest';

import {
  formatIp,
  formatPhysicalAddress,
  formatPrefix,
  isLoopback,
  isMulticast,
  luidFields,
  networkOf,
  parseGuid,
  parseIp,
  parsePhysicalAddress,
  parsePrefix,
} from '../../lib/address.js';

const canonical = (text: string): string | undefined => {
  const parsed = parseIp(text);
  return parsed && formatIp(parsed);
};

describe('IP addresses', () => {
  test.each([
    ['192.0.2.1', '192.0.2.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['fe80::1%12', 'fe80::1%12'],
    ['fe80::1%0', 'fe80::1'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::ffff:c000:201', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['2001:db8:1:0:0:1:0:0', '2001:db8:1::1:0:0'],
  ])('%s is %s in canonical form (RFC 5952)', (input, expected) => {
    expect(canonical(input)).toBe(expected);
  });

  test.each([
    '', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4/24',
    ':::', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', 'fe80::1%', 'fe80::1%eth0', 'fe80::1%99999999999',
    '[::1]', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4', '١٢٣.1.1.1',
  ])('%j is not an address', (input) => {
    expect(parseIp(input)).toBeUndefined();
  });

  test('families, loopback and multicast', () => {
    expect(parseIp('192.0.2.1')?.family).toBe(2);
    expect(parseIp('2001:db8::1')?.family).toBe(23);
    expect(isLoopback(parseIp('127.0.0.5')!)).toBe(true);
    expect(isLoopback(parseIp('::1')!)).toBe(true);
    expect(isLoopback(parseIp('::ffff:127.0.0.1')!)).toBe(true);
    expect(isLoopback(parseIp('192.0.2.1')!)).toBe(false);
    expect(isMulticast(parseIp('239.255.255.250')!)).toBe(true);
    expect(isMulticast(parseIp('ff02::1')!)).toBe(true);
    expect(isMulticast(parseIp('2001:db8::1')!)).toBe(false);
  });
});

describe('prefixes', () => {
  test.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['198.51.100.7/32', '198.51.100.7/32'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['::/0', '::/0'],
    ['2001:db8::1/128', '2001:db8::1/128'],
  ])('%s → %s', (input, expected) => {
    expect(formatPrefix(parsePrefix(input)!)).toBe(expected);
  });

  test.each(['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/08', '10.0.0.0/-1', '/8', '10.0.0.0/8/8', 'x/8'])(
    '%j is not a prefix',
    (input) => expect(parsePrefix(input)).toBeUndefined(),
  );

  test('networkOf clears the host bits', () => {
    expect(formatIp(networkOf(parseIp('198.51.100.77')!, 25))).toBe('198.51.100.0');
    expect(formatIp(networkOf(parseIp('2001:db8:ffff::1')!, 33))).toBe('2001:db8:8000::');
  });
});

describe('physical addresses', () => {
  test.each([
    ['02:00:5e:10:00:01', '02:00:5e:10:00:01'],
    ['02-00-5E-10-00-01', '02:00:5e:10:00:01'],
    ['aa', 'aa'],
    ['80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:bc:de', '80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:bc:de'],
    ['', ''],
    [Array(32).fill('ff').join(':'), Array(32).fill('ff').join(':')],
  ])('%j → %j', (input, expected) => {
    expect(formatPhysicalAddress(parsePhysicalAddress(input)!)).toBe(expected);
  });

  test.each(['02:00:5e:10:00:', '02:00:5e:10:00:1', ':02:00:5e:10:00:01', '02:00-5e:10:00:01', '0200.5e10.0001', 'zz:00:00:00:00:00', '02:00:5e:10:00:01:', Array(33).fill('ff').join(':')])(
    '%j is not a physical address',
    (input) => expect(parsePhysicalAddress(input)).toBeUndefined(),
  );
});

describe('GUIDs and LUIDs', () => {
  test('GUIDs are accepted with or without braces, in any case, and come out braced uppercase', () => {
    expect(parseGuid('{4d36e972-e325-11ce-bfc1-08002be10318}')).toBe('{4D36E972-E325-11CE-BFC1-08002BE10318}');
    expect(parseGuid('4D36E972-E325-11CE-BFC1-08002BE10318')).toBe('{4D36E972-E325-11CE-BFC1-08002BE10318}');
    expect(parseGuid('{4D36E972-E325-11CE-BFC1-08002BE10318')).toBeUndefined();
    expect(parseGuid('4D36E972E32511CEBFC108002BE10318')).toBeUndefined();
    expect(parseGuid('{4D36E972-E325-11CE-BFC1-08002BE1031G}')).toBeUndefined();
  });

  test('luidFields reads NetLuidIndex and IfType', () => {
    expect(luidFields(0x6008001000000n)).toEqual({ netLuidIndex: 0x8001, ifType: 6 });
  });
});
