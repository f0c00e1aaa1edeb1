// The rest of netioapi.h's tables and conversions: multicast addresses
// (MIB_MULTICASTIPADDRESS_ROW), the path cache (MIB_IPPATH_ROW, FlushIpPathTable), the
// interface stack (MIB_IFSTACK_ROW, MIB_INVERTEDIFSTACK_ROW), the Teredo port,
// CreateSortedAddressPairs, the IPv4 mask conversions, if_nametoindex / if_indextoname and
// GetIpNetworkConnectionBandwidthEstimates. NotifyTeredoPortChange and
// NotifyStableUnicastIpAddressTable are registered by notifications.cc.
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "families.h"
#include "operation.h"
#include "rows.h"

namespace netio {

namespace {

constexpr auto MulticastRowFromJs = AddressKeyRowFromJs<MIB_MULTICASTIPADDRESS_ROW>;
constexpr auto MulticastRowToJs = AddressKeyRowToJs<MIB_MULTICASTIPADDRESS_ROW>;

// MIB_IPPATH_ROW, JS -> C: Destination and the interface; Source may be null (AF_UNSPEC).
void PathRowFromJs(const Napi::Object& in, MIB_IPPATH_ROW* row) {
  std::memset(row, 0, sizeof *row);
  Napi::Value source = Member(in, "source");
  if (!source.IsNull()) SockaddrFromJs(source, "source", &row->Source);
  SockaddrFromJs(Member(in, "destination"), "destination", &row->Destination);
  row->InterfaceLuid = LuidFromJs(Member(in, "interfaceLuid"), "interfaceLuid");
  row->InterfaceIndex = IndexFromJs(Member(in, "interfaceIndex"), "interfaceIndex");
}

// MIB_IPPATH_ROW, C -> JS. LastReachable and LastUnreachable share storage (a union):
// IsReachable says which one the value means; both are given, as for MIB_IPNET_ROW2.
Napi::Object PathRowToJs(Napi::Env env, const MIB_IPPATH_ROW& row) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("source", SockaddrToJs(env, row.Source));
  o.Set("destination", SockaddrToJs(env, row.Destination));
  o.Set("interfaceLuid", LuidToJs(env, row.InterfaceLuid));
  o.Set("interfaceIndex", Napi::Number::New(env, row.InterfaceIndex));
  o.Set("currentNextHop", SockaddrToJs(env, row.CurrentNextHop));
  o.Set("pathMtu", Napi::Number::New(env, row.PathMtu));
  o.Set("rttMean", Napi::Number::New(env, row.RttMean));
  o.Set("rttDeviation", Napi::Number::New(env, row.RttDeviation));
  o.Set("lastReachable", Napi::Number::New(env, row.LastReachable));
  o.Set("lastUnreachable", Napi::Number::New(env, row.LastUnreachable));
  o.Set("isReachable", Napi::Boolean::New(env, row.IsReachable != 0));
  o.Set("linkTransmitSpeed", U64ToJs(env, row.LinkTransmitSpeed));
  o.Set("linkReceiveSpeed", U64ToJs(env, row.LinkReceiveSpeed));
  return o;
}

constexpr char kMulticastEntry[] = "GetMulticastIpAddressEntry";
constexpr char kMulticastTable[] = "GetMulticastIpAddressTable";
constexpr char kPathEntry[] = "GetIpPathEntry";
constexpr char kPathTable[] = "GetIpPathTable";
Status MulticastEntry(MIB_MULTICASTIPADDRESS_ROW* row) { return NETIO_CALL(GetMulticastIpAddressEntry, row); }
Status MulticastTable(ADDRESS_FAMILY family, MIB_MULTICASTIPADDRESS_TABLE** table) {
  return NETIO_CALL(GetMulticastIpAddressTable, family, table);
}
Status PathEntry(MIB_IPPATH_ROW* row) { return NETIO_CALL(GetIpPathEntry, row); }
Status PathTable(ADDRESS_FAMILY family, MIB_IPPATH_TABLE** table) { return NETIO_CALL(GetIpPathTable, family, table); }

struct FlushPath {
  static constexpr const char* kSyscall = "FlushIpPathTable";
  explicit FlushPath(const Napi::CallbackInfo& info) : family(FamilyFromJs(info[0], "family")) {}
  Status Run() { return NETIO_CALL(FlushIpPathTable, family); }
  Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  ADDRESS_FAMILY family;
};

// GetIfStackTable and GetInvertedIfStackTable: pairs of interface indexes, higher first in
// the one and lower first in the other, as the rows are declared.
template <bool Inverted>
struct Stack {
  static constexpr const char* kSyscall = Inverted ? "GetInvertedIfStackTable" : "GetIfStackTable";
  using Table = std::conditional_t<Inverted, MIB_INVERTEDIFSTACK_TABLE, MIB_IFSTACK_TABLE>;
  explicit Stack(const Napi::CallbackInfo&) {}
  Status Run() {
    if constexpr (Inverted) return NETIO_CALL(GetInvertedIfStackTable, Out(table));
    else return NETIO_CALL(GetIfStackTable, Out(table));
  }
  Napi::Value Result(Napi::Env env) {
    Napi::Array rows = Napi::Array::New(env, table->NumEntries);
    for (ULONG i = 0; i < table->NumEntries; ++i) {
      const auto& r = table->Table[i];
      Napi::Object o = Napi::Object::New(env);
      if constexpr (Inverted) {
        o.Set("lowerLayerInterfaceIndex", Napi::Number::New(env, r.LowerLayerInterfaceIndex));
        o.Set("higherLayerInterfaceIndex", Napi::Number::New(env, r.HigherLayerInterfaceIndex));
      } else {
        o.Set("higherLayerInterfaceIndex", Napi::Number::New(env, r.HigherLayerInterfaceIndex));
        o.Set("lowerLayerInterfaceIndex", Napi::Number::New(env, r.LowerLayerInterfaceIndex));
      }
      rows.Set(i, o);
    }
    return rows;
  }
  MibTable<Table> table;
};

struct TeredoPort {
  static constexpr const char* kSyscall = "GetTeredoPort";
  explicit TeredoPort(const Napi::CallbackInfo&) {}
  Status Run() { return NETIO_CALL(GetTeredoPort, &port); }
  Napi::Value Result(Napi::Env env) { return Napi::Number::New(env, port); }
  USHORT port = 0;
};

// Frees the pair list that CreateSortedAddressPairs allocated (FreeMibTable, as documented).
struct PairListDeleter {
  void operator()(SOCKADDR_IN6_PAIR* pairs) const { MibTableDeleter()(pairs); }
};

// createSortedAddressPairs(destinations) -> [{ sourceAddress, destinationAddress }]. The
// destinations are IPv6 text (IPv4 in the IPv4-mapped form); the source list and the sort
// options are reserved (NULL, 0, 0), as documented.
struct SortedPairs {
  static constexpr const char* kSyscall = "CreateSortedAddressPairs";
  static constexpr uint32_t kMaxDestinations = 500;  // documented: more is ERROR_INVALID_PARAMETER

  explicit SortedPairs(const Napi::CallbackInfo& info) {
    if (!info[0].IsArray()) throw ArgumentError{"destinationAddressList", "an array of IPv6 addresses"};
    Napi::Array list = info[0].As<Napi::Array>();
    if (list.Length() == 0 || list.Length() > kMaxDestinations) {
      throw ArgumentError{"destinationAddressList", "from 1 to 500 IPv6 addresses"};
    }
    destinations.resize(list.Length());
    for (uint32_t i = 0; i < list.Length(); ++i) {
      SOCKADDR_INET address;
      SockaddrFromJs(list.Get(i), "destinationAddressList", &address);
      if (address.si_family != AF_INET6) throw ArgumentError{"destinationAddressList", "IPv6 addresses (IPv4 as ::ffff:a.b.c.d)"};
      destinations[i] = address.Ipv6;
    }
  }

  Status Run() {
    SOCKADDR_IN6_PAIR* list = nullptr;
    ULONG count = 0;
    Status status = NETIO_CALL(CreateSortedAddressPairs, nullptr, 0, destinations.data(), static_cast<ULONG>(destinations.size()), 0,
                               &list, &count);
    std::unique_ptr<SOCKADDR_IN6_PAIR, PairListDeleter> owned(list);
    if (!status.ok()) return status;
    pairs.reserve(count);
    for (ULONG i = 0; i < count; ++i) {
      SOCKADDR_INET source{}, destination{};
      if (list[i].SourceAddress != nullptr) source.Ipv6 = *list[i].SourceAddress;
      if (list[i].DestinationAddress != nullptr) destination.Ipv6 = *list[i].DestinationAddress;
      pairs.emplace_back(source, destination);
    }
    return status;
  }

  Napi::Value Result(Napi::Env env) {
    Napi::Array rows = Napi::Array::New(env, pairs.size());
    for (size_t i = 0; i < pairs.size(); ++i) {
      Napi::Object o = Napi::Object::New(env);
      o.Set("sourceAddress", SockaddrToJs(env, pairs[i].first));
      o.Set("destinationAddress", SockaddrToJs(env, pairs[i].second));
      rows.Set(static_cast<uint32_t>(i), o);
    }
    return rows;
  }

  std::vector<SOCKADDR_IN6> destinations;
  std::vector<std::pair<SOCKADDR_INET, SOCKADDR_INET>> pairs;
};

// The IPv4 mask as the OS keeps it: a ULONG in network byte order, shown as dotted text.
struct LengthToMask {
  static constexpr const char* kSyscall = "ConvertLengthToIpv4Mask";
  explicit LengthToMask(const Napi::CallbackInfo& info) : length(UlongFromJs(info[0], "maskLength")) {}
  Status Run() { return NETIO_CALL(ConvertLengthToIpv4Mask, length, &mask); }
  Napi::Value Result(Napi::Env env) {
    SOCKADDR_INET address{};
    address.Ipv4.sin_family = AF_INET;
    address.Ipv4.sin_addr.s_addr = mask;
    return SockaddrToJs(env, address);
  }
  ULONG length;
  ULONG mask = 0;
};

struct MaskToLength {
  static constexpr const char* kSyscall = "ConvertIpv4MaskToLength";
  explicit MaskToLength(const Napi::CallbackInfo& info) {
    SOCKADDR_INET address;
    SockaddrFromJs(info[0], "mask", &address);
    if (address.si_family != AF_INET) throw ArgumentError{"mask", "an IPv4 mask such as 255.255.255.0"};
    mask = address.Ipv4.sin_addr.s_addr;
  }
  Status Run() { return NETIO_CALL(ConvertIpv4MaskToLength, mask, &length); }
  Napi::Value Result(Napi::Env env) { return Napi::Number::New(env, length); }
  ULONG mask = 0;
  UINT8 length = 0;
};

// if_nametoindex and if_indextoname take and give an interface *name* ("ethernet_32768",
// ASCII by construction), not an alias. They return no error code: a 0 index or a NULL
// name means "no such interface", reported as ERROR_FILE_NOT_FOUND (no such interface).
struct NameToIndex {
  static constexpr const char* kSyscall = "if_nametoindex";
  explicit NameToIndex(const Napi::CallbackInfo& info) {
    if (!info[0].IsString()) throw ArgumentError{"interfaceName", "an interface name such as ethernet_32768"};
    name = info[0].As<Napi::String>().Utf8Value();
    // An ANSI string; interface names are ASCII. Anything else the OS judges (an empty or
    // unknown name is index 0: no such interface).
    bool ascii = true;
    for (unsigned char c : name) ascii = ascii && c != 0 && c < 0x80;
    if (!ascii) throw ArgumentError{"interfaceName", "an interface name: ASCII, without NUL"};
  }
  Status Run() {
    if (Api().if_nametoindex == nullptr) return Status::Missing(kSyscall);
    index = Api().if_nametoindex(name.c_str());
    return index == 0 ? Status::Os(ERROR_FILE_NOT_FOUND, kSyscall) : Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return Napi::Number::New(env, index); }
  std::string name;
  NET_IFINDEX index = 0;
};

struct IndexToName {
  static constexpr const char* kSyscall = "if_indextoname";
  explicit IndexToName(const Napi::CallbackInfo& info) : index(IndexFromJs(info[0], "interfaceIndex")) {}
  Status Run() {
    if (Api().if_indextoname == nullptr) return Status::Missing(kSyscall);
    // IF_NAMESIZE (NDIS_IF_MAX_STRING_SIZE) characters and the NUL, as documented.
    if (Api().if_indextoname(index, name) == nullptr) return Status::Os(ERROR_FILE_NOT_FOUND, kSyscall);
    name[NDIS_IF_MAX_STRING_SIZE] = '\0';
    return Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return Napi::String::New(env, name); }
  NET_IFINDEX index;
  CHAR name[NDIS_IF_MAX_STRING_SIZE + 1] = {};
};

Napi::Object BandwidthToJs(Napi::Env env, const NL_BANDWIDTH_INFORMATION& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("bandwidth", U64ToJs(env, info.Bandwidth));
  o.Set("instability", U64ToJs(env, info.Instability));
  o.Set("bandwidthPeaked", Napi::Boolean::New(env, info.BandwidthPeaked != 0));
  return o;
}

struct Bandwidth {
  static constexpr const char* kSyscall = "GetIpNetworkConnectionBandwidthEstimates";
  explicit Bandwidth(const Napi::CallbackInfo& info)
      : index(IndexFromJs(info[0], "interfaceIndex")), family(FamilyFromJs(info[1], "addressFamily")) {}
  Status Run() { return NETIO_CALL(GetIpNetworkConnectionBandwidthEstimates, index, family, &estimates); }
  Napi::Value Result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("inboundBandwidthInformation", BandwidthToJs(env, estimates.InboundBandwidthInformation));
    o.Set("outboundBandwidthInformation", BandwidthToJs(env, estimates.OutboundBandwidthInformation));
    return o;
  }
  NET_IFINDEX index;
  ADDRESS_FAMILY family;
  MIB_IP_NETWORK_CONNECTION_BANDWIDTH_ESTIMATES estimates{};
};

}  // namespace

void RegisterTables(Napi::Env env, Napi::Object exports) {
  Export<RowQuery<MIB_MULTICASTIPADDRESS_ROW, MulticastRowFromJs, MulticastRowToJs, kMulticastEntry, MulticastEntry>>(
      env, exports, "getMulticastIpAddressEntry");
  Export<FamilyTable<MIB_MULTICASTIPADDRESS_TABLE, MIB_MULTICASTIPADDRESS_ROW, MulticastRowToJs, kMulticastTable, MulticastTable>>(
      env, exports, "getMulticastIpAddressTable");
  Export<RowQuery<MIB_IPPATH_ROW, PathRowFromJs, PathRowToJs, kPathEntry, PathEntry>>(env, exports, "getIpPathEntry");
  Export<FamilyTable<MIB_IPPATH_TABLE, MIB_IPPATH_ROW, PathRowToJs, kPathTable, PathTable>>(env, exports, "getIpPathTable");
  Export<FlushPath>(env, exports, "flushIpPathTable");
  Export<Stack<false>>(env, exports, "getIfStackTable");
  Export<Stack<true>>(env, exports, "getInvertedIfStackTable");
  Export<TeredoPort>(env, exports, "getTeredoPort");
  Export<SortedPairs>(env, exports, "createSortedAddressPairs");
  Export<LengthToMask>(env, exports, "convertLengthToIpv4Mask");
  Export<MaskToLength>(env, exports, "convertIpv4MaskToLength");
  Export<NameToIndex>(env, exports, "ifNameToIndex");
  Export<IndexToName>(env, exports, "ifIndexToName");
  Export<Bandwidth>(env, exports, "getIpNetworkConnectionBandwidthEstimates");
}

}  // namespace netio
