/**
 * `netioapi monitor [route|addr|link|all]`: one line, or one JSON object, per change until
 * interrupted. -j prints the library's events ({ source, type, row }) in both schemas.
 */
import { watch, type WatchEvent } from '../watch.js';
import { UsageError, byPrefix, familyGlobals, FAMILY_INPUT, type CommandFamily } from './args.js';
import { aliases, toJson } from './format.js';
import { helpText } from './help.js';

const TOPIC = 'monitor';

const WHAT = [
  { names: ['all'], value: 'all' },
  { names: ['route'], value: 'route' },
  { names: ['address', 'addr'], value: 'addr' },
  { names: ['link'], value: 'link' },
] as const;

export const monitorCommands: CommandFamily = {
  names: ['monitor'],
  summary: 'print changes as they happen (route, addr, link, all)',
  help: helpText({
    usage: ['monitor [route|addr|link|all] [-4|-6] [--json]'],
    about: [
      'Prints one line per change until interrupted (Ctrl+C): routes, unicast addresses, and the per-family settings of interfaces. When the system may have dropped events, it says resync and how many rows the table has now.',
      'With -j, one JSON object per line: the library\'s event, { source, type, row }, or { source, type: "resync", table }.',
    ],
  }),
  async run(args, before, io) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    if (rest.length > 1) throw new UsageError(`monitor watches route, addr, link or all, not "${rest.join(' ')}"`, TOPIC);
    const what = rest[0] === undefined ? 'all' : byPrefix(rest[0], WHAT)?.value;
    if (what === undefined) throw new UsageError(`monitor watches route, addr, link or all, not "${rest[0]}"`, TOPIC);
    const options = { family: FAMILY_INPUT[g.family], signal: io.signal };
    const watcher = what === 'route' ? watch.routes(options) : what === 'addr' ? watch.addresses(options) : what === 'link' ? watch.interfaces(options) : watch.all(options);
    watcher.ref();
    await watcher.ready;
    const alias = await aliases();
    for await (const event of watcher as AsyncIterable<WatchEvent>) {
      if (g.json) {
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
    return 0;
  },
};
