/** Output shared by the CLI's command families: JSON, and the interfaces by LUID. */
import { getIfTable2, type MibIfRow2 } from '../interfaces.js';
import { resolveInterface } from '../resolve.js';

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

/** The interfaces, read once per command: their aliases by LUID, and their rows. */
export interface Links {
  alias: AliasOf;
  row(luid: bigint): MibIfRow2 | undefined;
  rows: MibIfRow2[];
}

export async function links(): Promise<Links> {
  const rows = await getIfTable2();
  const map = new Map(rows.map((r) => [r.interfaceLuid, r]));
  return { rows, row: (luid) => map.get(luid), alias: (luid) => map.get(luid)?.alias ?? `luid:${luid}` };
}

/** The aliases by LUID alone. */
export async function aliases(): Promise<AliasOf> {
  return (await links()).alias;
}

/** 'fe80::1%12' → 'fe80::1': iproute2 prints the zone as the device, not in the address. */
export function withoutZone(address: string): string {
  const percent = address.indexOf('%');
  return percent < 0 ? address : address.slice(0, percent);
}

/** '0.0.0.0' and '::' (and '' for an unset one) mean "no gateway": a route on the link. */
export function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '';
}

/**
 * The interface a `dev IF` names, as a LUID: an unknown one is a NetioError naming `dev`
 * and the value, listing the interfaces that exist (iproute2: Cannot find device "IF").
 */
export function dev(text: string, syscall: string): Promise<bigint> {
  return resolveInterface(/^\d+$/.test(text) ? Number(text) : text, syscall, 'dev');
}
