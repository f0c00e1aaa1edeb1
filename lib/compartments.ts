/**
 * Network compartments: GetCurrentThreadCompartmentId, SetCurrentThreadCompartmentId,
 * GetSessionCompartmentId, SetSessionCompartmentId, GetDefaultCompartmentId,
 * GetNetworkInformation and SetNetworkInformation, one for one. Microsoft documents all but
 * GetDefaultCompartmentId as "reserved for future use"; they are here because the header
 * has them, with no behaviour added.
 *
 * The thread functions are about the calling thread: both twins run on the JS thread (the
 * promise of the async one is settled when it returns), never on a libuv pool thread.
 */
import { operation } from './call.js';
import type { Checker } from './check.js';
import type { WireNetworkInformation } from './native.js';

/** NET_IF_COMPARTMENT_ID_UNSPECIFIED (0) names no compartment, so it is never a value to set. */
function compartment(check: Checker, value: unknown): number {
  const id = check.uint32(value, 'compartmentId');
  if (id === 0) check.fail('compartmentId', 'is NET_IF_COMPARTMENT_ID_UNSPECIFIED (0), which names no compartment.');
  return id;
}

const nothing = (): void => undefined;
const same = (id: number): number => id;

const getThread = operation({
  syscall: 'GetCurrentThreadCompartmentId',
  native: 'getCurrentThreadCompartmentId',
  prepare: () => [],
  convert: same,
});
/** GetCurrentThreadCompartmentId: the network compartment of the JS thread (1 is the default compartment). */
export const getCurrentThreadCompartmentId = getThread.async;
export const getCurrentThreadCompartmentIdSync = getThread.sync;

const setThread = operation({
  syscall: 'SetCurrentThreadCompartmentId',
  native: 'setCurrentThreadCompartmentId',
  prepare: (check, compartmentId: number) => [compartment(check, compartmentId)],
  convert: nothing,
});
/** SetCurrentThreadCompartmentId: moves the JS thread into a network compartment. */
export const setCurrentThreadCompartmentId = setThread.async;
export const setCurrentThreadCompartmentIdSync = setThread.sync;

const getSession = operation({
  syscall: 'GetSessionCompartmentId',
  native: 'getSessionCompartmentId',
  prepare: (check, sessionId: number) => [check.uint32(sessionId, 'sessionId')],
  convert: same,
});
/** GetSessionCompartmentId: the network compartment of a logon session. */
export const getSessionCompartmentId = getSession.async;
export const getSessionCompartmentIdSync = getSession.sync;

const setSession = operation({
  syscall: 'SetSessionCompartmentId',
  native: 'setSessionCompartmentId',
  prepare: (check, sessionId: number, compartmentId: number) => [check.uint32(sessionId, 'sessionId'), compartment(check, compartmentId)],
  convert: nothing,
});
/** SetSessionCompartmentId: sets the network compartment of a logon session. */
export const setSessionCompartmentId = setSession.async;
export const setSessionCompartmentIdSync = setSession.sync;

const getDefault = operation({
  syscall: 'GetDefaultCompartmentId',
  native: 'getDefaultCompartmentId',
  prepare: () => [],
  convert: same,
});
/** GetDefaultCompartmentId: the id of the default network compartment. */
export const getDefaultCompartmentId = getDefault.async;
export const getDefaultCompartmentIdSync = getDefault.sync;

/** GetNetworkInformation's out parameters. */
export interface NetworkInformation {
  compartmentId: number;
  siteId: number;
  networkName: string;
}

const getInformation = operation({
  syscall: 'GetNetworkInformation',
  native: 'getNetworkInformation',
  prepare: (check, networkGuid: string) => [check.guid(networkGuid, 'networkGuid')],
  convert: (w: WireNetworkInformation): NetworkInformation => w,
});
/** GetNetworkInformation: the compartment, site and name of a network (MIB_IF_ROW2.networkGuid). */
export const getNetworkInformation = getInformation.async;
export const getNetworkInformationSync = getInformation.sync;

const setInformation = operation({
  syscall: 'SetNetworkInformation',
  native: 'setNetworkInformation',
  prepare: (check, networkGuid: string, compartmentId: number, networkName: string) => [
    check.guid(networkGuid, 'networkGuid'),
    compartment(check, compartmentId),
    check.interfaceString(networkName, 'networkName', 'a network name'),
  ],
  convert: nothing,
});
/** SetNetworkInformation: sets the compartment and name of a network. */
export const setNetworkInformation = setInformation.async;
export const setNetworkInformationSync = setInformation.sync;
