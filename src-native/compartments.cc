// Network compartments: GetCurrentThreadCompartmentId and SetCurrentThreadCompartmentId,
// GetSessionCompartmentId and SetSessionCompartmentId, GetDefaultCompartmentId, and
// GetNetworkInformation and SetNetworkInformation. Microsoft documents the first six of
// these as reserved ("do not use"); they are here one for one, as the header has them.
//
// The thread functions run on the calling (JS) thread in both twins: on a libuv pool thread
// they would read or change that pool thread (see ExportOnCallingThread).
#include "families.h"
#include "operation.h"

namespace netio {

namespace {

// NET_IF_COMPARTMENT_ID_UNSPECIFIED (0) names no compartment: never a value to set.
NET_IF_COMPARTMENT_ID CompartmentFromJs(const Napi::Value& value) {
  ULONG id = UlongFromJs(value, "compartmentId");
  if (id == 0) throw ArgumentError{"compartmentId", "a compartment id from 1 to 4294967295"};
  return id;
}

struct GetThread {
  static constexpr const char* kSyscall = "GetCurrentThreadCompartmentId";
  explicit GetThread(const Napi::CallbackInfo&) {}
  Status Run() {
    if (Api().GetCurrentThreadCompartmentId == nullptr) return Status::Missing(kSyscall);
    id = Api().GetCurrentThreadCompartmentId();
    return Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return Napi::Number::New(env, id); }
  NET_IF_COMPARTMENT_ID id = 0;
};

struct SetThread {
  static constexpr const char* kSyscall = "SetCurrentThreadCompartmentId";
  explicit SetThread(const Napi::CallbackInfo& info) : id(CompartmentFromJs(info[0])) {}
  Status Run() { return NETIO_CALL(SetCurrentThreadCompartmentId, id); }
  Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  NET_IF_COMPARTMENT_ID id;
};

struct GetSession {
  static constexpr const char* kSyscall = "GetSessionCompartmentId";
  explicit GetSession(const Napi::CallbackInfo& info) : session(UlongFromJs(info[0], "sessionId")) {}
  Status Run() {
    if (Api().GetSessionCompartmentId == nullptr) return Status::Missing(kSyscall);
    id = Api().GetSessionCompartmentId(session);
    return Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return Napi::Number::New(env, id); }
  ULONG session;
  NET_IF_COMPARTMENT_ID id = 0;
};

struct SetSession {
  static constexpr const char* kSyscall = "SetSessionCompartmentId";
  explicit SetSession(const Napi::CallbackInfo& info) : session(UlongFromJs(info[0], "sessionId")), id(CompartmentFromJs(info[1])) {}
  Status Run() { return NETIO_CALL(SetSessionCompartmentId, session, id); }
  Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  ULONG session;
  NET_IF_COMPARTMENT_ID id;
};

struct GetDefault {
  static constexpr const char* kSyscall = "GetDefaultCompartmentId";
  explicit GetDefault(const Napi::CallbackInfo&) {}
  Status Run() {
    if (Api().GetDefaultCompartmentId == nullptr) return Status::Missing(kSyscall);
    id = Api().GetDefaultCompartmentId();
    return Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return Napi::Number::New(env, id); }
  NET_IF_COMPARTMENT_ID id = 0;
};

// The network name buffer: Length is not documented as characters or bytes, so the buffer
// holds kNameChars characters and Length says kNameChars; either reading stays inside it.
constexpr ULONG kNameChars = IF_MAX_STRING_SIZE + 1;

struct GetInformation {
  static constexpr const char* kSyscall = "GetNetworkInformation";
  explicit GetInformation(const Napi::CallbackInfo& info) : network(GuidFromJs(info[0], "networkGuid")) {}
  Status Run() { return NETIO_CALL(GetNetworkInformation, &network, &compartment, &site, name, kNameChars); }
  Napi::Value Result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("compartmentId", Napi::Number::New(env, compartment));
    o.Set("siteId", Napi::Number::New(env, site));
    o.Set("networkName", WideToJs(env, name, kNameChars));
    return o;
  }
  GUID network;
  NET_IF_COMPARTMENT_ID compartment = 0;
  ULONG site = 0;
  WCHAR name[kNameChars] = {};
};

struct SetInformation {
  static constexpr const char* kSyscall = "SetNetworkInformation";
  explicit SetInformation(const Napi::CallbackInfo& info)
      : network(GuidFromJs(info[0], "networkGuid")),
        compartment(CompartmentFromJs(info[1])),
        name(WideFromJs(info[2], "networkName")) {}
  Status Run() { return NETIO_CALL(SetNetworkInformation, &network, compartment, name.c_str()); }
  Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  GUID network;
  NET_IF_COMPARTMENT_ID compartment;
  std::wstring name;
};

}  // namespace

void RegisterCompartments(Napi::Env env, Napi::Object exports) {
  ExportOnCallingThread<GetThread>(env, exports, "getCurrentThreadCompartmentId");
  ExportOnCallingThread<SetThread>(env, exports, "setCurrentThreadCompartmentId");
  Export<GetSession>(env, exports, "getSessionCompartmentId");
  Export<SetSession>(env, exports, "setSessionCompartmentId");
  Export<GetDefault>(env, exports, "getDefaultCompartmentId");
  Export<GetInformation>(env, exports, "getNetworkInformation");
  Export<SetInformation>(env, exports, "setNetworkInformation");
}

}  // namespace netio
