/**
 * Type tests of the watchers' events: each name with its payload, and a wrong name or a
 * listener of the wrong shape is a compile error (the `@ts-expect-error` lines fail the
 * check if they ever compile). Run by vitest's typecheck (npm test) and by npm run typecheck.
 */
import { EventEmitter, once } from 'node:events';
import { describe, expectTypeOf, test } from 'vitest';

import {
  watch,
  notifyRouteChange2,
  type MibIpforwardRow2,
  type MibIpinterfaceRow,
  type MibUnicastipaddressRow,
  type DefaultGateway,
  type DefaultRouteWatcher,
  type NetioError,
  type NetworkConnectivityHint,
  type NotificationHandle,
  type WatchEvent,
  type Watcher,
} from '../../lib/index.js';

declare const routes: Watcher<'route'>;
declare const all: ReturnType<typeof watch.all>;
declare const defaultRoute: DefaultRouteWatcher;

describe('a route watcher', () => {
  test('add, delete and parameter carry the route, never null', () => {
    routes.on('add', (event) => {
      expectTypeOf(event.row).toEqualTypeOf<MibIpforwardRow2>();
      expectTypeOf(event.source).toEqualTypeOf<'route'>();
      expectTypeOf(event.type).toEqualTypeOf<'add'>();
    });
    routes.once('delete', ({ row }) => expectTypeOf(row).toEqualTypeOf<MibIpforwardRow2>());
    routes.prependListener('parameter', ({ row }) => expectTypeOf(row.destinationPrefix).toBeString());
  });

  test('initial may have no row; resync has the table; change is any of them', () => {
    routes.on('initial', ({ row }) => expectTypeOf(row).toEqualTypeOf<MibIpforwardRow2 | null>());
    routes.on('resync', ({ table }) => expectTypeOf(table).toEqualTypeOf<MibIpforwardRow2[]>());
    routes.on('change', (event) => {
      expectTypeOf(event).toEqualTypeOf<WatchEvent<'route'>>();
      if (event.type === 'resync') expectTypeOf(event.table).toEqualTypeOf<MibIpforwardRow2[]>();
      else expectTypeOf(event.row).toEqualTypeOf<MibIpforwardRow2 | null>();
    });
  });

  test("'error' gets an Error, 'close' nothing", () => {
    routes.on('error', (error) => expectTypeOf(error).toEqualTypeOf<Error>());
    routes.on('close', (...args) => expectTypeOf(args).toEqualTypeOf<[]>());
  });

  test('the async iterator yields the same events', async () => {
    for await (const event of routes) {
      expectTypeOf(event).toEqualTypeOf<WatchEvent<'route'>>();
      break;
    }
  });

  test('on, once and off return the watcher for chaining', () => {
    const listener = (): void => undefined;
    expectTypeOf(routes.on('add', listener).off('add', listener)).toEqualTypeOf<Watcher<'route'>>();
    expectTypeOf(watch.routes()).toEqualTypeOf<Watcher<'route'>>();
    expectTypeOf(watch.addresses()).toEqualTypeOf<Watcher<'address'>>();
    expectTypeOf(watch.interfaces()).toEqualTypeOf<Watcher<'interface'>>();
  });

  test('it is still an EventEmitter for Node: events.once(watcher, name) works', async () => {
    expectTypeOf(routes).toMatchTypeOf<Pick<EventEmitter, 'on' | 'once'>>();
    const [event] = (await once(routes, 'add')) as [WatchEvent<'route'>];
    expectTypeOf(event).toEqualTypeOf<WatchEvent<'route'>>();
  });
});

describe('a watcher of all sources', () => {
  test('narrows the row by source', () => {
    all.on('add', (event) => {
      expectTypeOf(event.row).toEqualTypeOf<MibIpforwardRow2 | MibUnicastipaddressRow | MibIpinterfaceRow>();
      if (event.source === 'address') expectTypeOf(event.row).toEqualTypeOf<MibUnicastipaddressRow>();
      if (event.source === 'interface') expectTypeOf(event.row).toEqualTypeOf<MibIpinterfaceRow>();
    });
  });
});

describe('the connectivity and default-route watchers', () => {
  test('watch.connectivity() carries the hint; watch.all() does not include it', () => {
    watch.connectivity().on('parameter', ({ row }) => expectTypeOf(row).toEqualTypeOf<NetworkConnectivityHint>());
    expectTypeOf(watch.all()).toEqualTypeOf<Watcher<'route' | 'address' | 'interface'>>();
  });

  test("a DefaultRouteWatcher's 'change' carries the routes before and after", () => {
    defaultRoute.on('change', ({ previous, current }) => {
      expectTypeOf(previous).toEqualTypeOf<DefaultGateway | null>();
      expectTypeOf(current).toEqualTypeOf<DefaultGateway | null>();
    });
    defaultRoute.on('error', (error) => expectTypeOf(error).toEqualTypeOf<Error>());
    // @ts-expect-error 'chnage' is not an event of a DefaultRouteWatcher
    defaultRoute.on('chnage', () => undefined);
    // @ts-expect-error it has no 'add' event: it says only which route is best
    defaultRoute.once('add', () => undefined);
  });
});

describe('wrong names and wrong listeners do not compile', () => {
  test('a misspelt event name', () => {
    // @ts-expect-error 'addd' is not an event of a watcher
    routes.on('addd', () => undefined);
    // @ts-expect-error 'overflow' is layer 1's; a watcher says 'resync'
    routes.once('overflow', () => undefined);
    // @ts-expect-error 'routeAdded' is not an event of a watcher
    routes.off('routeAdded', () => undefined);
    // @ts-expect-error not an event name either
    routes.emit('addd', {} as never);
  });

  test('a listener that expects another event’s payload', () => {
    // @ts-expect-error an 'add' event has a row, not a table
    routes.on('add', (event: { table: MibIpforwardRow2[] }) => event.table);
    // @ts-expect-error a route watcher's rows are routes, not addresses
    routes.on('add', (event: { row: MibUnicastipaddressRow }) => event.row.dadState);
    routes.on('add', ({ row }) => {
      // @ts-expect-error a route has no dadState
      void row.dadState;
    });
    // @ts-expect-error 'error' passes an Error, not a number
    routes.on('error', (code: number) => code);
  });

  test('emit checks its payload too', () => {
    // @ts-expect-error 'resync' needs its event
    routes.emit('resync');
    // @ts-expect-error 'close' takes nothing
    routes.emit('close', 1);
  });
});

describe('layer 1', () => {
  test('notifyRouteChange2 resolves to a NotificationHandle (it is a Promise)', () => {
    expectTypeOf(notifyRouteChange2).returns.toEqualTypeOf<Promise<NotificationHandle>>();
    void notifyRouteChange2('ipv4', (event) => {
      expectTypeOf(event.row).toEqualTypeOf<MibIpforwardRow2 | null>();
    });
  });

  test('a NetioError has the documented members', () => {
    expectTypeOf<NetioError['code']>().toBeString();
    expectTypeOf<NetioError['win32']>().toBeNumber();
    expectTypeOf<NetioError['member']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NetioError['hint']>().toEqualTypeOf<string | undefined>();
  });
});
