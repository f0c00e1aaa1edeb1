// Neighbours (ARP and NDP entries): CreateIpNetEntry2 and its family.
#include "families.h"
#include "operation.h"
#include "ospool.h"

namespace netio {

namespace {

// The one marshaller for MIB_IPNET_ROW2, JS -> C. The facade passes every member.
void NetRowFromJs(const Napi::Object& in, MIB_IPNET_ROW2* row) {
  std::memset(row, 0, sizeof *row);
  SockaddrFromJs(Member(in, "address"), "address", &row->Address);
  row->InterfaceIndex = IndexFromJs(Member(in, "interfaceIndex"), "interfaceIndex");
  row->InterfaceLuid = LuidFromJs(Member(in, "interfaceLuid"), "interfaceLuid");
  row->PhysicalAddressLength =
      PhysicalFromJs(Member(in, "physicalAddress"), "physicalAddress", row->PhysicalAddress, IF_MAX_PHYS_ADDRESS_LENGTH);
  StoreEnum(&row->State, UlongFromJs(Member(in, "state"), "state"));
  row->IsRouter = BoolFromJs(Member(in, "isRouter"), "isRouter");
  row->IsUnreachable = BoolFromJs(Member(in, "isUnreachable"), "isUnreachable");
}

// The one marshaller for MIB_IPNET_ROW2, C -> JS.
Napi::Object NetRowToJs(Napi::Env env, const MIB_IPNET_ROW2& row) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("address", SockaddrToJs(env, row.Address));
  o.Set("interfaceIndex", Napi::Number::New(env, row.InterfaceIndex));
  o.Set("interfaceLuid", LuidToJs(env, row.InterfaceLuid));
  o.Set("physicalAddress", PhysicalToJs(env, row.PhysicalAddress, row.PhysicalAddressLength, IF_MAX_PHYS_ADDRESS_LENGTH));
  o.Set("physicalAddressLength", Napi::Number::New(env, row.PhysicalAddressLength));
  o.Set("state", Napi::Number::New(env, static_cast<ULONG>(row.State)));
  o.Set("isRouter", Napi::Boolean::New(env, row.IsRouter != 0));
  o.Set("isUnreachable", Napi::Boolean::New(env, row.IsUnreachable != 0));
  // ReachabilityTime is a union: milliseconds since last reachable, or unreachable.
  Napi::Object reachability = Napi::Object::New(env);
  reachability.Set("lastReachable", Napi::Number::New(env, row.ReachabilityTime.LastReachable));
  reachability.Set("lastUnreachable", Napi::Number::New(env, row.ReachabilityTime.LastUnreachable));
  o.Set("reachabilityTime", reachability);
  return o;
}

constexpr char kCreate[] = "CreateIpNetEntry2";
constexpr char kDelete[] = "DeleteIpNetEntry2";
constexpr char kSet[] = "SetIpNetEntry2";
constexpr char kGetEntry[] = "GetIpNetEntry2";
constexpr char kGetTable[] = "GetIpNetTable2";
Status CallCreate(MIB_IPNET_ROW2* row) { return NETIO_CALL(CreateIpNetEntry2, row); }
Status CallDelete(MIB_IPNET_ROW2* row) { return NETIO_CALL(DeleteIpNetEntry2, row); }
Status CallSet(MIB_IPNET_ROW2* row) { return NETIO_CALL(SetIpNetEntry2, row); }
Status CallGetEntry(MIB_IPNET_ROW2* row) { return NETIO_CALL(GetIpNetEntry2, row); }
Status CallGetTable(ADDRESS_FAMILY family, MIB_IPNET_TABLE2** table) { return NETIO_CALL(GetIpNetTable2, family, table); }

using Create = RowCommand<MIB_IPNET_ROW2, NetRowFromJs, kCreate, CallCreate>;
using Delete = RowCommand<MIB_IPNET_ROW2, NetRowFromJs, kDelete, CallDelete>;
using Set = RowCommand<MIB_IPNET_ROW2, NetRowFromJs, kSet, CallSet>;
using GetEntry = RowQuery<MIB_IPNET_ROW2, NetRowFromJs, NetRowToJs, kGetEntry, CallGetEntry>;
using GetTable = FamilyTable<MIB_IPNET_TABLE2, MIB_IPNET_ROW2, NetRowToJs, kGetTable, CallGetTable>;

struct Flush {
  static constexpr const char* kSyscall = "FlushIpNetTable2";
  explicit Flush(const Napi::CallbackInfo& info)
      : family(FamilyFromJs(info[0], "family")), index(IndexFromJs(info[1], "interfaceIndex")) {}
  Status Run() { return NETIO_CALL(FlushIpNetTable2, family, index); }
  Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  ADDRESS_FAMILY family;
  NET_IFINDEX index;
};

// ResolveIpNetEntry2(row, source?): the row with the resolved physical address. It sends ARP
// or a neighbour solicitation and blocks until a reply or the stack gives up (seconds, for a
// silent host), with no event form: the async twin runs it on the Windows pool (ospool.h).
struct Resolve {
  static constexpr const char* kSyscall = "ResolveIpNetEntry2";
  explicit Resolve(const Napi::CallbackInfo& info) {
    NetRowFromJs(RowArgument(info, 0, "row"), &row);
    hasSource = !info[1].IsNull() && !info[1].IsUndefined();
    if (hasSource) SockaddrFromJs(info[1], "source", &source);
  }
  Status Run() { return NETIO_CALL(ResolveIpNetEntry2, &row, hasSource ? &source : nullptr); }
  Napi::Value Result(Napi::Env env) { return NetRowToJs(env, row); }
  MIB_IPNET_ROW2 row;
  SOCKADDR_INET source{};
  bool hasSource = false;
};

}  // namespace

void RegisterNeighbors(Napi::Env env, Napi::Object exports) {
  Export<Create>(env, exports, "createIpNetEntry2");
  Export<Delete>(env, exports, "deleteIpNetEntry2");
  Export<Set>(env, exports, "setIpNetEntry2");
  Export<GetEntry>(env, exports, "getIpNetEntry2");
  Export<GetTable>(env, exports, "getIpNetTable2");
  Export<Flush>(env, exports, "flushIpNetTable2");
  ExportOnOsPool<Resolve>(env, exports, "resolveIpNetEntry2");
}

}  // namespace netio
