import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { FAKE_INTERFACES } from './support/fake-binding.js';
import { useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();
let store: string;
beforeEach(() => {
  store = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-routeset-'));
});
afterEach(() => fs.rmSync(store, { recursive: true, force: true }));

const ethernet = FAKE_INTERFACES[1]!;
const set3: api.DesiredRoute[] = [
  { destination: '203.0.113.0/24', gateway: '192.0.2.1', interface: 'Ethernet', metric: 5 },
  { destination: '198.51.100.0/25', gateway: '192.0.2.1', interface: 'Ethernet' },
  { destination: '2001:db8:5::/48', interface: 12 },
];
const prefixes = () => [...fake.routes.values()].map((r) => r.destinationPrefix).sort();
const record = (owner = 'vpn') => JSON.parse(fs.readFileSync(path.join(store, `routes-${owner}.json`), 'utf8')) as { owner: string; routes: { destinationPrefix: string; interfaceLuid: string }[] };

describe('routes.apply', () => {
  test('adds what is missing, records it, and reports each route', async () => {
    const result = await api.routes.apply(set3, { owner: 'vpn', store });
    expect(result).toMatchObject({ added: 3, present: 0, removed: 0, failed: 0 });
    expect(result.outcomes.map((o) => [o.outcome, o.route.destinationPrefix])).toEqual([
      ['added', '203.0.113.0/24'],
      ['added', '198.51.100.0/25'],
      ['added', '2001:db8:5::/48'],
    ]);
    expect(prefixes()).toEqual(['198.51.100.0/25', '2001:db8:5::/48', '203.0.113.0/24']);
    expect(record().routes.map((r) => r.destinationPrefix).sort()).toEqual(prefixes());
    expect(record().routes[0]!.interfaceLuid).toBe(ethernet.luid.toString());
  });

  test('is idempotent: applying the same set again changes nothing', async () => {
    await api.routes.apply(set3, { owner: 'vpn', store });
    const calls = fake.calls.length;
    const again = await api.routes.apply(set3, { owner: 'vpn', store });
    expect(again).toMatchObject({ added: 0, present: 3, updated: 0, removed: 0, failed: 0 });
    expect(fake.calls.slice(calls).map((c) => c.name).filter((n) => !n.startsWith('get') && !n.startsWith('convert'))).toEqual([]);
  });

  test('a changed set adds the new, removes what this owner no longer wants, and updates metrics it owns', async () => {
    await api.routes.apply(set3, { owner: 'vpn', store });
    const changed: api.DesiredRoute[] = [
      { ...set3[0]!, metric: 9 },
      { destination: '198.51.100.128/25', gateway: '192.0.2.1', interface: 'Ethernet' },
    ];
    const result = await api.routes.apply(changed, { owner: 'vpn', store });
    expect(result).toMatchObject({ added: 1, updated: 1, removed: 2, failed: 0 });
    expect(prefixes()).toEqual(['198.51.100.128/25', '203.0.113.0/24']);
    expect([...fake.routes.values()].find((r) => r.destinationPrefix === '203.0.113.0/24')!.metric).toBe(9);
    expect(record().routes.map((r) => r.destinationPrefix).sort()).toEqual(['198.51.100.128/25', '203.0.113.0/24']);
  });

  test("never removes or changes a route it did not create, and another owner's routes are its own", async () => {
    await api.createIpForwardEntry2({ destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', interfaceLuid: ethernet.luid, metric: 1 });
    const first = await api.routes.apply([set3[0]!], { owner: 'vpn', store });
    expect(first).toMatchObject({ present: 1, added: 0 });
    expect(record().routes).toEqual([]);
    await api.routes.apply([set3[1]!], { owner: 'other', store });
    await api.routes.apply([], { owner: 'vpn', store });
    expect(prefixes()).toEqual(['198.51.100.0/25', '203.0.113.0/24']);
    expect([...fake.routes.values()].find((r) => r.destinationPrefix === '203.0.113.0/24')!.metric).toBe(1);
  });

  test('already-exists on add and not-found on delete count as done', async () => {
    await api.routes.apply(set3, { owner: 'vpn', store });
    fake.failNext.set('CreateIpForwardEntry2', [5010]);
    fake.routes.clear(); // someone removed our routes behind our back
    const result = await api.routes.apply([set3[0]!], { owner: 'vpn', store });
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['present', 'removed', 'removed']);
    expect(result.failed).toBe(0);
  });

  test('partial failure is reported per route and never stops the rest', async () => {
    // The first create is denied; the others go through.
    fake.failNext.set('CreateIpForwardEntry2', [5]);
    const result = await api.routes.apply(
      [set3[0]!, set3[1]!, { destination: '203.0.113.128/25', interface: 'No such adapter' }, { destination: 'nonsense', interface: 12 }, set3[2]!],
      { owner: 'vpn', store },
    );
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed', 'failed', 'added', 'added']);
    const codes = result.outcomes.filter((o) => o.error).map((o) => [(o.error as api.NetioError).code, (o.error as api.NetioError).member ?? null]);
    expect(codes).toEqual([
      ['STATUS_INVALID_PARAMETER', null],
      ['STATUS_INVALID_PARAMETER', 'routes[3].destination'],
      ['STATUS_ACCESS_DENIED', null],
    ]);
    expect(result).toMatchObject({ added: 2, failed: 3 });
    expect(record().routes.map((r) => r.destinationPrefix).sort()).toEqual(['198.51.100.0/25', '2001:db8:5::/48']);
  });

  test('an unexpected error in one create is that route’s failure; apply finishes and records the rest', async () => {
    let creates = 0;
    const realCreate = fake.createIpForwardEntry2;
    fake.createIpForwardEntry2 = (row) => (++creates === 2 ? Promise.reject(new Error('driver fault')) : realCreate(row));
    const result = await api.routes.apply(set3, { owner: 'vpn', store });
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['added', 'failed', 'added']);
    expect(record().routes.map((r) => r.destinationPrefix).sort()).toEqual(['2001:db8:5::/48', '203.0.113.0/24']);
  });

  test('the record survives a crash in the middle, and cleanup removes the orphans', async () => {
    const realCreate = fake.createIpForwardEntry2;
    let creates = 0;
    // The process dies inside the second create: that call never returns.
    fake.createIpForwardEntry2 = (row) => (++creates === 2 ? new Promise<void>(() => undefined) : realCreate(row));
    void api.routes.apply(set3, { owner: 'vpn', store });
    await new Promise((r) => setTimeout(r, 20));
    fake.createIpForwardEntry2 = realCreate;
    // The intent was recorded before the first create; one route was made.
    expect(record().routes.map((r) => r.destinationPrefix).sort()).toEqual(['198.51.100.0/25', '2001:db8:5::/48', '203.0.113.0/24']);
    expect(prefixes()).toEqual(['203.0.113.0/24']);

    // The next run of the application: cleanup removes what was made; the rest is already gone.
    const cleaned = await api.routes.cleanup('vpn', { store });
    expect(cleaned.outcomes.map((o) => o.outcome)).toEqual(['removed', 'removed', 'removed']);
    expect(cleaned.failed).toBe(0);
    expect(prefixes()).toEqual([]);
    expect(record().routes).toEqual([]);
  });

  test('cleanup keeps what it could not remove, to try again', async () => {
    await api.routes.apply(set3, { owner: 'vpn', store });
    fake.elevated = false;
    const denied = await api.routes.cleanup('vpn', { store });
    expect(denied).toMatchObject({ failed: 3, removed: 0 });
    expect(record().routes.length).toBe(3);
    fake.elevated = true;
    expect(await api.routes.cleanup('vpn', { store })).toMatchObject({ removed: 3, failed: 0 });
  });

  test('cleanup: a route that is gone (1168) is removed; one whose interface is gone (2) is a failure, kept for next time', async () => {
    await api.routes.apply(set3, { owner: 'vpn', store });
    fake.failNext.set('DeleteIpForwardEntry2', [2, 1168]);
    const result = await api.routes.cleanup('vpn', { store });
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['failed', 'removed', 'removed']);
    expect(result.outcomes[0]!.error).toMatchObject({ code: 'STATUS_NOT_FOUND', win32: 2, syscall: 'DeleteIpForwardEntry2' });
    expect(record().routes.map((r) => r.destinationPrefix)).toEqual([result.outcomes[0]!.route.destinationPrefix]);
  });

  test('a bad owner, store or set is refused with the member', async () => {
    const refused = (p: Promise<unknown>) => p.then(() => 'ok', (e: { member: string }) => e.member);
    expect(await refused(api.routes.apply(set3, { owner: '../etc', store }))).toBe('owner');
    expect(await refused(api.routes.apply(set3, { owner: '', store }))).toBe('owner');
    expect(await refused(api.routes.apply(set3, { owner: 'vpn', store: 42 as never }))).toBe('store');
    expect(await refused(api.routes.apply({} as never, { owner: 'vpn', store }))).toBe('routes');
    expect(await refused(api.routes.cleanup('a b', { store }))).toBe('owner');
  });
});
