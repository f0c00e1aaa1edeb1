// Adapters: GetAdaptersAddresses (IP_ADAPTER_ADDRESSES_LH with its address lists) and
// GetNetworkParams (FIXED_INFO).
//
// Both fill a buffer that the caller provides and answer ERROR_BUFFER_OVERFLOW with the
// size they need. Between that answer and the next call the data can grow (an adapter or
// an address appears), so the call is repeated with the size the OS asked for (plus
// headroom), a bounded number of times: the sizing policy of sizing.h. The buffer belongs to
// the operation: it is freed however the call ends, and the JS values are built from it on
// the JS thread.
#include <atomic>
#include <cstddef>

#include "families.h"
#include "operation.h"
#include "sizing.h"

namespace netio {

namespace {

// Both functions say "too small" with ERROR_BUFFER_OVERFLOW; the sizing policy (sizing.h,
// shared with every table read) grows the buffer to what they ask for, plus headroom.
SizingPolicy BufferOverflowPolicy() {
  SizingPolicy policy;
  policy.tooSmall = ERROR_BUFFER_OVERFLOW;
  return policy;
}

// Microsoft recommends starting GetAdaptersAddresses with 15 KB. A machine whose adapters
// need more starts with what was enough last time (any thread, any environment: a hint).
constexpr uint32_t kAdaptersInitialBytes = 15 * 1024;
std::atomic<uint32_t>& AdaptersSizeHint() {
  static std::atomic<uint32_t> hint{kAdaptersInitialBytes};
  return hint;
}

// Whether a structure that declares its own Length holds `member` (older systems fill
// shorter versions of these structures).
#define NETIO_HAS(row, Type, member) ((row).Length >= offsetof(Type, member) + sizeof((row).member))

// The address of a list row: GetAdaptersAddresses gives only IPv4 and IPv6 addresses, so
// '' (never null) stands for anything else.
Napi::Value RowAddressToJs(Napi::Env env, const SOCKET_ADDRESS& address) {
  SOCKADDR_INET inet;
  return Napi::String::New(env, SocketAddressToInet(address, &inet) ? FormatAddress(inet) : std::string());
}

Napi::Value WideZToJs(Napi::Env env, const WCHAR* text) {
  if (text == nullptr) return Napi::String::New(env, u"", 0);
  return WideToJs(env, text, 32768);
}

template <class Row, class ToJs>
Napi::Array ListToJs(Napi::Env env, const Row* first, ToJs toJs) {
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  for (const Row* row = first; row != nullptr; row = row->Next) out.Set(i++, toJs(env, *row));
  return out;
}

Napi::Object UnicastToJs(Napi::Env env, const IP_ADAPTER_UNICAST_ADDRESS_LH& u) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("length", Napi::Number::New(env, u.Length));
  o.Set("flags", Napi::Number::New(env, u.Flags));
  o.Set("address", RowAddressToJs(env, u.Address));
  o.Set("prefixOrigin", Napi::Number::New(env, static_cast<ULONG>(u.PrefixOrigin)));
  o.Set("suffixOrigin", Napi::Number::New(env, static_cast<ULONG>(u.SuffixOrigin)));
  o.Set("dadState", Napi::Number::New(env, static_cast<ULONG>(u.DadState)));
  o.Set("validLifetime", Napi::Number::New(env, u.ValidLifetime));
  o.Set("preferredLifetime", Napi::Number::New(env, u.PreferredLifetime));
  o.Set("leaseLifetime", Napi::Number::New(env, u.LeaseLifetime));
  o.Set("onLinkPrefixLength", NETIO_HAS(u, IP_ADAPTER_UNICAST_ADDRESS_LH, OnLinkPrefixLength)
                                  ? Napi::Value(Napi::Number::New(env, u.OnLinkPrefixLength))
                                  : env.Null());
  return o;
}

// IP_ADAPTER_ANYCAST_ADDRESS_XP and IP_ADAPTER_MULTICAST_ADDRESS_XP: Length, Flags, Address.
template <class Row>
Napi::Object FlaggedAddressToJs(Napi::Env env, const Row& row) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("length", Napi::Number::New(env, row.Length));
  o.Set("flags", Napi::Number::New(env, row.Flags));
  o.Set("address", RowAddressToJs(env, row.Address));
  return o;
}

// IP_ADAPTER_DNS_SERVER_ADDRESS_XP, IP_ADAPTER_WINS_SERVER_ADDRESS_LH and
// IP_ADAPTER_GATEWAY_ADDRESS_LH: Length, Address (and a Reserved member, not shown).
template <class Row>
Napi::Object ServerAddressToJs(Napi::Env env, const Row& row) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("length", Napi::Number::New(env, row.Length));
  o.Set("address", RowAddressToJs(env, row.Address));
  return o;
}

Napi::Object PrefixToJs(Napi::Env env, const IP_ADAPTER_PREFIX_XP& p) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("length", Napi::Number::New(env, p.Length));
  o.Set("flags", Napi::Number::New(env, p.Flags));
  o.Set("address", RowAddressToJs(env, p.Address));
  o.Set("prefixLength", Napi::Number::New(env, p.PrefixLength));
  return o;
}

Napi::Value DnsSuffixToJs(Napi::Env env, const IP_ADAPTER_DNS_SUFFIX& s) {
  return WideToJs(env, s.String, MAX_DNS_SUFFIX_STRING_LENGTH);
}

// IP_ADAPTER_ADDRESSES_LH, C -> JS. Each linked list becomes an array named after its
// first-element member without "First": FirstUnicastAddress -> unicastAddresses.
Napi::Object AdapterToJs(Napi::Env env, const IP_ADAPTER_ADDRESSES_LH& a) {
  using A = IP_ADAPTER_ADDRESSES_LH;
  Napi::Object o = Napi::Object::New(env);
  o.Set("length", Napi::Number::New(env, a.Length));
  o.Set("ifIndex", Napi::Number::New(env, a.IfIndex));
  o.Set("adapterName", a.AdapterName == nullptr ? Napi::Value(Napi::String::New(env, ""))
                                                : AnsiToJs(env, a.AdapterName, MAX_ADAPTER_NAME_LENGTH + 4));
  o.Set("unicastAddresses", ListToJs(env, a.FirstUnicastAddress, UnicastToJs));
  o.Set("anycastAddresses", ListToJs(env, a.FirstAnycastAddress, FlaggedAddressToJs<IP_ADAPTER_ANYCAST_ADDRESS_XP>));
  o.Set("multicastAddresses", ListToJs(env, a.FirstMulticastAddress, FlaggedAddressToJs<IP_ADAPTER_MULTICAST_ADDRESS_XP>));
  o.Set("dnsServerAddresses", ListToJs(env, a.FirstDnsServerAddress, ServerAddressToJs<IP_ADAPTER_DNS_SERVER_ADDRESS_XP>));
  o.Set("dnsSuffix", WideZToJs(env, a.DnsSuffix));
  o.Set("description", WideZToJs(env, a.Description));
  o.Set("friendlyName", WideZToJs(env, a.FriendlyName));
  o.Set("physicalAddress", PhysicalToJs(env, a.PhysicalAddress, a.PhysicalAddressLength, MAX_ADAPTER_ADDRESS_LENGTH));
  o.Set("physicalAddressLength", Napi::Number::New(env, a.PhysicalAddressLength));
  o.Set("flags", Napi::Number::New(env, a.Flags));
  o.Set("mtu", Napi::Number::New(env, a.Mtu));
  o.Set("ifType", Napi::Number::New(env, a.IfType));
  o.Set("operStatus", Napi::Number::New(env, static_cast<ULONG>(a.OperStatus)));
  o.Set("ipv6IfIndex", Napi::Number::New(env, a.Ipv6IfIndex));
  Napi::Array zones = Napi::Array::New(env, 16);
  for (uint32_t i = 0; i < 16; ++i) zones.Set(i, Napi::Number::New(env, a.ZoneIndices[i]));
  o.Set("zoneIndices", zones);
  o.Set("prefixes", ListToJs(env, a.FirstPrefix, PrefixToJs));
  // The members Windows Vista added; a shorter structure leaves them at their "none" values.
  const bool lh = NETIO_HAS(a, A, Dhcpv6Iaid);
  o.Set("transmitLinkSpeed", U64ToJs(env, lh ? a.TransmitLinkSpeed : 0));
  o.Set("receiveLinkSpeed", U64ToJs(env, lh ? a.ReceiveLinkSpeed : 0));
  o.Set("winsServerAddresses",
        ListToJs(env, lh ? a.FirstWinsServerAddress : nullptr, ServerAddressToJs<IP_ADAPTER_WINS_SERVER_ADDRESS_LH>));
  o.Set("gatewayAddresses",
        ListToJs(env, lh ? a.FirstGatewayAddress : nullptr, ServerAddressToJs<IP_ADAPTER_GATEWAY_ADDRESS_LH>));
  o.Set("ipv4Metric", Napi::Number::New(env, lh ? a.Ipv4Metric : 0));
  o.Set("ipv6Metric", Napi::Number::New(env, lh ? a.Ipv6Metric : 0));
  o.Set("luid", LuidToJs(env, lh ? a.Luid : NET_LUID{}));
  o.Set("dhcpv4Server", lh ? SocketAddressToJs(env, a.Dhcpv4Server) : env.Null());
  o.Set("compartmentId", Napi::Number::New(env, lh ? a.CompartmentId : 0));
  o.Set("networkGuid", GuidToJs(env, lh ? a.NetworkGuid : GUID{}));
  o.Set("connectionType", Napi::Number::New(env, lh ? static_cast<ULONG>(a.ConnectionType) : 0));
  o.Set("tunnelType", Napi::Number::New(env, lh ? static_cast<ULONG>(a.TunnelType) : 0));
  o.Set("dhcpv6Server", lh ? SocketAddressToJs(env, a.Dhcpv6Server) : env.Null());
  o.Set("dhcpv6ClientDuid",
        HexBytesToJs(env, a.Dhcpv6ClientDuid, lh ? a.Dhcpv6ClientDuidLength : 0, MAX_DHCPV6_DUID_LENGTH));
  o.Set("dhcpv6ClientDuidLength", Napi::Number::New(env, lh ? a.Dhcpv6ClientDuidLength : 0));
  o.Set("dhcpv6Iaid", Napi::Number::New(env, lh ? a.Dhcpv6Iaid : 0));
  o.Set("dnsSuffixes", ListToJs(env, NETIO_HAS(a, A, FirstDnsSuffix) ? a.FirstDnsSuffix : nullptr, DnsSuffixToJs));
  return o;
}

// getAdaptersAddresses(family, flags) -> IP_ADAPTER_ADDRESSES_LH rows.
struct AdaptersAddresses {
  static constexpr const char* kSyscall = "GetAdaptersAddresses";
  explicit AdaptersAddresses(const Napi::CallbackInfo& info)
      : family(FamilyFromJs(info[0], "family")), flags(UlongFromJs(info[1], "flags")) {}

  Status Run() {
    Status status;
    SizingOutcome outcome = CallWithSizedBuffer(
        buffer, AdaptersSizeHint().load(std::memory_order_relaxed),
        [this, &status](void* data, uint32_t* size) -> unsigned long {
          ULONG bytes = *size;
          status = NETIO_CALL(GetAdaptersAddresses, family, flags, nullptr, static_cast<PIP_ADAPTER_ADDRESSES>(data), &bytes);
          *size = static_cast<uint32_t>(bytes);
          return status.code;
        },
        BufferOverflowPolicy());
    if (outcome.code == kSizingNotEnoughMemory && status.code != ERROR_NOT_ENOUGH_MEMORY) return Status::Os(ERROR_NOT_ENOUGH_MEMORY, kSyscall);
    if (status.ok() && buffer.capacity() > AdaptersSizeHint().load(std::memory_order_relaxed)) {
      AdaptersSizeHint().store(buffer.capacity(), std::memory_order_relaxed);
    }
    return status;
  }

  Napi::Value Result(Napi::Env env) {
    Napi::Array out = Napi::Array::New(env);
    uint32_t i = 0;
    for (auto* a = static_cast<const IP_ADAPTER_ADDRESSES_LH*>(buffer.data()); a != nullptr; a = a->Next) {
      out.Set(i++, AdapterToJs(env, *a));
    }
    return out;
  }

  ULONG family;
  ULONG flags;
  SizedBuffer buffer;
};

// IP_ADDR_STRING, C -> JS.
Napi::Object AddrStringToJs(Napi::Env env, const IP_ADDR_STRING& s) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("ipAddress", AnsiToJs(env, s.IpAddress.String, sizeof s.IpAddress.String));
  o.Set("ipMask", AnsiToJs(env, s.IpMask.String, sizeof s.IpMask.String));
  o.Set("context", Napi::Number::New(env, s.Context));
  return o;
}

// getNetworkParams() -> FIXED_INFO.
struct NetworkParams {
  static constexpr const char* kSyscall = "GetNetworkParams";
  explicit NetworkParams(const Napi::CallbackInfo&) {}

  Status Run() {
    Status status;
    SizingOutcome outcome = CallWithSizedBuffer(
        buffer, static_cast<uint32_t>(sizeof(FIXED_INFO) + 4 * sizeof(IP_ADDR_STRING)),
        [&status](void* data, uint32_t* size) -> unsigned long {
          ULONG bytes = *size;
          status = NETIO_CALL(GetNetworkParams, static_cast<PFIXED_INFO>(data), &bytes);
          *size = static_cast<uint32_t>(bytes);
          return status.code;
        },
        BufferOverflowPolicy());
    if (outcome.code == kSizingNotEnoughMemory && status.code != ERROR_NOT_ENOUGH_MEMORY) return Status::Os(ERROR_NOT_ENOUGH_MEMORY, kSyscall);
    return status;
  }

  Napi::Value Result(Napi::Env env) {
    const FIXED_INFO& f = *static_cast<const FIXED_INFO*>(buffer.data());
    Napi::Object o = Napi::Object::New(env);
    o.Set("hostName", AnsiToJs(env, f.HostName, sizeof f.HostName));
    o.Set("domainName", AnsiToJs(env, f.DomainName, sizeof f.DomainName));
    o.Set("currentDnsServer", f.CurrentDnsServer == nullptr ? env.Null() : Napi::Value(AddrStringToJs(env, *f.CurrentDnsServer)));
    // The list's head is embedded in FIXED_INFO; with no DNS servers it holds an empty address.
    Napi::Array servers = Napi::Array::New(env);
    uint32_t i = 0;
    for (const IP_ADDR_STRING* s = &f.DnsServerList; s != nullptr; s = s->Next) {
      if (s == &f.DnsServerList && s->IpAddress.String[0] == '\0') continue;
      servers.Set(i++, AddrStringToJs(env, *s));
    }
    o.Set("dnsServerList", servers);
    o.Set("nodeType", Napi::Number::New(env, f.NodeType));
    o.Set("scopeId", AnsiToJs(env, f.ScopeId, sizeof f.ScopeId));
    o.Set("enableRouting", Napi::Boolean::New(env, f.EnableRouting != 0));
    o.Set("enableProxy", Napi::Boolean::New(env, f.EnableProxy != 0));
    o.Set("enableDns", Napi::Boolean::New(env, f.EnableDns != 0));
    return o;
  }

  SizedBuffer buffer;
};

#undef NETIO_HAS

}  // namespace

void RegisterAdapters(Napi::Env env, Napi::Object exports) {
  Export<AdaptersAddresses>(env, exports, "getAdaptersAddresses");
  Export<NetworkParams>(env, exports, "getNetworkParams");
}

}  // namespace netio
