/** What this system offers, asked without calling anything that could fail. */
import { getBinding } from './native.js';

/**
 * Whether this system's iphlpapi.dll exports `fn` (a documented name such as
 * 'CreateIpForwardEntry2'). False on systems other than Windows, and for anything that is not
 * the name of an entry point this package uses (whatever its type: a predicate never throws).
 */
export function isSupported(fn: string): boolean {
  if (typeof fn !== 'string') return false;
  const all = entryPoints();
  return Object.hasOwn(all, fn) && all[fn] === true;
}

/** Every entry point this package uses and whether it is exported here; {} off Windows. */
export function entryPoints(): Record<string, boolean> {
  try {
    return getBinding().entryPoints();
  } catch {
    return {};
  }
}
