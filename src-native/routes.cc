// Routes: CreateIpForwardEntry2 and its family, and GetBestRoute2 with the interface
// metric that makes a route's effective metric.
#include "families.h"
#include "operation.h"
#include "rows.h"

namespace netio {

namespace {

// The one marshaller for MIB_IPFORWARD_ROW2, JS -> C. The facade passes every member.
void ForwardRowFromJs(const Napi::Object& in, MIB_IPFORWARD_ROW2* row) {
  std::memset(row, 0, sizeof *row);
  row->InterfaceLuid = LuidFromJs(Member(in, "interfaceLuid"), "interfaceLuid");
  row->InterfaceIndex = IndexFromJs(Member(in, "interfaceIndex"), "interfaceIndex");
  PrefixFromJs(Member(in, "destinationPrefix"), "destinationPrefix", &row->DestinationPrefix);
  SockaddrFromJs(Member(in, "nextHop"), "nextHop", &row->NextHop);
  ULONG site = UlongFromJs(Member(in, "sitePrefixLength"), "sitePrefixLength");
  if (site > 255) throw ArgumentError{"sitePrefixLength", "an integer from 0 to 255"};
  row->SitePrefixLength = static_cast<UCHAR>(site);
  row->ValidLifetime = UlongFromJs(Member(in, "validLifetime"), "validLifetime");
  row->PreferredLifetime = UlongFromJs(Member(in, "preferredLifetime"), "preferredLifetime");
  row->Metric = UlongFromJs(Member(in, "metric"), "metric");
  row->Protocol = static_cast<NL_ROUTE_PROTOCOL>(UlongFromJs(Member(in, "protocol"), "protocol"));
  row->Loopback = BoolFromJs(Member(in, "loopback"), "loopback");
  row->AutoconfigureAddress = BoolFromJs(Member(in, "autoconfigureAddress"), "autoconfigureAddress");
  row->Publish = BoolFromJs(Member(in, "publish"), "publish");
  row->Immortal = BoolFromJs(Member(in, "immortal"), "immortal");
  row->Age = UlongFromJs(Member(in, "age"), "age");
  row->Origin = static_cast<NL_ROUTE_ORIGIN>(UlongFromJs(Member(in, "origin"), "origin"));
}


constexpr char kCreate[] = "CreateIpForwardEntry2";
constexpr char kDelete[] = "DeleteIpForwardEntry2";
constexpr char kSet[] = "SetIpForwardEntry2";
constexpr char kGetEntry[] = "GetIpForwardEntry2";
constexpr char kGetTable[] = "GetIpForwardTable2";
Status CallCreate(MIB_IPFORWARD_ROW2* row) { return NETIO_CALL(CreateIpForwardEntry2, row); }
Status CallDelete(MIB_IPFORWARD_ROW2* row) { return NETIO_CALL(DeleteIpForwardEntry2, row); }
Status CallSet(MIB_IPFORWARD_ROW2* row) { return NETIO_CALL(SetIpForwardEntry2, row); }
Status CallGetEntry(MIB_IPFORWARD_ROW2* row) { return NETIO_CALL(GetIpForwardEntry2, row); }
Status CallGetTable(ADDRESS_FAMILY family, MIB_IPFORWARD_TABLE2** table) { return NETIO_CALL(GetIpForwardTable2, family, table); }

using Create = RowCommand<MIB_IPFORWARD_ROW2, ForwardRowFromJs, kCreate, CallCreate>;
using Delete = RowCommand<MIB_IPFORWARD_ROW2, ForwardRowFromJs, kDelete, CallDelete>;
using Set = RowCommand<MIB_IPFORWARD_ROW2, ForwardRowFromJs, kSet, CallSet>;
using GetEntry = RowQuery<MIB_IPFORWARD_ROW2, ForwardRowFromJs, ForwardRowToJs, kGetEntry, CallGetEntry>;
using GetTable = FamilyTable<MIB_IPFORWARD_TABLE2, MIB_IPFORWARD_ROW2, ForwardRowToJs, kGetTable, CallGetTable>;

struct Initialize {
  static constexpr const char* kSyscall = "InitializeIpForwardEntry";
  explicit Initialize(const Napi::CallbackInfo&) {}
  Status Run() {
    if (Api().InitializeIpForwardEntry == nullptr) return Status::Missing(kSyscall);
    Api().InitializeIpForwardEntry(&row);
    return Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return ForwardRowToJs(env, row); }
  MIB_IPFORWARD_ROW2 row{};
};

// GetBestRoute2, then GetIpInterfaceEntry for the chosen interface's metric.
struct BestRoute {
  static constexpr const char* kSyscall = "GetBestRoute2";
  explicit BestRoute(const Napi::CallbackInfo& info) {
    SockaddrFromJs(info[0], "destination", &destination);
    hasSource = !info[1].IsNull() && !info[1].IsUndefined();
    if (hasSource) SockaddrFromJs(info[1], "source", &source);
    luid = LuidFromJs(info[2], "interfaceLuid");
    index = IndexFromJs(info[3], "interfaceIndex");
  }
  Status Run() {
    Status status = NETIO_CALL(GetBestRoute2, luid.Value != 0 ? &luid : nullptr, index, hasSource ? &source : nullptr,
                               &destination, 0, &route, &bestSource);
    if (!status.ok()) return status;
    interfaceRow.Family = route.DestinationPrefix.Prefix.si_family;
    interfaceRow.InterfaceLuid = route.InterfaceLuid;
    interfaceRow.InterfaceIndex = route.InterfaceIndex;
    return NETIO_CALL(GetIpInterfaceEntry, &interfaceRow);
  }
  Napi::Value Result(Napi::Env env) {
    Napi::Object out = Napi::Object::New(env);
    out.Set("route", ForwardRowToJs(env, route));
    out.Set("sourceAddress", SockaddrToJs(env, bestSource));
    out.Set("interfaceMetric", Napi::Number::New(env, interfaceRow.Metric));
    return out;
  }
  SOCKADDR_INET destination{};
  SOCKADDR_INET source{};
  bool hasSource = false;
  NET_LUID luid{};
  NET_IFINDEX index = 0;
  MIB_IPFORWARD_ROW2 route{};
  SOCKADDR_INET bestSource{};
  MIB_IPINTERFACE_ROW interfaceRow{};
};

}  // namespace

// The one marshaller for MIB_IPFORWARD_ROW2, C -> JS.
Napi::Object ForwardRowToJs(Napi::Env env, const MIB_IPFORWARD_ROW2& row) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("interfaceLuid", LuidToJs(env, row.InterfaceLuid));
  o.Set("interfaceIndex", Napi::Number::New(env, row.InterfaceIndex));
  o.Set("destinationPrefix", PrefixToJs(env, row.DestinationPrefix));
  o.Set("nextHop", SockaddrToJs(env, row.NextHop));
  o.Set("sitePrefixLength", Napi::Number::New(env, row.SitePrefixLength));
  o.Set("validLifetime", Napi::Number::New(env, row.ValidLifetime));
  o.Set("preferredLifetime", Napi::Number::New(env, row.PreferredLifetime));
  o.Set("metric", Napi::Number::New(env, row.Metric));
  o.Set("protocol", Napi::Number::New(env, static_cast<ULONG>(row.Protocol)));
  o.Set("loopback", Napi::Boolean::New(env, row.Loopback != FALSE));
  o.Set("autoconfigureAddress", Napi::Boolean::New(env, row.AutoconfigureAddress != FALSE));
  o.Set("publish", Napi::Boolean::New(env, row.Publish != FALSE));
  o.Set("immortal", Napi::Boolean::New(env, row.Immortal != FALSE));
  o.Set("age", Napi::Number::New(env, row.Age));
  o.Set("origin", Napi::Number::New(env, static_cast<ULONG>(row.Origin)));
  return o;
}

void RegisterRoutes(Napi::Env env, Napi::Object exports) {
  Export<Create>(env, exports, "createIpForwardEntry2");
  Export<Delete>(env, exports, "deleteIpForwardEntry2");
  Export<Set>(env, exports, "setIpForwardEntry2");
  Export<GetEntry>(env, exports, "getIpForwardEntry2");
  Export<GetTable>(env, exports, "getIpForwardTable2");
  Export<Initialize>(env, exports, "initializeIpForwardEntry");
  Export<BestRoute>(env, exports, "getBestRoute2");
}

}  // namespace netio
