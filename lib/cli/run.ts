/**
 * The netioapi command: the table of its command families, each in a module of its own,
 * and the one place that turns what they return into output and an exit status:
 * 0 success, 1 an OS or validation error (printed as "CODE: message", hint included, never
 * a stack trace), 2 a usage error.
 *
 * As ip does, an OBJECT may be given by any prefix of its name, and the order of this
 * table says which object a short prefix means (`a` is address, `an` anycast, `n` neighbour).
 */
import fs from 'node:fs/promises';

import { NetioError } from '../errors.js';
import { adapterCommands } from './adapter.js';
import { addrCommands } from './addr.js';
import { anycastCommands } from './anycast.js';
import { CliError, UsageError, byPrefix, globals, type CommandFamily, type Io } from './args.js';
import { toJson } from './format.js';
import { gatewayCommands } from './gateway.js';
import { GLOBAL_OPTIONS, VERSION_TEXT, helpText } from './help.js';
import { interfaceCommands } from './interface.js';
import { linkCommands } from './link.js';
import { monitorCommands } from './monitor.js';
import { neighCommands } from './neigh.js';
import { pingCommands, tracerouteCommands } from './ping.js';
import { routeCommands } from './route.js';
import { ssCommands } from './ss.js';
import { statsCommands } from './stats.js';

export type { Io } from './args.js';

/** Every command family, in the order that settles what a prefix names. */
export const COMMANDS: readonly CommandFamily[] = [
  addrCommands,
  anycastCommands,
  routeCommands,
  neighCommands,
  linkCommands,
  interfaceCommands,
  monitorCommands,
  ssCommands,
  statsCommands,
  pingCommands,
  tracerouteCommands,
  gatewayCommands,
  adapterCommands,
];

export const defaultIo = (): Io => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => fs.readFile(path, 'utf8'),
});

/** `netioapi --help`: the objects, from the table. */
export function topHelp(commands: readonly CommandFamily[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.names[0]!.length));
  const summary = (c: CommandFamily) => c.summary ?? c.help.split('\n').find((l) => l && !l.startsWith('Usage:') && !l.startsWith(' '))?.trim() ?? '';
  return helpText({
    usage: ['[OPTIONS] OBJECT [COMMAND] [ARGUMENTS]', 'OBJECT --help'],
    about: [
      "Manages the Windows network stack through the IP Helper API, in iproute2's grammar. An OBJECT or a COMMAND may be shortened to any prefix, as ip takes them (netioapi a sh is netioapi address show).",
      ['  Objects:', ...commands.map((c) => `    ${c.names[0]!.padEnd(width)}  ${summary(c)}`)].join('\n'),
      'IF names an interface by alias ("Ethernet"), index (12) or GUID ({...}). Creating, changing and deleting needs an elevated prompt.',
      'Exit status: 0 success, 1 an OS or validation error (CODE: message), 2 a usage error.',
    ],
    options: [...GLOBAL_OPTIONS, ['-V, --version', 'the version']],
  });
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

const HELP_WORDS = new Set(['--help', '-h', 'help']);

export async function run(argv: string[], io: Io = defaultIo()): Promise<number> {
  const at = argv.findIndex((word) => !word.startsWith('-'));
  try {
    // The options before OBJECT (and all of them when there is none).
    const before = globals(at < 0 ? argv : argv.slice(0, at)).globals;
    if (before.version) {
      io.out(VERSION_TEXT(io.version ?? 'unknown'));
      return 0;
    }
    const word = at < 0 ? undefined : argv[at]!;
    if (word === undefined || word === 'help') {
      if (before.help || word === 'help') {
        io.out(topHelp());
        return 0;
      }
      throw new UsageError(`name an object: ${COMMANDS.map((c) => c.names[0]).join(', ')}`);
    }
    const family = byPrefix(word, COMMANDS);
    if (!family) throw new UsageError(`unknown object "${word}"; one of ${COMMANDS.map((c) => c.names[0]).join(', ')}`);
    const args = argv.slice(at + 1);
    const topic = family.names[0]!;
    // `OBJECT --help` anywhere: its help, whatever else is there (ss and ping say it themselves).
    if (before.help || args.some((a) => HELP_WORDS.has(a))) {
      io.out(family.help);
      return 0;
    }
    const output = await family.run(args, before, io).catch((error: unknown) => {
      throw error instanceof UsageError && !error.topic ? new UsageError(error.message, topic) : error;
    });
    if (typeof output === 'number') return output;
    const json = before.json || args.some((a) => /^(?:--json|-json|-j)(?:=(?:ip|mib))?$/.test(a));
    if (json) io.out(toJson(output.value));
    else for (const line of await output.lines()) io.out(line);
    if (output.failure) throw new CliError(output.failure);
    return 0;
  } catch (error) {
    return failure(error, io);
  }
}
