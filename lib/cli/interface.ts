/**
 * `netioapi interface`: an interface's per-family settings (MIB_IPINTERFACE_ROW: metric,
 * MTU, forwarding). ip has no such object (Linux keeps these in sysctls): -j prints the
 * library's view.
 */
import { interfaces, type InterfaceView, type MibIpinterfaceRow } from '../ipinterfaces.js';
import { UsageError, actionOf, familyGlobals, keywords, number, onOff, FAMILY_INPUT, type CommandFamily, type Family } from './args.js';
import { dev } from './format.js';
import { helpText } from './help.js';

const TOPIC = 'interface';

function familyText(name: string, row: MibIpinterfaceRow | null): string {
  if (!row) return `    ${name}: not bound`;
  return `    ${name}: metric ${row.metric}${row.useAutomaticMetric ? ' (automatic)' : ''} mtu ${row.nlMtu} forwarding ${row.forwardingEnabled ? 'on' : 'off'} ${row.connected ? 'connected' : 'disconnected'}`;
}

export function interfaceLines(v: InterfaceView, family: Family): string[] {
  return [
    `${v.interfaceIndex}: ${v.alias}`,
    ...(family !== 'ipv6' ? [familyText('ipv4', v.ipv4)] : []),
    ...(family !== 'ipv4' ? [familyText('ipv6', v.ipv6)] : []),
  ];
}

export const interfaceCommands: CommandFamily = {
  names: ['interface', 'iface'],
  summary: 'per-family interface settings: metric, MTU, forwarding (show, set)',
  help: helpText({
    usage: ['interface [show] [-4|-6] [IF]', 'interface set IF [metric N] [mtu N] [forwarding on|off] [-4|-6]'],
    about: [
      'A metric also turns the automatic metric off. Without -4 or -6, set changes every family the interface is bound to.',
      'iproute2 has no such object, so -j prints the library\'s view: MIB_IF_ROW2 with its ipv4 and ipv6 MIB_IPINTERFACE_ROWs and its addresses.',
    ],
  }),
  async run(args, before) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    const action = actionOf(TOPIC, rest.shift(), [['show', 'list', 'lst'], ['set']]);
    if (action === 'show') {
      const k = keywords(TOPIC, rest, { values: ['dev'], positional: 'optional' });
      if (k.positional !== undefined && k.values.dev !== undefined) throw new UsageError('name the interface once', TOPIC);
      const name = k.values.dev ?? k.positional;
      const views = name === undefined ? await interfaces.list() : [await interfaces.get(await dev(name, 'GetIfEntry2'))];
      return { value: views, lines: () => views.flatMap((v) => interfaceLines(v, g.family)) };
    }
    const k = keywords(TOPIC, rest, { values: ['metric', 'mtu', 'forwarding', 'dev'], positional: 'optional' });
    const name = k.values.dev ?? k.positional;
    if (name === undefined) throw new UsageError('name the interface', TOPIC);
    const changes = { metric: number(TOPIC, 'metric', k.values.metric), mtu: number(TOPIC, 'mtu', k.values.mtu), forwarding: onOff(TOPIC, 'forwarding', k.values.forwarding) };
    if (changes.metric === undefined && changes.mtu === undefined && changes.forwarding === undefined) throw new UsageError('set metric, mtu or forwarding', TOPIC);
    const view = await interfaces.set(await dev(name, 'SetIpInterfaceEntry'), { ...changes, family: FAMILY_INPUT[g.family] });
    return { value: view, lines: () => interfaceLines(view, g.family) };
  },
};
