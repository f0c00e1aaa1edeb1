// DNS settings: GetInterfaceDnsSettings and SetInterfaceDnsSettings (per interface), and
// GetDnsSettings and SetDnsSettings (the machine's). FreeInterfaceDnsSettings and
// FreeDnsSettings are called inside, by the owners below, on every path.
//
// Settings travel as plain objects whose members are the documented ones in camelCase, the
// server and search lists as the OS's own text (comma-separated); lib/dns.ts splits and
// joins them and decides the flags. On the way in, `flags` says which members are read:
// a member whose flag is clear is left zero, as SetInterfaceDnsSettings requires.
#include <string>

#include "families.h"
#include "operation.h"

namespace netio {

namespace {

// A settings string from JS: "" is one too (an empty list clears the setting).
std::wstring ListFromJs(const Napi::Object& in, const char* member) { return WideFromJs(Member(in, member), member); }

// A settings string from the OS; a null pointer is "".
Napi::Value ListToJs(Napi::Env env, const std::wstring& text) { return WideToJs(env, text.c_str(), text.size()); }

std::wstring Copy(PCWSTR text) { return text == nullptr ? std::wstring() : std::wstring(text); }

ULONG64 FlagsFromJs(const Napi::Object& in) {
  Napi::Value value = Member(in, "flags");
  ULONG flags = UlongFromJs(value, "flags");
  return flags;
}

// Owns what GetInterfaceDnsSettings allocated inside `settings` and frees it with
// FreeInterfaceDnsSettings when it goes out of scope, also when copying the strings threw.
class InterfaceSettingsOwner {
 public:
  explicit InterfaceSettingsOwner(decl::DNS_INTERFACE_SETTINGS_EX* settings) : settings_(settings) {}
  ~InterfaceSettingsOwner() {
    if (Api().FreeInterfaceDnsSettings != nullptr) Api().FreeInterfaceDnsSettings(&settings_->SettingsV1);
  }
  InterfaceSettingsOwner(const InterfaceSettingsOwner&) = delete;
  InterfaceSettingsOwner& operator=(const InterfaceSettingsOwner&) = delete;

 private:
  decl::DNS_INTERFACE_SETTINGS_EX* settings_;
};

class SettingsOwner {
 public:
  explicit SettingsOwner(decl::DNS_SETTINGS* settings) : settings_(settings) {}
  ~SettingsOwner() {
    if (Api().FreeDnsSettings != nullptr) Api().FreeDnsSettings(settings_);
  }
  SettingsOwner(const SettingsOwner&) = delete;
  SettingsOwner& operator=(const SettingsOwner&) = delete;

 private:
  decl::DNS_SETTINGS* settings_;
};

// getInterfaceDnsSettings(interfaceGuid, ipv6) -> settings. Asks for version 2
// (DNS_INTERFACE_SETTINGS_EX); a system that refuses version 2 with ERROR_INVALID_PARAMETER
// is asked again for version 1, and `version` in the result says which answered.
struct GetInterface {
  static constexpr const char* kSyscall = "GetInterfaceDnsSettings";
  explicit GetInterface(const Napi::CallbackInfo& info)
      : guid(GuidFromJs(info[0], "interfaceGuid")), ipv6(BoolFromJs(info[1], "ipv6")) {}

  Status Run() {
    Status status = Query(decl::kInterfaceSettingsVersion2);
    if (status.code == ERROR_INVALID_PARAMETER) status = Query(decl::kInterfaceSettingsVersion1);
    return status;
  }

  Status Query(ULONG requested) {
    decl::DNS_INTERFACE_SETTINGS_EX settings{};
    settings.SettingsV1.Version = requested;
    if (ipv6) settings.SettingsV1.Flags = decl::kSettingIpv6;
    Status status = NETIO_CALL(GetInterfaceDnsSettings, guid, &settings.SettingsV1);
    if (!status.ok()) return status;
    InterfaceSettingsOwner owner(&settings);
    const decl::DNS_INTERFACE_SETTINGS& v1 = settings.SettingsV1;
    version = requested;
    flags = v1.Flags;
    domain = Copy(v1.Domain);
    nameServer = Copy(v1.NameServer);
    searchList = Copy(v1.SearchList);
    registrationEnabled = v1.RegistrationEnabled;
    registerAdapterName = v1.RegisterAdapterName;
    enableLlmnr = v1.EnableLLMNR;
    queryAdapterName = v1.QueryAdapterName;
    profileNameServer = Copy(v1.ProfileNameServer);
    if (requested >= decl::kInterfaceSettingsVersion2) {
      disableUnconstrainedQueries = settings.DisableUnconstrainedQueries;
      supplementalSearchList = Copy(settings.SupplementalSearchList);
    }
    return Status::Ok();
  }

  Napi::Value Result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("version", Napi::Number::New(env, version));
    o.Set("flags", Napi::Number::New(env, static_cast<double>(flags)));
    o.Set("domain", ListToJs(env, domain));
    o.Set("nameServer", ListToJs(env, nameServer));
    o.Set("searchList", ListToJs(env, searchList));
    o.Set("registrationEnabled", Napi::Boolean::New(env, registrationEnabled != 0));
    o.Set("registerAdapterName", Napi::Boolean::New(env, registerAdapterName != 0));
    o.Set("enableLlmnr", Napi::Boolean::New(env, enableLlmnr != 0));
    o.Set("queryAdapterName", Napi::Boolean::New(env, queryAdapterName != 0));
    o.Set("profileNameServer", ListToJs(env, profileNameServer));
    o.Set("disableUnconstrainedQueries", Napi::Boolean::New(env, disableUnconstrainedQueries != 0));
    o.Set("supplementalSearchList", ListToJs(env, supplementalSearchList));
    return o;
  }

  GUID guid;
  bool ipv6;
  ULONG version = 0;
  ULONG64 flags = 0;
  std::wstring domain, nameServer, searchList, profileNameServer, supplementalSearchList;
  ULONG registrationEnabled = 0, registerAdapterName = 0, enableLlmnr = 0, queryAdapterName = 0, disableUnconstrainedQueries = 0;
};

// setInterfaceDnsSettings(interfaceGuid, settings): `settings.flags` names the members to
// write; the others stay zero, as documented. Version 2 only when a version-2 member is set.
struct SetInterface {
  static constexpr const char* kSyscall = "SetInterfaceDnsSettings";
  explicit SetInterface(const Napi::CallbackInfo& info) : guid(GuidFromJs(info[0], "interfaceGuid")) {
    Napi::Object in = RowArgument(info, 1, "settings");
    flags = FlagsFromJs(in);
    // Nothing but (perhaps) the family to set: a caller's mistake, never a call.
    if ((flags & ~decl::kSettingIpv6) == 0) throw ArgumentError{"settings", "at least one setting to change"};
    constexpr ULONG64 known = decl::kSettingIpv6 | decl::kSettingNameServer | decl::kSettingSearchList |
                              decl::kSettingRegistrationEnabled | decl::kSettingRegisterAdapterName | decl::kSettingDomain |
                              decl::kSettingEnableLlmnr | decl::kSettingQueryAdapterName | decl::kSettingProfileNameServer |
                              decl::kSettingDisableUnconstrainedQueries | decl::kSettingSupplementalSearchList;
    if ((flags & ~known) != 0) throw ArgumentError{"flags", "DNS_SETTING_* bits of DNS_INTERFACE_SETTINGS_EX"};
    if (flags & decl::kSettingDomain) domain = ListFromJs(in, "domain");
    if (flags & decl::kSettingNameServer) nameServer = ListFromJs(in, "nameServer");
    if (flags & decl::kSettingSearchList) searchList = ListFromJs(in, "searchList");
    if (flags & decl::kSettingProfileNameServer) profileNameServer = ListFromJs(in, "profileNameServer");
    if (flags & decl::kSettingSupplementalSearchList) supplementalSearchList = ListFromJs(in, "supplementalSearchList");
    if (flags & decl::kSettingRegistrationEnabled) registrationEnabled = BoolFromJs(Member(in, "registrationEnabled"), "registrationEnabled");
    if (flags & decl::kSettingRegisterAdapterName) registerAdapterName = BoolFromJs(Member(in, "registerAdapterName"), "registerAdapterName");
    if (flags & decl::kSettingEnableLlmnr) enableLlmnr = BoolFromJs(Member(in, "enableLlmnr"), "enableLlmnr");
    if (flags & decl::kSettingQueryAdapterName) queryAdapterName = BoolFromJs(Member(in, "queryAdapterName"), "queryAdapterName");
    if (flags & decl::kSettingDisableUnconstrainedQueries) {
      disableUnconstrainedQueries = BoolFromJs(Member(in, "disableUnconstrainedQueries"), "disableUnconstrainedQueries");
    }
  }

  Status Run() {
    decl::DNS_INTERFACE_SETTINGS_EX settings{};
    decl::DNS_INTERFACE_SETTINGS& v1 = settings.SettingsV1;
    bool v2 = (flags & (decl::kSettingDisableUnconstrainedQueries | decl::kSettingSupplementalSearchList)) != 0;
    v1.Version = v2 ? decl::kInterfaceSettingsVersion2 : decl::kInterfaceSettingsVersion1;
    v1.Flags = flags;
    // The OS only reads these strings; PWSTR is the documented (non-const) member type.
    if (flags & decl::kSettingDomain) v1.Domain = domain.data();
    if (flags & decl::kSettingNameServer) v1.NameServer = nameServer.data();
    if (flags & decl::kSettingSearchList) v1.SearchList = searchList.data();
    if (flags & decl::kSettingProfileNameServer) v1.ProfileNameServer = profileNameServer.data();
    v1.RegistrationEnabled = registrationEnabled ? TRUE : FALSE;
    v1.RegisterAdapterName = registerAdapterName ? TRUE : FALSE;
    v1.EnableLLMNR = enableLlmnr ? TRUE : FALSE;
    v1.QueryAdapterName = queryAdapterName ? TRUE : FALSE;
    if (flags & decl::kSettingSupplementalSearchList) settings.SupplementalSearchList = supplementalSearchList.data();
    settings.DisableUnconstrainedQueries = disableUnconstrainedQueries ? TRUE : FALSE;
    return NETIO_CALL(SetInterfaceDnsSettings, guid, &v1);
  }

  Napi::Value Result(Napi::Env env) { return env.Undefined(); }

  GUID guid;
  ULONG64 flags = 0;
  std::wstring domain, nameServer, searchList, profileNameServer, supplementalSearchList;
  bool registrationEnabled = false, registerAdapterName = false, enableLlmnr = false, queryAdapterName = false,
       disableUnconstrainedQueries = false;
};

// getDnsSettings() -> the machine's settings (DNS_SETTINGS, version 1).
struct GetGlobal {
  static constexpr const char* kSyscall = "GetDnsSettings";
  explicit GetGlobal(const Napi::CallbackInfo&) {}

  Status Run() {
    decl::DNS_SETTINGS settings{};
    settings.Version = decl::kSettingsVersion1;
    Status status = NETIO_CALL(GetDnsSettings, &settings);
    if (!status.ok()) return status;
    SettingsOwner owner(&settings);
    version = settings.Version;
    flags = settings.Flags;
    hostname = Copy(settings.Hostname);
    domain = Copy(settings.Domain);
    searchList = Copy(settings.SearchList);
    return Status::Ok();
  }

  Napi::Value Result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("version", Napi::Number::New(env, version));
    o.Set("flags", Napi::Number::New(env, static_cast<double>(flags)));
    o.Set("hostname", ListToJs(env, hostname));
    o.Set("domain", ListToJs(env, domain));
    o.Set("searchList", ListToJs(env, searchList));
    return o;
  }

  ULONG version = 0;
  ULONG64 flags = 0;
  std::wstring hostname, domain, searchList;
};

// setDnsSettings(settings): `settings.flags` names the members to write.
struct SetGlobal {
  static constexpr const char* kSyscall = "SetDnsSettings";
  explicit SetGlobal(const Napi::CallbackInfo& info) {
    Napi::Object in = RowArgument(info, 0, "settings");
    flags = FlagsFromJs(in);
    constexpr ULONG64 known = decl::kSettingHostname | decl::kSettingDomain | decl::kSettingSearchList;
    if (flags == 0) throw ArgumentError{"settings", "at least one setting to change"};
    if ((flags & ~known) != 0) throw ArgumentError{"flags", "DNS_SETTING_HOSTNAME, DNS_SETTING_DOMAIN or DNS_SETTING_SEARCHLIST"};
    if (flags & decl::kSettingHostname) hostname = ListFromJs(in, "hostname");
    if (flags & decl::kSettingDomain) domain = ListFromJs(in, "domain");
    if (flags & decl::kSettingSearchList) searchList = ListFromJs(in, "searchList");
  }

  Status Run() {
    decl::DNS_SETTINGS settings{};
    settings.Version = decl::kSettingsVersion1;
    settings.Flags = flags;
    if (flags & decl::kSettingHostname) settings.Hostname = hostname.data();
    if (flags & decl::kSettingDomain) settings.Domain = domain.data();
    if (flags & decl::kSettingSearchList) settings.SearchList = searchList.data();
    return NETIO_CALL(SetDnsSettings, &settings);
  }

  Napi::Value Result(Napi::Env env) { return env.Undefined(); }

  ULONG64 flags = 0;
  std::wstring hostname, domain, searchList;
};

}  // namespace

void RegisterDns(Napi::Env env, Napi::Object exports) {
  Export<GetInterface>(env, exports, "getInterfaceDnsSettings");
  Export<SetInterface>(env, exports, "setInterfaceDnsSettings");
  Export<GetGlobal>(env, exports, "getDnsSettings");
  Export<SetGlobal>(env, exports, "setDnsSettings");
}

}  // namespace netio
