/** Output of the CLI: JSON with stable keys (the library's rows), or readable lines. */
import type { MibAnycastipaddressRow, MibUnicastipaddressRow } from '../addresses.js';
import type { MibIfRow2 } from '../interfaces.js';
import type { InterfaceView, MibIpinterfaceRow } from '../ipinterfaces.js';
import type { MibIpnetRow2 } from '../neighbors.js';
import type { BestRoute, MibIpforwardRow2 } from '../routes.js';

/** JSON with bigints as decimal strings and Dates as ISO strings. */
export function toJson(value: unknown, indent: number | undefined = 2): string {
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, key, v: unknown) {
      const raw = this[key];
      if (raw instanceof Date) return raw.toISOString();
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) {
        const e = v as Error & { code?: string; member?: string };
        return { code: e.code, message: e.message, member: e.member };
      }
      return v;
    },
    indent,
  );
}

export type AliasOf = (luid: bigint) => string;

export function routeLine(r: MibIpforwardRow2, alias: AliasOf): string {
  const dest = r.destinationPrefix === '0.0.0.0/0' || r.destinationPrefix === '::/0' ? 'default' : r.destinationPrefix;
  const via = r.nextHop === '0.0.0.0' || r.nextHop === '::' ? '' : ` via ${r.nextHop}`;
  return `${dest}${via} dev ${alias(r.interfaceLuid)} proto ${r.protocol} metric ${r.metric}`;
}

export function bestRouteLine(destination: string, b: BestRoute, alias: AliasOf): string {
  const via = b.route.nextHop === '0.0.0.0' || b.route.nextHop === '::' || b.route.nextHop === '' ? '' : ` via ${b.route.nextHop}`;
  // A zeroed best route names no interface, so it has no interface metric either.
  if (b.interfaceMetric === null) return `${destination}${via} src ${b.sourceAddress} (a route without an interface)`;
  return (
    `${destination}${via} dev ${alias(b.route.interfaceLuid)} src ${b.sourceAddress} metric ${b.effectiveMetric}` +
    ` (route ${b.route.destinationPrefix} metric ${b.route.metric} + interface metric ${b.interfaceMetric})`
  );
}

export function neighborLine(n: MibIpnetRow2, alias: AliasOf): string {
  const mac = n.physicalAddress ? ` lladdr ${n.physicalAddress}` : '';
  return `${n.address} dev ${alias(n.interfaceLuid)}${mac}${n.isRouter ? ' router' : ''} ${String(n.state).toUpperCase()}`;
}

export function addressLine(a: MibUnicastipaddressRow, alias: AliasOf): string {
  const family = a.address.includes(':') ? 'inet6' : 'inet';
  const life = a.validLifetime === 0xffffffff ? 'forever' : `${a.validLifetime}sec`;
  return `${alias(a.interfaceLuid)} ${family} ${a.address}/${a.onLinkPrefixLength} origin ${a.prefixOrigin}/${a.suffixOrigin} ${a.dadState}${a.skipAsSource ? ' skip-as-source' : ''} valid_lft ${life}`;
}

export function anycastLine(a: MibAnycastipaddressRow, alias: AliasOf): string {
  return `${a.address} dev ${alias(a.interfaceLuid)}`;
}

export function linkLines(l: MibIfRow2): string[] {
  return [
    `${l.interfaceIndex}: ${l.alias}: <${String(l.operStatus).toUpperCase()}> mtu ${l.mtu} type ${l.type} admin ${l.adminStatus} media ${l.mediaConnectState}`,
    `    link ${l.physicalAddress || '(none)'} luid ${l.interfaceLuid} guid ${l.interfaceGuid}`,
    ...(l.description && l.description !== l.alias ? [`    ${l.description}`] : []),
  ];
}

function familyText(name: string, row: MibIpinterfaceRow | null): string {
  if (!row) return `    ${name}: not bound`;
  return `    ${name}: metric ${row.metric}${row.useAutomaticMetric ? ' (automatic)' : ''} mtu ${row.nlMtu} forwarding ${row.forwardingEnabled ? 'on' : 'off'} ${row.connected ? 'connected' : 'disconnected'}`;
}

export function interfaceLines(v: InterfaceView, family: 'ipv4' | 'ipv6' | 'all'): string[] {
  return [
    `${v.interfaceIndex}: ${v.alias}`,
    ...(family !== 'ipv6' ? [familyText('ipv4', v.ipv4)] : []),
    ...(family !== 'ipv4' ? [familyText('ipv6', v.ipv6)] : []),
  ];
}
