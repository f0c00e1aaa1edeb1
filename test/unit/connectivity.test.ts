import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { refusal, useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();

describe('connectivity hints: the enumerations as names', () => {
  test.each([
    [0, 'unknown'],
    [1, 'none'],
    [2, 'localAccess'],
    [3, 'internetAccess'],
    [4, 'constrainedInternetAccess'],
    [5, 'hidden'],
    [6, 6],
  ])('NL_NETWORK_CONNECTIVITY_LEVEL_HINT %i is %s', async (level, name) => {
    fake.connectivity = { ...fake.connectivity, connectivityLevel: level };
    expect((await api.getNetworkConnectivityHint()).connectivityLevel).toBe(name);
  });

  test.each([
    [0, 'unknown'],
    [1, 'unrestricted'],
    [2, 'fixed'],
    [3, 'variable'],
    [9, 9],
  ])('NL_NETWORK_CONNECTIVITY_COST_HINT %i is %s', (cost, name) => {
    fake.connectivity = { ...fake.connectivity, connectivityCost: cost };
    expect(api.getNetworkConnectivityHintSync().connectivityCost).toBe(name);
  });

  test('the whole hint, for the system and for one interface; the numbers stay available as constants', async () => {
    fake.connectivity = { connectivityLevel: 3, connectivityCost: 2, approachingDataLimit: true, overDataLimit: false, roaming: true };
    const expected = { connectivityLevel: 'internetAccess', connectivityCost: 'fixed', approachingDataLimit: true, overDataLimit: false, roaming: true };
    expect(await api.getNetworkConnectivityHint()).toEqual(expected);
    expect(await api.getNetworkConnectivityHintForInterface(12)).toEqual(expected);
    expect(api.constants.NL_NETWORK_CONNECTIVITY_LEVEL_HINT.values.constrainedInternetAccess).toBe(4);
    expect(api.constants.NL_NETWORK_CONNECTIVITY_COST_HINT.values.variable).toBe(3);
  });

  test.each([[-1], [1.5], ['12'], [2 ** 32]])('getNetworkConnectivityHintForInterface(%o) is refused naming interfaceIndex', async (index) => {
    expect(await refusal(api.getNetworkConnectivityHintForInterface(index as never))).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'interfaceIndex' });
  });

  test('before Windows 10 2004: STATUS_NOT_SUPPORTED naming the function and the version it needs', async () => {
    fake.missing.add('GetNetworkConnectivityHint');
    const error = await refusal(api.getNetworkConnectivityHint());
    expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetNetworkConnectivityHint' });
    expect(error.hint).toMatch(/version 2004/);
  });
});

describe('notifyNetworkConnectivityHintChange and watch.connectivity()', () => {
  test('the first event is the initial state when asked for, then changes; cancel stops them', async () => {
    const events: api.ConnectivityHintNotification[] = [];
    const handle = await api.notifyNetworkConnectivityHintChange((e) => events.push(e), { initialNotification: true });
    await fake.flush();
    fake.emit('connectivity', 0, { connectivityLevel: 1, connectivityCost: 0, approachingDataLimit: false, overDataLimit: false, roaming: false });
    await fake.flush();
    expect(events).toEqual([
      { type: 'initial', row: { connectivityLevel: 'internetAccess', connectivityCost: 'unrestricted', approachingDataLimit: false, overDataLimit: false, roaming: false } },
      { type: 'parameter', row: { connectivityLevel: 'none', connectivityCost: 'unknown', approachingDataLimit: false, overDataLimit: false, roaming: false } },
    ]);
    handle.cancel();
    fake.emit('connectivity', 0, fake.connectivity);
    await fake.flush();
    expect(events).toHaveLength(2);
    expect(fake.subscriptions[0]).toMatchObject({ kind: 'connectivity', osCancels: 1 });
  });

  test('without initialNotification every event is a change; dropped events are one overflow', async () => {
    const types: string[] = [];
    api.notifyNetworkConnectivityHintChangeSync((e) => types.push(e.type), { queueSize: 2 });
    for (let i = 0; i < 5; i++) fake.emit('connectivity', 0, fake.connectivity);
    await fake.flush();
    expect(types).toEqual(['parameter', 'parameter', 'overflow']);
  });

  test.each([
    ['callback', () => api.notifyNetworkConnectivityHintChange('not a function' as never)],
    ['initialNotification', () => api.notifyNetworkConnectivityHintChange(() => {}, { initialNotification: 'yes' as never })],
    ['queueSize', () => api.notifyNetworkConnectivityHintChange(() => {}, { queueSize: 0 })],
  ])('bad %s is refused', async (member, call) => {
    expect(await refusal(call())).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'NotifyNetworkConnectivityHintChange' });
  });

  test('watch.connectivity() emits the hints, and a resync with the hint now in force after an overflow', async () => {
    const watcher = api.watch.connectivity({ initial: true, queueSize: 1 });
    const events: api.WatchEvent<'connectivity'>[] = [];
    watcher.on('change', (e: api.WatchEvent<'connectivity'>) => events.push(e));
    await watcher.ready;
    await fake.flush();
    fake.connectivity = { ...fake.connectivity, connectivityCost: 3 };
    for (let i = 0; i < 3; i++) fake.emit('connectivity', 0, fake.connectivity);
    await fake.flush();
    await new Promise((resolve) => setImmediate(resolve));
    watcher.close();
    expect(events[0]).toMatchObject({ source: 'connectivity', type: 'initial', row: { connectivityLevel: 'internetAccess' } });
    expect(events.at(-1)).toMatchObject({ source: 'connectivity', type: 'resync', table: [{ connectivityCost: 'variable' }] });
    expect(fake.subscriptions[0]).toMatchObject({ kind: 'connectivity', osCancels: 1 });
  });

  test('watch.connectivity() reports a missing function through ready', async () => {
    fake.missing.add('NotifyNetworkConnectivityHintChange');
    const watcher = api.watch.connectivity();
    await expect(watcher.ready).rejects.toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'NotifyNetworkConnectivityHintChange' });
    expect(watcher.closed).toBe(true);
  });
});
