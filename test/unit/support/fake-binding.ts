/**
 * A fake of the native binding (lib/native.ts) for the unit suite: an in-memory system
 * with a few interfaces, answering as the real binding does — wire rows, native-shaped
 * errors ({ win32, syscall, systemMessage }) — and recording every call it receives.
 */
import type { NativeBinding, WireIfRow2, WireInterfaceKey } from '../../../lib/native.js';

export interface FakeInterface {
  luid: bigint;
  index: number;
  alias: string;
  guid: string;
  name: string;
  mac: string;
  type: number;
  operStatus: number;
}

export const FAKE_INTERFACES: FakeInterface[] = [
  { luid: 0x18000001000000n, index: 1, alias: 'Loopback Pseudo-Interface 1', guid: '{11111111-2222-3333-4444-555555555555}', name: 'loopback_0', mac: '', type: 24, operStatus: 1 },
  { luid: 0x6008001000000n, index: 12, alias: 'Ethernet', guid: '{4D36E972-E325-11CE-BFC1-08002BE10318}', name: 'ethernet_32769', mac: '02:00:5e:10:00:01', type: 6, operStatus: 1 },
  { luid: 0x47008000000000n, index: 17, alias: 'Wi-Fi 2 — Büro', guid: '{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}', name: 'wireless_32768', mac: '02:00:5e:10:00:02', type: 71, operStatus: 2 },
];

export class NativeFailure extends Error {
  constructor(
    readonly win32: number,
    readonly syscall: string,
    readonly systemMessage = '',
    readonly notExported = false,
  ) {
    super(`${syscall} failed with Win32 error ${win32}`);
  }
}

export function ifRow(i: FakeInterface): WireIfRow2 {
  const zero = 0n;
  return {
    interfaceLuid: i.luid,
    interfaceIndex: i.index,
    interfaceGuid: i.guid,
    alias: i.alias,
    description: `${i.alias} adapter`,
    physicalAddressLength: i.mac === '' ? 0 : 6,
    physicalAddress: i.mac,
    permanentPhysicalAddress: i.mac,
    mtu: 1500,
    type: i.type,
    tunnelType: 0,
    mediaType: 0,
    physicalMediumType: i.type === 71 ? 9 : 14,
    accessType: 2,
    directionType: 0,
    interfaceAndOperStatusFlags: {
      hardwareInterface: i.type !== 24,
      filterInterface: false,
      connectorPresent: i.type !== 24,
      notAuthenticated: false,
      notMediaConnected: i.operStatus !== 1,
      paused: false,
      lowPower: false,
      endPointInterface: false,
    },
    operStatus: i.operStatus,
    adminStatus: 1,
    mediaConnectState: i.operStatus === 1 ? 1 : 2,
    networkGuid: '{00000000-0000-0000-0000-000000000000}',
    connectionType: 1,
    transmitLinkSpeed: 1_000_000_000n,
    receiveLinkSpeed: 1_000_000_000n,
    inOctets: 123_456_789_012n,
    inUcastPkts: zero,
    inNUcastPkts: zero,
    inDiscards: zero,
    inErrors: zero,
    inUnknownProtos: zero,
    inUcastOctets: zero,
    inMulticastOctets: zero,
    inBroadcastOctets: zero,
    outOctets: 2n ** 63n,
    outUcastPkts: zero,
    outNUcastPkts: zero,
    outDiscards: zero,
    outErrors: zero,
    outUcastOctets: zero,
    outMulticastOctets: zero,
    outBroadcastOctets: zero,
    outQLen: zero,
  };
}

type SyncPart = { [K in keyof NativeBinding as K extends `${string}Sync` ? K : never]: NativeBinding[K] };

export interface FakeBinding extends NativeBinding {
  calls: { name: string; args: unknown[] }[];
  /** Entry points this fake system does "not export". */
  missing: Set<string>;
}

/** Builds the binding from its Sync half: the async twin of each runs the same code in a microtask. */
export function createFakeBinding(interfaces: FakeInterface[] = FAKE_INTERFACES): FakeBinding {
  const calls: { name: string; args: unknown[] }[] = [];
  const missing = new Set<string>();
  const byLuid = (syscall: string, luid: bigint): FakeInterface => {
    const found = interfaces.find((i) => i.luid === luid);
    if (!found) throw new NativeFailure(2, syscall, 'The system cannot find the file specified.');
    return found;
  };
  const exported = (syscall: string): void => {
    if (missing.has(syscall)) throw new NativeFailure(50, syscall, '', true);
  };
  const sync: SyncPart = {
    convertInterfaceLuidToIndexSync: (luid) => (exported('ConvertInterfaceLuidToIndex'), byLuid('ConvertInterfaceLuidToIndex', luid).index),
    convertInterfaceIndexToLuidSync: (index) => {
      exported('ConvertInterfaceIndexToLuid');
      const found = interfaces.find((i) => i.index === index);
      if (!found) throw new NativeFailure(2, 'ConvertInterfaceIndexToLuid');
      return found.luid;
    },
    convertInterfaceAliasToLuidSync: (alias) => {
      exported('ConvertInterfaceAliasToLuid');
      const found = interfaces.find((i) => i.alias === alias);
      if (!found) throw new NativeFailure(87, 'ConvertInterfaceAliasToLuid', 'The parameter is incorrect.');
      return found.luid;
    },
    convertInterfaceLuidToAliasSync: (luid) => (exported('ConvertInterfaceLuidToAlias'), byLuid('ConvertInterfaceLuidToAlias', luid).alias),
    convertInterfaceLuidToGuidSync: (luid) => (exported('ConvertInterfaceLuidToGuid'), byLuid('ConvertInterfaceLuidToGuid', luid).guid),
    convertInterfaceGuidToLuidSync: (guid) => {
      exported('ConvertInterfaceGuidToLuid');
      const found = interfaces.find((i) => i.guid === guid);
      if (!found) throw new NativeFailure(2, 'ConvertInterfaceGuidToLuid');
      return found.luid;
    },
    convertInterfaceLuidToNameSync: (luid) => (exported('ConvertInterfaceLuidToNameW'), byLuid('ConvertInterfaceLuidToNameW', luid).name),
    convertInterfaceNameToLuidSync: (name) => {
      exported('ConvertInterfaceNameToLuidW');
      const found = interfaces.find((i) => i.name === name);
      if (!found) throw new NativeFailure(87, 'ConvertInterfaceNameToLuidW');
      return found.luid;
    },
    getIfTable2Sync: () => (exported('GetIfTable2'), interfaces.map(ifRow)),
    getIfEntry2Sync: (key: WireInterfaceKey) => {
      exported('GetIfEntry2');
      const found = key.interfaceLuid !== 0n ? interfaces.find((i) => i.luid === key.interfaceLuid) : interfaces.find((i) => i.index === key.interfaceIndex);
      if (!found) throw new NativeFailure(2, 'GetIfEntry2');
      return ifRow(found);
    },
  };
  const binding: Record<string, unknown> = {
    calls,
    missing,
    napiVersion: 8,
    entryPoints: () => ({ GetIfTable2: !missing.has('GetIfTable2') }),
  };
  for (const [name, fn] of Object.entries(sync) as [string, (...args: unknown[]) => unknown][]) {
    binding[name] = (...args: unknown[]) => {
      calls.push({ name, args });
      return fn(...args);
    };
    const asyncName = name.slice(0, -'Sync'.length);
    binding[asyncName] = (...args: unknown[]) => {
      calls.push({ name: asyncName, args });
      return Promise.resolve().then(() => fn(...args));
    };
  }
  return binding as unknown as FakeBinding;
}
