/**
 * Change notifications, one for one: NotifyRouteChange2, NotifyUnicastIpAddressChange,
 * NotifyIpInterfaceChange, NotifyTeredoPortChange and NotifyStableUnicastIpAddressTable
 * (NotifyNetworkConnectivityHintChange is in connectivity.ts). The callback receives
 * `{ type, row }` with the row copied while the OS still owned it; `handle.cancel()` calls
 * CancelMibChangeNotify2 exactly once. A handle does not keep the process alive unless
 * `ref()` is called.
 */
import { unicastRowFromWire, type MibUnicastipaddressRow } from './addresses.js';
import { operation } from './call.js';
import type { Checker, FamilyInput } from './check.js';
import { ipInterfaceRowFromWire, type MibIpinterfaceRow } from './ipinterfaces.js';
import type { WireDispatch, WireUnicastRow } from './native.js';
import { forwardRowFromWire, type MibIpforwardRow2 } from './routes.js';

/** MIB_NOTIFICATION_TYPE (Mib…Notification / Mib…Instance), and 'overflow' when events were dropped. */
export type NotificationType = 'parameter' | 'add' | 'delete' | 'initial' | 'overflow';

const TYPES: readonly NotificationType[] = ['parameter', 'add', 'delete', 'initial'];

/**
 * @internal The one guard around everything that runs for an event: the payload's
 * conversion and the user's callback. Nothing thrown here may reach the addon (Node-API
 * would drop it with a warning); it is rethrown on a later tick instead, as an uncaught
 * exception, as for any event listener, and the registration and the addon carry on.
 */
export function guardedDispatch<Wire, Event>(callback: (event: Event) => void, convert: (type: number, wire: Wire | null) => Event): WireDispatch<Wire> {
  return (type, wire) => {
    try {
      callback(convert(type, wire));
    } catch (error) {
      process.nextTick(() => {
        throw error;
      });
    }
  };
}

/** @internal MIB_NOTIFICATION_TYPE's number as its name; -1 is 'overflow'. */
export function notificationType(type: number): NotificationType {
  return type === -1 ? 'overflow' : (TYPES[type] ?? (type as unknown as NotificationType));
}

/** @internal The callback and the options every registration takes, checked. */
export function notifyOptions(check: Checker, callback: unknown, options: NotifyOptions | undefined): { initial: boolean; queueSize: number } {
  if (typeof callback !== 'function') check.fail('callback', 'expected a function.');
  const opts = check.options(options);
  const initial = opts.initialNotification === undefined ? false : check.boolean(opts.initialNotification, 'initialNotification');
  const queueSize = opts.queueSize === undefined ? DEFAULT_QUEUE_SIZE : check.uint32(opts.queueSize, 'queueSize');
  if (queueSize === 0) check.fail('queueSize', 'expected at least 1.');
  return { initial, queueSize };
}

export interface ChangeNotification<Row> {
  type: NotificationType;
  /**
   * The row the OS passed; null for an initial notification without a row, and for
   * 'overflow' (events were dropped because the queue was full: re-read the table).
   */
  row: Row | null;
}

export interface NotifyOptions {
  /** Ask for an initial notification once the registration is in place (default false). */
  initialNotification?: boolean;
  /** How many events may wait for the JS thread before more are dropped (default 1024). */
  queueSize?: number;
}

export interface NotificationHandle {
  /** CancelMibChangeNotify2; calling it again does nothing. */
  cancel(): void;
  /** Keep the process alive while registered. */
  ref(): NotificationHandle;
  /** Do not keep the process alive for this registration (the default). */
  unref(): NotificationHandle;
  readonly cancelled: boolean;
}

/** @internal How many events a registration queues by default (documented as `queueSize`'s default). */
export const DEFAULT_QUEUE_SIZE = 1024;

/**
 * The binding's arguments for a registration. The user's callback runs inside a guard: if
 * it throws, the error is rethrown on a later tick (an uncaught exception, as for any
 * event listener), and the registration and the addon carry on.
 */
function registration<Wire, Row>(
  check: Checker,
  family: FamilyInput,
  callback: (event: ChangeNotification<Row>) => void,
  options: NotifyOptions | undefined,
  convert: (wire: Wire) => Row,
): [number, WireDispatch<Wire>, boolean, number] {
  const familyNumber = check.family(family);
  const { initial, queueSize } = notifyOptions(check, callback, options);
  const dispatch = guardedDispatch<Wire, ChangeNotification<Row>>(callback, (type, row) => ({
    type: notificationType(type),
    row: row === null ? null : convert(row),
  }));
  return [familyNumber, dispatch, initial, queueSize];
}

/** The callback of a registration: receives each event of its row type. */
export type ChangeCallback<Row> = (event: ChangeNotification<Row>) => void;
const asHandle = (handle: NotificationHandle): NotificationHandle => handle;

const route = operation({
  syscall: 'NotifyRouteChange2',
  native: 'notifyRouteChange2',
  prepare: (check, family: FamilyInput, callback: ChangeCallback<MibIpforwardRow2>, options?: NotifyOptions) =>
    registration(check, family, callback, options, forwardRowFromWire),
  convert: asHandle,
});
/** NotifyRouteChange2: calls `callback` when a route is added, deleted or changed. */
export const notifyRouteChange2 = route.async;
export const notifyRouteChange2Sync = route.sync;

const unicast = operation({
  syscall: 'NotifyUnicastIpAddressChange',
  native: 'notifyUnicastIpAddressChange',
  prepare: (check, family: FamilyInput, callback: ChangeCallback<MibUnicastipaddressRow>, options?: NotifyOptions) =>
    registration(check, family, callback, options, unicastRowFromWire),
  convert: asHandle,
});
/** NotifyUnicastIpAddressChange: calls `callback` when a unicast address is added, deleted or changed. */
export const notifyUnicastIpAddressChange = unicast.async;
export const notifyUnicastIpAddressChangeSync = unicast.sync;

const ipInterface = operation({
  syscall: 'NotifyIpInterfaceChange',
  native: 'notifyIpInterfaceChange',
  prepare: (check, family: FamilyInput, callback: ChangeCallback<MibIpinterfaceRow>, options?: NotifyOptions) =>
    registration(check, family, callback, options, ipInterfaceRowFromWire),
  convert: asHandle,
});
/** NotifyIpInterfaceChange: calls `callback` when an interface's IP settings change. */
export const notifyIpInterfaceChange = ipInterface.async;
export const notifyIpInterfaceChangeSync = ipInterface.sync;

const teredo = operation({
  syscall: 'NotifyTeredoPortChange',
  native: 'notifyTeredoPortChange',
  prepare: (check, callback: ChangeCallback<number>, options?: NotifyOptions) => {
    const { initial, queueSize } = notifyOptions(check, callback, options);
    const dispatch = guardedDispatch<number, ChangeNotification<number>>(callback, (type, port) => ({ type: notificationType(type), row: port }));
    return [dispatch, initial, queueSize];
  },
  convert: asHandle,
});
/**
 * NotifyTeredoPortChange: calls `callback` with `{ type, row }`, `row` the Teredo client's
 * UDP port (0 when it has none), when the port changes.
 */
export const notifyTeredoPortChange = teredo.async;
export const notifyTeredoPortChangeSync = teredo.sync;

/** What notifyStableUnicastIpAddressTable returns. */
export interface StableUnicastTable {
  /** The table, when it is stable already; the callback is then never called and `handle` is null. */
  table: MibUnicastipaddressRow[] | null;
  /** When the table is not stable yet: cancels the request (CancelMibChangeNotify2). */
  handle: NotificationHandle | null;
}

/** The stable table, or null when it could not be copied (no memory): read it with getUnicastIpAddressTable. */
export type StableTableCallback = (table: MibUnicastipaddressRow[] | null) => void;

const stable = operation({
  syscall: 'NotifyStableUnicastIpAddressTable',
  native: 'notifyStableUnicastIpAddressTable',
  prepare: (check, family: FamilyInput, callback: StableTableCallback, options?: Pick<NotifyOptions, 'queueSize'>) => {
    const familyNumber = check.family(family);
    const { queueSize } = notifyOptions(check, callback, options);
    // -1: the table came but could not be copied (no memory).
    const dispatch = guardedDispatch<WireUnicastRow[], MibUnicastipaddressRow[] | null>(callback, (type, rows) =>
      type === -1 || rows === null ? null : rows.map(unicastRowFromWire),
    );
    return [familyNumber, dispatch, queueSize];
  },
  convert: (w): StableUnicastTable => ({ table: w.table === null ? null : w.table.map(unicastRowFromWire), handle: w.handle }),
});
/**
 * NotifyStableUnicastIpAddressTable: the unicast address table once every address is
 * stable (preferred). When it is stable now, `table` holds it; otherwise `callback` gets it
 * later, once, and `handle` can cancel the request.
 */
export const notifyStableUnicastIpAddressTable = stable.async;
export const notifyStableUnicastIpAddressTableSync = stable.sync;
