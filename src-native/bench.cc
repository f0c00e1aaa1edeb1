// The benchmark build's extra entry (scripts/bench.mjs builds it with NETIOAPI_BENCH; a
// release or test build compiles this file to nothing and exports no __bench): times the
// bare OS calls, with nothing of this package's marshalling in the loop, so the cost the
// package adds is a ratio of two measurements.
//
//   __bench('GetIpForwardTable2', iterations, family)   -> { ns, rows }
//   __bench('ConvertInterfaceLuidToIndex', iterations, luid)
//   __bench('GetIfEntry2', iterations, index)
//   __bench('null-os', 0, true | false)  the stand-ins of UseNullOsForBenchmarks, on or off
//   __bench('GetExtendedTcpTable', iterations, family, tableClass)  into a buffer sized
//       (twice over) before the clock starts
//   __bench('capture GetExtendedTcpTable', 0, family, tableClass)  the table the stand-in
//       of GetExtendedTcpTable serves while 'null-os' is on
//
// And, for the system suite's proof of ospool.h (test/system/ospool.test.ts), a stand-in for
// a call that waits on the network: Sleep(ms), exported both ways, resolving with the id of
// the thread that waited:
//   __osPoolSleep(ms)   on the Windows pool, as resolveIpNetEntry2 (ExportOnOsPool)
//   __uvPoolSleep(ms)   on libuv's pool, as every Export (the contrast the test measures)
//   __osPool()          -> { live, dropped, thread }: OsPoolCalls not yet freed, OS calls
//                       that returned to a closed JS side, and the calling thread's id
#ifdef NETIOAPI_BENCH
#include <string>
#include <vector>

#include "families.h"
#include "operation.h"
#include "ospool.h"

namespace netio {

namespace {

double Nanoseconds(LARGE_INTEGER from, LARGE_INTEGER to) {
  LARGE_INTEGER frequency;
  QueryPerformanceFrequency(&frequency);
  return static_cast<double>(to.QuadPart - from.QuadPart) * 1e9 / static_cast<double>(frequency.QuadPart);
}

Napi::Value Bench(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  try {
    if (!info[0].IsString()) throw ArgumentError{"name", "a function name"};
    std::string name = info[0].As<Napi::String>().Utf8Value();
    ULONG iterations = UlongFromJs(info[1], "iterations");
    double rows = 0;
    Status status;
    LARGE_INTEGER start{}, end{};
    if (name == "null-os") {
      UseNullOsForBenchmarks(BoolFromJs(info[2], "on"));
      return env.Undefined();
    }
    if (name == "GetIpForwardTable2") {
      ADDRESS_FAMILY family = FamilyFromJs(info[2], "family");
      QueryPerformanceCounter(&start);
      for (ULONG i = 0; i < iterations && status.ok(); ++i) {
        MibTable<MIB_IPFORWARD_TABLE2> table;
        status = NETIO_CALL(GetIpForwardTable2, family, Out(table));
        if (table) rows = table->NumEntries;
      }
      QueryPerformanceCounter(&end);
    } else if (name == "ConvertInterfaceLuidToIndex") {
      NET_LUID luid = LuidFromJs(info[2], "interfaceLuid");
      NET_IFINDEX index = 0;
      QueryPerformanceCounter(&start);
      for (ULONG i = 0; i < iterations && status.ok(); ++i) status = NETIO_CALL(ConvertInterfaceLuidToIndex, &luid, &index);
      QueryPerformanceCounter(&end);
    } else if (name == "GetIfEntry2") {
      NET_IFINDEX index = IndexFromJs(info[2], "interfaceIndex");
      MIB_IF_ROW2 row;
      QueryPerformanceCounter(&start);
      for (ULONG i = 0; i < iterations && status.ok(); ++i) {
        std::memset(&row, 0, sizeof row);
        row.InterfaceIndex = index;
        status = NETIO_CALL(GetIfEntry2, &row);
      }
      QueryPerformanceCounter(&end);
    } else if (name == "capture GetExtendedTcpTable") {
      ULONG family = FamilyFromJs(info[2], "family");
      ULONG tableClass = UlongFromJs(info[3], "tableClass");
      if (tableClass > TCP_TABLE_OWNER_MODULE_ALL) throw ArgumentError{"tableClass", "a TCP_TABLE_CLASS value from 0 to 8"};
      if (Api().GetExtendedTcpTable == nullptr) throw ToJsError(env, Status::Missing("GetExtendedTcpTable"));
      std::vector<uint64_t> buffer;
      DWORD size = 0;
      DWORD code = ERROR_INSUFFICIENT_BUFFER;
      for (int attempt = 0; attempt < 8 && code == ERROR_INSUFFICIENT_BUFFER; ++attempt) {
        buffer.resize(size / 8 + 1);
        size = static_cast<DWORD>(buffer.size() * sizeof(uint64_t));
        code = Api().GetExtendedTcpTable(buffer.data(), &size, FALSE, family, static_cast<TCP_TABLE_CLASS>(tableClass), 0);
      }
      if (code != NO_ERROR) throw ToJsError(env, Status::Os(code, "GetExtendedTcpTable"));
      SetTcpTableForBenchmarks(buffer.data(), size);
      rows = static_cast<double>(*reinterpret_cast<const DWORD*>(buffer.data()));
    } else if (name == "GetExtendedTcpTable") {
      ULONG family = FamilyFromJs(info[2], "family");
      ULONG tableClass = UlongFromJs(info[3], "tableClass");
      if (tableClass > TCP_TABLE_OWNER_MODULE_ALL) throw ArgumentError{"tableClass", "a TCP_TABLE_CLASS value from 0 to 8"};
      const auto cls = static_cast<TCP_TABLE_CLASS>(tableClass);
      if (Api().GetExtendedTcpTable == nullptr) throw ToJsError(env, Status::Missing("GetExtendedTcpTable"));
      DWORD needed = 0;
      Api().GetExtendedTcpTable(nullptr, &needed, FALSE, family, cls, 0);
      std::vector<uint64_t> buffer(needed / 4 + 1024);  // twice what was asked for, and 8 KiB
      const DWORD capacity = static_cast<DWORD>(buffer.size() * sizeof(uint64_t));
      QueryPerformanceCounter(&start);
      for (ULONG i = 0; i < iterations && status.ok(); ++i) {
        DWORD size = capacity;
        status = Status::Os(Api().GetExtendedTcpTable(buffer.data(), &size, FALSE, family, cls, 0), "GetExtendedTcpTable");
      }
      QueryPerformanceCounter(&end);
      rows = static_cast<double>(*reinterpret_cast<const DWORD*>(buffer.data()));
    } else {
      throw ArgumentError{"name", "GetIpForwardTable2, ConvertInterfaceLuidToIndex, GetIfEntry2, GetExtendedTcpTable or capture GetExtendedTcpTable"};
    }
    if (!status.ok()) throw ToJsError(env, status);
    Napi::Object out = Napi::Object::New(env);
    out.Set("ns", Nanoseconds(start, end));
    out.Set("rows", rows);
    return out;
  } catch (const ArgumentError& error) {
    throw InvalidArgument(env, "__bench", error.member, error.expected);
  }
}

// Sleep(ms) as an operation: a wait that holds its thread, as ResolveIpNetEntry2 does.
struct PoolSleep {
  static constexpr const char* kSyscall = "Sleep";
  explicit PoolSleep(const Napi::CallbackInfo& info) : milliseconds(UlongFromJs(info[0], "milliseconds")) {
    if (milliseconds > 60000) throw ArgumentError{"milliseconds", "an integer from 0 to 60000"};
  }
  Status Run() {
    thread = GetCurrentThreadId();
    Sleep(milliseconds);
    return Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return Napi::Number::New(env, thread); }
  ULONG milliseconds;
  DWORD thread = 0;
};

Napi::Value OsPoolState(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("live", static_cast<double>(OsPoolCall::Live()));
  out.Set("dropped", static_cast<double>(OsPoolCall::Dropped()));
  out.Set("thread", static_cast<double>(GetCurrentThreadId()));
  return out;
}

}  // namespace

void RegisterBench(Napi::Env env, Napi::Object exports) {
  exports.Set("__bench", Napi::Function::New(env, Bench, "__bench"));
  ExportOnOsPool<PoolSleep>(env, exports, "__osPoolSleep");
  Export<PoolSleep>(env, exports, "__uvPoolSleep");
  exports.Set("__osPool", Napi::Function::New(env, OsPoolState, "__osPool"));
}

}  // namespace netio

#endif  // NETIOAPI_BENCH
