// Protocol statistics (iphlpapi.h), the numbers behind `netstat -s`: GetIpStatisticsEx
// (MIB_IPSTATS), GetTcpStatisticsEx (MIB_TCPSTATS), GetUdpStatisticsEx (MIB_UDPSTATS) and
// GetIcmpStatisticsEx (MIB_ICMP_EX), for AF_INET or AF_INET6. Members keep their documented
// names in camelCase without the Hungarian dw prefix (dwInReceives -> inReceives).
#include "families.h"
#include "operation.h"

namespace netio {

namespace {

// AF_INET or AF_INET6: the statistics are per family, and AF_UNSPEC is not one.
ULONG StatisticsFamily(const Napi::Value& value) {
  ADDRESS_FAMILY family = FamilyFromJs(value, "family");
  if (family == AF_UNSPEC) throw ArgumentError{"family", "AF_INET or AF_INET6"};
  return family;
}

struct IpStatistics {
  static constexpr const char* kSyscall = "GetIpStatisticsEx";
  explicit IpStatistics(const Napi::CallbackInfo& info) : family(StatisticsFamily(info[0])) {}
  Status Run() { return NETIO_CALL(GetIpStatisticsEx, &stats, family); }
  Napi::Value Result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    auto set = [&](const char* name, DWORD value) { o.Set(name, Napi::Number::New(env, value)); };
    set("forwarding", stats.dwForwarding);
    set("defaultTtl", stats.dwDefaultTTL);
    set("inReceives", stats.dwInReceives);
    set("inHdrErrors", stats.dwInHdrErrors);
    set("inAddrErrors", stats.dwInAddrErrors);
    set("forwDatagrams", stats.dwForwDatagrams);
    set("inUnknownProtos", stats.dwInUnknownProtos);
    set("inDiscards", stats.dwInDiscards);
    set("inDelivers", stats.dwInDelivers);
    set("outRequests", stats.dwOutRequests);
    set("routingDiscards", stats.dwRoutingDiscards);
    set("outDiscards", stats.dwOutDiscards);
    set("outNoRoutes", stats.dwOutNoRoutes);
    set("reasmTimeout", stats.dwReasmTimeout);
    set("reasmReqds", stats.dwReasmReqds);
    set("reasmOks", stats.dwReasmOks);
    set("reasmFails", stats.dwReasmFails);
    set("fragOks", stats.dwFragOks);
    set("fragFails", stats.dwFragFails);
    set("fragCreates", stats.dwFragCreates);
    set("numIf", stats.dwNumIf);
    set("numAddr", stats.dwNumAddr);
    set("numRoutes", stats.dwNumRoutes);
    return o;
  }
  ULONG family;
  MIB_IPSTATS stats{};
};

struct TcpStatistics {
  static constexpr const char* kSyscall = "GetTcpStatisticsEx";
  explicit TcpStatistics(const Napi::CallbackInfo& info) : family(StatisticsFamily(info[0])) {}
  Status Run() { return NETIO_CALL(GetTcpStatisticsEx, &stats, family); }
  Napi::Value Result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    auto set = [&](const char* name, DWORD value) { o.Set(name, Napi::Number::New(env, value)); };
    set("rtoAlgorithm", stats.dwRtoAlgorithm);
    set("rtoMin", stats.dwRtoMin);
    set("rtoMax", stats.dwRtoMax);
    set("maxConn", stats.dwMaxConn);
    set("activeOpens", stats.dwActiveOpens);
    set("passiveOpens", stats.dwPassiveOpens);
    set("attemptFails", stats.dwAttemptFails);
    set("estabResets", stats.dwEstabResets);
    set("currEstab", stats.dwCurrEstab);
    set("inSegs", stats.dwInSegs);
    set("outSegs", stats.dwOutSegs);
    set("retransSegs", stats.dwRetransSegs);
    set("inErrs", stats.dwInErrs);
    set("outRsts", stats.dwOutRsts);
    set("numConns", stats.dwNumConns);
    return o;
  }
  ULONG family;
  MIB_TCPSTATS stats{};
};

struct UdpStatistics {
  static constexpr const char* kSyscall = "GetUdpStatisticsEx";
  explicit UdpStatistics(const Napi::CallbackInfo& info) : family(StatisticsFamily(info[0])) {}
  Status Run() { return NETIO_CALL(GetUdpStatisticsEx, &stats, family); }
  Napi::Value Result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("inDatagrams", Napi::Number::New(env, stats.dwInDatagrams));
    o.Set("noPorts", Napi::Number::New(env, stats.dwNoPorts));
    o.Set("inErrors", Napi::Number::New(env, stats.dwInErrors));
    o.Set("outDatagrams", Napi::Number::New(env, stats.dwOutDatagrams));
    o.Set("numAddrs", Napi::Number::New(env, stats.dwNumAddrs));
    return o;
  }
  ULONG family;
  MIB_UDPSTATS stats{};
};

// MIBICMPSTATS_EX: messages, errors, and the count per ICMP type (index = type).
Napi::Object IcmpStatsToJs(Napi::Env env, const MIBICMPSTATS_EX& stats) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("msgs", Napi::Number::New(env, stats.dwMsgs));
  o.Set("errors", Napi::Number::New(env, stats.dwErrors));
  constexpr uint32_t kTypes = sizeof stats.rgdwTypeCount / sizeof stats.rgdwTypeCount[0];
  Napi::Array counts = Napi::Array::New(env, kTypes);
  for (uint32_t i = 0; i < kTypes; ++i) counts.Set(i, Napi::Number::New(env, stats.rgdwTypeCount[i]));
  o.Set("typeCount", counts);
  return o;
}

struct IcmpStatistics {
  static constexpr const char* kSyscall = "GetIcmpStatisticsEx";
  explicit IcmpStatistics(const Napi::CallbackInfo& info) : family(StatisticsFamily(info[0])) {}
  Status Run() { return NETIO_CALL(GetIcmpStatisticsEx, &stats, family); }
  Napi::Value Result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("icmpInStats", IcmpStatsToJs(env, stats.icmpInStats));
    o.Set("icmpOutStats", IcmpStatsToJs(env, stats.icmpOutStats));
    return o;
  }
  ULONG family;
  MIB_ICMP_EX stats{};
};

}  // namespace

void RegisterStatistics(Napi::Env env, Napi::Object exports) {
  Export<IpStatistics>(env, exports, "getIpStatisticsEx");
  Export<TcpStatistics>(env, exports, "getTcpStatisticsEx");
  Export<UdpStatistics>(env, exports, "getUdpStatisticsEx");
  Export<IcmpStatistics>(env, exports, "getIcmpStatisticsEx");
}

}  // namespace netio
