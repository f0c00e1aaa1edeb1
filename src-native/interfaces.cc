// Interface identity: the ConvertInterface* family, GetIfTable2 and GetIfEntry2.
#include <string>
#include <vector>

#include "families.h"
#include "operation.h"

namespace netio {

namespace {

// The one marshaller for MIB_IF_ROW2, C -> JS, for one row and for a table alike: rows
// travel as columns (see WireIfRows in lib/native.ts) and lib/interfaces.ts builds the
// objects, which costs far fewer crossings into the engine than 41 properties set one by one.
class IfColumns {
 public:
  static constexpr uint32_t kNumbers = 14;  // ULONGs per row
  static constexpr uint32_t kWide = 21;     // ULONG64s per row

  void Reserve(size_t rows) {
    text_.reserve(rows * 200);
    numbers_.reserve(rows * kNumbers);
    wide_.reserve(rows * kWide);
  }

  void Add(const MIB_IF_ROW2& row) {
    AppendWide(row.Alias);
    AppendWide(row.Description);
    AppendGuid(row.InterfaceGuid);
    AppendPhysical(row.PhysicalAddress, row.PhysicalAddressLength);
    AppendPhysical(row.PermanentPhysicalAddress, row.PhysicalAddressLength);
    AppendGuid(row.NetworkGuid);
    const auto& f = row.InterfaceAndOperStatusFlags;
    uint32_t flags = (f.HardwareInterface ? 1u : 0u) | (f.FilterInterface ? 2u : 0u) | (f.ConnectorPresent ? 4u : 0u) |
                     (f.NotAuthenticated ? 8u : 0u) | (f.NotMediaConnected ? 16u : 0u) | (f.Paused ? 32u : 0u) |
                     (f.LowPower ? 64u : 0u) | (f.EndPointInterface ? 128u : 0u);
    const uint32_t numbers[kNumbers] = {row.InterfaceIndex, row.PhysicalAddressLength, row.Mtu, row.Type,
                                        static_cast<uint32_t>(row.TunnelType), static_cast<uint32_t>(row.MediaType),
                                        static_cast<uint32_t>(row.PhysicalMediumType), static_cast<uint32_t>(row.AccessType),
                                        static_cast<uint32_t>(row.DirectionType), flags, static_cast<uint32_t>(row.OperStatus),
                                        static_cast<uint32_t>(row.AdminStatus), static_cast<uint32_t>(row.MediaConnectState),
                                        static_cast<uint32_t>(row.ConnectionType)};
    numbers_.insert(numbers_.end(), numbers, numbers + kNumbers);
    const uint64_t wide[kWide] = {row.InterfaceLuid.Value, row.TransmitLinkSpeed, row.ReceiveLinkSpeed, row.InOctets,
                                  row.InUcastPkts, row.InNUcastPkts, row.InDiscards, row.InErrors, row.InUnknownProtos,
                                  row.InUcastOctets, row.InMulticastOctets, row.InBroadcastOctets, row.OutOctets,
                                  row.OutUcastPkts, row.OutNUcastPkts, row.OutDiscards, row.OutErrors, row.OutUcastOctets,
                                  row.OutMulticastOctets, row.OutBroadcastOctets, row.OutQLen};
    wide_.insert(wide_.end(), wide, wide + kWide);
    ++count_;
  }

  Napi::Object ToJs(Napi::Env env) const {
    Napi::Object o = Napi::Object::New(env);
    o.Set("count", Napi::Number::New(env, count_));
    o.Set("text", Napi::String::New(env, text_.data(), text_.size()));
    o.Set("numbers", ColumnToJs(env, numbers_));
    o.Set("wide", ColumnToJs(env, wide_));
    return o;
  }

 private:
  // Each string ends with NUL, which none of them can contain.
  void AppendWide(const WCHAR* text) {
    for (size_t i = 0; i <= IF_MAX_STRING_SIZE && text[i] != 0; ++i) text_ += static_cast<char16_t>(text[i]);
    text_ += u'\0';
  }
  void AppendAscii(const char* text, size_t length) {
    text_.append(text, text + length);
    text_ += u'\0';
  }
  void AppendGuid(const GUID& guid) {
    char text[kGuidTextLength];
    FormatGuid(guid, text);
    AppendAscii(text, kGuidTextLength);
  }
  void AppendPhysical(const UCHAR* bytes, ULONG length) {
    char text[kPhysicalTextCapacity];
    AppendAscii(text, FormatPhysical(bytes, length, IF_MAX_PHYS_ADDRESS_LENGTH, text));
  }

  std::u16string text_;
  std::vector<uint32_t> numbers_;
  std::vector<uint64_t> wide_;
  uint32_t count_ = 0;
};

Napi::Object IfRow2ToJs(Napi::Env env, const MIB_IF_ROW2& row) {
  IfColumns columns;
  columns.Reserve(1);
  columns.Add(row);
  return columns.ToJs(env);
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
  explicit AliasToLuid(const Napi::CallbackInfo& info) : alias(WideFromJs(info[0], "interfaceAlias")) {}
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
  explicit NameToLuid(const Napi::CallbackInfo& info) : name(WideFromJs(info[0], "interfaceName")) {}
  Status Run() { return NETIO_CALL(ConvertInterfaceNameToLuidW, name.c_str(), &luid); }
  Napi::Value Result(Napi::Env env) { return LuidToJs(env, luid); }
  std::wstring name;
  NET_LUID luid{};
};

struct IfTable2 {
  static constexpr const char* kSyscall = "GetIfTable2";
  explicit IfTable2(const Napi::CallbackInfo&) {}
  Status Run() {
    MibTable<MIB_IF_TABLE2> table;
    Status status = NETIO_CALL(GetIfTable2, Out(table));
    if (status.ok()) {
      columns.Reserve(table->NumEntries);
      for (ULONG i = 0; i < table->NumEntries; ++i) columns.Add(table->Table[i]);
    }
    return status;
  }
  Napi::Value Result(Napi::Env env) { return columns.ToJs(env); }
  IfColumns columns;
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

// GetIfTable2Ex(level): MibIfTableNormal (0), MibIfTableRaw (1) or
// MibIfTableNormalWithoutStatistics (2, Windows 10 1703 and later).
struct IfTable2Ex {
  static constexpr const char* kSyscall = "GetIfTable2Ex";
  explicit IfTable2Ex(const Napi::CallbackInfo& info) : level(UlongFromJs(info[0], "level")) {
    if (level > 2) throw ArgumentError{"level", "MibIfTableNormal (0), MibIfTableRaw (1) or MibIfTableNormalWithoutStatistics (2)"};
  }
  Status Run() {
    MIB_IF_TABLE_LEVEL tableLevel;
    StoreEnum(&tableLevel, level);
    MibTable<MIB_IF_TABLE2> table;
    Status status = NETIO_CALL(GetIfTable2Ex, tableLevel, Out(table));
    if (status.ok()) {
      columns.Reserve(table->NumEntries);
      for (ULONG i = 0; i < table->NumEntries; ++i) columns.Add(table->Table[i]);
    }
    return status;
  }
  Napi::Value Result(Napi::Env env) { return columns.ToJs(env); }
  ULONG level;
  IfColumns columns;
};

// GetIfEntry2Ex(level, row): MibIfEntryNormal (0) or MibIfEntryNormalWithoutStatistics (2).
struct IfEntry2Ex {
  static constexpr const char* kSyscall = "GetIfEntry2Ex";
  explicit IfEntry2Ex(const Napi::CallbackInfo& info) {
    ULONG value = UlongFromJs(info[0], "level");
    if (value != decl::MibIfEntryNormal && value != decl::MibIfEntryNormalWithoutStatistics) {
      throw ArgumentError{"level", "MibIfEntryNormal (0) or MibIfEntryNormalWithoutStatistics (2)"};
    }
    StoreEnum(&level, value);
    Napi::Object in = RowArgument(info, 1, "row");
    row.InterfaceLuid = LuidFromJs(Member(in, "interfaceLuid"), "interfaceLuid");
    row.InterfaceIndex = IndexFromJs(Member(in, "interfaceIndex"), "interfaceIndex");
  }
  Status Run() { return NETIO_CALL(GetIfEntry2Ex, level, &row); }
  Napi::Value Result(Napi::Env env) { return IfRow2ToJs(env, row); }
  decl::MIB_IF_ENTRY_LEVEL level = decl::MibIfEntryNormal;
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
  Export<IfTable2Ex>(env, exports, "getIfTable2Ex");
  Export<IfEntry2Ex>(env, exports, "getIfEntry2Ex");
}

}  // namespace netio
