/**
 * What every row going in starts from, against the real addon.
 *
 * Wherever the suite runs: the binding's diagnostics show the bytes the marshaller sends,
 * so a member the caller left out can be seen to keep exactly the bytes of the row's
 * Initialize… output (under Wine, which exports no Initialize… function, the documented
 * values; on Windows, the system's own), and initialize…() to return those bytes.
 *
 * On Windows: the raw bytes of each native Initialize… output go to the test log, member by
 * member, with the bytes the function leaves alone, so that the unknowns in
 * WINDOWS-FACTS.md (0xFF or 1 for a BOOLEAN, "unchanged" markers or zeros in an IP
 * interface row) are answered by the first run.
 */
import { describe, expect, test } from 'vitest';

import { ROOT } from './harness/environment.js';
import { evaluate, modes, system, windowsTitle } from './harness/remote.js';

interface RowBytes {
  native: boolean;
  size: number;
  bytes: Uint8Array;
  members: { name: string; offset: number; size: number }[];
  untouched: number[];
}

type Kind = 'forward' | 'unicast' | 'ipInterface';

const ctx = system();
const { onWine, onWindows } = modes();

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').replace(/(..)(?=.)/g, '$1 ');
const member = (r: RowBytes, name: string) => {
  const m = r.members.find((x) => x.name === name);
  if (!m) throw new Error(`no member ${name} in the layout`);
  return { ...m, bytes: r.bytes.subarray(m.offset, m.offset + m.size) };
};
const u32 = (r: RowBytes, name: string) => Buffer.from(member(r, name).bytes).readUInt32LE(0);
const u8 = (r: RowBytes, name: string) => member(r, name).bytes[0]!;

/** The offsets where `row` differs from `base`. */
function changed(base: RowBytes, row: RowBytes): number[] {
  const out: number[] = [];
  for (let i = 0; i < base.size; i++) if (base.bytes[i] !== row.bytes[i]) out.push(i);
  return out;
}

/** The names of the members that hold these offsets (padding: '(padding)'). */
function owners(r: RowBytes, offsets: number[]): string[] {
  const names = offsets.map((o) => r.members.find((m) => o >= m.offset && o < m.offset + m.size)?.name ?? '(padding)');
  return [...new Set(names)].sort();
}

/** Everything a row's bytes say, one member a line, for the test log. */
function record(title: string, r: RowBytes): string {
  const lines = [`${title}: ${r.size} bytes, ${r.native ? "this system's own function" : 'not exported here: the documented values'}`];
  for (const m of r.members) lines.push(`  ${m.name.padEnd(38)} @${String(m.offset).padStart(3)} (${m.size}): ${hex(r.bytes.subarray(m.offset, m.offset + m.size))}`);
  lines.push(`  all: ${hex(r.bytes)}`);
  lines.push(`  bytes the function leaves as they were: ${r.untouched.length === 0 ? 'none' : r.untouched.join(', ')}`);
  return lines.join('\n');
}

describe.skipIf(!ctx.available)(`the rows going in, on the real addon${ctx.available ? '' : ` (skipped: ${ctx.reason})`}`, () => {
  test('a member the caller leaves out keeps exactly the Initialize… bytes; only the members given change', async () => {
    const r = await evaluate(async (api, root: string, require) => {
      const binding = (require('node-gyp-build') as (dir: string) => Record<string, (row?: unknown) => unknown>)(root);
      const luid = 0x6008001000000n;
      return {
        forward: {
          base: binding.ipForwardRowBytes!(),
          row: binding.ipForwardRowBytes!({ interfaceLuid: luid, interfaceIndex: 0, destinationPrefix: '203.0.113.0/24', nextHop: '192.0.2.1', metric: 7 }),
        },
        unicast: {
          base: binding.unicastIpAddressRowBytes!(),
          row: binding.unicastIpAddressRowBytes!({ address: '192.0.2.50', interfaceLuid: luid, interfaceIndex: 0, skipAsSource: true }),
        },
        ipInterface: {
          base: binding.ipInterfaceRowBytes!(),
          row: binding.ipInterfaceRowBytes!({ family: 2, interfaceLuid: luid, interfaceIndex: 0, nlMtu: 1400, transmitOffload: { fastPathCompatible: true } }),
        },
        facade: {
          forward: api.initializeIpForwardEntrySync(),
          unicast: await api.initializeUnicastIpAddressEntry(),
          ipInterface: api.initializeIpInterfaceEntrySync(),
        },
        exported: {
          forward: api.isSupported('InitializeIpForwardEntry'),
          unicast: api.isSupported('InitializeUnicastIpAddressEntry'),
          ipInterface: api.isSupported('InitializeIpInterfaceEntry'),
        },
      };
    }, ROOT);
    const rows = r as unknown as Record<Kind, { base: RowBytes; row: RowBytes }> & typeof r;

    // Only the members the caller gave (and the key) differ from what Initialize wrote.
    expect(owners(rows.forward.base, changed(rows.forward.base, rows.forward.row))).toEqual(['DestinationPrefix', 'InterfaceLuid', 'Metric', 'NextHop']);
    expect(u32(rows.forward.row, 'Metric')).toBe(7);
    expect(owners(rows.unicast.base, changed(rows.unicast.base, rows.unicast.row))).toEqual(
      ['Address', 'InterfaceLuid', ...(u8(rows.unicast.base, 'SkipAsSource') === 1 ? [] : ['SkipAsSource'])].sort(),
    );
    expect(u8(rows.unicast.row, 'SkipAsSource')).toBe(1);
    const ipChanged = owners(rows.ipInterface.base, changed(rows.ipInterface.base, rows.ipInterface.row));
    expect(ipChanged.filter((n) => !['Family', 'InterfaceLuid', 'NlMtu', 'TransmitOffload'].includes(n))).toEqual([]);
    expect(u32(rows.ipInterface.row, 'NlMtu')).toBe(1400);
    // Within the offload flags, only FastPathCompatible (the sixth bit) was given.
    const baseOffload = u8(rows.ipInterface.base, 'TransmitOffload');
    expect(u8(rows.ipInterface.row, 'TransmitOffload')).toBe(baseOffload | 0x20);

    // initialize…() return what those bytes say.
    expect(r.facade.forward.metric).toBe(u32(rows.forward.base, 'Metric'));
    expect(r.facade.forward.validLifetime).toBe(u32(rows.forward.base, 'ValidLifetime'));
    expect(r.facade.forward.sitePrefixLength).toBe(u8(rows.forward.base, 'SitePrefixLength'));
    expect(r.facade.forward.loopback).toBe(u8(rows.forward.base, 'Loopback') !== 0);
    expect(r.facade.unicast.onLinkPrefixLength).toBe(u8(rows.unicast.base, 'OnLinkPrefixLength'));
    expect(r.facade.unicast.address).toBe('');
    expect(r.facade.ipInterface.metric).toBe(u32(rows.ipInterface.base, 'Metric'));
    expect(r.facade.ipInterface.nlMtu).toBe(u32(rows.ipInterface.base, 'NlMtu'));

    // The diagnostics say whether the system's own function wrote them.
    for (const kind of ['forward', 'unicast', 'ipInterface'] as const) {
      expect(rows[kind].base.native, kind).toBe(r.exported[kind]);
      expect(rows[kind].row.native, kind).toBe(r.exported[kind]);
    }
  });

  test.skipIf(!onWine)('under Wine, which exports no Initialize… function, every row starts from the values the pages document', async () => {
    const r = (await evaluate(async (_api, root: string, require) => {
      const binding = (require('node-gyp-build') as (dir: string) => Record<string, () => unknown>)(root);
      return { forward: binding.ipForwardRowBytes!(), unicast: binding.unicastIpAddressRowBytes!(), ipInterface: binding.ipInterfaceRowBytes!() };
    }, ROOT)) as Record<Kind, RowBytes>;
    for (const kind of ['forward', 'unicast', 'ipInterface'] as const) expect(r[kind]).toMatchObject({ native: false, untouched: [] });
    // InitializeIpForwardEntry: infinite lifetimes; the four BOOLEANs TRUE; SitePrefixLength,
    // Metric and Protocol "illegal" (all ones); everything else zero.
    expect([u32(r.forward, 'ValidLifetime'), u32(r.forward, 'PreferredLifetime'), u32(r.forward, 'Metric'), u32(r.forward, 'Protocol')]).toEqual([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
    expect(['Loopback', 'AutoconfigureAddress', 'Publish', 'Immortal', 'SitePrefixLength'].map((n) => u8(r.forward, n))).toEqual([1, 1, 1, 1, 0xff]);
    expect(['InterfaceLuid', 'InterfaceIndex', 'DestinationPrefix', 'NextHop', 'Age', 'Origin'].flatMap((n) => [...member(r.forward, n).bytes]).every((b) => b === 0)).toBe(true);
    // InitializeUnicastIpAddressEntry: origins unchanged (16), lifetimes infinite, OnLinkPrefixLength illegal, SkipAsSource FALSE.
    expect([u32(r.unicast, 'PrefixOrigin'), u32(r.unicast, 'SuffixOrigin'), u32(r.unicast, 'ValidLifetime'), u32(r.unicast, 'PreferredLifetime')]).toEqual([16, 16, 0xffffffff, 0xffffffff]);
    expect([u8(r.unicast, 'OnLinkPrefixLength'), u8(r.unicast, 'SkipAsSource')]).toEqual([0xff, 0]);
    // InitializeIpInterfaceEntry: AF_UNSPEC, LUID unspecified, everything else zero.
    expect([...r.ipInterface.bytes].every((b) => b === 0)).toBe(true);
  });

  test.skipIf(!onWindows)(windowsTitle("Windows' own Initialize… output, byte by byte, recorded in the test log"), async () => {
    const r = (await evaluate(async (_api, root: string, require) => {
      const binding = (require('node-gyp-build') as (dir: string) => Record<string, () => unknown>)(root);
      return { forward: binding.ipForwardRowBytes!(), unicast: binding.unicastIpAddressRowBytes!(), ipInterface: binding.ipInterfaceRowBytes!() };
    }, ROOT)) as Record<Kind, RowBytes>;
    // The record first, so that it is in the log whatever the checks below say.
    console.log(
      [
        record('InitializeIpForwardEntry (MIB_IPFORWARD_ROW2)', r.forward),
        record('InitializeUnicastIpAddressEntry (MIB_UNICASTIPADDRESS_ROW)', r.unicast),
        record('InitializeIpInterfaceEntry (MIB_IPINTERFACE_ROW)', r.ipInterface),
      ].join('\n\n'),
    );
    for (const kind of ['forward', 'unicast', 'ipInterface'] as const) expect(r[kind].native, kind).toBe(true);
    // What Microsoft's pages state: infinite lifetimes and TRUE BOOLEANs for routes; origins
    // unchanged, infinite lifetimes and SkipAsSource FALSE for addresses; AF_UNSPEC for
    // IP interfaces. How TRUE and "illegal" are spelled is what the record above shows.
    expect([u32(r.forward, 'ValidLifetime'), u32(r.forward, 'PreferredLifetime')]).toEqual([0xffffffff, 0xffffffff]);
    expect(['Loopback', 'AutoconfigureAddress', 'Publish', 'Immortal'].map((n) => u8(r.forward, n) !== 0)).toEqual([true, true, true, true]);
    expect([u32(r.unicast, 'PrefixOrigin'), u32(r.unicast, 'SuffixOrigin'), u32(r.unicast, 'ValidLifetime'), u32(r.unicast, 'PreferredLifetime')]).toEqual([16, 16, 0xffffffff, 0xffffffff]);
    expect(u8(r.unicast, 'SkipAsSource')).toBe(0);
    expect(Buffer.from(member(r.ipInterface, 'Family').bytes).readUInt16LE(0)).toBe(0);
  });
});
