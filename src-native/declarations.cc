// The layout checks of declarations.h: every project declaration against the Windows SDK's
// own, at compile time. A difference in size, in a member's offset or size, in a constant
// or in a function type fails the build instead of corrupting memory on Windows.
//
// Which headers are compared with. The project's normal translation units target Windows 10
// (_WIN32_WINNT 0x0A00, from binding.gyp), for which the SDK hides everything that came
// with Windows 10 2004 (DNS settings, connectivity hints) behind NTDDI_VERSION. This unit
// alone raises NTDDI_VERSION above every version an SDK knows, before any header, so that
// the SDK declares all it has. It declares no function and holds no data that other units
// see except CheckedAgainstSdk(), so the raised version cannot make two units disagree.
//
// When the comparison happens (the decision, made once, here):
//   - only with _MSC_VER and without __MINGW64_VERSION_MAJOR: the Windows SDK's headers.
//     The native lint's clang in MSVC mode defines _MSC_VER too, but reads mingw-w64's
//     headers (which define __MINGW64_VERSION_MAJOR and lack these types);
//   - only where the SDK declares every type compared, told by macros that the SDK's
//     netioapi.h defines next to them: DNS_INTERFACE_SETTINGS_VERSION1
//     (DNS_INTERFACE_SETTINGS), DNS_INTERFACE_SETTINGS_VERSION2 (DNS_INTERFACE_SETTINGS_EX),
//     DNS_SETTINGS_VERSION1 (DNS_SETTINGS); and NTDDI_WIN10_VB, which an SDK that knows
//     Windows 10 2004 defines, for NL_NETWORK_CONNECTIVITY_HINT (2004), MIB_IF_ENTRY_LEVEL
//     (1703) and GetDefaultCompartmentId. All or nothing: an SDK older than that compares
//     nothing, rather than some.
// Everywhere else the same assertions compile against the project's own declarations (a
// comparison with itself), so that every compiler checks that they are well formed, and the
// MSVC job in CI (test.yml builds with the SDK) is where they compare two definitions.
// test.yml also asserts that the MSVC build compared them (CheckedAgainstSdk(), exported as
// the binding's declarationsChecked).
#if defined(_MSC_VER) && !defined(__clang__)
#undef NTDDI_VERSION
#define NTDDI_VERSION 0x0A0000FF
#endif

#include <cstddef>
#include <type_traits>

#include "declarations.h"

#if defined(_MSC_VER) && !defined(__MINGW64_VERSION_MAJOR) && defined(DNS_INTERFACE_SETTINGS_VERSION1) && \
    defined(DNS_INTERFACE_SETTINGS_VERSION2) && defined(DNS_SETTINGS_VERSION1) && defined(NTDDI_WIN10_VB)
#define NETIO_SDK_HAS_DECLARATIONS 1
#else
#define NETIO_SDK_HAS_DECLARATIONS 0
#endif

namespace netio {
namespace decl {

namespace {

// `sdk` names what the comparison is made with: the SDK's global declarations, or the
// project's own where the SDK has none.
namespace sdk {
#if NETIO_SDK_HAS_DECLARATIONS
using DNS_INTERFACE_SETTINGS = ::DNS_INTERFACE_SETTINGS;
using DNS_INTERFACE_SETTINGS_EX = ::DNS_INTERFACE_SETTINGS_EX;
using DNS_SETTINGS = ::DNS_SETTINGS;
using NL_NETWORK_CONNECTIVITY_HINT = ::NL_NETWORK_CONNECTIVITY_HINT;
using NL_NETWORK_CONNECTIVITY_LEVEL_HINT = ::NL_NETWORK_CONNECTIVITY_LEVEL_HINT;
using NL_NETWORK_CONNECTIVITY_COST_HINT = ::NL_NETWORK_CONNECTIVITY_COST_HINT;
using MIB_IF_ENTRY_LEVEL = ::MIB_IF_ENTRY_LEVEL;
using PNETWORK_CONNECTIVITY_HINT_CHANGE_CALLBACK = ::PNETWORK_CONNECTIVITY_HINT_CHANGE_CALLBACK;
using GetInterfaceDnsSettingsFn = decltype(&::GetInterfaceDnsSettings);
using SetInterfaceDnsSettingsFn = decltype(&::SetInterfaceDnsSettings);
using FreeInterfaceDnsSettingsFn = decltype(&::FreeInterfaceDnsSettings);
using GetDnsSettingsFn = decltype(&::GetDnsSettings);
using SetDnsSettingsFn = decltype(&::SetDnsSettings);
using FreeDnsSettingsFn = decltype(&::FreeDnsSettings);
using GetNetworkConnectivityHintFn = decltype(&::GetNetworkConnectivityHint);
using GetNetworkConnectivityHintForInterfaceFn = decltype(&::GetNetworkConnectivityHintForInterface);
using NotifyNetworkConnectivityHintChangeFn = decltype(&::NotifyNetworkConnectivityHintChange);
using GetIfEntry2ExFn = decltype(&::GetIfEntry2Ex);
using GetDefaultCompartmentIdFn = decltype(&::GetDefaultCompartmentId);
constexpr ULONG64 kFlags[] = {DNS_SETTING_IPV6,
                              DNS_SETTING_NAMESERVER,
                              DNS_SETTING_SEARCHLIST,
                              DNS_SETTING_REGISTRATION_ENABLED,
                              DNS_SETTING_REGISTER_ADAPTER_NAME,
                              DNS_SETTING_DOMAIN,
                              DNS_SETTING_HOSTNAME,
                              DNS_SETTINGS_ENABLE_LLMNR,
                              DNS_SETTINGS_QUERY_ADAPTER_NAME,
                              DNS_SETTING_PROFILE_NAMESERVER,
                              DNS_SETTING_DISABLE_UNCONSTRAINED_QUERIES,
                              DNS_SETTING_SUPPLEMENTAL_SEARCH_LIST};
constexpr ULONG kVersions[] = {DNS_INTERFACE_SETTINGS_VERSION1, DNS_INTERFACE_SETTINGS_VERSION2, DNS_SETTINGS_VERSION1};
// Qualified: unqualified, these names would find decl's own enumerators first.
constexpr int kEnumerators[] = {::NetworkConnectivityLevelHintUnknown,
                                ::NetworkConnectivityLevelHintNone,
                                ::NetworkConnectivityLevelHintLocalAccess,
                                ::NetworkConnectivityLevelHintInternetAccess,
                                ::NetworkConnectivityLevelHintConstrainedInternetAccess,
                                ::NetworkConnectivityLevelHintHidden,
                                ::NetworkConnectivityCostHintUnknown,
                                ::NetworkConnectivityCostHintUnrestricted,
                                ::NetworkConnectivityCostHintFixed,
                                ::NetworkConnectivityCostHintVariable,
                                ::MibIfEntryNormal,
                                ::MibIfEntryNormalWithoutStatistics};
#else
using decl::DNS_INTERFACE_SETTINGS;
using decl::DNS_INTERFACE_SETTINGS_EX;
using decl::DNS_SETTINGS;
using decl::NL_NETWORK_CONNECTIVITY_HINT;
using decl::NL_NETWORK_CONNECTIVITY_LEVEL_HINT;
using decl::NL_NETWORK_CONNECTIVITY_COST_HINT;
using decl::MIB_IF_ENTRY_LEVEL;
using decl::PNETWORK_CONNECTIVITY_HINT_CHANGE_CALLBACK;
using decl::GetInterfaceDnsSettingsFn;
using decl::SetInterfaceDnsSettingsFn;
using decl::FreeInterfaceDnsSettingsFn;
using decl::GetDnsSettingsFn;
using decl::SetDnsSettingsFn;
using decl::FreeDnsSettingsFn;
using decl::GetNetworkConnectivityHintFn;
using decl::GetNetworkConnectivityHintForInterfaceFn;
using decl::NotifyNetworkConnectivityHintChangeFn;
using decl::GetIfEntry2ExFn;
using decl::GetDefaultCompartmentIdFn;
constexpr ULONG64 kFlags[] = {kSettingIpv6,
                              kSettingNameServer,
                              kSettingSearchList,
                              kSettingRegistrationEnabled,
                              kSettingRegisterAdapterName,
                              kSettingDomain,
                              kSettingHostname,
                              kSettingEnableLlmnr,
                              kSettingQueryAdapterName,
                              kSettingProfileNameServer,
                              kSettingDisableUnconstrainedQueries,
                              kSettingSupplementalSearchList};
constexpr ULONG kVersions[] = {kInterfaceSettingsVersion1, kInterfaceSettingsVersion2, kSettingsVersion1};
constexpr int kEnumerators[] = {NetworkConnectivityLevelHintUnknown,
                                NetworkConnectivityLevelHintNone,
                                NetworkConnectivityLevelHintLocalAccess,
                                NetworkConnectivityLevelHintInternetAccess,
                                NetworkConnectivityLevelHintConstrainedInternetAccess,
                                NetworkConnectivityLevelHintHidden,
                                NetworkConnectivityCostHintUnknown,
                                NetworkConnectivityCostHintUnrestricted,
                                NetworkConnectivityCostHintFixed,
                                NetworkConnectivityCostHintVariable,
                                MibIfEntryNormal,
                                MibIfEntryNormalWithoutStatistics};
#endif
}  // namespace sdk

// The project's values of the constants, in the order of sdk::kFlags, kVersions, kEnumerators.
constexpr ULONG64 kOurFlags[] = {kSettingIpv6,
                                 kSettingNameServer,
                                 kSettingSearchList,
                                 kSettingRegistrationEnabled,
                                 kSettingRegisterAdapterName,
                                 kSettingDomain,
                                 kSettingHostname,
                                 kSettingEnableLlmnr,
                                 kSettingQueryAdapterName,
                                 kSettingProfileNameServer,
                                 kSettingDisableUnconstrainedQueries,
                                 kSettingSupplementalSearchList};
constexpr ULONG kOurVersions[] = {kInterfaceSettingsVersion1, kInterfaceSettingsVersion2, kSettingsVersion1};
constexpr int kOurEnumerators[] = {decl::NetworkConnectivityLevelHintUnknown,
                                   decl::NetworkConnectivityLevelHintNone,
                                   decl::NetworkConnectivityLevelHintLocalAccess,
                                   decl::NetworkConnectivityLevelHintInternetAccess,
                                   decl::NetworkConnectivityLevelHintConstrainedInternetAccess,
                                   decl::NetworkConnectivityLevelHintHidden,
                                   decl::NetworkConnectivityCostHintUnknown,
                                   decl::NetworkConnectivityCostHintUnrestricted,
                                   decl::NetworkConnectivityCostHintFixed,
                                   decl::NetworkConnectivityCostHintVariable,
                                   decl::MibIfEntryNormal,
                                   decl::MibIfEntryNormalWithoutStatistics};

template <class T, size_t N>
constexpr bool SameValues(const T (&a)[N], const T (&b)[N]) {
  for (size_t i = 0; i < N; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}
static_assert(SameValues(kOurFlags, sdk::kFlags), "a DNS_SETTING_* flag differs from the SDK's");
static_assert(SameValues(kOurVersions, sdk::kVersions), "a DNS settings version differs from the SDK's");
static_assert(SameValues(kOurEnumerators, sdk::kEnumerators), "an enumerator differs from the SDK's");

// Sizes of whole types.
#define NETIO_SAME_SIZE(T) static_assert(sizeof(decl::T) == sizeof(sdk::T) && alignof(decl::T) == alignof(sdk::T), #T ": size or alignment differs from the SDK's")
// One member: the same offset and the same size.
#define NETIO_SAME_MEMBER(T, m)                                                                                       \
  static_assert(offsetof(decl::T, m) == offsetof(sdk::T, m), #T "::" #m ": offset differs from the SDK's");          \
  static_assert(sizeof(decl::T::m) == sizeof(sdk::T::m), #T "::" #m ": size differs from the SDK's")

NETIO_SAME_SIZE(DNS_INTERFACE_SETTINGS);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, Version);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, Flags);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, Domain);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, NameServer);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, SearchList);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, RegistrationEnabled);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, RegisterAdapterName);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, EnableLLMNR);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, QueryAdapterName);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS, ProfileNameServer);

NETIO_SAME_SIZE(DNS_INTERFACE_SETTINGS_EX);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS_EX, SettingsV1);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS_EX, DisableUnconstrainedQueries);
NETIO_SAME_MEMBER(DNS_INTERFACE_SETTINGS_EX, SupplementalSearchList);

NETIO_SAME_SIZE(DNS_SETTINGS);
NETIO_SAME_MEMBER(DNS_SETTINGS, Version);
NETIO_SAME_MEMBER(DNS_SETTINGS, Flags);
NETIO_SAME_MEMBER(DNS_SETTINGS, Hostname);
NETIO_SAME_MEMBER(DNS_SETTINGS, Domain);
NETIO_SAME_MEMBER(DNS_SETTINGS, SearchList);

NETIO_SAME_SIZE(NL_NETWORK_CONNECTIVITY_LEVEL_HINT);
NETIO_SAME_SIZE(NL_NETWORK_CONNECTIVITY_COST_HINT);
NETIO_SAME_SIZE(MIB_IF_ENTRY_LEVEL);
NETIO_SAME_SIZE(NL_NETWORK_CONNECTIVITY_HINT);
NETIO_SAME_MEMBER(NL_NETWORK_CONNECTIVITY_HINT, ConnectivityLevel);
NETIO_SAME_MEMBER(NL_NETWORK_CONNECTIVITY_HINT, ConnectivityCost);
NETIO_SAME_MEMBER(NL_NETWORK_CONNECTIVITY_HINT, ApproachingDataLimit);
NETIO_SAME_MEMBER(NL_NETWORK_CONNECTIVITY_HINT, OverDataLimit);
NETIO_SAME_MEMBER(NL_NETWORK_CONNECTIVITY_HINT, Roaming);

#undef NETIO_SAME_SIZE
#undef NETIO_SAME_MEMBER

// The function types: a project type with every project declaration in it replaced by the
// SDK's must be the SDK's type exactly (return type, every parameter, by value or by
// pointer, const, and the calling convention).
template <class T>
struct ToSdk {
  using type = T;
};
template <class T>
using ToSdkT = typename ToSdk<T>::type;
template <class T>
struct ToSdk<T*> {
  using type = ToSdkT<T>*;
};
template <class T>
struct ToSdk<const T> {
  using type = const ToSdkT<T>;
};
#define NETIO_MAPS_TO_SDK(T)  \
  template <>                 \
  struct ToSdk<decl::T> {     \
    using type = sdk::T;      \
  }
NETIO_MAPS_TO_SDK(DNS_INTERFACE_SETTINGS);
NETIO_MAPS_TO_SDK(DNS_SETTINGS);
NETIO_MAPS_TO_SDK(NL_NETWORK_CONNECTIVITY_HINT);
NETIO_MAPS_TO_SDK(MIB_IF_ENTRY_LEVEL);
NETIO_MAPS_TO_SDK(PNETWORK_CONNECTIVITY_HINT_CHANGE_CALLBACK);
#undef NETIO_MAPS_TO_SDK
// A function pointer with the calling convention of every netioapi.h function.
template <class R, class... A>
struct ToSdk<R(NETIOAPI_API_*)(A...)> {
  using type = ToSdkT<R>(NETIOAPI_API_*)(ToSdkT<A>...);
};

#define NETIO_SAME_FUNCTION(F) static_assert(std::is_same<ToSdkT<decl::F##Fn>, sdk::F##Fn>::value, #F ": the function type differs from the SDK's")
NETIO_SAME_FUNCTION(GetInterfaceDnsSettings);
NETIO_SAME_FUNCTION(SetInterfaceDnsSettings);
NETIO_SAME_FUNCTION(FreeInterfaceDnsSettings);
NETIO_SAME_FUNCTION(GetDnsSettings);
NETIO_SAME_FUNCTION(SetDnsSettings);
NETIO_SAME_FUNCTION(FreeDnsSettings);
NETIO_SAME_FUNCTION(GetNetworkConnectivityHint);
NETIO_SAME_FUNCTION(GetNetworkConnectivityHintForInterface);
NETIO_SAME_FUNCTION(NotifyNetworkConnectivityHintChange);
NETIO_SAME_FUNCTION(GetIfEntry2Ex);
NETIO_SAME_FUNCTION(GetDefaultCompartmentId);
#undef NETIO_SAME_FUNCTION

}  // namespace

bool CheckedAgainstSdk() { return NETIO_SDK_HAS_DECLARATIONS != 0; }

}  // namespace decl
}  // namespace netio
