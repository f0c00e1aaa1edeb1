/** `netioapi anycast`: anycast addresses (MIB_ANYCASTIPADDRESS_ROW). ip has no such object: -j prints the rows. */
import { anycast, type MibAnycastipaddressRow } from '../addresses.js';
import { UsageError, actionOf, familyGlobals, keywords, FAMILY_INPUT, type CommandFamily } from './args.js';
import { dev, links, type AliasOf } from './format.js';
import { helpText } from './help.js';

const TOPIC = 'anycast';

export function anycastLine(a: MibAnycastipaddressRow, alias: AliasOf): string {
  return `${a.address} dev ${alias(a.interfaceLuid)}`;
}

export const anycastCommands: CommandFamily = {
  names: ['anycast'],
  summary: 'anycast addresses (show, add, del)',
  help: helpText({
    usage: ['anycast [show] [-4|-6] [dev IF]', 'anycast add ADDR dev IF', 'anycast del ADDR [dev IF]'],
    about: ['iproute2 has no anycast object, so -j prints the MIB_ANYCASTIPADDRESS_ROWs.'],
  }),
  async run(args, before) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    const action = actionOf(TOPIC, rest.shift(), [['show', 'list', 'lst'], ['add'], ['del', 'delete']]);
    if (action === 'show') {
      const k = keywords(TOPIC, rest, { values: ['dev'], positional: 'optional' });
      if (k.positional !== undefined && k.values.dev !== undefined) throw new UsageError('name the interface once', TOPIC);
      const name = k.values.dev ?? k.positional;
      const rows = await anycast.list({ family: FAMILY_INPUT[g.family], interface: name === undefined ? undefined : await dev(name, 'GetAnycastIpAddressTable') });
      const { alias } = await links();
      return { value: rows, lines: () => rows.map((r) => anycastLine(r, alias)) };
    }
    if (action === 'add') {
      const k = keywords(TOPIC, rest, { values: ['dev'], positional: 'required' });
      if (k.values.dev === undefined) throw new UsageError('dev IF is required', TOPIC);
      const row = await anycast.add(k.positional!, { interface: await dev(k.values.dev, 'CreateAnycastIpAddressEntry') });
      const { alias } = await links();
      return { value: row, lines: () => [anycastLine(row, alias)] };
    }
    const k = keywords(TOPIC, rest, { values: ['dev'], positional: 'required' });
    const deleted = await anycast.delete(k.positional!, { interface: k.values.dev === undefined ? undefined : await dev(k.values.dev, 'DeleteAnycastIpAddressEntry') });
    return { value: { deleted }, lines: () => [`deleted ${deleted} anycast address${deleted === 1 ? '' : 'es'}`] };
  },
};
