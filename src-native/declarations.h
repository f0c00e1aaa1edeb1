// The declarations of netioapi.h (and nldef.h) that mingw-w64 10 lacks, each written once,
// from Microsoft's documented layouts:
//
//   DNS_INTERFACE_SETTINGS, DNS_INTERFACE_SETTINGS_EX   GetInterfaceDnsSettings & co.
//   DNS_SETTINGS                                        GetDnsSettings & co.
//   NL_NETWORK_CONNECTIVITY_HINT and its two enums      GetNetworkConnectivityHint & co.
//   MIB_IF_ENTRY_LEVEL                                  GetIfEntry2Ex
//   the function types of the entry points above, and GetDefaultCompartmentId
//
// They live in netio::decl, never in the global namespace: the Windows SDK declares the same
// names (in a translation unit that asks for Windows 10 2004, as declarations.cc does), and
// two declarations of one name would not compile there. The constants are named kSetting…
// because the SDK's DNS_SETTING_… are macros, which would rewrite any declaration that
// shared their names.
//
// A mistake here would corrupt memory on Windows, so declarations.cc compares every type
// with the SDK's own definition under MSVC (sizeof, and offsetof and sizeof of every
// member, and the function types with these types swapped for the SDK's): a difference
// fails the build.
#pragma once

#include "platform.h"

namespace netio {
namespace decl {

// DNS_INTERFACE_SETTINGS::Version and DNS_SETTINGS::Version.
constexpr ULONG kInterfaceSettingsVersion1 = 0x0001;  // DNS_INTERFACE_SETTINGS
constexpr ULONG kInterfaceSettingsVersion2 = 0x0002;  // DNS_INTERFACE_SETTINGS_EX
constexpr ULONG kSettingsVersion1 = 0x0001;           // DNS_SETTINGS

// The bits of DNS_INTERFACE_SETTINGS::Flags and DNS_SETTINGS::Flags (DNS_SETTING_… and
// DNS_SETTINGS_…): each says which member a Set call writes.
constexpr ULONG64 kSettingIpv6 = 0x0001;
constexpr ULONG64 kSettingNameServer = 0x0002;
constexpr ULONG64 kSettingSearchList = 0x0004;
constexpr ULONG64 kSettingRegistrationEnabled = 0x0008;
constexpr ULONG64 kSettingRegisterAdapterName = 0x0010;
constexpr ULONG64 kSettingDomain = 0x0020;
constexpr ULONG64 kSettingHostname = 0x0040;
constexpr ULONG64 kSettingEnableLlmnr = 0x0080;
constexpr ULONG64 kSettingQueryAdapterName = 0x0100;
constexpr ULONG64 kSettingProfileNameServer = 0x0200;
constexpr ULONG64 kSettingDisableUnconstrainedQueries = 0x0400;
constexpr ULONG64 kSettingSupplementalSearchList = 0x0800;

struct DNS_INTERFACE_SETTINGS {
  ULONG Version;
  ULONG64 Flags;
  PWSTR Domain;
  PWSTR NameServer;
  PWSTR SearchList;
  ULONG RegistrationEnabled;
  ULONG RegisterAdapterName;
  ULONG EnableLLMNR;
  ULONG QueryAdapterName;
  PWSTR ProfileNameServer;
};

// Version 2: version 1 and two members more.
struct DNS_INTERFACE_SETTINGS_EX {
  DNS_INTERFACE_SETTINGS SettingsV1;
  ULONG DisableUnconstrainedQueries;
  PWSTR SupplementalSearchList;
};

struct DNS_SETTINGS {
  ULONG Version;
  ULONG64 Flags;
  PWSTR Hostname;
  PWSTR Domain;
  PWSTR SearchList;
};

enum NL_NETWORK_CONNECTIVITY_LEVEL_HINT {
  NetworkConnectivityLevelHintUnknown = 0,
  NetworkConnectivityLevelHintNone = 1,
  NetworkConnectivityLevelHintLocalAccess = 2,
  NetworkConnectivityLevelHintInternetAccess = 3,
  NetworkConnectivityLevelHintConstrainedInternetAccess = 4,
  NetworkConnectivityLevelHintHidden = 5,
};

enum NL_NETWORK_CONNECTIVITY_COST_HINT {
  NetworkConnectivityCostHintUnknown = 0,
  NetworkConnectivityCostHintUnrestricted = 1,
  NetworkConnectivityCostHintFixed = 2,
  NetworkConnectivityCostHintVariable = 3,
};

struct NL_NETWORK_CONNECTIVITY_HINT {
  NL_NETWORK_CONNECTIVITY_LEVEL_HINT ConnectivityLevel;
  NL_NETWORK_CONNECTIVITY_COST_HINT ConnectivityCost;
  BOOLEAN ApproachingDataLimit;
  BOOLEAN OverDataLimit;
  BOOLEAN Roaming;
};

enum MIB_IF_ENTRY_LEVEL {
  MibIfEntryNormal = 0,
  MibIfEntryNormalWithoutStatistics = 2,
};

// PNETWORK_CONNECTIVITY_HINT_CHANGE_CALLBACK: the hint comes by value.
using PNETWORK_CONNECTIVITY_HINT_CHANGE_CALLBACK = VOID(NETIOAPI_API_*)(PVOID CallerContext, NL_NETWORK_CONNECTIVITY_HINT ConnectivityHint);

// The entry points' types, for entrypoints.h (NETIO_IPHLPAPI_ENTRY_POINTS' D entries).
using GetInterfaceDnsSettingsFn = NETIO_STATUS(NETIOAPI_API_*)(GUID Interface, DNS_INTERFACE_SETTINGS* Settings);
using SetInterfaceDnsSettingsFn = NETIO_STATUS(NETIOAPI_API_*)(GUID Interface, const DNS_INTERFACE_SETTINGS* Settings);
using FreeInterfaceDnsSettingsFn = VOID(NETIOAPI_API_*)(DNS_INTERFACE_SETTINGS* Settings);
using GetDnsSettingsFn = NETIO_STATUS(NETIOAPI_API_*)(DNS_SETTINGS* Settings);
using SetDnsSettingsFn = NETIO_STATUS(NETIOAPI_API_*)(const DNS_SETTINGS* Settings);
using FreeDnsSettingsFn = VOID(NETIOAPI_API_*)(DNS_SETTINGS* Settings);
using GetNetworkConnectivityHintFn = NETIO_STATUS(NETIOAPI_API_*)(NL_NETWORK_CONNECTIVITY_HINT* ConnectivityHint);
using GetNetworkConnectivityHintForInterfaceFn = NETIO_STATUS(NETIOAPI_API_*)(NET_IFINDEX InterfaceIndex,
                                                                             NL_NETWORK_CONNECTIVITY_HINT* ConnectivityHint);
using NotifyNetworkConnectivityHintChangeFn = NETIO_STATUS(NETIOAPI_API_*)(PNETWORK_CONNECTIVITY_HINT_CHANGE_CALLBACK Callback,
                                                                          PVOID CallerContext, BOOLEAN InitialNotification,
                                                                          PHANDLE NotificationHandle);
using GetIfEntry2ExFn = NETIO_STATUS(NETIOAPI_API_*)(MIB_IF_ENTRY_LEVEL Level, PMIB_IF_ROW2 Row);
using GetDefaultCompartmentIdFn = NET_IF_COMPARTMENT_ID(NETIOAPI_API_*)();

// Whether declarations.cc compared the declarations above with the Windows SDK's in this
// build (true only in an MSVC build against an SDK that has them all).
bool CheckedAgainstSdk();

}  // namespace decl
}  // namespace netio
