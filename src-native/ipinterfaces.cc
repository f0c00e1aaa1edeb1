// IP interfaces, per address family: MIB_IPINTERFACE_ROW (GetIpInterfaceEntry and its
// family). Interface identity (MIB_IF_ROW2) is in interfaces.cc.
#include "families.h"
#include "operation.h"
#include "rows.h"

namespace netio {

namespace {

#define NETIO_OFFLOAD_BITS(X)       \
  X(NlChecksumSupported)            \
  X(NlOptionsSupported)             \
  X(TlDatagramChecksumSupported)    \
  X(TlStreamChecksumSupported)      \
  X(TlStreamOptionsSupported)       \
  X(FastPathCompatible)             \
  X(TlLargeSendOffloadSupported)    \
  X(TlGiantSendOffloadSupported)

// camelCase of a member name, for the few places a name is spelled once for C and JS.
std::string Camel(const char* name) {
  std::string out = name;
  out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

Napi::Object OffloadToJs(Napi::Env env, const NL_INTERFACE_OFFLOAD_ROD& rod) {
  Napi::Object o = Napi::Object::New(env);
#define NETIO_OFFLOAD_TO_JS(bit) o.Set(Camel(#bit), Napi::Boolean::New(env, rod.bit != 0));
  NETIO_OFFLOAD_BITS(NETIO_OFFLOAD_TO_JS)
#undef NETIO_OFFLOAD_TO_JS
  return o;
}

// The flags the caller gave; the others keep the bits the row already holds.
void OffloadFromJs(const Napi::Value& value, const char* member, NL_INTERFACE_OFFLOAD_ROD* rod) {
  if (!value.IsObject()) throw ArgumentError{member, "an object of offload flags"};
  Napi::Object o = value.As<Napi::Object>();
#define NETIO_OFFLOAD_FROM_JS(bit)                                      \
  {                                                                     \
    Napi::Value flag;                                                   \
    if (Optional(o, Camel(#bit).c_str(), &flag)) rod->bit = BoolFromJs(flag, member) ? 1 : 0; \
  }
  NETIO_OFFLOAD_BITS(NETIO_OFFLOAD_FROM_JS)
#undef NETIO_OFFLOAD_FROM_JS
}

// The BOOLEAN members of MIB_IPINTERFACE_ROW, listed once for both directions.
#define NETIO_IPINTERFACE_BOOLEANS(X)       \
  X(AdvertisingEnabled)                     \
  X(ForwardingEnabled)                      \
  X(WeakHostSend)                           \
  X(WeakHostReceive)                        \
  X(UseAutomaticMetric)                     \
  X(UseNeighborUnreachabilityDetection)     \
  X(ManagedAddressConfigurationSupported)   \
  X(OtherStatefulConfigurationSupported)    \
  X(AdvertiseDefaultRoute)                  \
  X(Connected)                              \
  X(SupportsWakeUpPatterns)                 \
  X(SupportsNeighborDiscovery)              \
  X(SupportsRouterDiscovery)                \
  X(DisableDefaultRoutes)

// The ULONG members of MIB_IPINTERFACE_ROW.
#define NETIO_IPINTERFACE_ULONGS(X) \
  X(MaxReassemblySize)              \
  X(MinRouterAdvertisementInterval) \
  X(MaxRouterAdvertisementInterval) \
  X(DadTransmits)                   \
  X(BaseReachableTime)              \
  X(RetransmitTime)                 \
  X(PathMtuDiscoveryTimeout)        \
  X(LinkLocalAddressTimeout)        \
  X(SitePrefixLength)               \
  X(Metric)                         \
  X(NlMtu)                          \
  X(ReachableTime)

// What InitializeIpInterfaceEntry writes: this system's own function where it is
// exported, else the values its page documents (Family AF_UNSPEC, the LUID unspecified,
// everything else zero). Every IP interface row going in starts from it.
void InitializeIpInterfaceRow(MIB_IPINTERFACE_ROW* row) {
  std::memset(row, 0, sizeof *row);
  if (Api().InitializeIpInterfaceEntry != nullptr) {
    Api().InitializeIpInterfaceEntry(row);
    return;
  }
  row->Family = AF_UNSPEC;
}

// MIB_IPINTERFACE_ROW, JS -> C. The key (family and interface) is always given; every other
// member the caller left out keeps the bytes InitializeIpInterfaceEntry wrote, so that a
// member nobody named is never sent as a value nobody chose.
void IpInterfaceRowFromJs(const Napi::Object& in, MIB_IPINTERFACE_ROW* row) {
  InitializeIpInterfaceRow(row);
  row->Family = FamilyFromJs(Member(in, "family"), "family");
  row->InterfaceLuid = LuidFromJs(Member(in, "interfaceLuid"), "interfaceLuid");
  row->InterfaceIndex = IndexFromJs(Member(in, "interfaceIndex"), "interfaceIndex");
  Napi::Value v;
  if (Optional(in, "interfaceIdentifier", &v)) {
    bool lossless = false;
    if (!v.IsBigInt()) throw ArgumentError{"interfaceIdentifier", "a bigint"};
    row->InterfaceIdentifier = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) throw ArgumentError{"interfaceIdentifier", "a bigint from 0 to 2^64-1"};
  }
#define NETIO_ULONG_FROM_JS(name) \
  if (Optional(in, Camel(#name).c_str(), &v)) row->name = UlongFromJs(v, #name);
  NETIO_IPINTERFACE_ULONGS(NETIO_ULONG_FROM_JS)
#undef NETIO_ULONG_FROM_JS
#define NETIO_BOOL_FROM_JS(name) \
  if (Optional(in, Camel(#name).c_str(), &v)) row->name = BoolFromJs(v, #name);
  NETIO_IPINTERFACE_BOOLEANS(NETIO_BOOL_FROM_JS)
#undef NETIO_BOOL_FROM_JS
  // The "unchanged" values of these two enumerations are -1, 4294967295 on the wire.
  if (Optional(in, "routerDiscoveryBehavior", &v)) StoreEnum(&row->RouterDiscoveryBehavior, UlongFromJs(v, "routerDiscoveryBehavior"));
  if (Optional(in, "linkLocalAddressBehavior", &v)) StoreEnum(&row->LinkLocalAddressBehavior, UlongFromJs(v, "linkLocalAddressBehavior"));
  if (Optional(in, "zoneIndices", &v)) {
    if (!v.IsArray() || v.As<Napi::Array>().Length() != ScopeLevelCount) {
      throw ArgumentError{"zoneIndices", "an array of 16 zone indices"};
    }
    for (uint32_t i = 0; i < ScopeLevelCount; ++i) row->ZoneIndices[i] = UlongFromJs(v.As<Napi::Array>().Get(i), "zoneIndices");
  }
  if (Optional(in, "transmitOffload", &v)) OffloadFromJs(v, "transmitOffload", &row->TransmitOffload);
  if (Optional(in, "receiveOffload", &v)) OffloadFromJs(v, "receiveOffload", &row->ReceiveOffload);
}

#define NETIO_IPINTERFACE_LAYOUT(name) NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, name),
const MemberLayout kIpInterfaceLayout[] = {
    NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, Family),
    NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, InterfaceLuid),
    NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, InterfaceIndex),
    NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, InterfaceIdentifier),
    NETIO_IPINTERFACE_ULONGS(NETIO_IPINTERFACE_LAYOUT)
    NETIO_IPINTERFACE_BOOLEANS(NETIO_IPINTERFACE_LAYOUT)
    NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, RouterDiscoveryBehavior),
    NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, LinkLocalAddressBehavior),
    NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, ZoneIndices),
    NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, TransmitOffload),
    NETIO_MEMBER_LAYOUT(MIB_IPINTERFACE_ROW, ReceiveOffload),
};
#undef NETIO_IPINTERFACE_LAYOUT

// Diagnostic: ipInterfaceRowBytes() is what every IP interface row starts from;
// ipInterfaceRowBytes(row) is the row the marshaller would send for `row`.
Napi::Value IpInterfaceRowBytes(const Napi::CallbackInfo& info) {
  return Diagnostic(info, "InitializeIpInterfaceEntry", [&]() -> Napi::Value {
    MIB_IPINTERFACE_ROW row;
    bool given = info.Length() > 0 && !info[0].IsUndefined() && !info[0].IsNull();
    if (given) {
      IpInterfaceRowFromJs(RowArgument(info, 0, "row"), &row);
    } else {
      InitializeIpInterfaceRow(&row);
    }
    bool native = Api().InitializeIpInterfaceEntry != nullptr;
    std::vector<size_t> untouched;
    if (native && !given) untouched = UntouchedBytes<MIB_IPINTERFACE_ROW>(Api().InitializeIpInterfaceEntry);
    return RowBytesToJs(info.Env(), &row, sizeof row, kIpInterfaceLayout, sizeof kIpInterfaceLayout / sizeof kIpInterfaceLayout[0], native, untouched);
  });
}

constexpr char kGet[] = "GetIpInterfaceEntry";
constexpr char kSet[] = "SetIpInterfaceEntry";
Status CallGet(MIB_IPINTERFACE_ROW* row) { return NETIO_CALL(GetIpInterfaceEntry, row); }
Status CallSet(MIB_IPINTERFACE_ROW* row) { return NETIO_CALL(SetIpInterfaceEntry, row); }

constexpr char kTable[] = "GetIpInterfaceTable";
Status CallTable(ADDRESS_FAMILY family, MIB_IPINTERFACE_TABLE** table) { return NETIO_CALL(GetIpInterfaceTable, family, table); }

// InitializeIpInterfaceEntry: this system's own values, or the documented ones where the
// function is not exported (ipInterfaceRowBytes tells which).
struct Initialize {
  static constexpr const char* kSyscall = "InitializeIpInterfaceEntry";
  explicit Initialize(const Napi::CallbackInfo&) {}
  Status Run() {
    InitializeIpInterfaceRow(&row);
    return Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return IpInterfaceRowToJs(env, row); }
  MIB_IPINTERFACE_ROW row{};
};

}  // namespace

// MIB_IPINTERFACE_ROW, C -> JS.
Napi::Object IpInterfaceRowToJs(Napi::Env env, const MIB_IPINTERFACE_ROW& row) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("family", Napi::Number::New(env, row.Family));
  o.Set("interfaceLuid", LuidToJs(env, row.InterfaceLuid));
  o.Set("interfaceIndex", Napi::Number::New(env, row.InterfaceIndex));
  o.Set("interfaceIdentifier", U64ToJs(env, row.InterfaceIdentifier));
#define NETIO_ULONG_TO_JS(name) o.Set(Camel(#name), Napi::Number::New(env, row.name));
  NETIO_IPINTERFACE_ULONGS(NETIO_ULONG_TO_JS)
#undef NETIO_ULONG_TO_JS
#define NETIO_BOOL_TO_JS(name) o.Set(Camel(#name), Napi::Boolean::New(env, row.name != FALSE));
  NETIO_IPINTERFACE_BOOLEANS(NETIO_BOOL_TO_JS)
#undef NETIO_BOOL_TO_JS
  o.Set("routerDiscoveryBehavior", Napi::Number::New(env, static_cast<ULONG>(row.RouterDiscoveryBehavior)));
  o.Set("linkLocalAddressBehavior", Napi::Number::New(env, static_cast<ULONG>(row.LinkLocalAddressBehavior)));
  Napi::Array zones = Napi::Array::New(env, ScopeLevelCount);
  for (uint32_t i = 0; i < ScopeLevelCount; ++i) zones.Set(i, Napi::Number::New(env, row.ZoneIndices[i]));
  o.Set("zoneIndices", zones);
  o.Set("transmitOffload", OffloadToJs(env, row.TransmitOffload));
  o.Set("receiveOffload", OffloadToJs(env, row.ReceiveOffload));
  return o;
}

void RegisterIpInterfaces(Napi::Env env, Napi::Object exports) {
  Export<RowQuery<MIB_IPINTERFACE_ROW, IpInterfaceRowFromJs, IpInterfaceRowToJs, kGet, CallGet>>(env, exports, "getIpInterfaceEntry");
  Export<RowCommand<MIB_IPINTERFACE_ROW, IpInterfaceRowFromJs, kSet, CallSet>>(env, exports, "setIpInterfaceEntry");
  Export<FamilyTable<MIB_IPINTERFACE_TABLE, MIB_IPINTERFACE_ROW, IpInterfaceRowToJs, kTable, CallTable>>(env, exports,
                                                                                                     "getIpInterfaceTable");
  Export<Initialize>(env, exports, "initializeIpInterfaceEntry");
  exports.Set("ipInterfaceRowBytes", Napi::Function::New(env, IpInterfaceRowBytes, "ipInterfaceRowBytes"));
}

}  // namespace netio
