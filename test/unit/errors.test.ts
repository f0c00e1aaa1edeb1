import { describe, expect, test } from 'vitest';

import { ERROR_TABLE, NetioError, describeWin32, fromNative, invalidParameter, isNoSuchEntry, isNoSuchInterface, ntstatusFromWin32 } from '../../lib/errors.js';

describe('the error table', () => {
  test.each([
    [87, 'STATUS_INVALID_PARAMETER', 0xc000000d],
    [1168, 'STATUS_NOT_FOUND', 0xc0000225],
    [2, 'STATUS_NOT_FOUND', 0xc0000225],
    [123, 'STATUS_INVALID_NAME', 0xc0000033],
    [50, 'STATUS_NOT_SUPPORTED', 0xc00000bb],
    [5010, 'ERROR_OBJECT_ALREADY_EXISTS', 0xc000022a],
    [183, 'ERROR_OBJECT_ALREADY_EXISTS', 0xc0000035],
    [8, 'STATUS_NOT_ENOUGH_MEMORY', 0xc0000017],
    [14, 'STATUS_NOT_ENOUGH_MEMORY', 0xc0000017],
    [5, 'STATUS_ACCESS_DENIED', 0xc0000022],
    [1, 'STATUS_INVALID_DEVICE_REQUEST', 0xc0000010],
    [67, 'STATUS_BAD_NETWORK_NAME', 0xc00000cc],
    [1231, 'STATUS_NETWORK_UNREACHABLE', 0xc000023c],
    [1232, 'STATUS_HOST_UNREACHABLE', 0xc000023d],
    [6, 'STATUS_INVALID_HANDLE', 0xc0000008],
    [122, 'STATUS_BUFFER_TOO_SMALL', 0xc0000023],
    [126, 'ERROR_MOD_NOT_FOUND', 0xc0000135],
  ])('Win32 %i is %s (NTSTATUS 0x%s)', (win32, code, ntstatus) => {
    const entry = describeWin32(win32);
    expect(entry.code).toBe(code);
    expect(entry.ntstatus).toBe(ntstatus);
    const error = new NetioError({ win32, syscall: 'CreateIpForwardEntry2' });
    expect(error).toMatchObject({ code, win32, ntstatus, syscall: 'CreateIpForwardEntry2', name: 'NetioError' });
    expect(error.message).toContain(code);
    expect(error.message).toContain(entry.reason);
  });

  test('the two kinds of "not found" share the documented name and its NTSTATUS; win32 and the reason tell them apart', () => {
    const noInterface = new NetioError({ win32: 2, syscall: 'ConvertInterfaceIndexToLuid' });
    const noEntry = new NetioError({ win32: 1168, syscall: 'GetIpForwardEntry2' });
    expect([noInterface.code, noEntry.code]).toEqual(['STATUS_NOT_FOUND', 'STATUS_NOT_FOUND']);
    expect([noInterface.ntstatus, noEntry.ntstatus]).toEqual([0xc0000225, 0xc0000225]);
    expect(noInterface.message).toContain('The specified interface could not be found.');
    expect(noEntry.message).toContain('The element was not found.');
    expect([isNoSuchInterface(noInterface), isNoSuchEntry(noInterface)]).toEqual([true, false]);
    expect([isNoSuchInterface(noEntry), isNoSuchEntry(noEntry)]).toEqual([false, true]);
    // Only NetioErrors count: a plain object with the number is not one.
    expect(isNoSuchEntry({ win32: 1168 })).toBe(false);
  });

  test('every entry has a documented-style name, an NTSTATUS and an English reason', () => {
    expect(ERROR_TABLE.size).toBeGreaterThanOrEqual(16);
    for (const [win32, entry] of ERROR_TABLE) {
      // Windows Sockets codes keep their documented WSA names (a host name that does not resolve).
      expect(entry.code, `win32 ${win32}`).toMatch(/^(STATUS_|ERROR_|WSA)[A-Z_]+$/);
      expect(entry.ntstatus).toBeGreaterThan(0);
      expect(entry.reason).toMatch(/^[A-Z].*\.$/);
    }
  });

  test('an undocumented code becomes WIN32_ERROR_<n> with NTSTATUS_FROM_WIN32', () => {
    const error = new NetioError({ win32: 1234, syscall: 'GetIfTable2' });
    expect(error.code).toBe('WIN32_ERROR_1234');
    expect(error.ntstatus).toBe(0xc00704d2);
    expect(ntstatusFromWin32(0)).toBe(0);
  });

  test('access denied carries the hint to run elevated, in the message and as a property', () => {
    const error = new NetioError({ win32: 5, syscall: 'CreateIpForwardEntry2', systemMessage: 'Access is denied.' });
    expect(error.hint).toMatch(/elevated/);
    expect(error.message).toMatch(/Run the program elevated/);
    // The system's text is not repeated when it says what the reason says.
    expect(error.message.match(/Access is denied/g)).toHaveLength(1);
  });

  test('the system message is added to the documented reason', () => {
    const error = new NetioError({ win32: 1168, syscall: 'DeleteIpForwardEntry2', systemMessage: 'Element not found.\r\n' });
    expect(error.message).toBe('STATUS_NOT_FOUND: DeleteIpForwardEntry2: The element was not found. (system: Element not found.)');
    expect(error.systemMessage).toBe('Element not found.');
  });

  test('invalidParameter names the member in the message and the property', () => {
    const error = invalidParameter('CreateIpForwardEntry2', 'nextHop', 'was not specified.');
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'nextHop', win32: 87 });
    expect(error.message).toBe('STATUS_INVALID_PARAMETER: CreateIpForwardEntry2: nextHop: was not specified. An invalid parameter was passed to the function.');
  });

  test('fromNative converts native-shaped errors and passes everything else through', () => {
    const native = Object.assign(new Error('x'), { win32: 50, syscall: 'CreateIpForwardEntry2', notExported: true, systemMessage: '' });
    const converted = fromNative(native) as NetioError;
    expect(converted).toBeInstanceOf(NetioError);
    expect(converted.code).toBe('STATUS_NOT_SUPPORTED');
    expect(converted.message).toContain('does not export CreateIpForwardEntry2');
    const typeCheck = fromNative(Object.assign(new Error('y'), { win32: 87, syscall: 'GetIfEntry2', member: 'interfaceLuid', expected: 'a bigint NET_LUID' })) as NetioError;
    expect(typeCheck).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'interfaceLuid' });
    expect(typeCheck.message).toContain('interfaceLuid: expected a bigint NET_LUID.');
    const bug = new TypeError('a bug');
    expect(fromNative(bug)).toBe(bug);
  });
});
