/**
 * Which Windows a function needs, for the functions that older Windows versions do not
 * export: the hint of the STATUS_NOT_SUPPORTED that a call gets where iphlpapi.dll lacks
 * the function (lib/errors.ts adds it, in the one error path). From the "Minimum supported
 * client" of each function's page.
 */
const WINDOWS_10_2004 = 'Windows 10, version 2004 (build 19041) or later (Windows Server, version 2004 or later)';

const MINIMUM: Readonly<Record<string, string>> = {
  GetInterfaceDnsSettings: WINDOWS_10_2004,
  SetInterfaceDnsSettings: WINDOWS_10_2004,
  GetDnsSettings: WINDOWS_10_2004,
  SetDnsSettings: WINDOWS_10_2004,
  GetNetworkConnectivityHint: WINDOWS_10_2004,
  GetNetworkConnectivityHintForInterface: WINDOWS_10_2004,
  NotifyNetworkConnectivityHintChange: WINDOWS_10_2004,
  GetIfEntry2Ex: 'Windows 10, version 1703 or later',
  GetIpNetworkConnectionBandwidthEstimates: 'Windows 8 or later',
};

/** The hint for a function that this system's iphlpapi.dll does not export, if one helps. */
export function availabilityHint(syscall: string): string | undefined {
  const needs = Object.hasOwn(MINIMUM, syscall) ? MINIMUM[syscall] : undefined;
  return needs === undefined ? undefined : `${syscall} needs ${needs}; this system's iphlpapi.dll does not have it.`;
}
