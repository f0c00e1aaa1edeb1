// Routes: CreateIpForwardEntry2 and its family, and GetBestRoute2 with the interface
// metric that makes a route's effective metric.
#include "families.h"
#include "operation.h"
#include "rows.h"

#include <string>
#include <vector>

namespace netio {

// The one marshaller for MIB_IPFORWARD_ROW2, C -> JS, for one row and for a table alike:
// rows travel as columns (see WireForwardRows in lib/native.ts), packed off the JS thread,
// so that a table of 100,000 routes costs the JS thread one string and two typed arrays,
// and lib/routes.ts builds the row objects (in slices, for the async call).
class ForwardColumns {
 public:
  static constexpr uint32_t kStride = 10;  // numbers per row

  void Reserve(size_t rows) {
    text_.reserve(rows * 34);
    numbers_.reserve(rows * kStride);
  }

  // Any thread.
  void Add(const MIB_IPFORWARD_ROW2& row) {
    AppendPrefix(row.DestinationPrefix);
    text_ += '\n';
    AppendAddress(row.NextHop);
    text_ += '\n';
    numbers_.push_back(LuidSlot(row.InterfaceLuid.Value));
    numbers_.push_back(row.InterfaceIndex);
    numbers_.push_back(row.SitePrefixLength);
    numbers_.push_back(row.ValidLifetime);
    numbers_.push_back(row.PreferredLifetime);
    numbers_.push_back(row.Metric);
    numbers_.push_back(static_cast<uint32_t>(row.Protocol));
    numbers_.push_back(row.Age);
    numbers_.push_back(static_cast<uint32_t>(row.Origin));
    numbers_.push_back((row.Loopback ? 1u : 0u) | (row.AutoconfigureAddress ? 2u : 0u) | (row.Publish ? 4u : 0u) | (row.Immortal ? 8u : 0u));
    ++count_;
  }

  // JS thread. Copies into ArrayBuffers that V8 owns (Electron allows no external ones).
  Napi::Object ToJs(Napi::Env env) const {
    Napi::Object o = Napi::Object::New(env);
    o.Set("count", Napi::Number::New(env, count_));
    o.Set("text", Latin1ToJs(env, text_));
    o.Set("numbers", ColumnToJs(env, numbers_));
    o.Set("luids", ColumnToJs(env, luids_));
    return o;
  }

 private:
  uint32_t LuidSlot(uint64_t luid) {
    for (size_t i = 0; i < luids_.size(); ++i) {
      if (luids_[i] == luid) return static_cast<uint32_t>(i);
    }
    luids_.push_back(luid);
    return static_cast<uint32_t>(luids_.size() - 1);
  }

  void AppendAddress(const SOCKADDR_INET& address) {
    if (address.si_family == AF_INET) {
      const unsigned char* b = reinterpret_cast<const unsigned char*>(&address.Ipv4.sin_addr);
      for (int i = 0; i < 4; ++i) {
        if (i) text_ += '.';
        AppendDecimal(b[i]);
      }
    } else {
      text_ += FormatAddress(address);  // '' for an unknown family
    }
  }

  void AppendPrefix(const IP_ADDRESS_PREFIX& prefix) {
    if (prefix.Prefix.si_family != AF_INET && prefix.Prefix.si_family != AF_INET6) return;
    AppendAddress(prefix.Prefix);
    text_ += '/';
    AppendDecimal(prefix.PrefixLength);
  }

  void AppendDecimal(unsigned value) {
    char digits[10];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (n > 0) text_ += digits[--n];
  }

  std::string text_;
  std::vector<uint32_t> numbers_;
  std::vector<uint64_t> luids_;
  uint32_t count_ = 0;
};

namespace {

// What InitializeIpForwardEntry writes: this system's own function where it is exported,
// else the values its page documents (infinite lifetimes; Loopback, AutoconfigureAddress,
// Publish and Immortal TRUE; SitePrefixLength, Metric and Protocol at their "illegal"
// values, all ones; everything else zero). Every route row going in starts from it.
void InitializeForwardRow(MIB_IPFORWARD_ROW2* row) {
  std::memset(row, 0, sizeof *row);
  if (Api().InitializeIpForwardEntry != nullptr) {
    Api().InitializeIpForwardEntry(row);
    return;
  }
  row->SitePrefixLength = 0xff;
  row->ValidLifetime = 0xffffffff;
  row->PreferredLifetime = 0xffffffff;
  row->Metric = 0xffffffff;
  StoreEnum(&row->Protocol, 0xffffffff);
  row->Loopback = TRUE;
  row->AutoconfigureAddress = TRUE;
  row->Publish = TRUE;
  row->Immortal = TRUE;
}

// The one marshaller for MIB_IPFORWARD_ROW2, JS -> C. The key (interface, destination
// prefix, next hop) is always given; every other member the caller left out keeps the
// bytes InitializeIpForwardEntry wrote.
void ForwardRowFromJs(const Napi::Object& in, MIB_IPFORWARD_ROW2* row) {
  InitializeForwardRow(row);
  row->InterfaceLuid = LuidFromJs(Member(in, "interfaceLuid"), "interfaceLuid");
  row->InterfaceIndex = IndexFromJs(Member(in, "interfaceIndex"), "interfaceIndex");
  PrefixFromJs(Member(in, "destinationPrefix"), "destinationPrefix", &row->DestinationPrefix);
  SockaddrFromJs(Member(in, "nextHop"), "nextHop", &row->NextHop);
  Napi::Value v;
  if (Optional(in, "sitePrefixLength", &v)) {
    ULONG site = UlongFromJs(v, "sitePrefixLength");
    if (site > 255) throw ArgumentError{"sitePrefixLength", "an integer from 0 to 255"};
    row->SitePrefixLength = static_cast<UCHAR>(site);
  }
  if (Optional(in, "validLifetime", &v)) row->ValidLifetime = UlongFromJs(v, "validLifetime");
  if (Optional(in, "preferredLifetime", &v)) row->PreferredLifetime = UlongFromJs(v, "preferredLifetime");
  if (Optional(in, "metric", &v)) row->Metric = UlongFromJs(v, "metric");
  if (Optional(in, "protocol", &v)) StoreEnum(&row->Protocol, UlongFromJs(v, "protocol"));
  if (Optional(in, "loopback", &v)) row->Loopback = BoolFromJs(v, "loopback");
  if (Optional(in, "autoconfigureAddress", &v)) row->AutoconfigureAddress = BoolFromJs(v, "autoconfigureAddress");
  if (Optional(in, "publish", &v)) row->Publish = BoolFromJs(v, "publish");
  if (Optional(in, "immortal", &v)) row->Immortal = BoolFromJs(v, "immortal");
  if (Optional(in, "age", &v)) row->Age = UlongFromJs(v, "age");
  if (Optional(in, "origin", &v)) StoreEnum(&row->Origin, UlongFromJs(v, "origin"));
}

const MemberLayout kForwardLayout[] = {
    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, InterfaceLuid),        NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, InterfaceIndex),
    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, DestinationPrefix),    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, NextHop),
    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, SitePrefixLength),     NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, ValidLifetime),
    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, PreferredLifetime),    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, Metric),
    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, Protocol),             NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, Loopback),
    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, AutoconfigureAddress), NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, Publish),
    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, Immortal),             NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, Age),
    NETIO_MEMBER_LAYOUT(MIB_IPFORWARD_ROW2, Origin),
};

// Diagnostic: ipForwardRowBytes() is what every route row starts from (InitializeIpForwardEntry's
// output, or the documented values where it is not exported); ipForwardRowBytes(row) is the
// row the marshaller would send for `row`.
Napi::Value ForwardRowBytes(const Napi::CallbackInfo& info) {
  return Diagnostic(info, "InitializeIpForwardEntry", [&]() -> Napi::Value {
    MIB_IPFORWARD_ROW2 row;
    bool given = info.Length() > 0 && !info[0].IsUndefined() && !info[0].IsNull();
    if (given) {
      ForwardRowFromJs(RowArgument(info, 0, "row"), &row);
    } else {
      InitializeForwardRow(&row);
    }
    bool native = Api().InitializeIpForwardEntry != nullptr;
    std::vector<size_t> untouched;
    if (native && !given) untouched = UntouchedBytes<MIB_IPFORWARD_ROW2>(Api().InitializeIpForwardEntry);
    return RowBytesToJs(info.Env(), &row, sizeof row, kForwardLayout, sizeof kForwardLayout / sizeof kForwardLayout[0], native, untouched);
  });
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
// GetIpForwardTable2: the rows are packed into columns in Run, off the JS thread, and the
// OS's table is freed there too.
struct GetTable {
  static constexpr const char* kSyscall = kGetTable;
  explicit GetTable(const Napi::CallbackInfo& info) : family(FamilyFromJs(info[0], "family")) {}
  Status Run() {
    MibTable<MIB_IPFORWARD_TABLE2> table;
    Status status = CallGetTable(family, Out(table));
    if (!status.ok()) return status;
    columns.Reserve(table->NumEntries);
    for (ULONG i = 0; i < table->NumEntries; ++i) columns.Add(table->Table[i]);
    return status;
  }
  Napi::Value Result(Napi::Env env) { return columns.ToJs(env); }
  ADDRESS_FAMILY family;
  ForwardColumns columns;
};

// InitializeIpForwardEntry: this system's own values, or the documented ones where the
// function is not exported (ipForwardRowBytes tells which).
struct Initialize {
  static constexpr const char* kSyscall = "InitializeIpForwardEntry";
  explicit Initialize(const Napi::CallbackInfo&) {}
  Status Run() {
    InitializeForwardRow(&row);
    return Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return ForwardRowToJs(env, row); }
  MIB_IPFORWARD_ROW2 row{};
};

// GetBestRoute2, then GetIpInterfaceEntry for the chosen interface's metric. A source of
// the other family goes to the OS as it is: Windows ignores it and still answers.
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
    // Windows can succeed with a zeroed route (no interface, an unspecified prefix): there is
    // then no interface to ask for a metric, and asking would fail (87, family 0).
    hasInterface = route.InterfaceLuid.Value != 0 || route.InterfaceIndex != 0;
    if (!hasInterface) return status;
    interfaceRow.Family = destination.si_family;
    interfaceRow.InterfaceLuid = route.InterfaceLuid;
    interfaceRow.InterfaceIndex = route.InterfaceIndex;
    return NETIO_CALL(GetIpInterfaceEntry, &interfaceRow);
  }
  Napi::Value Result(Napi::Env env) {
    Napi::Object out = Napi::Object::New(env);
    out.Set("route", ForwardRowToJs(env, route));
    out.Set("sourceAddress", SockaddrToJs(env, bestSource));
    out.Set("interfaceMetric", hasInterface ? Napi::Value(Napi::Number::New(env, interfaceRow.Metric)) : env.Null());
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
  bool hasInterface = false;
};

}  // namespace

Napi::Object ForwardRowToJs(Napi::Env env, const MIB_IPFORWARD_ROW2& row) {
  ForwardColumns columns;
  columns.Add(row);
  return columns.ToJs(env);
}

void RegisterRoutes(Napi::Env env, Napi::Object exports) {
  Export<Create>(env, exports, "createIpForwardEntry2");
  Export<Delete>(env, exports, "deleteIpForwardEntry2");
  Export<Set>(env, exports, "setIpForwardEntry2");
  Export<GetEntry>(env, exports, "getIpForwardEntry2");
  Export<GetTable>(env, exports, "getIpForwardTable2");
  Export<Initialize>(env, exports, "initializeIpForwardEntry");
  Export<BestRoute>(env, exports, "getBestRoute2");
  exports.Set("ipForwardRowBytes", Napi::Function::New(env, ForwardRowBytes, "ipForwardRowBytes"));
}

}  // namespace netio
