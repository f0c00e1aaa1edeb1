// Connectivity hints: GetNetworkConnectivityHint and GetNetworkConnectivityHintForInterface.
// NotifyNetworkConnectivityHintChange is registered by notifications.cc, on the one
// notification machinery, and its events are built by ConnectivityHintToJs below.
#include "families.h"
#include "operation.h"
#include "rows.h"

namespace netio {

// The one marshaller for NL_NETWORK_CONNECTIVITY_HINT, C -> JS: the enumerations as their
// numbers (lib/connectivity.ts names them).
Napi::Object ConnectivityHintToJs(Napi::Env env, const decl::NL_NETWORK_CONNECTIVITY_HINT& hint) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("connectivityLevel", Napi::Number::New(env, static_cast<uint32_t>(hint.ConnectivityLevel)));
  o.Set("connectivityCost", Napi::Number::New(env, static_cast<uint32_t>(hint.ConnectivityCost)));
  o.Set("approachingDataLimit", Napi::Boolean::New(env, hint.ApproachingDataLimit != 0));
  o.Set("overDataLimit", Napi::Boolean::New(env, hint.OverDataLimit != 0));
  o.Set("roaming", Napi::Boolean::New(env, hint.Roaming != 0));
  return o;
}

namespace {

struct Hint {
  static constexpr const char* kSyscall = "GetNetworkConnectivityHint";
  explicit Hint(const Napi::CallbackInfo&) {}
  Status Run() { return NETIO_CALL(GetNetworkConnectivityHint, &hint); }
  Napi::Value Result(Napi::Env env) { return ConnectivityHintToJs(env, hint); }
  decl::NL_NETWORK_CONNECTIVITY_HINT hint{};
};

struct HintForInterface {
  static constexpr const char* kSyscall = "GetNetworkConnectivityHintForInterface";
  explicit HintForInterface(const Napi::CallbackInfo& info) : index(IndexFromJs(info[0], "interfaceIndex")) {}
  Status Run() { return NETIO_CALL(GetNetworkConnectivityHintForInterface, index, &hint); }
  Napi::Value Result(Napi::Env env) { return ConnectivityHintToJs(env, hint); }
  NET_IFINDEX index;
  decl::NL_NETWORK_CONNECTIVITY_HINT hint{};
};

}  // namespace

void RegisterConnectivity(Napi::Env env, Napi::Object exports) {
  Export<Hint>(env, exports, "getNetworkConnectivityHint");
  Export<HintForInterface>(env, exports, "getNetworkConnectivityHintForInterface");
}

}  // namespace netio
