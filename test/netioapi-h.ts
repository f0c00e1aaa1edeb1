/**
 * Every function of netioapi.h, as Microsoft documents it: the "Functions" of the header's
 * page (learn.microsoft.com/windows/win32/api/netioapi/, one reference page each), in the
 * page's order. test/unit/netioapi-h.test.ts checks that each one is exported in camelCase
 * with its …Sync twin, or is excluded below with its reason; and that every function that
 * mingw-w64's netioapi.h declares is on this list.
 *
 * `exported` is the export's name where it is not the documented name with its first
 * letter lowered: the W functions drop their W (strings are Unicode here, always), and the
 * POSIX-named pair takes this package's camelCase.
 */
export interface HeaderFunction {
  /** The documented name. */
  readonly name: string;
  /** The export's name, where it differs from the documented name in camelCase. */
  readonly exported?: string;
  /** Why it is not exported; every exclusion says why. */
  readonly excluded?: string;
}

export const NETIOAPI_H_FUNCTIONS: readonly HeaderFunction[] = [
  { name: 'CancelMibChangeNotify2', excluded: 'internal: handle.cancel() of every notify… registration calls it, exactly once' },
  { name: 'ConvertInterfaceAliasToLuid' },
  { name: 'ConvertInterfaceGuidToLuid' },
  { name: 'ConvertInterfaceIndexToLuid' },
  { name: 'ConvertInterfaceLuidToAlias' },
  { name: 'ConvertInterfaceLuidToGuid' },
  { name: 'ConvertInterfaceLuidToIndex' },
  { name: 'ConvertInterfaceLuidToNameA', excluded: 'the ANSI twin of ConvertInterfaceLuidToNameW (convertInterfaceLuidToName): JS strings are Unicode' },
  { name: 'ConvertInterfaceLuidToNameW', exported: 'convertInterfaceLuidToName' },
  { name: 'ConvertInterfaceNameToLuidA', excluded: 'the ANSI twin of ConvertInterfaceNameToLuidW (convertInterfaceNameToLuid): JS strings are Unicode' },
  { name: 'ConvertInterfaceNameToLuidW', exported: 'convertInterfaceNameToLuid' },
  { name: 'ConvertIpv4MaskToLength' },
  { name: 'ConvertLengthToIpv4Mask' },
  { name: 'CreateAnycastIpAddressEntry' },
  { name: 'CreateIpForwardEntry2' },
  { name: 'CreateIpNetEntry2' },
  { name: 'CreateSortedAddressPairs' },
  { name: 'CreateUnicastIpAddressEntry' },
  { name: 'DeleteAnycastIpAddressEntry' },
  { name: 'DeleteIpForwardEntry2' },
  { name: 'DeleteIpNetEntry2' },
  { name: 'DeleteUnicastIpAddressEntry' },
  { name: 'FlushIpNetTable2' },
  { name: 'FlushIpPathTable' },
  { name: 'FreeInterfaceDnsSettings', excluded: 'internal: getInterfaceDnsSettings copies the settings and frees them before it returns' },
  { name: 'FreeMibTable', excluded: 'internal: every table the OS allocates is copied and freed inside' },
  { name: 'GetAnycastIpAddressEntry' },
  { name: 'GetAnycastIpAddressTable' },
  { name: 'GetBestRoute2' },
  { name: 'GetCurrentThreadCompartmentId' },
  { name: 'GetDefaultCompartmentId' },
  { name: 'GetIfEntry2' },
  { name: 'GetIfEntry2Ex' },
  { name: 'GetIfStackTable' },
  { name: 'GetIfTable2' },
  { name: 'GetIfTable2Ex' },
  { name: 'GetInterfaceDnsSettings' },
  { name: 'GetInvertedIfStackTable' },
  { name: 'GetIpForwardEntry2' },
  { name: 'GetIpForwardTable2' },
  { name: 'GetIpInterfaceEntry' },
  { name: 'GetIpInterfaceTable' },
  { name: 'GetIpNetEntry2' },
  { name: 'GetIpNetTable2' },
  { name: 'GetIpNetworkConnectionBandwidthEstimates' },
  { name: 'GetIpPathEntry' },
  { name: 'GetIpPathTable' },
  { name: 'GetMulticastIpAddressEntry' },
  { name: 'GetMulticastIpAddressTable' },
  { name: 'GetNetworkConnectivityHint' },
  { name: 'GetNetworkConnectivityHintForInterface' },
  { name: 'GetNetworkInformation' },
  { name: 'GetSessionCompartmentId' },
  { name: 'GetTeredoPort' },
  { name: 'GetUnicastIpAddressEntry' },
  { name: 'GetUnicastIpAddressTable' },
  { name: 'if_indextoname', exported: 'ifIndexToName' },
  { name: 'if_nametoindex', exported: 'ifNameToIndex' },
  { name: 'InitializeIpForwardEntry' },
  { name: 'InitializeIpInterfaceEntry' },
  { name: 'InitializeUnicastIpAddressEntry' },
  { name: 'NotifyIpInterfaceChange' },
  { name: 'NotifyNetworkConnectivityHintChange' },
  { name: 'NotifyRouteChange2' },
  { name: 'NotifyStableUnicastIpAddressTable' },
  { name: 'NotifyTeredoPortChange' },
  { name: 'NotifyUnicastIpAddressChange' },
  { name: 'ResolveIpNetEntry2' },
  { name: 'SetCurrentThreadCompartmentId' },
  { name: 'SetInterfaceDnsSettings' },
  { name: 'SetIpForwardEntry2' },
  { name: 'SetIpInterfaceEntry' },
  { name: 'SetIpNetEntry2' },
  { name: 'SetNetworkInformation' },
  { name: 'SetSessionCompartmentId' },
  { name: 'SetUnicastIpAddressEntry' },
];

/**
 * Functions that the Windows SDK's netioapi.h declares (SDK 10.0.19041 and later) with no
 * reference page of their own: the machine-wide DNS settings, beside the per-interface ones.
 */
export const NETIOAPI_H_UNDOCUMENTED: readonly HeaderFunction[] = [
  { name: 'GetDnsSettings' },
  { name: 'SetDnsSettings' },
  { name: 'FreeDnsSettings', excluded: 'internal: getDnsSettings copies the settings and frees them before it returns' },
];

/** The export's name of a header function. */
export function exportName(f: HeaderFunction): string {
  return f.exported ?? f.name[0]!.toLowerCase() + f.name.slice(1);
}
