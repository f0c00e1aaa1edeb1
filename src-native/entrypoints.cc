#include "entrypoints.h"

#ifdef NETIOAPI_BENCH
#include <cstring>
#include <vector>
#endif

namespace netio {

namespace {

template <typename Fn>
void Resolve(HMODULE module, const char* name, Fn* slot) {
  *slot = module == nullptr ? nullptr : reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(module, name)));
}

EntryPoints Load() {
  EntryPoints api;
  // Only from System32: never a same-named DLL planted beside the application. The module
  // stays loaded for the life of the process, like any DLL the process links to.
  HMODULE iphlpapi = LoadLibraryExW(L"iphlpapi.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
#define NETIO_RESOLVE_ENTRY_POINT(name) Resolve(iphlpapi, #name, &api.name);
  NETIO_IPHLPAPI_ENTRY_POINTS(NETIO_RESOLVE_ENTRY_POINT, NETIO_RESOLVE_ENTRY_POINT)
#undef NETIO_RESOLVE_ENTRY_POINT
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  Resolve(ntdll, "RtlIpv4StringToAddressExW", &api.RtlIpv4StringToAddressExW);
  Resolve(ntdll, "RtlIpv6StringToAddressExW", &api.RtlIpv6StringToAddressExW);
  return api;
}

EntryPoints& Mutable() {
  static EntryPoints api = Load();  // thread-safe one-time initialisation
  return api;
}

#ifdef NETIOAPI_BENCH
NETIO_STATUS NETIOAPI_API_ NullLuidToIndex(CONST NET_LUID*, PNET_IFINDEX index) {
  *index = 1;
  return NO_ERROR;
}

NETIO_STATUS NETIOAPI_API_ NullGetIfEntry2(PMIB_IF_ROW2 row) {
  row->InterfaceLuid.Value = 1;
  return NO_ERROR;
}

// A table that GetExtendedTcpTable once returned, served again by the stand-in below at the
// cost of a copy, whatever family and class are asked for.
std::vector<unsigned char>& TcpTableSnapshot() {
  static std::vector<unsigned char> snapshot;
  return snapshot;
}

DWORD WINAPI NullGetExtendedTcpTable(PVOID table, PDWORD size, BOOL, ULONG, TCP_TABLE_CLASS, ULONG) {
  const std::vector<unsigned char>& snapshot = TcpTableSnapshot();
  const DWORD needed = static_cast<DWORD>(snapshot.size());
  if (table == nullptr || *size < needed) {
    *size = needed;
    return ERROR_INSUFFICIENT_BUFFER;
  }
  std::memcpy(table, snapshot.data(), needed);
  *size = needed;
  return NO_ERROR;
}
#endif  // NETIOAPI_BENCH

}  // namespace

const EntryPoints& Api() { return Mutable(); }

#ifdef NETIOAPI_BENCH
void UseNullOsForBenchmarks(bool on) {
  static const EntryPoints real = Mutable();
  Mutable().ConvertInterfaceLuidToIndex = on ? NullLuidToIndex : real.ConvertInterfaceLuidToIndex;
  Mutable().GetIfEntry2 = on ? NullGetIfEntry2 : real.GetIfEntry2;
  Mutable().GetExtendedTcpTable = on ? NullGetExtendedTcpTable : real.GetExtendedTcpTable;
}

void SetTcpTableForBenchmarks(const void* table, size_t bytes) {
  const auto* begin = static_cast<const unsigned char*>(table);
  TcpTableSnapshot().assign(begin, begin + bytes);
}
#endif  // NETIOAPI_BENCH

Napi::Object EntryPointsToJs(Napi::Env env) {
  const EntryPoints& api = Api();
  Napi::Object out = Napi::Object::New(env);
#define NETIO_REPORT_ENTRY_POINT(name) out.Set(#name, api.name != nullptr);
  NETIO_IPHLPAPI_ENTRY_POINTS(NETIO_REPORT_ENTRY_POINT, NETIO_REPORT_ENTRY_POINT)
#undef NETIO_REPORT_ENTRY_POINT
  out.Set("RtlIpv4StringToAddressExW", api.RtlIpv4StringToAddressExW != nullptr);
  out.Set("RtlIpv6StringToAddressExW", api.RtlIpv6StringToAddressExW != nullptr);
  return out;
}

}  // namespace netio
