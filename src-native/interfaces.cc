// Interface identity: the ConvertInterface* family, GetIfTable2 and GetIfEntry2.
#include "families.h"
#include "operation.h"

namespace netio {

namespace {

Napi::Object IfRow2ToJs(Napi::Env env, const MIB_IF_ROW2& row) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("interfaceLuid", LuidToJs(env, row.InterfaceLuid));
  o.Set("interfaceIndex", Napi::Number::New(env, row.InterfaceIndex));
  o.Set("interfaceGuid", GuidToJs(env, row.InterfaceGuid));
  o.Set("alias", WideToJs(env, row.Alias, IF_MAX_STRING_SIZE + 1));
  o.Set("description", WideToJs(env, row.Description, IF_MAX_STRING_SIZE + 1));
  o.Set("physicalAddressLength", Napi::Number::New(env, row.PhysicalAddressLength));
  o.Set("physicalAddress", PhysicalToJs(env, row.PhysicalAddress, row.PhysicalAddressLength, IF_MAX_PHYS_ADDRESS_LENGTH));
  o.Set("permanentPhysicalAddress",
        PhysicalToJs(env, row.PermanentPhysicalAddress, row.PhysicalAddressLength, IF_MAX_PHYS_ADDRESS_LENGTH));
  o.Set("mtu", Napi::Number::New(env, row.Mtu));
  o.Set("type", Napi::Number::New(env, row.Type));
  o.Set("tunnelType", Napi::Number::New(env, row.TunnelType));
  o.Set("mediaType", Napi::Number::New(env, row.MediaType));
  o.Set("physicalMediumType", Napi::Number::New(env, row.PhysicalMediumType));
  o.Set("accessType", Napi::Number::New(env, row.AccessType));
  o.Set("directionType", Napi::Number::New(env, row.DirectionType));
  Napi::Object flags = Napi::Object::New(env);
  flags.Set("hardwareInterface", Napi::Boolean::New(env, row.InterfaceAndOperStatusFlags.HardwareInterface));
  flags.Set("filterInterface", Napi::Boolean::New(env, row.InterfaceAndOperStatusFlags.FilterInterface));
  flags.Set("connectorPresent", Napi::Boolean::New(env, row.InterfaceAndOperStatusFlags.ConnectorPresent));
  flags.Set("notAuthenticated", Napi::Boolean::New(env, row.InterfaceAndOperStatusFlags.NotAuthenticated));
  flags.Set("notMediaConnected", Napi::Boolean::New(env, row.InterfaceAndOperStatusFlags.NotMediaConnected));
  flags.Set("paused", Napi::Boolean::New(env, row.InterfaceAndOperStatusFlags.Paused));
  flags.Set("lowPower", Napi::Boolean::New(env, row.InterfaceAndOperStatusFlags.LowPower));
  flags.Set("endPointInterface", Napi::Boolean::New(env, row.InterfaceAndOperStatusFlags.EndPointInterface));
  o.Set("interfaceAndOperStatusFlags", flags);
  o.Set("operStatus", Napi::Number::New(env, row.OperStatus));
  o.Set("adminStatus", Napi::Number::New(env, row.AdminStatus));
  o.Set("mediaConnectState", Napi::Number::New(env, row.MediaConnectState));
  o.Set("networkGuid", GuidToJs(env, row.NetworkGuid));
  o.Set("connectionType", Napi::Number::New(env, row.ConnectionType));
  o.Set("transmitLinkSpeed", U64ToJs(env, row.TransmitLinkSpeed));
  o.Set("receiveLinkSpeed", U64ToJs(env, row.ReceiveLinkSpeed));
  o.Set("inOctets", U64ToJs(env, row.InOctets));
  o.Set("inUcastPkts", U64ToJs(env, row.InUcastPkts));
  o.Set("inNUcastPkts", U64ToJs(env, row.InNUcastPkts));
  o.Set("inDiscards", U64ToJs(env, row.InDiscards));
  o.Set("inErrors", U64ToJs(env, row.InErrors));
  o.Set("inUnknownProtos", U64ToJs(env, row.InUnknownProtos));
  o.Set("inUcastOctets", U64ToJs(env, row.InUcastOctets));
  o.Set("inMulticastOctets", U64ToJs(env, row.InMulticastOctets));
  o.Set("inBroadcastOctets", U64ToJs(env, row.InBroadcastOctets));
  o.Set("outOctets", U64ToJs(env, row.OutOctets));
  o.Set("outUcastPkts", U64ToJs(env, row.OutUcastPkts));
  o.Set("outNUcastPkts", U64ToJs(env, row.OutNUcastPkts));
  o.Set("outDiscards", U64ToJs(env, row.OutDiscards));
  o.Set("outErrors", U64ToJs(env, row.OutErrors));
  o.Set("outUcastOctets", U64ToJs(env, row.OutUcastOctets));
  o.Set("outMulticastOctets", U64ToJs(env, row.OutMulticastOctets));
  o.Set("outBroadcastOctets", U64ToJs(env, row.OutBroadcastOctets));
  o.Set("outQLen", U64ToJs(env, row.OutQLen));
  return o;
}

// Identity conversions. Each takes one argument and returns one value.

struct LuidToIndex {
  static constexpr const char* kSyscall = "ConvertInterfaceLuidToIndex";
  explicit LuidToIndex(const Napi::CallbackInfo& info) : luid(LuidFromJs(info[0], "interfaceLuid")) {}
  Status Run() { return NETIO_CALL(ConvertInterfaceLuidToIndex, &luid, &index); }
  Napi::Value Result(Napi::Env env) { return Napi::Number::New(env, index); }
  NET_LUID luid;
  NET_IFINDEX index = 0;
};

struct IndexToLuid {
  static constexpr const char* kSyscall = "ConvertInterfaceIndexToLuid";
  explicit IndexToLuid(const Napi::CallbackInfo& info) : index(IndexFromJs(info[0], "interfaceIndex")) {}
  Status Run() { return NETIO_CALL(ConvertInterfaceIndexToLuid, index, &luid); }
  Napi::Value Result(Napi::Env env) { return LuidToJs(env, luid); }
  NET_IFINDEX index;
  NET_LUID luid{};
};

struct AliasToLuid {
  static constexpr const char* kSyscall = "ConvertInterfaceAliasToLuid";
  explicit AliasToLuid(const Napi::CallbackInfo& info) : alias(WideFromJs(info[0], "interfaceAlias", IF_MAX_STRING_SIZE)) {}
  Status Run() { return NETIO_CALL(ConvertInterfaceAliasToLuid, alias.c_str(), &luid); }
  Napi::Value Result(Napi::Env env) { return LuidToJs(env, luid); }
  std::wstring alias;
  NET_LUID luid{};
};

struct LuidToAlias {
  static constexpr const char* kSyscall = "ConvertInterfaceLuidToAlias";
  explicit LuidToAlias(const Napi::CallbackInfo& info) : luid(LuidFromJs(info[0], "interfaceLuid")) {}
  Status Run() { return NETIO_CALL(ConvertInterfaceLuidToAlias, &luid, alias, IF_MAX_STRING_SIZE + 1); }
  Napi::Value Result(Napi::Env env) { return WideToJs(env, alias, IF_MAX_STRING_SIZE + 1); }
  NET_LUID luid;
  WCHAR alias[IF_MAX_STRING_SIZE + 1] = {};
};

struct LuidToGuid {
  static constexpr const char* kSyscall = "ConvertInterfaceLuidToGuid";
  explicit LuidToGuid(const Napi::CallbackInfo& info) : luid(LuidFromJs(info[0], "interfaceLuid")) {}
  Status Run() { return NETIO_CALL(ConvertInterfaceLuidToGuid, &luid, &guid); }
  Napi::Value Result(Napi::Env env) { return GuidToJs(env, guid); }
  NET_LUID luid;
  GUID guid{};
};

struct GuidToLuid {
  static constexpr const char* kSyscall = "ConvertInterfaceGuidToLuid";
  explicit GuidToLuid(const Napi::CallbackInfo& info) : guid(GuidFromJs(info[0], "interfaceGuid")) {}
  Status Run() { return NETIO_CALL(ConvertInterfaceGuidToLuid, &guid, &luid); }
  Napi::Value Result(Napi::Env env) { return LuidToJs(env, luid); }
  GUID guid;
  NET_LUID luid{};
};

struct LuidToName {
  static constexpr const char* kSyscall = "ConvertInterfaceLuidToNameW";
  explicit LuidToName(const Napi::CallbackInfo& info) : luid(LuidFromJs(info[0], "interfaceLuid")) {}
  Status Run() { return NETIO_CALL(ConvertInterfaceLuidToNameW, &luid, name, NDIS_IF_MAX_STRING_SIZE + 1); }
  Napi::Value Result(Napi::Env env) { return WideToJs(env, name, NDIS_IF_MAX_STRING_SIZE + 1); }
  NET_LUID luid;
  WCHAR name[NDIS_IF_MAX_STRING_SIZE + 1] = {};
};

struct NameToLuid {
  static constexpr const char* kSyscall = "ConvertInterfaceNameToLuidW";
  explicit NameToLuid(const Napi::CallbackInfo& info) : name(WideFromJs(info[0], "interfaceName", NDIS_IF_MAX_STRING_SIZE)) {}
  Status Run() { return NETIO_CALL(ConvertInterfaceNameToLuidW, name.c_str(), &luid); }
  Napi::Value Result(Napi::Env env) { return LuidToJs(env, luid); }
  std::wstring name;
  NET_LUID luid{};
};

struct IfTable2 {
  static constexpr const char* kSyscall = "GetIfTable2";
  explicit IfTable2(const Napi::CallbackInfo&) {}
  Status Run() { return NETIO_CALL(GetIfTable2, Out(table)); }
  Napi::Value Result(Napi::Env env) {
    Napi::Array rows = Napi::Array::New(env, table->NumEntries);
    for (ULONG i = 0; i < table->NumEntries; ++i) rows.Set(i, IfRow2ToJs(env, table->Table[i]));
    return rows;
  }
  MibTable<MIB_IF_TABLE2> table;
};

struct IfEntry2 {
  static constexpr const char* kSyscall = "GetIfEntry2";
  explicit IfEntry2(const Napi::CallbackInfo& info) {
    Napi::Object in = RowArgument(info, 0, "row");
    row.InterfaceLuid = LuidFromJs(Member(in, "interfaceLuid"), "interfaceLuid");
    row.InterfaceIndex = IndexFromJs(Member(in, "interfaceIndex"), "interfaceIndex");
  }
  Status Run() { return NETIO_CALL(GetIfEntry2, &row); }
  Napi::Value Result(Napi::Env env) { return IfRow2ToJs(env, row); }
  MIB_IF_ROW2 row{};
};

}  // namespace

void RegisterInterfaces(Napi::Env env, Napi::Object exports) {
  Export<LuidToIndex>(env, exports, "convertInterfaceLuidToIndex");
  Export<IndexToLuid>(env, exports, "convertInterfaceIndexToLuid");
  Export<AliasToLuid>(env, exports, "convertInterfaceAliasToLuid");
  Export<LuidToAlias>(env, exports, "convertInterfaceLuidToAlias");
  Export<LuidToGuid>(env, exports, "convertInterfaceLuidToGuid");
  Export<GuidToLuid>(env, exports, "convertInterfaceGuidToLuid");
  Export<LuidToName>(env, exports, "convertInterfaceLuidToName");
  Export<NameToLuid>(env, exports, "convertInterfaceNameToLuid");
  Export<IfTable2>(env, exports, "getIfTable2");
  Export<IfEntry2>(env, exports, "getIfEntry2");
}

}  // namespace netio
