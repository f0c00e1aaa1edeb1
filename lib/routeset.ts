/**
 * Route sets: make the routing table hold the routes an application wants, and remove
 * the ones it added earlier and no longer wants, without touching anyone else's routes.
 *
 *   const result = await routes.apply(desired, { owner: 'my-vpn' });
 *   await routes.cleanup('my-vpn'); // after a crash: removes what my-vpn left behind
 *
 * What an owner created is recorded in a small JSON file (by default
 * %ProgramData%\netioapi\routes-OWNER.json). The record is written before the routes are
 * created, so a crash in the middle leaves at most records of routes that were never made,
 * and deleting those is "already gone", which counts as done.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { AF_INET, formatIp, formatPrefix, maxPrefixLength } from './address.js';
import { Checker, describeValue } from './check.js';
import { NetioError, isNoSuchEntry } from './errors.js';
import { resolveInterface, type InterfaceSpec } from './resolve.js';

/**
 * @internal The routing table as a route set uses it. lib/routes.ts hands in its own
 * functions (routes.apply, routes.cleanup), so that this module imports nothing from that
 * one: the two would otherwise import each other.
 */
export interface RouteTable<Row extends RouteKey & { metric: number }> {
  /** Every route (GetIpForwardTable2). */
  read(): Promise<Row[]>;
  /** Adds a route of this owner (CreateIpForwardEntry2). */
  create(route: RouteKey & { metric: number }): Promise<void>;
  /** Changes the metric of a route as read (SetIpForwardEntry2). */
  update(existing: Row, metric: number): Promise<void>;
  /** Deletes a route (DeleteIpForwardEntry2). */
  remove(key: RouteKey): Promise<void>;
}

/** A route an application wants. */
export interface DesiredRoute {
  /** '198.51.100.0/24', a bare address (a host route) or 'default'. */
  destination: string;
  /** The next hop; omit it for a route on the link. */
  gateway?: string;
  /** By alias, index, LUID or GUID. */
  interface: InterfaceSpec;
  /** The route metric offset (default 0). */
  metric?: number;
}

/** The key that names one route. */
export interface RouteKey {
  destinationPrefix: string;
  nextHop: string;
  /** As a decimal string in the store; a bigint here. */
  interfaceLuid: bigint;
}

export type RouteOutcomeKind = 'added' | 'present' | 'updated' | 'removed' | 'failed';

export interface RouteOutcome {
  outcome: RouteOutcomeKind;
  /** What was wanted (apply) or what was recorded (removals). */
  route: { destinationPrefix: string; nextHop: string; interfaceLuid: bigint | null; metric?: number; input?: DesiredRoute };
  /** Why it failed. */
  error?: NetioError | Error;
}

export interface ApplyResult {
  outcomes: RouteOutcome[];
  added: number;
  present: number;
  updated: number;
  removed: number;
  failed: number;
}

/** Where an owner's record lives. */
export interface RouteStore {
  load(owner: string): Promise<RouteKey[]>;
  save(owner: string, keys: RouteKey[]): Promise<void>;
}

export interface RouteSetOptions {
  /** Who the routes belong to: letters, digits, '.', '_' and '-', at most 64. */
  owner: string;
  /** A directory for the JSON records, or a RouteStore (default %ProgramData%\netioapi). */
  store?: string | RouteStore;
}

const OWNER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The default directory of the records. */
export function defaultStoreDirectory(): string {
  if (process.platform === 'win32') return path.join(process.env.ProgramData ?? 'C:\\ProgramData', 'netioapi');
  return path.join(os.tmpdir(), 'netioapi');
}

/** Records in JSON files, one per owner, written atomically (a temporary file, then a rename). */
export class FileRouteStore implements RouteStore {
  readonly directory: string;

  constructor(directory: string = defaultStoreDirectory()) {
    const check: Checker = new Checker('FileRouteStore');
    // 32,767 characters: the longest path Windows takes.
    if (typeof directory !== 'string' || directory === '' || directory.length > 32767 || directory.includes('\0')) {
      check.fail('directory', `expected the path of a directory, got ${describeValue(directory)}.`);
    }
    this.directory = directory;
  }

  /** The record of `owner` (letters, digits, '.', '_' and '-', at most 64, as routes.apply takes). */
  file(owner: string): string {
    return path.join(this.directory, `routes-${ownerName(new Checker('FileRouteStore'), owner)}.json`);
  }

  async load(owner: string): Promise<RouteKey[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file(owner), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const data = JSON.parse(text) as { routes?: { destinationPrefix: string; nextHop: string; interfaceLuid: string }[] };
    return (data.routes ?? []).map((r) => ({ destinationPrefix: r.destinationPrefix, nextHop: r.nextHop, interfaceLuid: BigInt(r.interfaceLuid) }));
  }

  async save(owner: string, keys: RouteKey[]): Promise<void> {
    const check: Checker = new Checker('FileRouteStore');
    const file = this.file(owner);
    const routes = check.array(keys, 'keys', 'an array of route keys', MAX_ROUTES).map((key, i) => {
      const k = check.object(key, `keys[${i}]`, `keys[${i}].`);
      return {
        destinationPrefix: check.prefixText(k.destinationPrefix, `keys[${i}].destinationPrefix`),
        nextHop: check.addressText(k.nextHop, `keys[${i}].nextHop`),
        interfaceLuid: check.luid(k.interfaceLuid, `keys[${i}].interfaceLuid`).toString(),
      };
    });
    await fs.mkdir(this.directory, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, `${JSON.stringify({ owner, routes }, null, 2)}\n`);
    await fs.rename(temporary, file);
  }
}

/** The most routes one owner's record holds (and routes.apply takes). */
const MAX_ROUTES = 65536;

function ownerName(check: Checker, value: unknown): string {
  if (typeof value !== 'string' || !OWNER.test(value)) {
    check.fail('owner', `expected a name of letters, digits, '.', '_' and '-' (at most 64), such as 'my-vpn', got ${describeValue(value)}.`);
  }
  return value;
}

/** What a RouteStore's load gave, checked: an array of route keys. */
function loaded(check: Checker, value: unknown): RouteKey[] {
  return check.array(value, 'store', 'RouteStore.load to give an array of route keys', MAX_ROUTES).map((key, i) => {
    const k = check.object(key, `store[${i}]`, `store[${i}].`);
    return {
      destinationPrefix: check.prefixText(k.destinationPrefix, `store[${i}].destinationPrefix`),
      nextHop: check.addressText(k.nextHop, `store[${i}].nextHop`),
      interfaceLuid: check.luid(k.interfaceLuid, `store[${i}].interfaceLuid`),
    };
  });
}

const keyOf = (r: { destinationPrefix: string; nextHop: string; interfaceLuid: bigint }): string => `${r.interfaceLuid}|${r.destinationPrefix}|${r.nextHop}`;

/**
 * The owner and the store of a route set. A RouteStore the caller gives is the caller's
 * code: what its load and save throw reaches the caller as it is (as an fs error of
 * FileRouteStore does); what load gives back is checked.
 */
function storeOf(check: Checker, o: Record<string, unknown>, owner: unknown): { owner: string; store: RouteStore } {
  const name = ownerName(check, owner);
  const given = o.store;
  let store: RouteStore;
  if (given === undefined) store = new FileRouteStore();
  else if (typeof given === 'string') store = new FileRouteStore(given);
  else {
    const s = check.object(given, 'store', 'store.');
    const load = s.load;
    const save = s.save;
    if (typeof load !== 'function' || typeof save !== 'function') check.fail('store', `expected a directory or a RouteStore (an object with load and save), got ${describeValue(given)}.`);
    store = {
      load: async (owner) => loaded(check, await (load as RouteStore['load']).call(given, owner)),
      save: (owner, keys) => (save as RouteStore['save']).call(given, owner, keys),
    };
  }
  return { owner: name, store };
}

/** A member of a desired route that failed, as text for its outcome: '' when it cannot be read as a string. */
function given(input: unknown, member: 'destination' | 'gateway'): string {
  try {
    const value = (input as Record<string, unknown>)[member];
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

/** Turns a desired route into a row's key and metric; interface lookups can fail per route. */
async function desiredRow(check: Checker, input: DesiredRoute, index: number): Promise<RouteKey & { metric: number }> {
  const member = `routes[${index}]`;
  const d = check.object(input, member, `${member}.`);
  const gateway = d.gateway === undefined ? undefined : check.address(d.gateway, `${member}.gateway`);
  let destinationPrefix: string;
  if (d.destination === 'default') destinationPrefix = gateway && gateway.family !== AF_INET ? '::/0' : '0.0.0.0/0';
  else if (typeof d.destination === 'string' && !d.destination.includes('/')) {
    const host = check.address(d.destination, `${member}.destination`);
    destinationPrefix = `${formatIp(host)}/${maxPrefixLength(host.family)}`;
  } else destinationPrefix = formatPrefix(check.prefix(d.destination, `${member}.destination`));
  const v6 = destinationPrefix.includes(':');
  if (gateway && (gateway.family !== AF_INET) !== v6) check.fail(`${member}.gateway`, `is not of the family of ${destinationPrefix}.`);
  const metric = d.metric === undefined ? 0 : check.uint32(d.metric, `${member}.metric`);
  if (d.interface === undefined) check.fail(`${member}.interface`, 'was not specified.');
  const interfaceLuid = await resolveInterface(d.interface as InterfaceSpec, 'CreateIpForwardEntry2', `${member}.interface`);
  return { destinationPrefix, nextHop: gateway ? formatIp(gateway) : v6 ? '::' : '0.0.0.0', interfaceLuid, metric };
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof NetioError && error.code === code;
}

function summarize(outcomes: RouteOutcome[]): ApplyResult {
  const count = (k: RouteOutcomeKind) => outcomes.filter((o) => o.outcome === k).length;
  return { outcomes, added: count('added'), present: count('present'), updated: count('updated'), removed: count('removed'), failed: count('failed') };
}

async function removeRecorded(remove: (key: RouteKey) => Promise<void>, keys: RouteKey[], outcomes: RouteOutcome[], kept: RouteKey[]): Promise<void> {
  for (const key of keys) {
    try {
      await remove(key);
      outcomes.push({ outcome: 'removed', route: { ...key } });
    } catch (error) {
      if (isNoSuchEntry(error)) {
        outcomes.push({ outcome: 'removed', route: { ...key } }); // already gone: done
      } else {
        // Anything else, a vanished interface (Win32 2) included, is not "already gone".
        outcomes.push({ outcome: 'failed', route: { ...key }, error: error as Error });
        kept.push(key); // still ours: try again next time
      }
    }
  }
}

/**
 * @internal (routes.apply) Makes the table hold `desired`: reads it once, adds what is
 * missing (already-exists is done), changes the metric of routes this owner made when it differs, removes what this
 * owner added earlier and no longer wants (the route's not being there is done; its
 * interface's not being there is a failure, kept for the next time). Routes the owner did not
 * create are never changed or removed. Every route gets an outcome; a failure never stops
 * the rest.
 */
export async function applyRoutes<Row extends RouteKey & { metric: number }>(routeTable: RouteTable<Row>, desired: DesiredRoute[], options: RouteSetOptions): Promise<ApplyResult> {
  const check: Checker = new Checker('CreateIpForwardEntry2');
  const o = check.object(options, 'options');
  const { owner, store } = storeOf(check, o, o.owner);
  const desiredRoutes = check.array(desired, 'routes', 'an array of routes', MAX_ROUTES);
  const recorded = await store.load(owner);
  const owned = new Map(recorded.map((k) => [keyOf(k), k]));
  const outcomes: RouteOutcome[] = [];

  // Resolve every desired route; one that cannot be resolved fails alone.
  const wanted = new Map<string, RouteKey & { metric: number; input: DesiredRoute }>();
  for (const [index, input] of desiredRoutes.entries()) {
    try {
      const row = await desiredRow(check, input as DesiredRoute, index);
      wanted.set(keyOf(row), { ...row, input: input as DesiredRoute });
    } catch (error) {
      const route = { destinationPrefix: given(input, 'destination'), nextHop: given(input, 'gateway'), interfaceLuid: null, input: input as DesiredRoute };
      outcomes.push({ outcome: 'failed', route, error: error as Error });
    }
  }

  const table = new Map((await routeTable.read()).map((r) => [keyOf(r), r]));
  const missing = [...wanted.values()].filter((w) => !table.has(keyOf(w)));

  // Record the intent first: a crash from here on leaves records, never orphans.
  await store.save(owner, [...owned.values(), ...missing.filter((m) => !owned.has(keyOf(m)))]);

  const nowOwned: RouteKey[] = [];
  for (const w of wanted.values()) {
    const route = { destinationPrefix: w.destinationPrefix, nextHop: w.nextHop, interfaceLuid: w.interfaceLuid, metric: w.metric, input: w.input };
    const existing = table.get(keyOf(w));
    const ours = owned.has(keyOf(w));
    try {
      if (!existing) {
        try {
          await routeTable.create({ destinationPrefix: w.destinationPrefix, nextHop: w.nextHop, interfaceLuid: w.interfaceLuid, metric: w.metric });
          outcomes.push({ outcome: 'added', route });
          nowOwned.push(w);
        } catch (error) {
          if (!isCode(error, 'ERROR_OBJECT_ALREADY_EXISTS')) throw error;
          outcomes.push({ outcome: 'present', route }); // made meanwhile by someone: done
          if (ours) nowOwned.push(w);
        }
      } else if (ours && existing.metric !== w.metric) {
        await routeTable.update(existing, w.metric);
        outcomes.push({ outcome: 'updated', route });
        nowOwned.push(w);
      } else {
        outcomes.push({ outcome: 'present', route });
        if (ours) nowOwned.push(w);
      }
    } catch (error) {
      outcomes.push({ outcome: 'failed', route, error: error as Error });
      if (ours) nowOwned.push(w);
    }
  }

  const unwanted = [...owned.values()].filter((k) => !wanted.has(keyOf(k)));
  await removeRecorded(routeTable.remove, unwanted, outcomes, nowOwned);
  await store.save(owner, nowOwned);
  return summarize(outcomes);
}

/** @internal (routes.cleanup) Removes every route `owner` recorded (after a crash, or when it is done with them). */
export async function cleanupRoutes<Row extends RouteKey & { metric: number }>(routeTable: RouteTable<Row>, owner: string, options: Omit<RouteSetOptions, 'owner'> = {}): Promise<ApplyResult> {
  const check: Checker = new Checker('DeleteIpForwardEntry2');
  const { store } = storeOf(check, check.options(options), owner);
  const outcomes: RouteOutcome[] = [];
  const kept: RouteKey[] = [];
  await removeRecorded(routeTable.remove, await store.load(owner), outcomes, kept);
  await store.save(owner, kept);
  return summarize(outcomes);
}

/** Parses the JSON a CLI user writes: an array of routes, or { routes: [...] }. */
export function parseRouteSet(text: string, source = 'route set'): DesiredRoute[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new NetioError({ win32: 87, syscall: 'CreateIpForwardEntry2', member: 'routes', detail: `${source} is not JSON: ${(error as Error).message}` });
  }
  const list = Array.isArray(data) ? data : (data as { routes?: unknown })?.routes;
  if (!Array.isArray(list)) {
    throw new NetioError({ win32: 87, syscall: 'CreateIpForwardEntry2', member: 'routes', detail: `${source} must be an array of routes or { "routes": [...] }.` });
  }
  return list as DesiredRoute[];
}

