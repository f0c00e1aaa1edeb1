/**
 * Runs one CLI command against the library and reports through `io`: 0 success, 1 an OS
 * or validation error (printed as "CODE: message", hint included), 2 a usage error.
 * Never a stack trace for an expected error.
 */
import fs from 'node:fs/promises';

import { addresses, anycast } from '../addresses.js';
import { NetioError } from '../errors.js';
import { getIfTable2, getIfEntry2 } from '../interfaces.js';
import { interfaces } from '../ipinterfaces.js';
import { neighbors, type NlNeighborState } from '../neighbors.js';
import type { InterfaceSpec } from '../resolve.js';
import { resolveInterface } from '../resolve.js';
import { parseRouteSet } from '../routeset.js';
import { routes } from '../routes.js';
import { watch, type WatchEvent } from '../watch.js';
import { adapterCommands } from './adapter.js';
import { UsageError, globals, parse, type Command, type CommandFamily, type Family } from './args.js';
import { gatewayCommands } from './gateway.js';
import {
  addressLine,
  anycastLine,
  bestRouteLine,
  interfaceLines,
  linkLines,
  neighborLine,
  routeLine,
  toJson,
  type AliasOf,
} from './format.js';
import { VERSION_TEXT, helpFor } from './help.js';
import { isPingCommand, runPingCommand } from './ping.js';
import { runSs } from './ss.js';
import { isStatsCommand, runStats } from './stats.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  readFile(path: string): Promise<string>;
  /** Ends a monitor (SIGINT in the real CLI). */
  signal?: AbortSignal;
  version?: string;
}

export const defaultIo = (): Io => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => fs.readFile(path, 'utf8'),
});

/** 'Ethernet' / '12' / '{GUID}' as the library takes an interface. */
function dev(text: string): InterfaceSpec {
  return /^\d+$/.test(text) ? Number(text) : text;
}

const FAMILY = { ipv4: 'AF_INET', ipv6: 'AF_INET6', all: 'AF_UNSPEC' } as const;

/** Interface aliases by LUID, read once per command. */
async function aliases(): Promise<AliasOf> {
  const map = new Map((await getIfTable2()).map((r) => [r.interfaceLuid, r.alias]));
  return (luid) => map.get(luid) ?? `luid:${luid}`;
}

async function execute(command: Command, family: Family, json: boolean, io: Io): Promise<void> {
  const emit = (value: unknown, lines: () => string[] | Promise<string[]>) =>
    json ? Promise.resolve(io.out(toJson(value))) : Promise.resolve(lines()).then((ls) => ls.forEach((l) => io.out(l)));
  const f = FAMILY[family];
  switch (command.object) {
    case 'route':
      switch (command.action) {
        case 'show': {
          const rows = await routes.list({ family: f, interface: command.dev === undefined ? undefined : dev(command.dev) });
          return emit(rows, async () => {
            const alias = await aliases();
            return rows.map((r) => routeLine(r, alias));
          });
        }
        case 'add': {
          const row = await routes.add({
            destination: command.destination,
            gateway: command.via,
            interface: command.dev === undefined ? undefined : dev(command.dev),
            metric: command.metric,
            ifExists: command.replace ? 'replace' : 'error',
          });
          return emit(row, async () => [routeLine(row, await aliases())]);
        }
        case 'del': {
          const deleted = await routes.delete({ destination: command.destination, gateway: command.via, interface: command.dev === undefined ? undefined : dev(command.dev) });
          return emit({ deleted }, () => [`deleted ${deleted} route${deleted === 1 ? '' : 's'}`]);
        }
        case 'get': {
          const best = await routes.best(command.address, { source: command.from, interface: command.dev === undefined ? undefined : dev(command.dev) });
          return emit(best, async () => [bestRouteLine(command.address, best, await aliases())]);
        }
        case 'apply': {
          let text: string;
          try {
            text = await io.readFile(command.file);
          } catch (error) {
            throw new CliError(`cannot read ${command.file}: ${(error as Error).message}`);
          }
          const desired = parseRouteSet(text, command.file);
          const result = await routes.apply(desired, { owner: command.owner, store: command.store });
          await emit(result, async () => {
            const alias = await aliases();
            return [
              ...result.outcomes.map((o) => {
                const where = o.route.interfaceLuid === null ? '' : ` dev ${alias(o.route.interfaceLuid)}`;
                const why = o.error ? `: ${(o.error as NetioError).code ?? ''} ${o.error.message}` : '';
                return `${o.outcome} ${o.route.destinationPrefix}${o.route.nextHop && o.route.nextHop !== '0.0.0.0' && o.route.nextHop !== '::' ? ` via ${o.route.nextHop}` : ''}${where}${why}`;
              }),
              `${result.added} added, ${result.present} present, ${result.updated} updated, ${result.removed} removed, ${result.failed} failed`,
            ];
          });
          if (result.failed > 0) throw new PartialFailure(result.failed);
          return;
        }
        case 'cleanup': {
          const result = await routes.cleanup(command.owner, { store: command.store });
          await emit(result, () => [`${result.removed} removed, ${result.failed} failed`]);
          if (result.failed > 0) throw new PartialFailure(result.failed);
          return;
        }
      }
      break;
    case 'neigh':
      switch (command.action) {
        case 'show': {
          const rows = await neighbors.list({
            family: f,
            interface: command.dev === undefined ? undefined : dev(command.dev),
            state: command.nud === undefined ? undefined : (command.nud.toLowerCase() as NlNeighborState),
          });
          return emit(rows, async () => {
            const alias = await aliases();
            return rows.map((r) => neighborLine(r, alias));
          });
        }
        case 'add': {
          const row = await neighbors.add({
            address: command.address,
            mac: command.lladdr,
            interface: dev(command.dev),
            state: command.nud === undefined ? undefined : (command.nud.toLowerCase() as NlNeighborState),
            ifExists: command.replace ? 'replace' : 'error',
          });
          return emit(row, async () => [neighborLine(row, await aliases())]);
        }
        case 'del': {
          const deleted = await neighbors.delete({ address: command.address, interface: command.dev === undefined ? undefined : dev(command.dev) });
          return emit({ deleted }, () => [`deleted ${deleted} neighbour${deleted === 1 ? '' : 's'}`]);
        }
        case 'flush':
          await neighbors.flush({ family: f, interface: command.dev === undefined ? undefined : dev(command.dev) });
          return emit({ flushed: true }, () => []);
        case 'resolve': {
          const mac = await neighbors.resolve(command.address, { interface: command.dev === undefined ? undefined : dev(command.dev), source: command.from });
          return emit({ address: command.address, physicalAddress: mac }, () => [`${command.address} lladdr ${mac}`]);
        }
      }
      break;
    case 'addr':
      switch (command.action) {
        case 'show': {
          const rows = await addresses.list({ family: f, interface: command.dev === undefined ? undefined : dev(command.dev) });
          return emit(rows, async () => {
            const alias = await aliases();
            return rows.map((r) => addressLine(r, alias));
          });
        }
        case 'add': {
          const row = await addresses.add(command.address, { interface: dev(command.dev), skipAsSource: command.skipAsSource });
          return emit(row, async () => [addressLine(row, await aliases())]);
        }
        case 'del': {
          const deleted = await addresses.delete(command.address, { interface: command.dev === undefined ? undefined : dev(command.dev) });
          return emit({ deleted }, () => [`deleted ${deleted} address${deleted === 1 ? '' : 'es'}`]);
        }
      }
      break;
    case 'anycast':
      switch (command.action) {
        case 'show': {
          const rows = await anycast.list({ family: f, interface: command.dev === undefined ? undefined : dev(command.dev) });
          return emit(rows, async () => {
            const alias = await aliases();
            return rows.map((r) => anycastLine(r, alias));
          });
        }
        case 'add': {
          const row = await anycast.add(command.address, { interface: dev(command.dev) });
          return emit(row, async () => [anycastLine(row, await aliases())]);
        }
        case 'del': {
          const deleted = await anycast.delete(command.address, { interface: command.dev === undefined ? undefined : dev(command.dev) });
          return emit({ deleted }, () => [`deleted ${deleted} anycast address${deleted === 1 ? '' : 'es'}`]);
        }
      }
      break;
    case 'link': {
      const rows = command.dev === undefined ? await getIfTable2() : [await getIfEntry2({ interfaceLuid: await resolveInterface(dev(command.dev), 'GetIfEntry2') })];
      return emit(rows, () => rows.flatMap(linkLines));
    }
    case 'interface':
      if (command.action === 'show') {
        const views = command.dev === undefined ? await interfaces.list() : [await interfaces.get(dev(command.dev))];
        return emit(views, () => views.flatMap((v) => interfaceLines(v, family)));
      }
      {
        const view = await interfaces.set(dev(command.dev), { metric: command.metric, mtu: command.mtu, forwarding: command.forwarding, family: f });
        return emit(view, () => interfaceLines(view, family));
      }
    case 'monitor':
      return monitor(command.what, family, json, io);
  }
}

async function monitor(what: 'route' | 'addr' | 'link' | 'all', family: Family, json: boolean, io: Io): Promise<void> {
  const options = { family: FAMILY[family], signal: io.signal };
  const watcher = what === 'route' ? watch.routes(options) : what === 'addr' ? watch.addresses(options) : what === 'link' ? watch.interfaces(options) : watch.all(options);
  watcher.ref();
  await watcher.ready;
  const alias = await aliases();
  for await (const event of watcher as AsyncIterable<WatchEvent>) {
    if (json) {
      io.out(toJson(event, undefined));
      continue;
    }
    if (event.type === 'resync') {
      io.out(`[${event.source}] resync: ${event.table.length} rows (events may have been lost)`);
      continue;
    }
    const row = event.row as Record<string, unknown> | null;
    const what2 = row === null ? '' : ` ${String(row.destinationPrefix ?? row.address ?? '')}${row.interfaceLuid !== undefined ? ` dev ${alias(row.interfaceLuid as bigint)}` : ''}`;
    io.out(`[${event.source}] ${event.type}${what2}`);
  }
}

/** An expected failure that is not the OS's: printed as one line, exit 1. */
class CliError extends Error {}

/** Some routes of a set failed: each was reported; the command fails as a whole. */
class PartialFailure extends CliError {
  constructor(readonly failed: number) {
    super(`${failed} route${failed === 1 ? '' : 's'} failed`);
  }
}

/** The command families that live in modules of their own. */
const FAMILIES: readonly CommandFamily[] = [gatewayCommands, adapterCommands];

/** Runs a command family of its own module: global options before OBJECT, its own words after. */
async function runFamily(family: CommandFamily, at: number, argv: string[], io: Io): Promise<number> {
  const args = argv.slice(at + 1);
  try {
    const before = globals(argv.slice(0, at)).globals;
    if (before.version) {
      io.out(VERSION_TEXT(io.version ?? 'unknown'));
      return 0;
    }
    if (before.help || args.includes('--help') || args.includes('-h') || args[0] === 'help') {
      io.out(family.help);
      return 0;
    }
    const output = await family.run(args, before);
    if (before.json || args.includes('--json') || args.includes('-j') || args.includes('-json')) io.out(toJson(output.value));
    else for (const line of await output.lines()) io.out(line);
    return 0;
  } catch (error) {
    return failure(error, io);
  }
}

/** Reports an error as the CLI does: a usage error exits 2, any other 1, never with a stack for an expected one. */
function failure(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    io.err(`netioapi: ${error.message}`);
    io.err(`Try "netioapi ${error.topic ? `${error.topic.split(' ')[0]} ` : ''}--help".`);
    return 2;
  }
  if (error instanceof CliError) {
    io.err(`netioapi: ${error.message}`);
    return 1;
  }
  if (error instanceof NetioError) {
    io.err(error.message);
    return 1;
  }
  io.err(`netioapi: internal error: ${(error as Error)?.stack ?? String(error)}`);
  return 1;
}

export async function run(argv: string[], io: Io = defaultIo()): Promise<number> {
  const at = argv.findIndex((word) => !word.startsWith('-'));
  const family = at < 0 ? undefined : FAMILIES.find((f) => f.names.includes(argv[at]!));
  if (family) return runFamily(family, at, argv, io);
  // ping and traceroute take iputils' options (-c, -W, -t, …), not iproute2's grammar.
  if (isPingCommand(argv)) return runPingCommand(argv, io);
  // `ss` has iproute2 ss's own flags (-t -u -l -a -n -p): lib/cli/ss.ts parses them.
  const ss = argv.findIndex((arg) => !arg.startsWith('-'));
  if (argv[ss] === 'ss') return runSs([...argv.slice(0, ss), ...argv.slice(ss + 1)], io);
  if (isStatsCommand(argv)) return runStats(argv, io);
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) return failure(error, io);
    throw error;
  }
  if (parsed.globals.version) {
    io.out(VERSION_TEXT(io.version ?? 'unknown'));
    return 0;
  }
  if (parsed.globals.help || parsed.command === undefined) {
    io.out(helpFor(parsed.topic));
    return 0;
  }
  try {
    await execute(parsed.command, parsed.globals.family, parsed.globals.json, io);
    return 0;
  } catch (error) {
    return failure(error, io);
  }
}
