import { describe, expect, test } from 'vitest';

import { Checker } from '../../lib/check.js';
import { IF_OPER_STATUS } from '../../lib/constants.js';
import { NetioError } from '../../lib/errors.js';

const check = new Checker('TestFunction');

function refusal(fn: () => unknown): NetioError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(NetioError);
    return error as NetioError;
  }
  throw new Error('expected a refusal');
}

describe('Checker refuses bad input with STATUS_INVALID_PARAMETER and the member', () => {
  const cases: [string, () => unknown, string, RegExp][] = [
    ['luid: string', () => check.luid('12', 'interfaceLuid'), 'interfaceLuid', /bigint/],
    ['luid: negative', () => check.luid(-1n, 'interfaceLuid'), 'interfaceLuid', /0 to 2\^64-1/],
    ['luid: too big', () => check.luid(1n << 64n, 'interfaceLuid'), 'interfaceLuid', /0 to 2\^64-1/],
    ['luid: fraction', () => check.luid(1.5, 'interfaceLuid'), 'interfaceLuid', /bigint/],
    ['luid: unsafe number', () => check.luid(2 ** 60, 'interfaceLuid'), 'interfaceLuid', /bigint/],
    ['index: zero', () => check.index(0, 'interfaceIndex'), 'interfaceIndex', /from 1/],
    ['index: too big', () => check.index(2 ** 32, 'interfaceIndex'), 'interfaceIndex', /4294967295/],
    ['index: string', () => check.index('12', 'interfaceIndex'), 'interfaceIndex', /integer/],
    ['index: NaN', () => check.index(NaN, 'interfaceIndex'), 'interfaceIndex', /integer/],
    ['alias: too long', () => check.interfaceString('x'.repeat(257), 'interfaceAlias', 'an alias', 256), 'interfaceAlias', /at most 256/],
    ['alias: NUL', () => check.interfaceString('a\0b', 'interfaceAlias', 'an alias'), 'interfaceAlias', /NUL/],
    ['alias: number', () => check.interfaceString(5, 'interfaceAlias', 'an alias'), 'interfaceAlias', /string/],
    ['guid: malformed', () => check.guid('{1234}', 'interfaceGuid'), 'interfaceGuid', /GUID/],
    ['guid: non-ASCII', () => check.guid('{4D36E972-E325-11CE-BFC1-08002BE1031é}', 'interfaceGuid'), 'interfaceGuid', /non-ASCII/],
    ['guid: too long', () => check.guid('{'.repeat(100), 'interfaceGuid'), 'interfaceGuid', /at most 38/],
    ['address: empty', () => check.address('', 'address'), 'address', /empty/],
    ['address: non-ASCII digits', () => check.address('١٩٢.0.2.1', 'address'), 'address', /non-ASCII/],
    ['address: out of range', () => check.address('192.0.2.256', 'address'), 'address', /IPv4 or IPv6/],
    ['address: too long', () => check.address(`2001:db8::${'1'.repeat(80)}`, 'address'), 'address', /at most 64/],
    ['address: object', () => check.address({}, 'address'), 'address', /got an object/],
    ['address: whitespace', () => check.address('192.0.2.1 ', 'address'), 'address', /spaces/],
    ['prefix: length too long for IPv4', () => check.prefix('10.0.0.0/33', 'destinationPrefix'), 'destinationPrefix', /0 to 32/],
    ['prefix: length too long for IPv6', () => check.prefix('2001:db8::/129', 'destinationPrefix'), 'destinationPrefix', /0 to 128/],
    ['prefix: no length', () => check.prefix('10.0.0.0', 'destinationPrefix'), 'destinationPrefix', /prefix such as/],
    ['mac: short octet', () => check.physicalAddress('02:00:5e:10:00:1', 'physicalAddress'), 'physicalAddress', /physical address/],
    ['mac: too long bytes', () => check.physicalAddress(new Uint8Array(33), 'physicalAddress'), 'physicalAddress', /at most 32 bytes/],
    ['mac: too long text', () => check.physicalAddress(Array(33).fill('aa').join(':'), 'physicalAddress'), 'physicalAddress', /at most 32 bytes/],
    ['mac: number', () => check.physicalAddress(42, 'physicalAddress'), 'physicalAddress', /number 42/],
    ['family: unknown', () => check.family('AF_IPX'), 'family', /AF_INET/],
    ['family: number', () => check.family(17), 'family', /AF_INET/],
    ['enum: unknown name', () => check.enumValue(IF_OPER_STATUS, 'sideways', 'operStatus'), 'operStatus', /'up', 'down'/],
    ['row: not an object', () => check.object(null, 'row'), 'row', /null/],
    ['row: no interface', () => check.interfaceKey({}), 'interfaceLuid', /neither interfaceLuid nor interfaceIndex/],
    ['row: both zero', () => check.interfaceKey({ interfaceLuid: 0n, interfaceIndex: 0 }), 'interfaceLuid', /neither/],
  ];
  test.each(cases)('%s', (_name, fn, member, detail) => {
    const error = refusal(fn);
    expect(error.code).toBe('STATUS_INVALID_PARAMETER');
    expect(error.win32).toBe(87);
    expect(error.syscall).toBe('TestFunction');
    expect(error.member).toBe(member);
    expect(error.message).toMatch(detail);
    expect(error.message).toContain(`${member}:`);
  });
});

describe('Checker accepts good input in every documented form', () => {
  test('values come back in the form the binding takes', () => {
    expect(check.luid(5, 'interfaceLuid')).toBe(5n);
    expect(check.luid((1n << 64n) - 1n, 'interfaceLuid')).toBe((1n << 64n) - 1n);
    expect(check.index(0, 'interfaceIndex', true)).toBe(0);
    expect(check.addressText('2001:DB8:0::1', 'address')).toBe('2001:db8::1');
    expect(check.prefixText('198.51.100.0/24', 'destinationPrefix')).toBe('198.51.100.0/24');
    expect(check.physicalAddressText('02-00-5E-10-00-01', 'physicalAddress')).toBe('02:00:5e:10:00:01');
    expect(check.physicalAddressText(Buffer.from([2, 0, 0x5e, 0x10, 0, 1]), 'physicalAddress')).toBe('02:00:5e:10:00:01');
    expect(check.physicalAddressText('', 'physicalAddress')).toBe('');
    expect(check.interfaceString('Wi-Fi 2 — Büro', 'interfaceAlias', 'an alias')).toBe('Wi-Fi 2 — Büro');
    // Empty strings, and long ones where no limit is asked for, can be passed: the OS says what it makes of them.
    expect(check.interfaceString('', 'interfaceAlias', 'an alias', 256)).toBe('');
    expect(check.interfaceString('x'.repeat(257), 'interfaceName', 'a name')).toHaveLength(257);
    expect(check.enumValue(IF_OPER_STATUS, 'up', 'operStatus')).toBe(1);
    expect(check.enumValue(IF_OPER_STATUS, 7, 'operStatus')).toBe(7);
    expect(check.interfaceKey({ interfaceIndex: 12 })).toEqual({ interfaceLuid: 0n, interfaceIndex: 12 });
    expect(check.interfaceKey({ interfaceLuid: 9n })).toEqual({ interfaceLuid: 9n, interfaceIndex: 0 });
  });

  test.each([
    ['AF_INET', 2], ['AF_INET6', 23], ['AF_UNSPEC', 0], ['ipv4', 2], ['ipv6', 23], ['all', 0], [2, 2], [23, 23], [0, 0],
  ] as const)('family %j is %i', (input, expected) => {
    expect(check.family(input)).toBe(expected);
  });
});

describe('Checker.object() copies a plain object with its semantics', () => {
  test('a null-prototype object inherits nothing in its copy, from a polluted Object.prototype or otherwise', () => {
    const given = Object.create(null) as Record<string, unknown>;
    given.family = 'AF_INET';
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.ifExists = 'replace';
    try {
      const copy = check.object(given, 'options');
      expect(copy.family).toBe('AF_INET');
      expect(copy.ifExists).toBeUndefined();
      expect('hasOwnProperty' in copy).toBe(false);
      expect(Object.getPrototypeOf(copy)).toBeNull();
      // A plain literal reads through Object.prototype as it always did.
      expect(check.object({ family: 'AF_INET' }, 'options').ifExists).toBe('replace');
    } finally {
      delete polluted.ifExists;
    }
  });
});
