/**
 * The netioapi command line's shared grammar, iproute2's:
 *   netioapi [OPTIONS] OBJECT [COMMAND] [ARGUMENTS]
 * Global options (they may stand anywhere), `keyword value` pairs, and ip's way of naming
 * objects and commands by any prefix (`netioapi a sh` is `netioapi address show`). Each
 * command family parses its own words in its own module (lib/cli/route.ts, …), and
 * lib/cli/run.ts holds the table of them.
 */

/** Bad usage: exit status 2, with a pointer to the help of `topic`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly topic: string = '',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected failure that is not the OS's (a file that cannot be read): one line, exit 1. */
export class CliError extends Error {}

export type Family = 'ipv4' | 'ipv6' | 'all';

/**
 * What -j prints: 'ip', the JSON of iproute2's `ip -j` for route, addr, link and neigh
 * (so that a script written against `ip -j` runs unchanged), or 'mib', the library's full
 * MIB rows (--json=mib).
 */
export type JsonSchema = 'ip' | 'mib';

export interface Globals {
  json: boolean;
  jsonSchema: JsonSchema;
  family: Family;
  help: boolean;
  version: boolean;
}

/** Where a command reads and writes; tests pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  readFile(path: string): Promise<string>;
  /** Ends a monitor or a ping (SIGINT in the real CLI). */
  signal?: AbortSignal;
  version?: string;
}

/** What a command family prints: `value` as JSON with -j, otherwise `lines()`. */
export interface CommandOutput {
  value: unknown;
  lines: () => string[] | Promise<string[]>;
  /** Printed (as "netioapi: …") after the output, which then exits 1: some of it failed. */
  failure?: string;
}

/**
 * One command family in a module of its own: the OBJECT words that name it (its name
 * first; any prefix of one names it, as in ip), its help, and how it runs. `args` are the
 * words after OBJECT; `before` the global options given before it. A family returns what
 * to print, or prints itself (monitor, ping, ss) and returns the exit status. Throws
 * UsageError for bad usage, NetioError for the OS's refusals.
 */
export interface CommandFamily {
  readonly names: readonly string[];
  /** One line for the list of objects in `netioapi --help`. */
  readonly summary?: string;
  readonly help: string;
  run(args: string[], before: Globals, io: Io): Promise<CommandOutput | number>;
}

/** iproute2's matches(): whether `word` names `name` (is a non-empty prefix of it). */
export function matches(word: string, name: string): boolean {
  return word.length > 0 && name.startsWith(word);
}

/**
 * The first entry whose names `word` matches, in the order given: ip's own rule, so the
 * order of a list says which command a short prefix means (`a` is address, `an` anycast).
 */
export function byPrefix<T extends { names: readonly string[] }>(word: string, entries: readonly T[]): T | undefined {
  return entries.find((e) => e.names.some((name) => matches(word, name)));
}

/**
 * A family's command word, by prefix and in the family's order (its first action is the
 * default when there is none). Returns the canonical action.
 */
export function actionOf<A extends string>(topic: string, word: string | undefined, actions: readonly (readonly [A, ...string[]])[]): A {
  if (word === undefined) return actions[0]![0];
  const found = actions.find((names) => names.some((name) => matches(word, name)));
  if (!found) throw new UsageError(`unknown command "${word}" for ${topic}; one of ${actions.map((a) => a[0]).join(', ')}`, topic);
  return found[0];
}

/** Splits global options from the rest; they may stand anywhere. */
export function globals(argv: string[]): { globals: Globals; rest: string[] } {
  const g: Globals = { json: false, jsonSchema: 'ip', family: 'all', help: false, version: false };
  const rest: string[] = [];
  for (const arg of argv) {
    const json = /^(?:--json|-json|-j)(?:=(ip|mib))?$/.exec(arg);
    if (json) {
      g.json = true;
      g.jsonSchema = (json[1] as JsonSchema | undefined) ?? g.jsonSchema;
    } else if (/^--json=/.test(arg)) throw new UsageError(`${arg}: the JSON is ip (iproute2's) or mib (the full MIB rows)`);
    else if (arg === '-4') g.family = 'ipv4';
    else if (arg === '-6') g.family = 'ipv6';
    else if (arg === '--help' || arg === '-h' || arg === 'help') g.help = true;
    else if (arg === '--version' || arg === '-V') g.version = true;
    else if (/^--(owner|store)(=|$)/.test(arg)) rest.push(arg); // route apply|cleanup's own
    else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg}`);
    else rest.push(arg);
  }
  return { globals: g, rest };
}

/** The global options of `before` and of `args` together; `args`' own words in `rest`. */
export function familyGlobals(args: string[], before: Globals, topic: string): { globals: Globals; rest: string[] } {
  let parsed: { globals: Globals; rest: string[] };
  try {
    parsed = globals(args);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message, topic);
    throw error;
  }
  const g = parsed.globals;
  const json = g.json || before.json;
  return {
    globals: {
      json,
      jsonSchema: g.json ? g.jsonSchema : before.jsonSchema,
      family: g.family !== 'all' ? g.family : before.family,
      help: g.help || before.help,
      version: g.version || before.version,
    },
    rest: parsed.rest,
  };
}

/** Reads `keyword value` pairs and flags; exactly one positional when `positional` is set. */
export function keywords(
  topic: string,
  args: string[],
  spec: { values?: string[]; flags?: string[]; positional?: 'required' | 'optional' | 'none' },
): { values: Record<string, string>; flags: Set<string>; positional?: string } {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  let positional: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (spec.values?.includes(arg)) {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`, topic);
      if (values[arg] !== undefined) throw new UsageError(`${arg} given twice`, topic);
      values[arg] = value;
    } else if (spec.flags?.includes(arg)) {
      flags.add(arg);
    } else if ((spec.positional ?? 'none') !== 'none' && positional === undefined && !arg.startsWith('-')) {
      positional = arg;
    } else {
      throw new UsageError(`unexpected "${arg}"`, topic);
    }
  }
  if (spec.positional === 'required' && positional === undefined) throw new UsageError('missing argument', topic);
  return { values, flags, positional };
}

/** A uint32 keyword value (metric, mtu). */
export function number(topic: string, keyword: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffffffff) throw new UsageError(`${keyword} must be a number from 0 to 4294967295, not "${text}"`, topic);
  return Number(text);
}

export function onOff(topic: string, keyword: string, text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  if (text === 'on' || text === 'yes' || text === 'true') return true;
  if (text === 'off' || text === 'no' || text === 'false') return false;
  throw new UsageError(`${keyword} must be on or off, not "${text}"`, topic);
}

/** `--name VALUE` or `--name=VALUE`, taken out of `args`. */
export function longOption(topic: string, args: string[], name: string): { value?: string; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === `--${name}`) {
      value = args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`, topic);
    } else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
    else rest.push(arg);
  }
  return { value, rest };
}

/** 'Ethernet' / '12' / '{GUID}' as the library takes an interface. */
export function interfaceArg(text: string): string | number {
  return /^\d+$/.test(text) ? Number(text) : text;
}

export const FAMILY_INPUT = { ipv4: 'AF_INET', ipv6: 'AF_INET6', all: 'AF_UNSPEC' } as const;
