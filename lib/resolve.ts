/**
 * The helpers name an interface the way people do: by alias ('Ethernet'), index (12),
 * LUID (bigint) or GUID ('{…}'). This turns any of those into the LUID a row takes, and
 * an interface that does not exist into a NetioError that names the value given (in
 * `member` and the message), keeps the OS's code, and lists the interfaces that exist.
 */
import { parseGuid } from './address.js';
import { Checker, MAX_INTERFACE_STRING } from './check.js';
import {
  convertInterfaceAliasToLuid,
  convertInterfaceGuidToLuid,
  convertInterfaceIndexToLuid,
  convertInterfaceLuidToIndex,
  isUnknownInterface,
  renameUnknownInterface,
  type InterfaceNaming,
} from './interfaces.js';

/** An interface by alias ('Ethernet'), index (12), LUID (bigint) or GUID ('{…}', braces optional). */
export type InterfaceSpec = string | number | bigint;

/** Runs a conversion; an unknown interface is reported under the helper's own `member`. */
async function named<T>(member: string, naming: InterfaceNaming, value: unknown, convert: () => Promise<T>): Promise<T> {
  try {
    return await convert();
  } catch (error) {
    throw isUnknownInterface(error) ? renameUnknownInterface(error, member, naming, value) : error;
  }
}

/**
 * The LUID of an interface named by alias, index, LUID or GUID. A LUID is checked
 * against the system too, so that a stale one fails here, naming itself, rather than
 * later as a puzzling error of the call it was meant for.
 */
export async function resolveInterface(spec: InterfaceSpec, syscall: string, member = 'interface'): Promise<bigint> {
  const check: Checker = new Checker(syscall);
  if (typeof spec === 'bigint') {
    const luid = check.luid(spec, member);
    await named(member, 'LUID', luid, () => convertInterfaceLuidToIndex(luid));
    return luid;
  }
  if (typeof spec === 'number') {
    // Index 0 reaches the OS, which says there is no such interface (2), as Windows does.
    const index = check.index(spec, member, true);
    return named(member, 'index', index, () => convertInterfaceIndexToLuid(index));
  }
  if (typeof spec === 'string') {
    const guid = parseGuid(spec);
    if (guid !== undefined) return named(member, 'GUID', guid, () => convertInterfaceGuidToLuid(guid));
    const alias = check.interfaceString(spec, member, 'an interface alias, index, LUID or GUID', MAX_INTERFACE_STRING);
    return named(member, 'alias', alias, () => convertInterfaceAliasToLuid(alias));
  }
  check.fail(member, `expected an interface alias, index, LUID or GUID, got ${spec === null ? 'null' : typeof spec}.`);
}
