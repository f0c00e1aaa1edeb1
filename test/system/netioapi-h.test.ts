/**
 * netioapi.h on the real addon: every function of the coverage list is in the native
 * binding (async and Sync); where this system's iphlpapi.dll lacks one, each twin fails with
 * STATUS_NOT_SUPPORTED naming it (under Wine 8: the DNS settings, the connectivity hints, the
 * path cache, multicast, the interface stack, Teredo, compartments, ConvertIpv4MaskToLength,
 * NotifyStableUnicastIpAddressTable); and the MSVC build compared its declarations with the
 * Windows SDK's.
 */
import { describe, expect, test } from 'vitest';

import { NETIOAPI_H_FUNCTIONS, NETIOAPI_H_UNDOCUMENTED, exportName } from '../netioapi-h.js';
import { ROOT } from './harness/environment.js';
import { evaluate, modes, windowsTitle, wineTitle } from './harness/remote.js';

const { ctx, onWine, onWindows } = modes();
const GUID = '{00000000-0000-0000-0000-000000000001}';

/**
 * A valid call of every function this issue added that some Windows may lack, by its
 * documented name: [export, arguments] ('$fn' stands for a callback).
 */
const CALLS: Record<string, [string, unknown[]]> = {
  GetIfTable2Ex: ['getIfTable2Ex', ['normal']],
  GetIfEntry2Ex: ['getIfEntry2Ex', ['normal', { interfaceIndex: 1 }]],
  GetIfStackTable: ['getIfStackTable', []],
  GetInvertedIfStackTable: ['getInvertedIfStackTable', []],
  GetMulticastIpAddressEntry: ['getMulticastIpAddressEntry', [{ address: '224.0.0.1', interfaceIndex: 1 }]],
  GetMulticastIpAddressTable: ['getMulticastIpAddressTable', ['AF_UNSPEC']],
  GetIpPathEntry: ['getIpPathEntry', [{ destination: '192.0.2.1', interfaceIndex: 1 }]],
  GetIpPathTable: ['getIpPathTable', ['AF_UNSPEC']],
  FlushIpPathTable: ['flushIpPathTable', ['AF_INET']],
  NotifyStableUnicastIpAddressTable: ['notifyStableUnicastIpAddressTable', ['AF_UNSPEC', '$fn']],
  GetTeredoPort: ['getTeredoPort', []],
  NotifyTeredoPortChange: ['notifyTeredoPortChange', ['$fn']],
  CreateSortedAddressPairs: ['createSortedAddressPairs', [['192.0.2.1']]],
  ConvertLengthToIpv4Mask: ['convertLengthToIpv4Mask', [24]],
  ConvertIpv4MaskToLength: ['convertIpv4MaskToLength', ['255.255.255.0']],
  if_nametoindex: ['ifNameToIndex', ['loopback_0']],
  if_indextoname: ['ifIndexToName', [1]],
  GetIpNetworkConnectionBandwidthEstimates: ['getIpNetworkConnectionBandwidthEstimates', [1, 'AF_INET']],
  GetCurrentThreadCompartmentId: ['getCurrentThreadCompartmentId', []],
  SetCurrentThreadCompartmentId: ['setCurrentThreadCompartmentId', [1]],
  GetSessionCompartmentId: ['getSessionCompartmentId', [0]],
  SetSessionCompartmentId: ['setSessionCompartmentId', [0, 1]],
  GetDefaultCompartmentId: ['getDefaultCompartmentId', []],
  GetNetworkInformation: ['getNetworkInformation', [GUID]],
  SetNetworkInformation: ['setNetworkInformation', [GUID, 1, 'netioapi-test']],
  GetIpStatisticsEx: ['getIpStatisticsEx', ['AF_INET']],
  GetTcpStatisticsEx: ['getTcpStatisticsEx', ['AF_INET']],
  GetUdpStatisticsEx: ['getUdpStatisticsEx', ['AF_INET']],
  GetIcmpStatisticsEx: ['getIcmpStatisticsEx', ['AF_INET']],
  GetInterfaceDnsSettings: ['getInterfaceDnsSettings', [GUID]],
  SetInterfaceDnsSettings: ['setInterfaceDnsSettings', [GUID, { nameServer: [] }]],
  GetDnsSettings: ['getDnsSettings', []],
  SetDnsSettings: ['setDnsSettings', [{ searchList: [] }]],
  GetNetworkConnectivityHint: ['getNetworkConnectivityHint', []],
  GetNetworkConnectivityHintForInterface: ['getNetworkConnectivityHintForInterface', [1]],
  NotifyNetworkConnectivityHintChange: ['notifyNetworkConnectivityHintChange', ['$fn']],
};

/** What Wine 8's iphlpapi.dll lacks of the functions above (verified against its export table). */
const WINE_LACKS = [
  'GetIfStackTable', 'GetInvertedIfStackTable', 'GetMulticastIpAddressEntry', 'GetMulticastIpAddressTable', 'GetIpPathEntry',
  'GetIpPathTable', 'FlushIpPathTable', 'NotifyStableUnicastIpAddressTable', 'GetTeredoPort', 'NotifyTeredoPortChange',
  'ConvertIpv4MaskToLength', 'GetIpNetworkConnectionBandwidthEstimates', 'GetCurrentThreadCompartmentId',
  'SetCurrentThreadCompartmentId', 'GetSessionCompartmentId', 'SetSessionCompartmentId', 'GetDefaultCompartmentId',
  'GetNetworkInformation', 'SetNetworkInformation', 'GetInterfaceDnsSettings', 'SetInterfaceDnsSettings', 'GetDnsSettings',
  'SetDnsSettings', 'GetNetworkConnectivityHint', 'GetNetworkConnectivityHintForInterface', 'NotifyNetworkConnectivityHintChange',
].sort();

describe.skipIf(!ctx.available)(`netioapi.h on the real addon${ctx.available ? '' : ` (skipped: ${ctx.reason})`}`, () => {
  test('every function of the list is in the native binding, as name and nameSync', async () => {
    const names = [...NETIOAPI_H_FUNCTIONS, ...NETIOAPI_H_UNDOCUMENTED].filter((f) => f.excluded === undefined).map(exportName);
    const missing = await evaluate(
      (_api, arg: { root: string; names: string[] }, require) => {
        // The binding as the package loads it (under Wine: the cross-build in build/Release).
        const binding = (require('node-gyp-build') as (dir: string) => unknown)(arg.root) as Record<string, unknown>;
        return arg.names.flatMap((n) => [n, `${n}Sync`]).filter((n) => typeof binding[n] !== 'function');
      },
      { root: ROOT, names },
    );
    expect(names.length).toBeGreaterThan(65);
    expect(missing).toEqual([]);
  });

  test('a function this system lacks fails, async and sync, with STATUS_NOT_SUPPORTED naming it, and a hint where a Windows version would have it', async () => {
    const report = await evaluate(async (api, calls: Record<string, [string, unknown[]]>) => {
      const exported = api.entryPoints();
      const out: { fn: string; known: boolean; asyncError: unknown; syncError: unknown }[] = [];
      for (const [fn, present] of Object.entries(exported)) {
        if (present) continue;
        const call = calls[fn];
        if (!call) {
          out.push({ fn, known: false, asyncError: null, syncError: null });
          continue;
        }
        const [name, raw] = call;
        const args = raw.map((a) => (a === '$fn' ? () => undefined : a));
        const lib = api as unknown as Record<string, (...a: unknown[]) => unknown>;
        const caught = (e: unknown) => ({ code: (e as { code?: string }).code, syscall: (e as { syscall?: string }).syscall, hint: (e as { hint?: string }).hint });
        let asyncError: unknown = 'resolved';
        try {
          await lib[name]!(...args);
        } catch (e) {
          asyncError = caught(e);
        }
        let syncError: unknown = 'returned';
        try {
          lib[`${name}Sync`]!(...args);
        } catch (e) {
          syncError = caught(e);
        }
        out.push({ fn, known: true, asyncError, syncError });
      }
      return out;
    }, CALLS);
    const mine = report.filter((r) => r.fn in CALLS);
    for (const r of mine) {
      const expected = { code: 'STATUS_NOT_SUPPORTED', syscall: r.fn };
      expect(r.asyncError, r.fn).toMatchObject(expected);
      expect(r.syncError, r.fn).toMatchObject(expected);
      if (/Dns|ConnectivityHint/.test(r.fn)) expect((r.asyncError as { hint: string }).hint, r.fn).toMatch(/Windows 10, version 2004/);
    }
    if (onWine) expect(mine.map((r) => r.fn).sort()).toEqual(WINE_LACKS);
  });
});

describe.skipIf(!onWine)(wineTitle('the mingw-w64 build under Wine'), () => {
  test('compares its declarations with nothing: only an MSVC build with the Windows SDK can', async () => {
    const checked = await evaluate((_api, root: string, require) => ((require('node-gyp-build') as (dir: string) => { declarationsChecked: boolean })(root)).declarationsChecked, ROOT);
    expect(checked).toBe(false);
  });
});

describe.skipIf(!onWindows)(windowsTitle('the MSVC build'), () => {
  test('compiled declarations.cc’s static_asserts against the Windows SDK’s own declarations', async () => {
    const checked = await evaluate((_api, root: string, require) => ((require('node-gyp-build') as (dir: string) => { declarationsChecked: boolean })(root)).declarationsChecked, ROOT);
    expect(checked).toBe(true);
  });
});
