// Addresses: anycast (CreateAnycastIpAddressEntry and its family) and unicast
// (CreateUnicastIpAddressEntry and its family).
#include "families.h"
#include "operation.h"
#include "rows.h"

namespace netio {

namespace {

constexpr auto AnycastRowFromJs = AddressKeyRowFromJs<MIB_ANYCASTIPADDRESS_ROW>;
constexpr auto AnycastRowToJs = AddressKeyRowToJs<MIB_ANYCASTIPADDRESS_ROW>;

// What InitializeUnicastIpAddressEntry writes: this system's own function where it is
// exported, else the values its page documents (PrefixOrigin and SuffixOrigin unchanged,
// OnLinkPrefixLength "illegal" (0xff), infinite lifetimes, SkipAsSource FALSE, the rest
// zero). Every unicast row going in starts from it.
void InitializeUnicastRow(MIB_UNICASTIPADDRESS_ROW* row) {
  std::memset(row, 0, sizeof *row);
  if (Api().InitializeUnicastIpAddressEntry != nullptr) {
    Api().InitializeUnicastIpAddressEntry(row);
    return;
  }
  row->PrefixOrigin = IpPrefixOriginUnchanged;
  row->SuffixOrigin = IpSuffixOriginUnchanged;
  row->ValidLifetime = 0xffffffff;
  row->PreferredLifetime = 0xffffffff;
  row->OnLinkPrefixLength = 0xff;
  row->SkipAsSource = FALSE;
}

// MIB_UNICASTIPADDRESS_ROW, JS -> C. The key (address and interface) is always given;
// every other member the caller left out keeps the bytes InitializeUnicastIpAddressEntry
// wrote. DadState, ScopeId and CreationTimeStamp are the stack's to set; they are not read.
void UnicastRowFromJs(const Napi::Object& in, MIB_UNICASTIPADDRESS_ROW* row) {
  InitializeUnicastRow(row);
  SockaddrFromJs(Member(in, "address"), "address", &row->Address);
  row->InterfaceLuid = LuidFromJs(Member(in, "interfaceLuid"), "interfaceLuid");
  row->InterfaceIndex = IndexFromJs(Member(in, "interfaceIndex"), "interfaceIndex");
  Napi::Value v;
  if (Optional(in, "prefixOrigin", &v)) StoreEnum(&row->PrefixOrigin, UlongFromJs(v, "prefixOrigin"));
  if (Optional(in, "suffixOrigin", &v)) StoreEnum(&row->SuffixOrigin, UlongFromJs(v, "suffixOrigin"));
  if (Optional(in, "validLifetime", &v)) row->ValidLifetime = UlongFromJs(v, "validLifetime");
  if (Optional(in, "preferredLifetime", &v)) row->PreferredLifetime = UlongFromJs(v, "preferredLifetime");
  if (Optional(in, "onLinkPrefixLength", &v)) {
    ULONG onLink = UlongFromJs(v, "onLinkPrefixLength");
    if (onLink > 255) throw ArgumentError{"onLinkPrefixLength", "an integer from 0 to 255"};
    row->OnLinkPrefixLength = static_cast<UINT8>(onLink);
  }
  if (Optional(in, "skipAsSource", &v)) row->SkipAsSource = BoolFromJs(v, "skipAsSource");
}

const MemberLayout kUnicastLayout[] = {
    NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, Address),           NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, InterfaceLuid),
    NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, InterfaceIndex),    NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, PrefixOrigin),
    NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, SuffixOrigin),      NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, ValidLifetime),
    NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, PreferredLifetime), NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, OnLinkPrefixLength),
    NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, SkipAsSource),      NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, DadState),
    NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, ScopeId),           NETIO_MEMBER_LAYOUT(MIB_UNICASTIPADDRESS_ROW, CreationTimeStamp),
};

// Diagnostic: unicastIpAddressRowBytes() is what every unicast row starts from;
// unicastIpAddressRowBytes(row) is the row the marshaller would send for `row`.
Napi::Value UnicastRowBytes(const Napi::CallbackInfo& info) {
  return Diagnostic(info, "InitializeUnicastIpAddressEntry", [&]() -> Napi::Value {
    MIB_UNICASTIPADDRESS_ROW row;
    bool given = info.Length() > 0 && !info[0].IsUndefined() && !info[0].IsNull();
    if (given) {
      UnicastRowFromJs(RowArgument(info, 0, "row"), &row);
    } else {
      InitializeUnicastRow(&row);
    }
    bool native = Api().InitializeUnicastIpAddressEntry != nullptr;
    std::vector<size_t> untouched;
    if (native && !given) untouched = UntouchedBytes<MIB_UNICASTIPADDRESS_ROW>(Api().InitializeUnicastIpAddressEntry);
    return RowBytesToJs(info.Env(), &row, sizeof row, kUnicastLayout, sizeof kUnicastLayout / sizeof kUnicastLayout[0], native, untouched);
  });
}

constexpr char kAnyCreate[] = "CreateAnycastIpAddressEntry";
constexpr char kAnyDelete[] = "DeleteAnycastIpAddressEntry";
constexpr char kAnyGet[] = "GetAnycastIpAddressEntry";
constexpr char kAnyTable[] = "GetAnycastIpAddressTable";
Status AnyCreate(MIB_ANYCASTIPADDRESS_ROW* row) { return NETIO_CALL(CreateAnycastIpAddressEntry, row); }
Status AnyDelete(MIB_ANYCASTIPADDRESS_ROW* row) { return NETIO_CALL(DeleteAnycastIpAddressEntry, row); }
Status AnyGet(MIB_ANYCASTIPADDRESS_ROW* row) { return NETIO_CALL(GetAnycastIpAddressEntry, row); }
Status AnyTable(ADDRESS_FAMILY family, MIB_ANYCASTIPADDRESS_TABLE** table) { return NETIO_CALL(GetAnycastIpAddressTable, family, table); }

constexpr char kUniCreate[] = "CreateUnicastIpAddressEntry";
constexpr char kUniDelete[] = "DeleteUnicastIpAddressEntry";
constexpr char kUniSet[] = "SetUnicastIpAddressEntry";
constexpr char kUniGet[] = "GetUnicastIpAddressEntry";
constexpr char kUniTable[] = "GetUnicastIpAddressTable";
Status UniCreate(MIB_UNICASTIPADDRESS_ROW* row) { return NETIO_CALL(CreateUnicastIpAddressEntry, row); }
Status UniDelete(MIB_UNICASTIPADDRESS_ROW* row) { return NETIO_CALL(DeleteUnicastIpAddressEntry, row); }
Status UniSet(MIB_UNICASTIPADDRESS_ROW* row) { return NETIO_CALL(SetUnicastIpAddressEntry, row); }
Status UniGet(MIB_UNICASTIPADDRESS_ROW* row) { return NETIO_CALL(GetUnicastIpAddressEntry, row); }
Status UniTable(ADDRESS_FAMILY family, MIB_UNICASTIPADDRESS_TABLE** table) { return NETIO_CALL(GetUnicastIpAddressTable, family, table); }

// InitializeUnicastIpAddressEntry: this system's own values, or the documented ones where
// the function is not exported (unicastIpAddressRowBytes tells which).
struct UnicastInitialize {
  static constexpr const char* kSyscall = "InitializeUnicastIpAddressEntry";
  explicit UnicastInitialize(const Napi::CallbackInfo&) {}
  Status Run() {
    InitializeUnicastRow(&row);
    return Status::Ok();
  }
  Napi::Value Result(Napi::Env env) { return UnicastRowToJs(env, row); }
  MIB_UNICASTIPADDRESS_ROW row{};
};

}  // namespace

// MIB_UNICASTIPADDRESS_ROW, C -> JS. CreationTimeStamp stays a raw FILETIME count.
Napi::Object UnicastRowToJs(Napi::Env env, const MIB_UNICASTIPADDRESS_ROW& row) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("address", SockaddrToJs(env, row.Address));
  o.Set("interfaceLuid", LuidToJs(env, row.InterfaceLuid));
  o.Set("interfaceIndex", Napi::Number::New(env, row.InterfaceIndex));
  o.Set("prefixOrigin", Napi::Number::New(env, static_cast<ULONG>(row.PrefixOrigin)));
  o.Set("suffixOrigin", Napi::Number::New(env, static_cast<ULONG>(row.SuffixOrigin)));
  o.Set("validLifetime", Napi::Number::New(env, row.ValidLifetime));
  o.Set("preferredLifetime", Napi::Number::New(env, row.PreferredLifetime));
  o.Set("onLinkPrefixLength", Napi::Number::New(env, row.OnLinkPrefixLength));
  o.Set("skipAsSource", Napi::Boolean::New(env, row.SkipAsSource != FALSE));
  o.Set("dadState", Napi::Number::New(env, static_cast<ULONG>(row.DadState)));
  o.Set("scopeId", Napi::Number::New(env, row.ScopeId.Value));
  o.Set("creationTimeStamp", Napi::BigInt::New(env, static_cast<int64_t>(row.CreationTimeStamp.QuadPart)));
  return o;
}

void RegisterAddresses(Napi::Env env, Napi::Object exports) {
  Export<RowCommand<MIB_ANYCASTIPADDRESS_ROW, AnycastRowFromJs, kAnyCreate, AnyCreate>>(env, exports, "createAnycastIpAddressEntry");
  Export<RowCommand<MIB_ANYCASTIPADDRESS_ROW, AnycastRowFromJs, kAnyDelete, AnyDelete>>(env, exports, "deleteAnycastIpAddressEntry");
  Export<RowQuery<MIB_ANYCASTIPADDRESS_ROW, AnycastRowFromJs, AnycastRowToJs, kAnyGet, AnyGet>>(env, exports, "getAnycastIpAddressEntry");
  Export<FamilyTable<MIB_ANYCASTIPADDRESS_TABLE, MIB_ANYCASTIPADDRESS_ROW, AnycastRowToJs, kAnyTable, AnyTable>>(env, exports,
                                                                                                          "getAnycastIpAddressTable");
  Export<RowCommand<MIB_UNICASTIPADDRESS_ROW, UnicastRowFromJs, kUniCreate, UniCreate>>(env, exports, "createUnicastIpAddressEntry");
  Export<RowCommand<MIB_UNICASTIPADDRESS_ROW, UnicastRowFromJs, kUniDelete, UniDelete>>(env, exports, "deleteUnicastIpAddressEntry");
  Export<RowCommand<MIB_UNICASTIPADDRESS_ROW, UnicastRowFromJs, kUniSet, UniSet>>(env, exports, "setUnicastIpAddressEntry");
  Export<RowQuery<MIB_UNICASTIPADDRESS_ROW, UnicastRowFromJs, UnicastRowToJs, kUniGet, UniGet>>(env, exports, "getUnicastIpAddressEntry");
  Export<FamilyTable<MIB_UNICASTIPADDRESS_TABLE, MIB_UNICASTIPADDRESS_ROW, UnicastRowToJs, kUniTable, UniTable>>(env, exports,
                                                                                                          "getUnicastIpAddressTable");
  Export<UnicastInitialize>(env, exports, "initializeUnicastIpAddressEntry");
  exports.Set("unicastIpAddressRowBytes", Napi::Function::New(env, UnicastRowBytes, "unicastIpAddressRowBytes"));
}

}  // namespace netio
