/**
 * Change notifications, one for one: NotifyRouteChange2, NotifyUnicastIpAddressChange and
 * NotifyIpInterfaceChange. The callback receives `{ type, row }` with the row copied while
 * the OS still owned it; `handle.cancel()` calls CancelMibChangeNotify2 exactly once.
 * A handle does not keep the process alive unless `ref()` is called.
 *
 * No callback runs before the registration has returned its handle: the sync twin's events
 * reach JS on a later turn of the event loop, and the async twin's (an initial
 * notification that the OS sends before the registration returns, say) are held until its
 * promise has resolved and the code awaiting it has run.
 */
import { unicastRowFromWire, type MibUnicastipaddressRow } from './addresses.js';
import { operation, type Twins } from './call.js';
import type { Checker, FamilyInput } from './check.js';
import { ipInterfaceRowFromWire, type MibIpinterfaceRow } from './ipinterfaces.js';
import type { WireDispatch } from './native.js';
import { forwardRowFromWire, type MibIpforwardRow2 } from './routes.js';

/** MIB_NOTIFICATION_TYPE (Mib…Notification / Mib…Instance), and 'overflow' when events were dropped. */
export type NotificationType = 'parameter' | 'add' | 'delete' | 'initial' | 'overflow';

const TYPES: readonly NotificationType[] = ['parameter', 'add', 'delete', 'initial'];

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

export const DEFAULT_QUEUE_SIZE = 1024;

/**
 * What an async registration's events wait behind until its handle has reached the caller.
 * The OS may call back before the registration returns (NotifyUnicastIpAddressChange with
 * an initial notification does), and that event and the worker's completion race to the JS
 * thread; so events are held until the promise has resolved and the code awaiting it has
 * run, then delivered in order on a later turn of the event loop (none after cancel()).
 */
class Gate {
  private held: (() => void)[] | undefined = [];

  pass(deliver: () => void): void {
    if (this.held) this.held.push(deliver);
    else deliver();
  }

  open(handle: NotificationHandle): void {
    setImmediate(() => {
      const held = this.held ?? [];
      this.held = undefined;
      for (const deliver of held) {
        if (handle.cancelled) return;
        deliver();
      }
    });
  }
}

/**
 * The binding's arguments for a registration. The user's callback runs inside a guard: if
 * it throws, the error is rethrown on a later tick (an uncaught exception, as for any
 * event listener), and the registration and the addon carry on. With a gate (the async
 * twin), events wait behind it.
 */
function registration<Wire, Row>(
  check: Checker,
  family: FamilyInput,
  callback: (event: ChangeNotification<Row>) => void,
  options: NotifyOptions | undefined,
  convert: (wire: Wire) => Row,
  gate?: Gate,
): [number, WireDispatch<Wire>, boolean, number] {
  const familyNumber = check.family(family);
  if (typeof callback !== 'function') check.fail('callback', 'expected a function.');
  const opts = check.object(options ?? {}, 'options');
  const initial = opts.initialNotification === undefined ? false : check.boolean(opts.initialNotification, 'initialNotification');
  const queueSize = opts.queueSize === undefined ? DEFAULT_QUEUE_SIZE : check.uint32(opts.queueSize, 'queueSize');
  if (queueSize === 0) check.fail('queueSize', 'expected at least 1.');
  const deliver = (event: ChangeNotification<Row>): void => {
    try {
      callback(event);
    } catch (error) {
      process.nextTick(() => {
        throw error;
      });
    }
  };
  const dispatch: WireDispatch<Wire> = (type, row) => {
    const event: ChangeNotification<Row> = {
      type: type === -1 ? 'overflow' : (TYPES[type] ?? (type as unknown as NotificationType)),
      row: row === null ? null : convert(row),
    };
    if (gate) gate.pass(() => deliver(event));
    else deliver(event);
  };
  return [familyNumber, dispatch, initial, queueSize];
}

type Callback<Row> = (event: ChangeNotification<Row>) => void;
const asHandle = (handle: NotificationHandle): NotificationHandle => handle;

/**
 * The exported twins of one notify function. The sync twin's events reach JS on a later
 * turn anyway (the OS's threads only queue them); the async twin's wait behind a Gate.
 */
function exported<Row>(twins: Twins<[FamilyInput, Callback<Row>, NotifyOptions?, Gate?], NotificationHandle>) {
  return {
    async: async (family: FamilyInput, callback: Callback<Row>, options?: NotifyOptions): Promise<NotificationHandle> => {
      const gate = new Gate();
      const handle = await twins.async(family, callback, options, gate);
      gate.open(handle);
      return handle;
    },
    sync: (family: FamilyInput, callback: Callback<Row>, options?: NotifyOptions): NotificationHandle => twins.sync(family, callback, options),
  };
}

const route = exported(
  operation({
    syscall: 'NotifyRouteChange2',
    native: 'notifyRouteChange2',
    prepare: (check, family: FamilyInput, callback: Callback<MibIpforwardRow2>, options?: NotifyOptions, gate?: Gate) =>
      registration(check, family, callback, options, forwardRowFromWire, gate),
    convert: asHandle,
  }),
);
/** NotifyRouteChange2: calls `callback` when a route is added, deleted or changed. */
export const notifyRouteChange2 = route.async;
export const notifyRouteChange2Sync = route.sync;

const unicast = exported(
  operation({
    syscall: 'NotifyUnicastIpAddressChange',
    native: 'notifyUnicastIpAddressChange',
    prepare: (check, family: FamilyInput, callback: Callback<MibUnicastipaddressRow>, options?: NotifyOptions, gate?: Gate) =>
      registration(check, family, callback, options, unicastRowFromWire, gate),
    convert: asHandle,
  }),
);
/** NotifyUnicastIpAddressChange: calls `callback` when a unicast address is added, deleted or changed. */
export const notifyUnicastIpAddressChange = unicast.async;
export const notifyUnicastIpAddressChangeSync = unicast.sync;

const ipInterface = exported(
  operation({
    syscall: 'NotifyIpInterfaceChange',
    native: 'notifyIpInterfaceChange',
    prepare: (check, family: FamilyInput, callback: Callback<MibIpinterfaceRow>, options?: NotifyOptions, gate?: Gate) =>
      registration(check, family, callback, options, ipInterfaceRowFromWire, gate),
    convert: asHandle,
  }),
);
/** NotifyIpInterfaceChange: calls `callback` when an interface's IP settings change. */
export const notifyIpInterfaceChange = ipInterface.async;
export const notifyIpInterfaceChangeSync = ipInterface.sync;
