/**
 * Connectivity hints: GetNetworkConnectivityHint, GetNetworkConnectivityHintForInterface and
 * NotifyNetworkConnectivityHintChange (NL_NETWORK_CONNECTIVITY_HINT). They answer "is this
 * network offline, metered, roaming?", which `navigator.onLine` does not on Windows.
 * Windows 10 2004 and later; elsewhere every call is STATUS_NOT_SUPPORTED saying so.
 */
import { operation } from './call.js';
import { enumName } from './check.js';
import { NL_NETWORK_CONNECTIVITY_COST_HINT, NL_NETWORK_CONNECTIVITY_LEVEL_HINT, type NameOf } from './constants.js';
import type { WireConnectivityHint } from './native.js';
import {
  guardedDispatch,
  notificationType,
  notifyOptions,
  type ChangeNotification,
  type NotificationHandle,
  type NotifyOptions,
} from './notifications.js';

export type NlNetworkConnectivityLevelHint = NameOf<typeof NL_NETWORK_CONNECTIVITY_LEVEL_HINT>;
export type NlNetworkConnectivityCostHint = NameOf<typeof NL_NETWORK_CONNECTIVITY_COST_HINT>;

/** NL_NETWORK_CONNECTIVITY_HINT. A value this release does not know comes through as its number. */
export interface NetworkConnectivityHint {
  /** 'none' (offline), 'localAccess', 'internetAccess', 'constrainedInternetAccess' (a captive portal), 'hidden', 'unknown'. */
  connectivityLevel: NlNetworkConnectivityLevelHint | number;
  /** 'unrestricted', 'fixed' (a data plan with a limit), 'variable' (metered by use), 'unknown'. */
  connectivityCost: NlNetworkConnectivityCostHint | number;
  approachingDataLimit: boolean;
  overDataLimit: boolean;
  roaming: boolean;
}

function connectivityHintFromWire(w: WireConnectivityHint): NetworkConnectivityHint {
  return {
    connectivityLevel: enumName(NL_NETWORK_CONNECTIVITY_LEVEL_HINT, w.connectivityLevel),
    connectivityCost: enumName(NL_NETWORK_CONNECTIVITY_COST_HINT, w.connectivityCost),
    approachingDataLimit: w.approachingDataLimit,
    overDataLimit: w.overDataLimit,
    roaming: w.roaming,
  };
}

const hint = operation({
  syscall: 'GetNetworkConnectivityHint',
  native: 'getNetworkConnectivityHint',
  prepare: () => [],
  convert: connectivityHintFromWire,
});
/** GetNetworkConnectivityHint: the level and cost of connectivity an app is likely to get, over all interfaces. */
export const getNetworkConnectivityHint = hint.async;
export const getNetworkConnectivityHintSync = hint.sync;

const hintForInterface = operation({
  syscall: 'GetNetworkConnectivityHintForInterface',
  native: 'getNetworkConnectivityHintForInterface',
  prepare: (check, interfaceIndex: number) => [check.index(interfaceIndex, 'interfaceIndex', true)],
  convert: connectivityHintFromWire,
});
/** GetNetworkConnectivityHintForInterface: the level and cost of connectivity through one interface. */
export const getNetworkConnectivityHintForInterface = hintForInterface.async;
export const getNetworkConnectivityHintForInterfaceSync = hintForInterface.sync;

/**
 * A connectivity change: `row` is the hint now in force. `type` is 'initial' for the first
 * event when `initialNotification` was asked for (the state at registration), 'parameter'
 * for a change, and 'overflow' (row null) when events were dropped: read the hint again.
 */
export type ConnectivityHintNotification = ChangeNotification<NetworkConnectivityHint>;

const notify = operation({
  syscall: 'NotifyNetworkConnectivityHintChange',
  native: 'notifyNetworkConnectivityHintChange',
  prepare: (check, callback: (event: ConnectivityHintNotification) => void, options?: NotifyOptions) => {
    const { initial, queueSize } = notifyOptions(check, callback, options);
    // The OS says nothing about which callback is the initial one: it is the first.
    let initialPending = initial;
    const dispatch = guardedDispatch<WireConnectivityHint, ConnectivityHintNotification>(callback, (type, w) => {
      if (type === -1 || w === null) return { type: notificationType(-1), row: null };
      const event: ConnectivityHintNotification = { type: initialPending ? 'initial' : 'parameter', row: connectivityHintFromWire(w) };
      initialPending = false;
      return event;
    });
    return [dispatch, initial, queueSize];
  },
  convert: (handle: NotificationHandle): NotificationHandle => handle,
});
/**
 * NotifyNetworkConnectivityHintChange: calls `callback` when the aggregate connectivity
 * level or cost changes. `handle.cancel()` calls CancelMibChangeNotify2 once.
 */
export const notifyNetworkConnectivityHintChange = notify.async;
export const notifyNetworkConnectivityHintChangeSync = notify.sync;
