// The addon's entry point. Node-API makes it context-aware: Init runs once per Node.js
// environment (main thread and each worker thread), and the only process-wide state is
// the immutable table of resolved entry points (and the tablesFreed counter); the rest is
// per environment (EnvironmentData, operation.h).
#include "entrypoints.h"
#include "families.h"
#include "operation.h"

namespace netio {

Napi::Object RowArgument(const Napi::CallbackInfo& info, size_t index, const char* member) {
  if (info.Length() <= index || !info[index].IsObject()) throw ArgumentError{member, "an object"};
  return info[index].As<Napi::Object>();
}

namespace {

Napi::Value GetEntryPoints(const Napi::CallbackInfo& info) { return EntryPointsToJs(info.Env()); }

Napi::Value GetTablesFreed(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(MibTableDeleter::TablesFreed().load()));
}

Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  Api();  // resolve every entry point now, once per process
  InitEnvironment(env);  // first: every async call and the notifications keep their state there
  exports.Set("entryPoints", Napi::Function::New(env, GetEntryPoints, "entryPoints"));
  exports.Set("napiVersion", Napi::Number::New(env, NAPI_VERSION));
  exports.Set("tablesFreed", Napi::Function::New(env, GetTablesFreed, "tablesFreed"));
  // Whether this build compared declarations.h with the Windows SDK (declarations.cc).
  exports.Set("declarationsChecked", Napi::Boolean::New(env, decl::CheckedAgainstSdk()));
  RegisterInterfaces(env, exports);
  RegisterRoutes(env, exports);
  RegisterNeighbors(env, exports);
  RegisterAddresses(env, exports);
  RegisterIpInterfaces(env, exports);
  RegisterNotifications(env, exports);
  RegisterDns(env, exports);
  RegisterConnectivity(env, exports);
  RegisterTables(env, exports);
  RegisterCompartments(env, exports);
  RegisterStatistics(env, exports);
#ifdef NETIOAPI_BENCH
  RegisterBench(env, exports);
#endif
  RegisterAdapters(env, exports);
  RegisterIcmp(env, exports);
  RegisterSockets(env, exports);
  return exports;
}

}  // namespace

}  // namespace netio

static Napi::Object Init(Napi::Env env, Napi::Object exports) { return netio::InitAddon(env, exports); }

NODE_API_MODULE(netioapi, Init)
