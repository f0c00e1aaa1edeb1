/**
 * The helpers name an interface the way people do: by alias ('Ethernet'), index (12),
 * LUID (bigint) or GUID ('{…}'). This turns any of those into the LUID a row takes.
 */
import { parseGuid } from './address.js';
import { Checker, MAX_INTERFACE_STRING } from './check.js';
import { convertInterfaceAliasToLuid, convertInterfaceGuidToLuid, convertInterfaceIndexToLuid } from './interfaces.js';

/** An interface by alias, index, LUID or GUID. */
export type InterfaceSpec = string | number | bigint;

/** The LUID of an interface named by alias, index, LUID or GUID. */
export async function resolveInterface(spec: InterfaceSpec, syscall: string, member = 'interface'): Promise<bigint> {
  const check: Checker = new Checker(syscall);
  if (typeof spec === 'bigint') return check.luid(spec, member);
  if (typeof spec === 'number') return convertInterfaceIndexToLuid(check.index(spec, member, true));
  if (typeof spec === 'string') {
    const guid = parseGuid(spec);
    if (guid !== undefined) return convertInterfaceGuidToLuid(guid);
    return convertInterfaceAliasToLuid(check.interfaceString(spec, member, 'an interface alias, index, LUID or GUID', MAX_INTERFACE_STRING));
  }
  check.fail(member, `expected an interface alias, index, LUID or GUID, got ${spec === null ? 'null' : typeof spec}.`);
}
