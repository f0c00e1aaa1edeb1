/**
 * Watchers: change notifications as Node EventEmitters that are also async iterables.
 *
 *   const w = watch.routes({ family: 'ipv4', signal });
 *   w.on('add', (e) => …);                       // or: for await (const e of w) { … }
 *   w.on('resync', ({ table }) => rebuild(table));
 *
 * A watcher is unref'd: it never keeps the process alive unless `ref()` is called. When
 * events may have been lost (the OS says nothing about drops, but a burst larger than the
 * queue can be dropped, and so can a slow async iterator's backlog), it emits 'resync'
 * with a fresh table, from which a consumer can rebuild its view.
 *
 * watch.connectivity() watches the connectivity hint (NotifyNetworkConnectivityHintChange)
 * the same way: each event's row is the hint now in force, and a resync's table holds one.
 */
import { EventEmitter } from 'node:events';

import { getUnicastIpAddressTable, type MibUnicastipaddressRow } from './addresses.js';
import { Checker, type FamilyInput } from './check.js';
import { getNetworkConnectivityHint, notifyNetworkConnectivityHintChange, type NetworkConnectivityHint } from './connectivity.js';
import { getIpInterfaceTable, type MibIpinterfaceRow } from './ipinterfaces.js';
import {
  DEFAULT_QUEUE_SIZE,
  notifyIpInterfaceChange,
  notifyRouteChange2,
  notifyUnicastIpAddressChange,
  type ChangeNotification,
  type NotificationHandle,
} from './notifications.js';
import { getIpForwardTable2, type MibIpforwardRow2 } from './routes.js';
import { gateway, type DefaultGateway } from './gateway.js';

export type WatchSource = 'route' | 'address' | 'interface' | 'connectivity';

/** The row type of each source. */
export interface WatchRows {
  route: MibIpforwardRow2;
  address: MibUnicastipaddressRow;
  interface: MibIpinterfaceRow;
  connectivity: NetworkConnectivityHint;
}

/** The events of one source, one variant per `type`. */
export type WatchSourceEvent<K extends WatchSource> =
  /** A row was added (MibAddInstance): the row as the OS passed it. */
  | { source: K; type: 'add'; row: WatchRows[K] }
  /** A row was deleted (MibDeleteInstance). */
  | { source: K; type: 'delete'; row: WatchRows[K] }
  /** A row changed (MibParameterNotification). */
  | { source: K; type: 'parameter'; row: WatchRows[K] }
  /** The registration is in place (`initial: true`); the OS may pass no row. */
  | { source: K; type: 'initial'; row: WatchRows[K] | null }
  /** Events may have been lost: `table` is the whole table, read afresh. */
  | { source: K; type: 'resync'; table: WatchRows[K][] };

/**
 * What a watcher delivers, to its listeners and its async iterators. The OS documents a
 * row for every add, delete and parameter event; if one ever came without, the watcher
 * would deliver a 'resync' instead, so `row` is never null there.
 */
export type WatchEvent<S extends WatchSource = WatchSource> = { [K in S]: WatchSourceEvent<K> }[S];

/** The names of a watcher's row events: add, delete, parameter, initial and resync. */
export type WatchEventType = WatchEvent['type'];

/**
 * The events a Watcher emits and what each listener receives: one event per `type`, each
 * also as 'change'; 'error' when a registration or a resync fails; 'close' once.
 */
export interface WatcherEvents<S extends WatchSource = WatchSource> {
  add: [event: Extract<WatchEvent<S>, { type: 'add' }>];
  delete: [event: Extract<WatchEvent<S>, { type: 'delete' }>];
  parameter: [event: Extract<WatchEvent<S>, { type: 'parameter' }>];
  initial: [event: Extract<WatchEvent<S>, { type: 'initial' }>];
  resync: [event: Extract<WatchEvent<S>, { type: 'resync' }>];
  /** Every event above, whatever its type. */
  change: [event: WatchEvent<S>];
  /** A registration failed (then the watcher closes) or a resync could not read the table. */
  error: [error: Error];
  /** close() was called, or the signal aborted. */
  close: [];
}

/**
 * An EventEmitter whose methods take only the names of `Events`, each listener receiving
 * that event's arguments: a wrong name, or a listener of the wrong shape, is a type error.
 * At run time it is Node's EventEmitter, unchanged.
 */
export interface TypedEventEmitter<Events extends { [E in keyof Events]: unknown[] }> {
  on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  once<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  off<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  addListener<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  removeListener<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  prependListener<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  prependOnceListener<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  emit<E extends keyof Events>(event: E, ...args: Events[E]): boolean;
  removeAllListeners(event?: keyof Events): this;
  listeners<E extends keyof Events>(event: E): ((...args: Events[E]) => void)[];
  rawListeners<E extends keyof Events>(event: E): ((...args: Events[E]) => void)[];
  listenerCount(event: keyof Events): number;
  eventNames(): (keyof Events)[];
  setMaxListeners(n: number): this;
  getMaxListeners(): number;
}

/**
 * Node's EventEmitter, seen through TypedEventEmitter: `class E extends
 * TypedEventEmitter<{ ready: [] }>` is an EventEmitter whose events are checked.
 */
export const TypedEventEmitter = EventEmitter as unknown as new <Events extends { [E in keyof Events]: unknown[] }>() => TypedEventEmitter<Events>;

export interface WatchOptions {
  /** 'ipv4', 'ipv6' or 'all' (the default), or any FamilyInput. */
  family?: FamilyInput;
  /** Closes the watcher when aborted. */
  signal?: AbortSignal;
  /** Deliver an 'initial' event once registered (default false). */
  initial?: boolean;
  /** Events that may wait in the native queue before a burst triggers a resync (default 1024). */
  queueSize?: number;
  /** Events an async iterator may hold before the backlog is replaced by a resync (default 10,000). */
  bufferSize?: number;
}

interface SourceSpec {
  source: WatchSource;
  register: (family: FamilyInput, callback: (event: ChangeNotification<never>) => void, options: { initialNotification: boolean; queueSize: number }) => Promise<NotificationHandle>;
  table: (family: FamilyInput) => Promise<unknown[]>;
}

const SOURCES: Record<WatchSource, SourceSpec> = {
  route: { source: 'route', register: notifyRouteChange2 as SourceSpec['register'], table: getIpForwardTable2 },
  address: { source: 'address', register: notifyUnicastIpAddressChange as SourceSpec['register'], table: getUnicastIpAddressTable },
  interface: { source: 'interface', register: notifyIpInterfaceChange as SourceSpec['register'], table: getIpInterfaceTable },
  // One hint for the whole system: the family does not apply, and a resync's table is [hint].
  connectivity: {
    source: 'connectivity',
    register: ((_family, callback, options) => notifyNetworkConnectivityHintChange(callback as never, options)) as SourceSpec['register'],
    table: async () => [await getNetworkConnectivityHint()],
  },
};

/**
 * Change notifications of one or more sources, as an EventEmitter (typed: see
 * WatcherEvents) that is also an async iterable of WatchEvents.
 */
export class Watcher<S extends WatchSource = WatchSource> extends TypedEventEmitter<WatcherEvents<S>> implements AsyncIterable<WatchEvent<S>> {
  /** Settles when every registration is in place (rejects when one fails). */
  readonly ready: Promise<void>;
  private handles: NotificationHandle[] = [];
  private refed = false;
  private closedFlag = false;
  private failure: unknown;
  private readonly family: FamilyInput;
  private readonly specs: SourceSpec[];
  private readonly bufferSize: number;
  private readonly iterators = new Set<{ buffer: WatchEvent<S>[]; wake: (() => void) | undefined; error: unknown; overflowed: boolean }>();
  private readonly onAbort = (): void => this.close();
  private readonly signal: AbortSignal | undefined;

  /** @internal Use watch.routes(), watch.addresses(), watch.interfaces() or watch.all(). */
  constructor(sources: WatchSource[], options: WatchOptions = {}) {
    super();
    const check: Checker = new Checker('Watch');
    const o = check.options(options);
    this.family = o.family === undefined ? 'AF_UNSPEC' : (check.family(o.family) as FamilyInput);
    const initial = o.initial === undefined ? false : check.boolean(o.initial, 'initial');
    const queueSize = o.queueSize === undefined ? DEFAULT_QUEUE_SIZE : check.uint32(o.queueSize, 'queueSize');
    this.bufferSize = o.bufferSize === undefined ? 10_000 : check.uint32(o.bufferSize, 'bufferSize');
    this.signal = o.signal === undefined ? undefined : check.signal(o.signal);
    this.specs = sources.map((s) => SOURCES[s]);
    if (this.signal?.aborted) {
      this.closedFlag = true;
      this.ready = Promise.resolve();
      return;
    }
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.ready = Promise.all(
      this.specs.map(async (spec) => {
        const handle = await spec.register(this.family, (event) => this.deliver(spec, event), { initialNotification: initial, queueSize });
        if (this.closedFlag) {
          handle.cancel();
          return;
        }
        if (this.refed) handle.ref();
        this.handles.push(handle);
      }),
    ).then(
      () => undefined,
      (error: unknown) => {
        // A watcher that cannot register all its sources is of no use: close the rest.
        this.failure ??= error;
        this.fail(error);
        this.close();
        throw error;
      },
    );
    // A failed registration is reported through 'error', iterators and `ready`; keep an
    // unobserved `ready` from becoming an unhandled rejection on its own.
    this.ready.catch(() => undefined);
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Keep the process alive while this watcher is open. */
  ref(): this {
    this.refed = true;
    for (const h of this.handles) h.ref();
    return this;
  }

  /** Let the process exit while this watcher is open (the default). */
  unref(): this {
    this.refed = false;
    for (const h of this.handles) h.unref();
    return this;
  }

  /** Cancels every registration (each exactly once) and ends the async iterators. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    for (const h of this.handles) h.cancel();
    this.handles = [];
    for (const it of this.iterators) it.wake?.();
    this.emit('close');
  }

  private deliver(spec: SourceSpec, event: ChangeNotification<never>): void {
    if (this.closedFlag) return;
    // Events were dropped ('overflow'), or the OS said something this release cannot
    // deliver as typed (a notification type it does not know, or no row with a change,
    // which Microsoft documents only for the initial notification): read the table afresh.
    const known = event.type === 'initial' || ((event.type === 'add' || event.type === 'delete' || event.type === 'parameter') && event.row !== null);
    if (!known) {
      void this.resync(spec);
      return;
    }
    this.publish({ source: spec.source, type: event.type, row: event.row } as WatchEvent<S>);
  }

  private async resync(spec: SourceSpec): Promise<void> {
    try {
      const table = await spec.table(this.family);
      if (!this.closedFlag) this.publish({ source: spec.source, type: 'resync', table } as WatchEvent<S>);
    } catch (error) {
      this.fail(error);
    }
  }

  private publish(event: WatchEvent<S>): void {
    for (const it of this.iterators) {
      if (it.overflowed) continue;
      if (it.buffer.length >= this.bufferSize) {
        // The consumer is behind: drop its backlog and give it a fresh table instead.
        it.overflowed = true;
        it.buffer.length = 0;
        void this.iteratorResync(it, event.source);
        continue;
      }
      it.buffer.push(event);
      it.wake?.();
    }
    // Each event under its own type's name: WatcherEvents gives that name this variant.
    (this.emit as (name: WatchEventType, event: WatchEvent<S>) => boolean)(event.type, event);
    this.emit('change', event);
  }

  private async iteratorResync(it: { buffer: WatchEvent<S>[]; wake: (() => void) | undefined; overflowed: boolean }, source: WatchSource): Promise<void> {
    try {
      const table = await SOURCES[source].table(this.family);
      it.buffer.push({ source, type: 'resync', table } as WatchEvent<S>);
    } catch (error) {
      (it as { error?: unknown }).error = error;
    } finally {
      it.overflowed = false;
      it.wake?.();
    }
  }

  private fail(error: unknown): void {
    for (const it of this.iterators) {
      it.error = error;
      it.wake?.();
    }
    // Unlike a plain EventEmitter, no 'error' listener is not a crash: the failure still
    // reaches `ready` (a registration) and every async iterator (which throws it).
    if (this.listenerCount('error') > 0) this.emit('error', error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<S>> {
    const it = { buffer: [] as WatchEvent<S>[], wake: undefined as (() => void) | undefined, error: undefined as unknown, overflowed: false };
    this.iterators.add(it);
    const finish = (): IteratorResult<WatchEvent<S>> => {
      this.iterators.delete(it);
      return { done: true, value: undefined };
    };
    return {
      next: async () => {
        for (;;) {
          if (it.buffer.length > 0) return { done: false, value: it.buffer.shift()! };
          const error = it.error ?? this.failure;
          if (error !== undefined) {
            this.iterators.delete(it);
            throw error;
          }
          if (this.closedFlag) return finish();
          await new Promise<void>((resolve) => (it.wake = resolve));
          it.wake = undefined;
        }
      },
      return: async () => {
        // Leaving a for-await loop closes the watcher.
        this.close();
        return finish();
      },
    };
  }
}

/** Watchers of routes, addresses, interfaces, or all three in one stream. */
export const watch = {
  routes: (options?: WatchOptions): Watcher<'route'> => new Watcher<'route'>(['route'], options),
  addresses: (options?: WatchOptions): Watcher<'address'> => new Watcher<'address'>(['address'], options),
  interfaces: (options?: WatchOptions): Watcher<'interface'> => new Watcher<'interface'>(['interface'], options),
  all: (options?: WatchOptions): Watcher<'route' | 'address' | 'interface'> => new Watcher<'route' | 'address' | 'interface'>(['route', 'address', 'interface'], options),
  /** The best default route of a family: 'change' with { previous, current } when it changes. */
  defaultRoute: (options?: DefaultRouteOptions): DefaultRouteWatcher => new DefaultRouteWatcher(options),
  /**
   * The connectivity hint (level, cost, data limits, roaming) as it changes; with
   * `initial: true` the first event is the hint at registration. `family` does not apply.
   */
  connectivity: (options?: Omit<WatchOptions, 'family'>): Watcher<'connectivity'> => new Watcher<'connectivity'>(['connectivity'], options),
};

// ---------------------------------------------------------------------------------------
// The best default route.

export interface DefaultRouteOptions {
  /** 'ipv4' (the default), 'ipv6', or any FamilyInput. */
  family?: FamilyInput;
  /** Quiet time after the last notification before the tables are read again (default 200 ms). */
  debounceMs?: number;
  /** The longest a burst of notifications may delay that read (default 2000 ms). */
  maxDelayMs?: number;
  /** Closes the watcher when aborted. */
  signal?: AbortSignal;
}

/** The events of a DefaultRouteWatcher and what each listener receives. */
export interface DefaultRouteEvents {
  /** The best default route is another one (or there is none now, or one again). */
  change: [change: DefaultRouteChange];
  /** A registration or a read of the tables failed. */
  error: [error: Error];
  /** close() was called, or the signal aborted. */
  close: [];
}

/** What 'change' carries: the best default route before and after (null: none). */
export interface DefaultRouteChange {
  previous: DefaultGateway | null;
  current: DefaultGateway | null;
}

function sameRoute(a: DefaultGateway | null, b: DefaultGateway | null): boolean {
  if (a === null || b === null) return a === b;
  return a.gateway === b.gateway && a.interfaceLuid === b.interfaceLuid && a.family === b.family;
}

/**
 * Watches the best default route the way VPN clients do (Mullvad, WireGuard, Tailscale):
 * route, interface and address notifications are debounced — the tables are read again
 * `debounceMs` after the last one, and at most `maxDelayMs` after the first of a burst —
 * and again after the OS's queue overflowed. 'change' fires only when the best default
 * route (gateway, interface, family) is another one. Unref'd like every watcher.
 */
export class DefaultRouteWatcher extends TypedEventEmitter<DefaultRouteEvents> {
  /** Settles once the notifications are registered and the first read is done. */
  readonly ready: Promise<void>;
  private readonly family: FamilyInput;
  private readonly debounceMs: number;
  private readonly maxDelayMs: number;
  private readonly signal: AbortSignal | undefined;
  private readonly source: Watcher | undefined;
  private readonly onAbort = (): void => this.close();
  private value: DefaultGateway | null = null;
  private debounceTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;
  private reading = false;
  private again = false;
  private refed = false;
  private closedFlag = false;

  /** @internal Use watch.defaultRoute(). */
  constructor(options: DefaultRouteOptions = {}) {
    super();
    const check: Checker = new Checker('watch.defaultRoute');
    const o = check.options(options);
    this.family = o.family === undefined ? 'ipv4' : (check.family(o.family) as FamilyInput);
    this.debounceMs = o.debounceMs === undefined ? 200 : check.uint32(o.debounceMs, 'debounceMs', 0x7fffffff);
    this.maxDelayMs = o.maxDelayMs === undefined ? 2000 : check.uint32(o.maxDelayMs, 'maxDelayMs', 0x7fffffff);
    if (this.maxDelayMs < this.debounceMs) check.fail('maxDelayMs', `(${this.maxDelayMs}) is shorter than debounceMs (${this.debounceMs}).`);
    this.signal = o.signal === undefined ? undefined : check.signal(o.signal);
    if (this.signal?.aborted) {
      this.closedFlag = true;
      this.ready = Promise.resolve();
      return;
    }
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    const source = new Watcher(['route', 'address', 'interface'], { family: this.family });
    this.source = source;
    // Any notification, and the resync that follows an overflow, means: read again.
    source.on('change', () => this.poke());
    source.on('error', (error: unknown) => this.fail(error));
    // A failed registration reaches 'error' through the source; a failed first read from here.
    this.ready = source.ready
      .then(async () => {
        try {
          const value = await this.read();
          if (!this.closedFlag) this.value = value;
        } catch (error) {
          this.fail(error);
          throw error;
        }
      })
      .catch((error: unknown) => {
        this.close();
        throw error;
      });
    this.ready.catch(() => undefined);
  }

  /** The best default route as last read (null before `ready`, or when there is none). */
  get current(): DefaultGateway | null {
    return this.value;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Keep the process alive while this watcher is open. */
  ref(): this {
    this.refed = true;
    this.source?.ref();
    this.debounceTimer?.ref();
    this.maxTimer?.ref();
    return this;
  }

  /** Let the process exit while this watcher is open (the default). */
  unref(): this {
    this.refed = false;
    this.source?.unref();
    this.debounceTimer?.unref();
    this.maxTimer?.unref();
    return this;
  }

  /** Cancels the notifications (each once) and any pending read. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    clearTimeout(this.debounceTimer);
    clearTimeout(this.maxTimer);
    this.debounceTimer = this.maxTimer = undefined;
    this.source?.close();
    this.emit('close');
  }

  private timer(ms: number): NodeJS.Timeout {
    const t = setTimeout(() => this.fire(), ms);
    if (!this.refed) t.unref();
    return t;
  }

  /** A notification: (re)start the quiet period, and the burst's deadline if this starts one. */
  private poke(): void {
    if (this.closedFlag) return;
    this.maxTimer ??= this.timer(this.maxDelayMs);
    clearTimeout(this.debounceTimer);
    this.debounceTimer = this.timer(this.debounceMs);
  }

  private fire(): void {
    clearTimeout(this.debounceTimer);
    clearTimeout(this.maxTimer);
    this.debounceTimer = this.maxTimer = undefined;
    if (this.closedFlag) return;
    if (this.reading) {
      this.again = true; // read once more when the read under way is done
      return;
    }
    void this.reread();
  }

  private async read(): Promise<DefaultGateway | null> {
    return gateway.default({ family: this.family });
  }

  private async reread(): Promise<void> {
    this.reading = true;
    try {
      do {
        this.again = false;
        await this.ready.catch(() => undefined);
        if (this.closedFlag) return;
        const next = await this.read();
        if (this.closedFlag) return;
        const previous = this.value;
        this.value = next;
        if (!sameRoute(previous, next)) this.emit('change', { previous, current: next } satisfies DefaultRouteChange);
      } while (this.again && !this.closedFlag);
    } catch (error) {
      this.fail(error);
    } finally {
      this.reading = false;
    }
  }

  private fail(error: unknown): void {
    // As a Watcher: no 'error' listener is not a crash; a failed first read still rejects `ready`.
    if (this.listenerCount('error') > 0) this.emit('error', error instanceof Error ? error : new Error(String(error)));
  }
}
