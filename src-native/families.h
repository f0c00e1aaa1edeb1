// Each family of functions registers its exports from its own source file.
#pragma once

#include "platform.h"

namespace netio {

void RegisterInterfaces(Napi::Env env, Napi::Object exports);
void RegisterRoutes(Napi::Env env, Napi::Object exports);
void RegisterNeighbors(Napi::Env env, Napi::Object exports);
void RegisterAddresses(Napi::Env env, Napi::Object exports);
void RegisterIpInterfaces(Napi::Env env, Napi::Object exports);
void RegisterNotifications(Napi::Env env, Napi::Object exports);
void RegisterAdapters(Napi::Env env, Napi::Object exports);
void RegisterDns(Napi::Env env, Napi::Object exports);
void RegisterConnectivity(Napi::Env env, Napi::Object exports);
void RegisterTables(Napi::Env env, Napi::Object exports);
void RegisterCompartments(Napi::Env env, Napi::Object exports);
void RegisterStatistics(Napi::Env env, Napi::Object exports);
#ifdef NETIOAPI_BENCH
void RegisterBench(Napi::Env env, Napi::Object exports);  // the benchmark build only
#endif
void RegisterIcmp(Napi::Env env, Napi::Object exports);
void RegisterSockets(Napi::Env env, Napi::Object exports);

}  // namespace netio
