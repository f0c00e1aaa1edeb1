/**
 * Errors. Every failure of this package is a {@link NetioError}; the table below is the
 * only place that maps the Win32 codes the OS returns onto the documented STATUS_* names.
 */
import { availabilityHint } from './availability.js';

/** One row of the error table. */
export interface ErrorTableEntry {
  /** The documented name a program branches on (`err.code`). */
  readonly code: string;
  /** The NTSTATUS number behind the Win32 code. */
  readonly ntstatus: number;
  /** The documented reason, in English. */
  readonly reason: string;
  /** What a user can do about it, where there is something. */
  readonly hint?: string;
}

const ELEVATE = 'Run the program elevated (as Administrator): Windows lets only administrators change the network configuration.';

/**
 * Win32 error code → documented name, NTSTATUS and reason. The IP Helper functions
 * return Win32 codes in user mode; their kernel-mode twins in netioapi.h document the
 * same outcomes as NTSTATUS names, which are what `err.code` carries, and `ntstatus` is
 * the number of that name.
 *
 * "Not found" comes in two kinds, which the pages both call STATUS_NOT_FOUND
 * (0xC0000225): Win32 2 (ERROR_FILE_NOT_FOUND) means there is no such interface, Win32
 * 1168 (ERROR_NOT_FOUND) that the interface has no such entry. Both carry the documented
 * name and its number; `win32` tells them apart. (RtlNtStatusToDosError maps 0xC0000225 to
 * 1168; the user-mode functions reach 2 through STATUS_OBJECT_NAME_NOT_FOUND, 0xC0000034,
 * a name no netioapi page uses.)
 *
 * 123 (ERROR_INVALID_NAME) is what the ConvertInterfaceNameToLuid page calls
 * STATUS_INVALID_NAME. ntstatus.h has no constant of that name; its number here is that of
 * STATUS_OBJECT_NAME_INVALID (0xC0000033), the NTSTATUS RtlNtStatusToDosError maps to 123.
 */
export const ERROR_TABLE: ReadonlyMap<number, ErrorTableEntry> = new Map<number, ErrorTableEntry>([
  [1, { code: 'STATUS_INVALID_DEVICE_REQUEST', ntstatus: 0xc0000010, reason: 'The function is not valid for this request.' }],
  [2, { code: 'STATUS_NOT_FOUND', ntstatus: 0xc0000225, reason: 'The specified interface could not be found.' }],
  [5, { code: 'STATUS_ACCESS_DENIED', ntstatus: 0xc0000022, reason: 'Access is denied.', hint: ELEVATE }],
  [6, { code: 'STATUS_INVALID_HANDLE', ntstatus: 0xc0000008, reason: 'The handle is not valid.' }],
  [8, { code: 'STATUS_NOT_ENOUGH_MEMORY', ntstatus: 0xc0000017, reason: 'Insufficient memory resources are available to complete the operation.' }],
  [14, { code: 'STATUS_NOT_ENOUGH_MEMORY', ntstatus: 0xc0000017, reason: 'Insufficient memory resources are available to complete the operation.' }],
  [50, { code: 'STATUS_NOT_SUPPORTED', ntstatus: 0xc00000bb, reason: 'The request is not supported.' }],
  [67, { code: 'STATUS_BAD_NETWORK_NAME', ntstatus: 0xc00000cc, reason: 'The network with the neighbor IP address is unreachable.' }],
  [87, { code: 'STATUS_INVALID_PARAMETER', ntstatus: 0xc000000d, reason: 'An invalid parameter was passed to the function.' }],
  // ERROR_CALL_NOT_IMPLEMENTED: what a stub returns (Wine 8's Icmp6CreateFile and
  // Icmp6SendEcho2). It has no NTSTATUS of its own; for a program it means what a missing
  // export means (the function is not available on this system), so it shares that code.
  [120, { code: 'STATUS_NOT_SUPPORTED', ntstatus: 0xc00000bb, reason: 'This function is not supported on this system.' }],
  [122, { code: 'STATUS_BUFFER_TOO_SMALL', ntstatus: 0xc0000023, reason: 'The buffer is too small for the data.' }],
  [123, { code: 'STATUS_INVALID_NAME', ntstatus: 0xc0000033, reason: 'The interface name is invalid.' }],
  [126, { code: 'ERROR_MOD_NOT_FOUND', ntstatus: 0xc0000135, reason: 'The native module could not be found.' }],
  [183, { code: 'ERROR_OBJECT_ALREADY_EXISTS', ntstatus: 0xc0000035, reason: 'The object already exists.' }],
  [234, { code: 'STATUS_BUFFER_OVERFLOW', ntstatus: 0x80000005, reason: 'More data is available than the buffer holds.' }],
  [299, { code: 'STATUS_PARTIAL_COPY', ntstatus: 0x8000000d, reason: 'Only part of the request was completed.' }],
  [317, { code: 'STATUS_ACCESS_DENIED', ntstatus: 0xc0000022, reason: 'The TCP entry cannot be set because the process is not elevated.', hint: ELEVATE }],
  [1167, { code: 'STATUS_DEVICE_NOT_CONNECTED', ntstatus: 0xc000009d, reason: 'The device is not connected.' }],
  [1168, { code: 'STATUS_NOT_FOUND', ntstatus: 0xc0000225, reason: 'The element was not found.' }],
  [1214, { code: 'STATUS_INVALID_ADDRESS', ntstatus: 0xc0000141, reason: 'The address is not valid.' }],
  [1223, { code: 'STATUS_CANCELLED', ntstatus: 0xc0000120, reason: 'The operation was cancelled.' }],
  [1231, { code: 'STATUS_NETWORK_UNREACHABLE', ntstatus: 0xc000023c, reason: 'The network location cannot be reached.' }],
  [1232, { code: 'STATUS_HOST_UNREACHABLE', ntstatus: 0xc000023d, reason: 'The remote system is not reachable.' }],
  [1359, { code: 'STATUS_INTERNAL_ERROR', ntstatus: 0xc00000e5, reason: 'An internal error occurred in the addon (a C++ exception), and the call was abandoned.' }],
  [1450, { code: 'STATUS_INSUFFICIENT_RESOURCES', ntstatus: 0xc000009a, reason: 'Insufficient system resources exist to complete the operation.' }],
  [5010, { code: 'ERROR_OBJECT_ALREADY_EXISTS', ntstatus: 0xc000022a, reason: 'The object already exists.' }],
  // GetAdaptersAddresses and GetNetworkParams document these by their Win32 names.
  [111, { code: 'ERROR_BUFFER_OVERFLOW', ntstatus: 0x80000005, reason: 'The buffer is too small for the data, which kept growing while it was read.' }],
  [232, { code: 'ERROR_NO_DATA', ntstatus: 0xc00700e8, reason: 'No addresses were found for the requested parameters.' }],
  [1228, { code: 'ERROR_ADDRESS_NOT_ASSOCIATED', ntstatus: 0xc00704cc, reason: 'An address has not yet been associated with the network endpoint.' }],
  [11001, { code: 'WSAHOST_NOT_FOUND', ntstatus: 0xc0072af9, reason: 'No such host is known.' }],
  [11002, { code: 'WSATRY_AGAIN', ntstatus: 0xc0072afa, reason: 'The host name could not be resolved now; this is usually temporary.' }],
  [11003, { code: 'WSANO_RECOVERY', ntstatus: 0xc0072afb, reason: 'A nonrecoverable error occurred while resolving the host name.' }],
]);

/** The NTSTATUS that Windows uses for a Win32 code it has no NTSTATUS for (NTSTATUS_FROM_WIN32). */
export function ntstatusFromWin32(win32: number): number {
  return win32 === 0 ? 0 : (0xc0070000 | (win32 & 0xffff)) >>> 0;
}

/**
 * The table entry for a Win32 code; undocumented codes become `WIN32_ERROR_<n>`. A value
 * that is not a Win32 code (an integer from 0 to 4294967295) is refused with a NetioError
 * (STATUS_INVALID_PARAMETER, member 'win32').
 */
export function describeWin32(win32: number): ErrorTableEntry {
  if (typeof win32 !== 'number' || !Number.isInteger(win32) || win32 < 0 || win32 > 0xffffffff) {
    throw invalidParameter('describeWin32', 'win32', 'expected a Win32 error code, an integer from 0 to 4294967295.');
  }
  return (
    ERROR_TABLE.get(win32) ?? {
      code: `WIN32_ERROR_${win32}`,
      ntstatus: ntstatusFromWin32(win32),
      reason: `The system returned Win32 error ${win32}.`,
    }
  );
}

/** Win32 codes the facade raises or tells apart itself. */
export const WIN32 = {
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_NOT_SUPPORTED: 50,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_MOD_NOT_FOUND: 126,
  ERROR_NOT_FOUND: 1168,
} as const;

/** @internal "No such interface": the OS's STATUS_NOT_FOUND with Win32 2. */
export function isNoSuchInterface(error: unknown): error is NetioError {
  return error instanceof NetioError && error.win32 === WIN32.ERROR_FILE_NOT_FOUND;
}

/**
 * @internal "The interface has no such entry": the OS's STATUS_NOT_FOUND with Win32 1168.
 * Helpers treat only this one as "already gone" or "none"; a vanished interface (Win32 2)
 * always reaches the caller.
 */
export function isNoSuchEntry(error: unknown): error is NetioError {
  return error instanceof NetioError && error.win32 === WIN32.ERROR_NOT_FOUND;
}

export interface NetioErrorOptions {
  win32: number;
  syscall: string;
  member?: string;
  /** The system's own text for the code (FormatMessageW), when there is one. */
  systemMessage?: string;
  /** What went wrong in this call, beyond the documented reason. */
  detail?: string;
  hint?: string;
  cause?: unknown;
}

/** The error of every failed call: `code` is the documented name a program branches on. */
export class NetioError extends Error {
  /** The documented name, e.g. 'STATUS_INVALID_PARAMETER'; 'WIN32_ERROR_<n>' when undocumented. */
  readonly code: string;
  /** The Win32 code the OS returned, or would have returned for a refused argument. */
  readonly win32: number;
  /** The NTSTATUS number behind the code. */
  readonly ntstatus: number;
  /** The documented function that failed, e.g. 'CreateIpForwardEntry2'. */
  readonly syscall: string;
  /** The row member or argument at fault, in camelCase, when one is known. */
  readonly member: string | undefined;
  /** What a user can do about it, when there is something. */
  readonly hint: string | undefined;
  /** The system's own text for the code (FormatMessageW), when there is one. */
  readonly systemMessage: string | undefined;

  constructor(options: NetioErrorOptions) {
    const entry = describeWin32(options.win32);
    const hint = options.hint ?? entry.hint;
    const parts = [`${entry.code}: ${options.syscall}: ${options.detail ?? entry.reason}`];
    if (options.detail !== undefined) parts.push(entry.reason);
    const system = options.systemMessage?.trim();
    if (system && !parts.some((p) => p.includes(system))) parts.push(`(system: ${system})`);
    if (hint) parts.push(hint);
    super(parts.join(' '), 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'NetioError';
    this.code = entry.code;
    this.win32 = options.win32;
    this.ntstatus = entry.ntstatus;
    this.syscall = options.syscall;
    this.member = options.member;
    this.hint = hint;
    this.systemMessage = system || undefined;
  }
}

/**
 * A refused argument: STATUS_INVALID_PARAMETER naming the member, before any OS call. When
 * reading the member threw (the caller's getter, a Proxy's trap), `cause` is what it threw.
 */
export function invalidParameter(syscall: string, member: string, detail: string, ...cause: [] | [cause: unknown]): NetioError {
  const options: NetioErrorOptions = { win32: WIN32.ERROR_INVALID_PARAMETER, syscall, member, detail: `${member}: ${detail}` };
  // What a caller's getter or trap threw, even when that was undefined.
  if (cause.length > 0) options.cause = cause[0];
  return new NetioError(options);
}

/** The shape of the errors the native binding throws or rejects with. */
export interface NativeErrorShape {
  message: string;
  win32: number;
  syscall: string;
  systemMessage?: string;
  notExported?: boolean;
  member?: string;
  expected?: string;
}

export function isNativeError(value: unknown): value is NativeErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as NativeErrorShape).win32 === 'number' &&
    typeof (value as NativeErrorShape).syscall === 'string'
  );
}

/** Turns what the binding threw into a NetioError; anything else is a bug and passes through. */
export function fromNative(error: unknown): unknown {
  if (error instanceof NetioError || !isNativeError(error)) return error;
  let detail: string | undefined;
  if (error.notExported) {
    detail = `iphlpapi.dll on this system does not export ${error.syscall}, so this function is not available here.`;
  } else if (error.member !== undefined && error.expected !== undefined) {
    detail = `${error.member}: expected ${error.expected}.`;
  }
  return new NetioError({
    win32: error.win32,
    syscall: error.syscall,
    member: error.member,
    systemMessage: error.notExported ? undefined : error.systemMessage,
    detail,
    hint: error.notExported ? availabilityHint(error.syscall) : undefined,
    cause: error,
  });
}
