// Every function this addon calls in iphlpapi.dll (and the two address parsers it uses
// from ntdll.dll) is resolved once, at load, with GetProcAddress. Nothing is imported
// statically: a function that this system's DLL does not export makes only its own call
// fail, with ERROR_NOT_SUPPORTED and the function's name, instead of stopping the load
// or (under Wine) killing the process on first use.
#pragma once

#include "declarations.h"

// The ICMP echo functions (icmpapi.h), declared here: no SDK header that platform.h includes
// declares them, and mingw-w64's icmpapi.h lacks IcmpSendEcho2Ex. Only their types are used
// (decltype in the list below); they are never linked. ApcRoutine is a PIO_APC_ROUTINE,
// which this addon always passes as NULL (it waits on the event instead).
extern "C" {
HANDLE WINAPI IcmpCreateFile(VOID);
HANDLE WINAPI Icmp6CreateFile(VOID);
BOOL WINAPI IcmpCloseHandle(HANDLE IcmpHandle);
DWORD WINAPI IcmpSendEcho2Ex(HANDLE IcmpHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext, IPAddr SourceAddress,
                             IPAddr DestinationAddress, LPVOID RequestData, WORD RequestSize,
                             PIP_OPTION_INFORMATION RequestOptions, LPVOID ReplyBuffer, DWORD ReplySize, DWORD Timeout);
DWORD WINAPI Icmp6SendEcho2(HANDLE IcmpHandle, HANDLE Event, PVOID ApcRoutine, PVOID ApcContext,
                            struct sockaddr_in6* SourceAddress, struct sockaddr_in6* DestinationAddress, LPVOID RequestData,
                            WORD RequestSize, PIP_OPTION_INFORMATION RequestOptions, LPVOID ReplyBuffer, DWORD ReplySize,
                            DWORD Timeout);
DWORD WINAPI IcmpParseReplies(LPVOID ReplyBuffer, DWORD ReplySize);
DWORD WINAPI Icmp6ParseReplies(LPVOID ReplyBuffer, DWORD ReplySize);
}

namespace netio {

// The one list of iphlpapi.dll entry points. Add a function here and it is resolved,
// reported by entryPoints(), and callable through NETIO_CALL.
//   X(name): declared by the Windows SDK's and mingw-w64's headers alike; its type is theirs.
//   D(name): declared by this project (declarations.h), because mingw-w64 lacks it; its type
//            is decl::nameFn, which declarations.cc compares with the SDK's under MSVC.
#define NETIO_IPHLPAPI_ENTRY_POINTS(X, D) \
  X(FreeMibTable)                      \
  X(ConvertInterfaceLuidToIndex)       \
  X(ConvertInterfaceIndexToLuid)       \
  X(ConvertInterfaceLuidToAlias)       \
  X(ConvertInterfaceAliasToLuid)       \
  X(ConvertInterfaceLuidToGuid)        \
  X(ConvertInterfaceGuidToLuid)        \
  X(ConvertInterfaceLuidToNameW)       \
  X(ConvertInterfaceNameToLuidW)       \
  X(GetIfTable2)                       \
  X(GetIfEntry2)                       \
  X(CreateIpForwardEntry2)             \
  X(DeleteIpForwardEntry2)             \
  X(GetIpForwardEntry2)                \
  X(GetIpForwardTable2)                \
  X(SetIpForwardEntry2)                \
  X(InitializeIpForwardEntry)          \
  X(GetBestRoute2)                     \
  X(CreateIpNetEntry2)                 \
  X(DeleteIpNetEntry2)                 \
  X(GetIpNetEntry2)                    \
  X(GetIpNetTable2)                    \
  X(SetIpNetEntry2)                    \
  X(FlushIpNetTable2)                  \
  X(ResolveIpNetEntry2)                \
  X(CreateAnycastIpAddressEntry)       \
  X(DeleteAnycastIpAddressEntry)       \
  X(GetAnycastIpAddressEntry)          \
  X(GetAnycastIpAddressTable)          \
  X(CreateUnicastIpAddressEntry)       \
  X(DeleteUnicastIpAddressEntry)       \
  X(GetUnicastIpAddressEntry)          \
  X(GetUnicastIpAddressTable)          \
  X(SetUnicastIpAddressEntry)          \
  X(InitializeUnicastIpAddressEntry)   \
  X(GetIpInterfaceEntry)               \
  X(GetIpInterfaceTable)               \
  X(SetIpInterfaceEntry)               \
  X(InitializeIpInterfaceEntry)        \
  X(NotifyRouteChange2)                \
  X(NotifyUnicastIpAddressChange)      \
  X(NotifyIpInterfaceChange)           \
  X(CancelMibChangeNotify2)                   \
  X(GetAdaptersAddresses)                     \
  X(GetNetworkParams)                         \
  X(IcmpCreateFile)                           \
  X(Icmp6CreateFile)                          \
  X(IcmpCloseHandle)                          \
  X(IcmpSendEcho2Ex)                          \
  X(Icmp6SendEcho2)                           \
  X(IcmpParseReplies)                         \
  X(Icmp6ParseReplies)                        \
  X(GetExtendedTcpTable)                      \
  X(GetExtendedUdpTable)                      \
  X(GetTcpTable2)                             \
  X(GetTcp6Table2)                            \
  X(GetOwnerModuleFromTcpEntry)               \
  X(GetOwnerModuleFromTcp6Entry)              \
  X(GetOwnerModuleFromUdpEntry)               \
  X(GetOwnerModuleFromUdp6Entry)              \
  X(SetTcpEntry)                              \
  X(GetIfTable2Ex)                            \
  D(GetIfEntry2Ex)                            \
  X(GetIfStackTable)                          \
  X(GetInvertedIfStackTable)                  \
  X(GetMulticastIpAddressEntry)               \
  X(GetMulticastIpAddressTable)               \
  X(GetIpPathEntry)                           \
  X(GetIpPathTable)                           \
  X(FlushIpPathTable)                         \
  X(NotifyStableUnicastIpAddressTable)        \
  X(GetTeredoPort)                            \
  X(NotifyTeredoPortChange)                   \
  X(CreateSortedAddressPairs)                 \
  X(ConvertLengthToIpv4Mask)                  \
  X(ConvertIpv4MaskToLength)                  \
  X(if_nametoindex)                           \
  X(if_indextoname)                           \
  X(GetIpNetworkConnectionBandwidthEstimates) \
  X(GetCurrentThreadCompartmentId)            \
  X(SetCurrentThreadCompartmentId)            \
  X(GetSessionCompartmentId)                  \
  X(SetSessionCompartmentId)                  \
  D(GetDefaultCompartmentId)                  \
  X(GetNetworkInformation)                    \
  X(SetNetworkInformation)                    \
  X(GetIpStatisticsEx)                        \
  X(GetTcpStatisticsEx)                       \
  X(GetUdpStatisticsEx)                       \
  X(GetIcmpStatisticsEx)                      \
  D(GetInterfaceDnsSettings)                  \
  D(SetInterfaceDnsSettings)                  \
  D(FreeInterfaceDnsSettings)                 \
  D(GetDnsSettings)                           \
  D(SetDnsSettings)                           \
  D(FreeDnsSettings)                          \
  D(GetNetworkConnectivityHint)               \
  D(GetNetworkConnectivityHintForInterface)   \
  D(NotifyNetworkConnectivityHintChange)

// ntdll.dll's address parsers (documented in ip2string.h); declared here so that the
// MSVC and mingw-w64 headers need not agree on where they live.
using RtlIpv4StringToAddressExWFn = LONG(NTAPI*)(PCWSTR, BOOLEAN, IN_ADDR*, PUSHORT);
using RtlIpv6StringToAddressExWFn = LONG(NTAPI*)(PCWSTR, IN6_ADDR*, PULONG, PUSHORT);

struct EntryPoints {
#define NETIO_DECLARE_ENTRY_POINT(name) decltype(&::name) name = nullptr;
#define NETIO_DECLARE_PROJECT_ENTRY_POINT(name) decl::name##Fn name = nullptr;
  NETIO_IPHLPAPI_ENTRY_POINTS(NETIO_DECLARE_ENTRY_POINT, NETIO_DECLARE_PROJECT_ENTRY_POINT)
#undef NETIO_DECLARE_ENTRY_POINT
#undef NETIO_DECLARE_PROJECT_ENTRY_POINT
  RtlIpv4StringToAddressExWFn RtlIpv4StringToAddressExW = nullptr;
  RtlIpv6StringToAddressExWFn RtlIpv6StringToAddressExW = nullptr;
};

// Resolved on first use (the addon's Init makes that first use); the result is immutable
// afterwards, so every thread and every Node.js environment may read it without locks.
const EntryPoints& Api();

#ifdef NETIOAPI_BENCH
// The benchmark build only (scripts/cross-build.mjs --bench; never a release or test
// build): points ConvertInterfaceLuidToIndex, GetIfEntry2 and GetExtendedTcpTable at
// stand-ins that cost next to nothing (the last copies a table captured from the OS), so
// that what the package adds can be timed without the OS's own variation, or back at the
// real functions. Called by bench.cc alone, with no OS call in flight.
void UseNullOsForBenchmarks(bool on);
// The table GetExtendedTcpTable's stand-in serves (a copy of what the OS once returned).
void SetTcpTableForBenchmarks(const void* table, size_t bytes);
#endif

// { FunctionName: true | false } for every entry point above.
Napi::Object EntryPointsToJs(Napi::Env env);

}  // namespace netio
