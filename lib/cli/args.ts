/**
 * The netioapi command line, in the grammar people know from Linux iproute2:
 *   netioapi [--json] [-4|-6] OBJECT [COMMAND] [ARGUMENTS]
 * This file turns argv into a Command, or throws a UsageError (exit code 2).
 */

export class UsageError extends Error {
  constructor(
    message: string,
    readonly topic: string = '',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Family = 'ipv4' | 'ipv6' | 'all';

export interface Globals {
  json: boolean;
  family: Family;
  help: boolean;
  version: boolean;
}

export type Command =
  | { object: 'route'; action: 'show'; dev?: string }
  | { object: 'route'; action: 'add'; destination: string; via?: string; dev?: string; metric?: number; replace: boolean }
  | { object: 'route'; action: 'del'; destination: string; via?: string; dev?: string }
  | { object: 'route'; action: 'get'; address: string; from?: string; dev?: string }
  | { object: 'route'; action: 'apply'; file: string; owner: string; store?: string }
  | { object: 'route'; action: 'cleanup'; owner: string; store?: string }
  | { object: 'neigh'; action: 'show'; dev?: string; nud?: string }
  | { object: 'neigh'; action: 'add'; address: string; lladdr: string; dev: string; nud?: string; replace: boolean }
  | { object: 'neigh'; action: 'del'; address: string; dev?: string }
  | { object: 'neigh'; action: 'flush'; dev?: string }
  | { object: 'neigh'; action: 'resolve'; address: string; dev?: string; from?: string }
  | { object: 'addr'; action: 'show'; dev?: string }
  | { object: 'addr'; action: 'add'; address: string; dev: string; skipAsSource: boolean }
  | { object: 'addr'; action: 'del'; address: string; dev?: string }
  | { object: 'anycast'; action: 'show'; dev?: string }
  | { object: 'anycast'; action: 'add'; address: string; dev: string }
  | { object: 'anycast'; action: 'del'; address: string; dev?: string }
  | { object: 'link'; action: 'show'; dev?: string }
  | { object: 'interface'; action: 'show'; dev?: string }
  | { object: 'interface'; action: 'set'; dev: string; metric?: number; mtu?: number; forwarding?: boolean }
  | { object: 'monitor'; action: 'monitor'; what: 'route' | 'addr' | 'link' | 'all' };

export type ObjectName = Command['object'];

const OBJECTS: Record<string, ObjectName> = {
  route: 'route', r: 'route', ro: 'route',
  neigh: 'neigh', neighbor: 'neigh', neighbour: 'neigh', n: 'neigh',
  addr: 'addr', address: 'addr', a: 'addr',
  anycast: 'anycast',
  link: 'link', l: 'link',
  interface: 'interface', iface: 'interface', i: 'interface',
  monitor: 'monitor', mon: 'monitor',
};

const ACTIONS: Record<ObjectName, Record<string, string>> = {
  route: { show: 'show', list: 'show', lst: 'show', ls: 'show', add: 'add', replace: 'replace', del: 'del', delete: 'del', get: 'get', apply: 'apply', cleanup: 'cleanup' },
  neigh: { show: 'show', list: 'show', ls: 'show', add: 'add', replace: 'replace', del: 'del', delete: 'del', flush: 'flush', resolve: 'resolve' },
  addr: { show: 'show', list: 'show', ls: 'show', add: 'add', del: 'del', delete: 'del' },
  anycast: { show: 'show', list: 'show', ls: 'show', add: 'add', del: 'del', delete: 'del' },
  link: { show: 'show', list: 'show', ls: 'show' },
  interface: { show: 'show', list: 'show', ls: 'show', set: 'set' },
  monitor: {},
};

/** Splits global options from the rest; they may stand anywhere. */
function globals(argv: string[]): { globals: Globals; rest: string[] } {
  const g: Globals = { json: false, family: 'all', help: false, version: false };
  const rest: string[] = [];
  for (const arg of argv) {
    if (arg === '--json' || arg === '-j' || arg === '-json') g.json = true;
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

/** Reads `keyword value` pairs and flags; exactly one positional when `positional` is set. */
function keywords(
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

function number(topic: string, keyword: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffffffff) throw new UsageError(`${keyword} must be a number from 0 to 4294967295, not "${text}"`, topic);
  return Number(text);
}

function onOff(topic: string, keyword: string, text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  if (text === 'on' || text === 'yes' || text === 'true') return true;
  if (text === 'off' || text === 'no' || text === 'false') return false;
  throw new UsageError(`${keyword} must be on or off, not "${text}"`, topic);
}

function longOption(topic: string, args: string[], name: string): { value?: string; rest: string[] } {
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

export interface Parsed {
  globals: Globals;
  /** Undefined when only help or the version was asked for. */
  command?: Command;
  /** The object (and action) the help is about. */
  topic: string;
}

export function parse(argv: string[]): Parsed {
  const { globals: g, rest } = globals(argv);
  if (rest.length === 0) {
    if (g.help || g.version) return { globals: g, topic: '' };
    throw new UsageError('name an object: route, neigh, addr, anycast, link, interface or monitor, or the command ping or traceroute');
  }
  const object = OBJECTS[rest[0]!];
  if (!object) throw new UsageError(`unknown object "${rest[0]}"; one of route, neigh, addr, anycast, link, interface, monitor, ping, traceroute`);
  if (object === 'monitor') {
    const what = rest[1] ?? 'all';
    if (!['route', 'addr', 'link', 'all'].includes(what) || rest.length > 2) throw new UsageError(`monitor watches route, addr, link or all, not "${rest.slice(1).join(' ')}"`, 'monitor');
    return { globals: g, topic: 'monitor', command: { object, action: 'monitor', what: what as 'route' | 'addr' | 'link' | 'all' } };
  }
  const actionWord = rest[1] ?? 'show';
  const action = ACTIONS[object][actionWord];
  // `netioapi link show v0` and `netioapi link v0` both work where show takes a device.
  const implicitShow = action === undefined && (object === 'link' || object === 'interface') && rest.length === 2;
  if (action === undefined && !implicitShow) {
    throw new UsageError(`unknown command "${actionWord}" for ${object}; one of ${[...new Set(Object.values(ACTIONS[object]))].join(', ')}`, object);
  }
  const topic = `${object} ${action ?? 'show'}`;
  if (g.help) return { globals: g, topic };
  const args = implicitShow ? rest.slice(1) : rest.slice(2);
  return { globals: g, topic, command: build(object, action ?? 'show', args, topic) };
}

function build(object: ObjectName, action: string, args: string[], topic: string): Command {
  switch (`${object} ${action}`) {
    case 'route show': {
      const k = keywords(topic, args, { values: ['dev'] });
      return { object: 'route', action: 'show', dev: k.values.dev };
    }
    case 'route add':
    case 'route replace': {
      const k = keywords(topic, args, { values: ['via', 'dev', 'metric'], positional: 'required' });
      return { object: 'route', action: 'add', destination: k.positional!, via: k.values.via, dev: k.values.dev, metric: number(topic, 'metric', k.values.metric), replace: action === 'replace' };
    }
    case 'route del': {
      const k = keywords(topic, args, { values: ['via', 'dev'], positional: 'required' });
      return { object: 'route', action: 'del', destination: k.positional!, via: k.values.via, dev: k.values.dev };
    }
    case 'route get': {
      const k = keywords(topic, args, { values: ['from', 'dev'], positional: 'required' });
      return { object: 'route', action: 'get', address: k.positional!, from: k.values.from, dev: k.values.dev };
    }
    case 'route apply':
    case 'route cleanup': {
      const owner = longOption(topic, args, 'owner');
      const store = longOption(topic, owner.rest, 'store');
      if (owner.value === undefined) throw new UsageError('--owner NAME is required', topic);
      if (action === 'cleanup') {
        if (store.rest.length) throw new UsageError(`unexpected "${store.rest[0]}"`, topic);
        return { object: 'route', action: 'cleanup', owner: owner.value, store: store.value };
      }
      if (store.rest.length !== 1) throw new UsageError(store.rest.length ? `unexpected "${store.rest[1]}"` : 'name the FILE of routes', topic);
      return { object: 'route', action: 'apply', file: store.rest[0]!, owner: owner.value, store: store.value };
    }
    case 'neigh show': {
      const k = keywords(topic, args, { values: ['dev', 'nud'] });
      return { object: 'neigh', action: 'show', dev: k.values.dev, nud: k.values.nud };
    }
    case 'neigh add':
    case 'neigh replace': {
      const k = keywords(topic, args, { values: ['lladdr', 'dev', 'nud'], positional: 'required' });
      if (k.values.lladdr === undefined) throw new UsageError('lladdr MAC is required', topic);
      if (k.values.dev === undefined) throw new UsageError('dev IF is required', topic);
      return { object: 'neigh', action: 'add', address: k.positional!, lladdr: k.values.lladdr, dev: k.values.dev, nud: k.values.nud, replace: action === 'replace' };
    }
    case 'neigh del': {
      const k = keywords(topic, args, { values: ['dev'], positional: 'required' });
      return { object: 'neigh', action: 'del', address: k.positional!, dev: k.values.dev };
    }
    case 'neigh flush': {
      const k = keywords(topic, args, { values: ['dev'] });
      return { object: 'neigh', action: 'flush', dev: k.values.dev };
    }
    case 'neigh resolve': {
      const k = keywords(topic, args, { values: ['dev', 'from'], positional: 'required' });
      return { object: 'neigh', action: 'resolve', address: k.positional!, dev: k.values.dev, from: k.values.from };
    }
    case 'addr show':
    case 'anycast show':
    case 'link show':
    case 'interface show': {
      const k = keywords(topic, args, { values: ['dev'], positional: 'optional' });
      if (k.positional !== undefined && k.values.dev !== undefined) throw new UsageError('name the interface once', topic);
      return { object, action: 'show', dev: k.values.dev ?? k.positional } as Command;
    }
    case 'addr add': {
      const k = keywords(topic, args, { values: ['dev'], flags: ['skip-as-source'], positional: 'required' });
      if (k.values.dev === undefined) throw new UsageError('dev IF is required', topic);
      return { object: 'addr', action: 'add', address: k.positional!, dev: k.values.dev, skipAsSource: k.flags.has('skip-as-source') };
    }
    case 'addr del':
    case 'anycast del': {
      const k = keywords(topic, args, { values: ['dev'], positional: 'required' });
      return { object, action: 'del', address: k.positional!, dev: k.values.dev } as Command;
    }
    case 'anycast add': {
      const k = keywords(topic, args, { values: ['dev'], positional: 'required' });
      if (k.values.dev === undefined) throw new UsageError('dev IF is required', topic);
      return { object: 'anycast', action: 'add', address: k.positional!, dev: k.values.dev };
    }
    case 'interface set': {
      const k = keywords(topic, args, { values: ['metric', 'mtu', 'forwarding', 'dev'], positional: 'optional' });
      const dev = k.values.dev ?? k.positional;
      if (dev === undefined) throw new UsageError('name the interface', topic);
      const command = {
        object: 'interface' as const, action: 'set' as const, dev,
        metric: number(topic, 'metric', k.values.metric), mtu: number(topic, 'mtu', k.values.mtu), forwarding: onOff(topic, 'forwarding', k.values.forwarding),
      };
      if (command.metric === undefined && command.mtu === undefined && command.forwarding === undefined) throw new UsageError('set metric, mtu or forwarding', topic);
      return command;
    }
  }
  throw new UsageError(`unknown command "${action}" for ${object}`, object);
}
