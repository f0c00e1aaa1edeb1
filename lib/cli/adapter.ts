/** `netioapi adapter [show] [NAME] [-4|-6] [--json]`: the view of `ipconfig /all` (lib/adapters.ts). */
import { adapters, type Adapter } from '../adapters.js';
import type { InterfaceSpec } from '../resolve.js';
import { UsageError, familyGlobals, type CommandFamily } from './args.js';
import { helpText } from './help.js';

const TOPIC = 'adapter';
const FAMILY = { ipv4: 'AF_INET', ipv6: 'AF_INET6', all: 'AF_UNSPEC' } as const;

/** One adapter in lines, as `ip addr` would print it, with what `ipconfig /all` adds. */
export function adapterLines(a: Adapter): string[] {
  const life = (seconds: number) => (seconds === 0xffffffff ? 'forever' : `${seconds}sec`);
  return [
    `${a.interfaceIndex}: ${a.alias}: <${String(a.operStatus).toUpperCase()}> mtu ${a.mtu} type ${a.type}`,
    `    link ${a.physicalAddress || '(none)'} guid ${a.interfaceGuid} luid ${a.interfaceLuid}`,
    ...(a.description && a.description !== a.alias ? [`    description ${a.description}`] : []),
    ...a.addresses.map(
      (x) =>
        `    ${x.family === 'ipv6' ? 'inet6' : 'inet'} ${x.address}${x.onLinkPrefixLength === null ? '' : `/${x.onLinkPrefixLength}`}` +
        ` origin ${x.prefixOrigin}/${x.suffixOrigin} ${x.dadState} valid_lft ${life(x.validLifetime)} preferred_lft ${life(x.preferredLifetime)}`,
    ),
    ...a.gateways.map((g) => `    gateway ${g}`),
    ...(a.dnsServers.length > 0 ? [`    dns ${a.dnsServers.join(' ')}`] : []),
    ...(a.dnsSuffix ? [`    dns-suffix ${a.dnsSuffix}`] : []),
    `    dhcp ${a.dhcp.enabled ? `on${a.dhcp.server ? ` server ${a.dhcp.server}` : ''}` : 'off'}  ipv4 ${a.ipv4Enabled ? 'on' : 'off'}  ipv6 ${a.ipv6Enabled ? 'on' : 'off'}`,
  ];
}

export const adapterCommands: CommandFamily = {
  names: ['adapter', 'adapters'],
  summary: 'adapters as ipconfig /all shows them (show)',
  help: helpText({
    usage: ['adapter [show] [NAME] [-4|-6] [--json]'],
    about: [
      'Prints each adapter as ipconfig /all shows it: addresses with prefix lengths, gateways, DNS servers and suffix, DHCP, MAC, MTU. NAME is an alias ("Ethernet"), index or GUID; -4 or -6 lists only that family\'s addresses.',
      "-j prints the library's rows (Adapter); ip has no such object.",
    ],
  }),
  async run(args, before) {
    const { globals: g, rest } = familyGlobals(args, before, TOPIC);
    if (rest[0] === 'show' || rest[0] === 'list' || rest[0] === 'ls') rest.shift();
    if (rest.length > 1) throw new UsageError(`unexpected "${rest[1]}"`, TOPIC);
    const family = FAMILY[g.family];
    const name = rest[0];
    const spec: InterfaceSpec | undefined = name === undefined ? undefined : /^\d+$/.test(name) ? Number(name) : name;
    const list = spec === undefined ? await adapters.list({ family }) : [await adapters.get(spec, { family })];
    return { value: list, lines: () => list.flatMap(adapterLines) };
  },
};
