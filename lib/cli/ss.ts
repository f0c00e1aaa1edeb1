/**
 * `netioapi ss`: sockets and the processes that own them, in the grammar and the columns
 * of iproute2's `ss`:
 *   netioapi ss [-t] [-u] [-l|-a] [-n] [-p] [-4|-6] [-H] [-j|--json] [FILTER]
 *   FILTER := state STATE ... | sport = :PORT | dport = :PORT, joined by `and`
 * Built on sockets.list(). Recv-Q and Send-Q print as 0: Windows does not report them.
 */
import { NetioError } from '../errors.js';
import { MIB_TCP_STATE, sockets, type MibTcpState, type SocketEntry } from '../sockets.js';
import { UsageError } from './args.js';
import { toJson } from './format.js';
import { helpFor } from './help.js';

/** Where the command writes (the CLI's Io has these two). */
export interface SsIo {
  out(line: string): void;
  err(line: string): void;
}

/** A row's state for the state filter and the State column: a TCP state, or UNCONN for UDP. */
type SsState = MibTcpState | 'unconnected';

/** ss's state names and groups. */
const STATE_WORDS: Record<string, readonly SsState[]> = {
  established: ['established'],
  'syn-sent': ['synSent'],
  'syn-recv': ['synRcvd'],
  'fin-wait-1': ['finWait1'],
  'fin-wait-2': ['finWait2'],
  'time-wait': ['timeWait'],
  closed: ['closed', 'deleteTcb'],
  'close-wait': ['closeWait'],
  'last-ack': ['lastAck'],
  listening: ['listen', 'unconnected'],
  listen: ['listen', 'unconnected'],
  closing: ['closing'],
  unconnected: ['unconnected', 'closed'],
  connected: ['established', 'synSent', 'synRcvd', 'finWait1', 'finWait2', 'timeWait', 'closeWait', 'lastAck', 'closing'],
  synchronized: ['established', 'synRcvd', 'finWait1', 'finWait2', 'timeWait', 'closeWait', 'lastAck', 'closing'],
  bucket: ['synRcvd', 'timeWait'],
  big: ['established', 'synSent', 'finWait1', 'finWait2', 'closeWait', 'lastAck', 'closing', 'listen', 'closed', 'deleteTcb', 'unconnected'],
  all: [...MIB_TCP_STATE.byName.keys(), 'unconnected'],
};
// The library's own names work too: state timeWait.
for (const name of MIB_TCP_STATE.byName.keys()) STATE_WORDS[name] ??= [name];

/** ss's State column. */
const STATE_TEXT: Record<SsState, string> = {
  closed: 'UNCONN',
  listen: 'LISTEN',
  synSent: 'SYN-SENT',
  synRcvd: 'SYN-RECV',
  established: 'ESTAB',
  finWait1: 'FIN-WAIT-1',
  finWait2: 'FIN-WAIT-2',
  closeWait: 'CLOSE-WAIT',
  closing: 'CLOSING',
  lastAck: 'LAST-ACK',
  timeWait: 'TIME-WAIT',
  deleteTcb: 'DELETE-TCB',
  unconnected: 'UNCONN',
};

export interface SsCommand {
  tcp: boolean;
  udp: boolean;
  family: 'ipv4' | 'ipv6' | 'all';
  /** The states shown; undefined: ss's default, connected TCP sockets. */
  states: Set<SsState>;
  processes: boolean;
  header: boolean;
  json: boolean;
  sport?: number;
  dport?: number;
  help: boolean;
}

const FLAGS: Record<string, string> = {
  '--tcp': 't',
  '--udp': 'u',
  '--listening': 'l',
  '--all': 'a',
  '--numeric': 'n',
  '--processes': 'p',
  '--ipv4': '4',
  '--ipv6': '6',
  '--json': 'j',
  '-json': 'j',
  '--no-header': 'H',
  '--help': 'h',
};

function portOf(keyword: string, text: string | undefined): number {
  const match = text === undefined ? null : /^:?(\d{1,5})$/.exec(text);
  if (!match || Number(match[1]) > 65535) throw new UsageError(`${keyword} wants a port such as :8080, not "${text ?? ''}"`, 'ss');
  return Number(match[1]);
}

/** Turns `ss`'s arguments (after the word ss) into a command, or throws a UsageError. */
export function parseSs(argv: string[]): SsCommand {
  const letters = new Set<string>();
  const filter: string[] = [];
  for (const arg of argv) {
    if (FLAGS[arg]) letters.add(FLAGS[arg]);
    else if (/^-[a-zA-Z0-9]+$/.test(arg)) {
      for (const letter of arg.slice(1)) {
        if (!'tulanp46jHh'.includes(letter)) throw new UsageError(`unknown option -${letter}`, 'ss');
        letters.add(letter);
      }
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`, 'ss');
    else filter.push(arg);
  }
  if (letters.has('4') && letters.has('6')) throw new UsageError('-4 and -6 exclude each other', 'ss');
  const command: SsCommand = {
    tcp: letters.has('t') || !letters.has('u'),
    udp: letters.has('u') || !letters.has('t'),
    family: letters.has('4') ? 'ipv4' : letters.has('6') ? 'ipv6' : 'all',
    states: new Set(letters.has('a') ? STATE_WORDS.all : letters.has('l') ? STATE_WORDS.listening : STATE_WORDS.connected),
    processes: letters.has('p'),
    header: !letters.has('H'),
    json: letters.has('j'),
    help: letters.has('h'),
  };
  let stated = false;
  for (let i = 0; i < filter.length; i++) {
    const word = filter[i]!;
    if (word === 'and' || word === '&&') continue;
    if (word === 'state') {
      const name = filter[++i];
      const states = name === undefined ? undefined : STATE_WORDS[name];
      if (!states) throw new UsageError(`state wants one of ${Object.keys(STATE_WORDS).filter((k) => !/[A-Z0-9]/.test(k)).join(', ')}, not "${name ?? ''}"`, 'ss');
      // An explicit state replaces -l/-a and the default; several add up.
      if (!stated) command.states.clear();
      stated = true;
      for (const s of states) command.states.add(s);
    } else if (word === 'sport' || word === 'dport') {
      let value = filter[++i];
      if (value === '=' || value === '==' || value === 'eq') value = filter[++i];
      command[word] = portOf(word, value);
    } else {
      throw new UsageError(`unexpected "${word}" (the filter takes state STATE, sport = :PORT and dport = :PORT, joined by and)`, 'ss');
    }
  }
  return command;
}

function rowState(r: SocketEntry): SsState | undefined {
  if (r.protocol === 'udp') return 'unconnected';
  return typeof r.state === 'string' ? (r.state as MibTcpState) : undefined;
}

/** ss's address:port, with IPv6 in brackets and the scope after them; port 0 is *. */
function endpoint(address: string | null, port: number | null, family: 'ipv4' | 'ipv6'): [string, string] {
  const text = address ?? (family === 'ipv4' ? '0.0.0.0' : '::');
  let shown = text;
  if (family === 'ipv6') {
    const percent = text.indexOf('%');
    shown = percent < 0 ? `[${text}]` : `[${text.slice(0, percent)}]${text.slice(percent)}`;
  }
  return [shown, port ? String(port) : '*'];
}

function processText(r: SocketEntry): string {
  if (r.pid === 0) return '';
  return r.processName ? `users:((${JSON.stringify(r.processName)},pid=${r.pid}))` : `users:((pid=${r.pid}))`;
}

/** The lines `ss` would print for these rows. */
export function ssLines(rows: SocketEntry[], command: Pick<SsCommand, 'tcp' | 'udp' | 'header' | 'processes'>): string[] {
  const netid = command.tcp && command.udp;
  const table = rows.map((r) => {
    const state = rowState(r);
    return {
      netid: r.protocol,
      state: state === undefined ? String(r.state) : STATE_TEXT[state],
      local: endpoint(r.localAddress, r.localPort, r.family),
      peer: endpoint(r.remoteAddress, r.remotePort, r.family),
      process: command.processes ? processText(r) : '',
    };
  });
  const width = (values: string[], title: string) => Math.max(title.length, ...values.map((v) => v.length));
  const wNetid = width(table.map((t) => t.netid), 'Netid');
  const wState = width(table.map((t) => t.state), 'State');
  const wLocalAddress = width(table.map((t) => t.local[0]), 'Local Address');
  const wLocalPort = width(table.map((t) => t.local[1]), 'Port');
  const wPeerAddress = width(table.map((t) => t.peer[0]), 'Peer Address');
  const wPeerPort = width(table.map((t) => t.peer[1]), 'Port');
  const line = (cells: { netid: string; state: string; recvQ: string; sendQ: string; local: [string, string]; peer: [string, string]; process: string }) =>
    [
      ...(netid ? [cells.netid.padEnd(wNetid)] : []),
      cells.state.padEnd(wState),
      cells.recvQ.padEnd(6),
      cells.sendQ.padEnd(6),
      `${cells.local[0].padStart(wLocalAddress)}:${cells.local[1].padEnd(wLocalPort)}`,
      `${cells.peer[0].padStart(wPeerAddress)}:${cells.peer[1].padEnd(wPeerPort)}`,
      cells.process,
    ]
      .join(' ')
      .trimEnd();
  const lines = table.map((t) => line({ ...t, recvQ: '0', sendQ: '0' }));
  if (command.header) {
    lines.unshift(line({ netid: 'Netid', state: 'State', recvQ: 'Recv-Q', sendQ: 'Send-Q', local: ['Local Address', 'Port'], peer: ['Peer Address', 'Port'], process: 'Process' }));
  }
  return lines;
}

/** Runs `netioapi ss ARGS`: 0 success, 1 an OS error (CODE: message), 2 a usage error. */
export async function runSs(argv: string[], io: SsIo): Promise<number> {
  let command: SsCommand;
  try {
    command = parseSs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`netioapi: ${error.message}`);
    io.err('Try "netioapi ss --help".');
    return 2;
  }
  if (command.help) {
    io.out(helpFor('ss'));
    return 0;
  }
  try {
    const all = await sockets.list({
      protocol: command.tcp && command.udp ? 'all' : command.tcp ? 'tcp' : 'udp',
      family: command.family,
      processNames: command.processes,
    });
    const rows = all.filter((r) => {
      const state = rowState(r);
      return (
        state !== undefined &&
        command.states.has(state) &&
        (command.sport === undefined || r.localPort === command.sport) &&
        (command.dport === undefined || r.remotePort === command.dport)
      );
    });
    if (command.json) io.out(toJson(rows));
    else for (const line of ssLines(rows, command)) io.out(line);
    return 0;
  } catch (error) {
    if (error instanceof NetioError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}
