// Sockets: GetExtendedTcpTable and GetExtendedUdpTable with every table class,
// GetTcpTable2 and GetTcp6Table2, GetOwnerModuleFrom{Tcp,Tcp6,Udp,Udp6}Entry and
// SetTcpEntry; and, from kernel32 rather than iphlpapi, the image names of the processes
// that own sockets (OpenProcess + QueryFullProcessImageNameW), batched in one call.
//
// Every table is read into a buffer sized by sizing.h's policy (first guess: what fitted
// last time; ERROR_INSUFFICIENT_BUFFER: grow and call again, also when the table grew
// between two calls), and packed off the JS thread into columns (see WireSocketRows in
// lib/native.ts): a busy server's 10,000 connections share a handful of distinct
// addresses, so the JS thread receives each address text once.
#include <array>
#include <cstddef>
#include <atomic>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "families.h"
#include "operation.h"
#include "sizing.h"

namespace netio {

namespace {

// The MIB rows give ports in network byte order in the low 16 bits of a DWORD (the high
// bits are not always zero).
uint32_t PortFromMib(DWORD port) { return ((port & 0xffu) << 8) | ((port >> 8) & 0xffu); }
DWORD PortToMib(uint32_t port) { return ((port & 0xffu) << 8) | ((port >> 8) & 0xffu); }

// The scope ids of MIB_TCP6ROW*, MIB_UDP6ROW* are taken as they come (host order), like
// SOCKADDR_IN6's; Microsoft's pages say "network byte order", which the Windows suite
// records (test/system/sockets.test.ts).
SOCKADDR_INET V4(DWORD address) {
  SOCKADDR_INET out;
  std::memset(&out, 0, sizeof out);
  out.si_family = AF_INET;
  out.Ipv4.sin_addr.s_addr = address;
  return out;
}
SOCKADDR_INET V6(const void* bytes, DWORD scope) {
  SOCKADDR_INET out;
  std::memset(&out, 0, sizeof out);
  out.si_family = AF_INET6;
  std::memcpy(&out.Ipv6.sin6_addr, bytes, 16);
  out.Ipv6.sin6_scope_id = scope;
  return out;
}

// Rows of any socket table as columns. Per row kStride numbers: local address slot,
// local port, remote address slot (kNoAddress for UDP), remote port, state (0 for UDP),
// owning pid (0 for the basic classes), and one more: the offload state (GetTcp*Table2)
// or the flags (UDP owner-module rows). Owner-module rows add kWide 64-bit numbers:
// liCreateTimestamp and the 16 OwningModuleInfo words.
class SocketColumns {
 public:
  static constexpr uint32_t kStride = 7;
  static constexpr uint32_t kWide = 1 + TCPIP_OWNING_MODULE_SIZE;
  static constexpr uint32_t kNoAddress = 0xffffffffu;

  void Reserve(size_t rows, bool module) {
    numbers_.reserve(rows * kStride);
    if (module) wide_.reserve(rows * kWide);
  }

  // Any thread. Returns the slot of `address` in the table of distinct addresses.
  uint32_t Slot(const SOCKADDR_INET& address) {
    Key key{};
    key.family = address.si_family;
    if (address.si_family == AF_INET) {
      std::memcpy(key.bytes.data(), &address.Ipv4.sin_addr, 4);
    } else {
      std::memcpy(key.bytes.data(), &address.Ipv6.sin6_addr, 16);
      key.scope = address.Ipv6.sin6_scope_id;
    }
    if (hasLast_ && key == last_) return lastSlot_;  // consecutive rows mostly share one
    auto found = slots_.find(key);
    uint32_t slot;
    if (found != slots_.end()) {
      slot = found->second;
    } else {
      slot = static_cast<uint32_t>(slots_.size());
      slots_.emplace(key, slot);
      text_ += FormatAddress(address);
      text_ += '\n';
    }
    last_ = key;
    lastSlot_ = slot;
    hasLast_ = true;
    return slot;
  }

  void Add(uint32_t local, uint32_t localPort, uint32_t remote, uint32_t remotePort, uint32_t state, uint32_t pid, uint32_t extra) {
    numbers_.insert(numbers_.end(), {local, localPort, remote, remotePort, state, pid, extra});
    ++count_;
  }

  void AddModule(const LARGE_INTEGER& created, const ULONGLONG (&info)[TCPIP_OWNING_MODULE_SIZE]) {
    wide_.push_back(static_cast<uint64_t>(created.QuadPart));
    for (ULONGLONG word : info) wide_.push_back(word);
  }

  // JS thread. Copies into ArrayBuffers that V8 owns (Electron allows no external ones).
  Napi::Object ToJs(Napi::Env env) const {
    Napi::Object o = Napi::Object::New(env);
    o.Set("count", Napi::Number::New(env, count_));
    o.Set("addresses", Latin1ToJs(env, text_));
    o.Set("numbers", ColumnToJs(env, numbers_));
    o.Set("wide", ColumnToJs(env, wide_));
    return o;
  }

 private:
  struct Key {
    std::array<unsigned char, 16> bytes;
    uint32_t scope;
    uint32_t family;
    bool operator==(const Key& other) const { return bytes == other.bytes && scope == other.scope && family == other.family; }
  };
  struct KeyHash {
    size_t operator()(const Key& key) const {
      uint64_t h = 1469598103934665603ull;  // FNV-1a
      for (unsigned char b : key.bytes) h = (h ^ b) * 1099511628211ull;
      h = (h ^ key.scope) * 1099511628211ull;
      return static_cast<size_t>(h ^ key.family);
    }
  };

  std::unordered_map<Key, uint32_t, KeyHash> slots_;
  Key last_{};
  uint32_t lastSlot_ = 0;
  bool hasLast_ = false;
  std::string text_;
  std::vector<uint32_t> numbers_;
  std::vector<uint64_t> wide_;
  uint32_t count_ = 0;
};

// The first guess of each table's size: what fitted last time, per function, family and
// class. A process-wide hint and nothing more (a stale one costs one more call), so it is
// shared by every Node.js environment; relaxed atomics suffice.
std::atomic<uint32_t> g_tcpHints[2][9];
std::atomic<uint32_t> g_udpHints[2][3];
std::atomic<uint32_t> g_tcp2Hints[2];
constexpr uint32_t kFirstGuess = 16 * 1024;

uint32_t Guess(const std::atomic<uint32_t>& hint) {
  uint32_t value = hint.load(std::memory_order_relaxed);
  return value != 0 ? value : kFirstGuess;
}

// Remembers the room `rows` rows of `rowSize` bytes need, with the policy's headroom.
void Learn(std::atomic<uint32_t>& hint, size_t header, size_t rows, size_t rowSize) {
  uint64_t need = header + rows * rowSize;
  need += SizingPolicy().Headroom(static_cast<uint32_t>(need > 0xffffffffu ? 0xffffffffu : need));
  hint.store(need > (1u << 30) ? (1u << 30) : static_cast<uint32_t>(need), std::memory_order_relaxed);
}

// The rows of a table the OS wrote into `buffer`, at most as many as fit in it.
template <class Table>
ULONG RowCount(const SizedBuffer& buffer) {
  const auto* table = static_cast<const Table*>(buffer.data());
  const size_t header = offsetof(Table, table);
  if (buffer.capacity() < header) return 0;
  const size_t fit = (buffer.capacity() - header) / sizeof(table->table[0]);
  return table->dwNumEntries < fit ? table->dwNumEntries : static_cast<ULONG>(fit);
}

template <class Table>
const auto* Rows(const SizedBuffer& buffer) {
  return static_cast<const Table*>(buffer.data())->table;
}

// Reads a table through `call(buffer, DWORD* size)`, learning its size for next time.
template <class Table, class Call>
Status ReadTable(const char* syscall, std::atomic<uint32_t>& hint, SizedBuffer& buffer, Call&& call) {
  SizingOutcome outcome = CallWithSizedBuffer(buffer, Guess(hint), [&](void* data, uint32_t* size) -> unsigned long {
    DWORD inOut = *size;
    DWORD code = call(data, &inOut);
    *size = static_cast<uint32_t>(inOut);
    return code;
  });
  if (outcome.code != NO_ERROR) return Status::Os(static_cast<DWORD>(outcome.code), syscall);
  Learn(hint, offsetof(Table, table), RowCount<Table>(buffer), sizeof(static_cast<const Table*>(nullptr)->table[0]));
  return Status::Ok();
}

constexpr char kExtendedTcp[] = "GetExtendedTcpTable";
constexpr char kExtendedUdp[] = "GetExtendedUdpTable";

ULONG FamilyArgument(const Napi::Value& value) {
  ADDRESS_FAMILY family = FamilyFromJs(value, "family");
  if (family != AF_INET && family != AF_INET6) throw ArgumentError{"family", "AF_INET or AF_INET6"};
  return family;
}

// GetExtendedTcpTable(family, tableClass, sorted).
struct ExtendedTcpTable {
  static constexpr const char* kSyscall = kExtendedTcp;
  explicit ExtendedTcpTable(const Napi::CallbackInfo& info) : family(FamilyArgument(info[0])) {
    tableClass = UlongFromJs(info[1], "tableClass");
    if (tableClass > TCP_TABLE_OWNER_MODULE_ALL) throw ArgumentError{"tableClass", "a TCP_TABLE_CLASS value from 0 to 8"};
    sorted = BoolFromJs(info[2], "sorted");
  }

  Status Run() {
    if (Api().GetExtendedTcpTable == nullptr) return Status::Missing(kSyscall);
    // Documented: AF_INET6 with a TCP_TABLE_BASIC_* class is not supported and returns
    // ERROR_NOT_SUPPORTED. (Wine returns a MIB_TCP6TABLE instead; Windows is followed.)
    if (family == AF_INET6 && tableClass <= TCP_TABLE_BASIC_ALL) return Status::Os(ERROR_NOT_SUPPORTED, kSyscall);
    const auto cls = static_cast<TCP_TABLE_CLASS>(tableClass);
    auto call = [&](void* data, DWORD* size) { return Api().GetExtendedTcpTable(data, size, sorted ? TRUE : FALSE, family, cls, 0); };
    std::atomic<uint32_t>& hint = g_tcpHints[family == AF_INET ? 0 : 1][tableClass];
    SizedBuffer buffer;
    const bool basic = tableClass <= TCP_TABLE_BASIC_ALL;
    const bool module = tableClass >= TCP_TABLE_OWNER_MODULE_LISTENER;
    Status status;
    if (family == AF_INET) {
      if (basic) {
        if (!(status = ReadTable<MIB_TCPTABLE>(kSyscall, hint, buffer, call)).ok()) return status;
        ULONG n = RowCount<MIB_TCPTABLE>(buffer);
        columns.Reserve(n, false);
        for (const auto* r = Rows<MIB_TCPTABLE>(buffer); n-- > 0; ++r) AddV4(*r, r->dwState, 0, 0);
      } else if (!module) {
        if (!(status = ReadTable<MIB_TCPTABLE_OWNER_PID>(kSyscall, hint, buffer, call)).ok()) return status;
        ULONG n = RowCount<MIB_TCPTABLE_OWNER_PID>(buffer);
        columns.Reserve(n, false);
        for (const auto* r = Rows<MIB_TCPTABLE_OWNER_PID>(buffer); n-- > 0; ++r) AddV4(*r, r->dwState, r->dwOwningPid, 0);
      } else {
        if (!(status = ReadTable<MIB_TCPTABLE_OWNER_MODULE>(kSyscall, hint, buffer, call)).ok()) return status;
        ULONG n = RowCount<MIB_TCPTABLE_OWNER_MODULE>(buffer);
        columns.Reserve(n, true);
        for (const auto* r = Rows<MIB_TCPTABLE_OWNER_MODULE>(buffer); n-- > 0; ++r) {
          AddV4(*r, r->dwState, r->dwOwningPid, 0);
          columns.AddModule(r->liCreateTimestamp, r->OwningModuleInfo);
        }
      }
    } else if (!module) {
      if (!(status = ReadTable<MIB_TCP6TABLE_OWNER_PID>(kSyscall, hint, buffer, call)).ok()) return status;
      ULONG n = RowCount<MIB_TCP6TABLE_OWNER_PID>(buffer);
      columns.Reserve(n, false);
      for (const auto* r = Rows<MIB_TCP6TABLE_OWNER_PID>(buffer); n-- > 0; ++r) AddV6(*r);
    } else {
      if (!(status = ReadTable<MIB_TCP6TABLE_OWNER_MODULE>(kSyscall, hint, buffer, call)).ok()) return status;
      ULONG n = RowCount<MIB_TCP6TABLE_OWNER_MODULE>(buffer);
      columns.Reserve(n, true);
      for (const auto* r = Rows<MIB_TCP6TABLE_OWNER_MODULE>(buffer); n-- > 0; ++r) {
        AddV6(*r);
        columns.AddModule(r->liCreateTimestamp, r->OwningModuleInfo);
      }
    }
    return Status::Ok();
  }

  template <class Row>
  void AddV4(const Row& r, DWORD state, DWORD pid, DWORD extra) {
    columns.Add(columns.Slot(V4(r.dwLocalAddr)), PortFromMib(r.dwLocalPort), columns.Slot(V4(r.dwRemoteAddr)), PortFromMib(r.dwRemotePort),
                state, pid, extra);
  }
  template <class Row>
  void AddV6(const Row& r) {
    columns.Add(columns.Slot(V6(r.ucLocalAddr, r.dwLocalScopeId)), PortFromMib(r.dwLocalPort), columns.Slot(V6(r.ucRemoteAddr, r.dwRemoteScopeId)),
                PortFromMib(r.dwRemotePort), r.dwState, r.dwOwningPid, 0);
  }

  Napi::Value Result(Napi::Env env) { return columns.ToJs(env); }

  ULONG family;
  ULONG tableClass = 0;
  bool sorted = false;
  SocketColumns columns;
};

// GetExtendedUdpTable(family, tableClass, sorted).
struct ExtendedUdpTable {
  static constexpr const char* kSyscall = kExtendedUdp;
  explicit ExtendedUdpTable(const Napi::CallbackInfo& info) : family(FamilyArgument(info[0])) {
    tableClass = UlongFromJs(info[1], "tableClass");
    if (tableClass > UDP_TABLE_OWNER_MODULE) throw ArgumentError{"tableClass", "a UDP_TABLE_CLASS value from 0 to 2"};
    sorted = BoolFromJs(info[2], "sorted");
  }

  Status Run() {
    if (Api().GetExtendedUdpTable == nullptr) return Status::Missing(kSyscall);
    const auto cls = static_cast<UDP_TABLE_CLASS>(tableClass);
    auto call = [&](void* data, DWORD* size) { return Api().GetExtendedUdpTable(data, size, sorted ? TRUE : FALSE, family, cls, 0); };
    std::atomic<uint32_t>& hint = g_udpHints[family == AF_INET ? 0 : 1][tableClass];
    SizedBuffer buffer;
    Status status;
    const uint32_t none = SocketColumns::kNoAddress;
    if (family == AF_INET) {
      if (cls == UDP_TABLE_BASIC) {
        if (!(status = ReadTable<MIB_UDPTABLE>(kSyscall, hint, buffer, call)).ok()) return status;
        ULONG n = RowCount<MIB_UDPTABLE>(buffer);
        columns.Reserve(n, false);
        for (const auto* r = Rows<MIB_UDPTABLE>(buffer); n-- > 0; ++r) columns.Add(columns.Slot(V4(r->dwLocalAddr)), PortFromMib(r->dwLocalPort), none, 0, 0, 0, 0);
      } else if (cls == UDP_TABLE_OWNER_PID) {
        if (!(status = ReadTable<MIB_UDPTABLE_OWNER_PID>(kSyscall, hint, buffer, call)).ok()) return status;
        ULONG n = RowCount<MIB_UDPTABLE_OWNER_PID>(buffer);
        columns.Reserve(n, false);
        for (const auto* r = Rows<MIB_UDPTABLE_OWNER_PID>(buffer); n-- > 0; ++r) {
          columns.Add(columns.Slot(V4(r->dwLocalAddr)), PortFromMib(r->dwLocalPort), none, 0, 0, r->dwOwningPid, 0);
        }
      } else {
        if (!(status = ReadTable<MIB_UDPTABLE_OWNER_MODULE>(kSyscall, hint, buffer, call)).ok()) return status;
        ULONG n = RowCount<MIB_UDPTABLE_OWNER_MODULE>(buffer);
        columns.Reserve(n, true);
        for (const auto* r = Rows<MIB_UDPTABLE_OWNER_MODULE>(buffer); n-- > 0; ++r) {
          columns.Add(columns.Slot(V4(r->dwLocalAddr)), PortFromMib(r->dwLocalPort), none, 0, 0, r->dwOwningPid, static_cast<uint32_t>(r->dwFlags));
          columns.AddModule(r->liCreateTimestamp, r->OwningModuleInfo);
        }
      }
    } else {
      if (cls == UDP_TABLE_BASIC) {
        if (!(status = ReadTable<MIB_UDP6TABLE>(kSyscall, hint, buffer, call)).ok()) return status;
        ULONG n = RowCount<MIB_UDP6TABLE>(buffer);
        columns.Reserve(n, false);
        for (const auto* r = Rows<MIB_UDP6TABLE>(buffer); n-- > 0; ++r) {
          columns.Add(columns.Slot(V6(&r->dwLocalAddr, r->dwLocalScopeId)), PortFromMib(r->dwLocalPort), none, 0, 0, 0, 0);
        }
      } else if (cls == UDP_TABLE_OWNER_PID) {
        if (!(status = ReadTable<MIB_UDP6TABLE_OWNER_PID>(kSyscall, hint, buffer, call)).ok()) return status;
        ULONG n = RowCount<MIB_UDP6TABLE_OWNER_PID>(buffer);
        columns.Reserve(n, false);
        for (const auto* r = Rows<MIB_UDP6TABLE_OWNER_PID>(buffer); n-- > 0; ++r) {
          columns.Add(columns.Slot(V6(r->ucLocalAddr, r->dwLocalScopeId)), PortFromMib(r->dwLocalPort), none, 0, 0, r->dwOwningPid, 0);
        }
      } else {
        if (!(status = ReadTable<MIB_UDP6TABLE_OWNER_MODULE>(kSyscall, hint, buffer, call)).ok()) return status;
        ULONG n = RowCount<MIB_UDP6TABLE_OWNER_MODULE>(buffer);
        columns.Reserve(n, true);
        for (const auto* r = Rows<MIB_UDP6TABLE_OWNER_MODULE>(buffer); n-- > 0; ++r) {
          columns.Add(columns.Slot(V6(r->ucLocalAddr, r->dwLocalScopeId)), PortFromMib(r->dwLocalPort), none, 0, 0, r->dwOwningPid, static_cast<uint32_t>(r->dwFlags));
          columns.AddModule(r->liCreateTimestamp, r->OwningModuleInfo);
        }
      }
    }
    return Status::Ok();
  }

  Napi::Value Result(Napi::Env env) { return columns.ToJs(env); }

  ULONG family;
  ULONG tableClass = 0;
  bool sorted = false;
  SocketColumns columns;
};

// GetTcpTable2(sorted) and GetTcp6Table2(sorted): the owning pid and the offload state.
template <bool kIpv6>
struct TcpTable2 {
  static constexpr const char* kSyscall = kIpv6 ? "GetTcp6Table2" : "GetTcpTable2";
  explicit TcpTable2(const Napi::CallbackInfo& info) : sorted(BoolFromJs(info[0], "sorted")) {}

  Status Run() {
    SizedBuffer buffer;
    Status status;
    std::atomic<uint32_t>& hint = g_tcp2Hints[kIpv6 ? 1 : 0];
    if constexpr (kIpv6) {
      if (Api().GetTcp6Table2 == nullptr) return Status::Missing(kSyscall);
      auto call = [&](void* data, DWORD* size) {
        ULONG inOut = *size;
        ULONG code = Api().GetTcp6Table2(static_cast<PMIB_TCP6TABLE2>(data), &inOut, sorted ? TRUE : FALSE);
        *size = inOut;
        return static_cast<DWORD>(code);
      };
      if (!(status = ReadTable<MIB_TCP6TABLE2>(kSyscall, hint, buffer, call)).ok()) return status;
      ULONG n = RowCount<MIB_TCP6TABLE2>(buffer);
      columns.Reserve(n, false);
      for (const auto* r = Rows<MIB_TCP6TABLE2>(buffer); n-- > 0; ++r) {
        columns.Add(columns.Slot(V6(&r->LocalAddr, r->dwLocalScopeId)), PortFromMib(r->dwLocalPort), columns.Slot(V6(&r->RemoteAddr, r->dwRemoteScopeId)),
                    PortFromMib(r->dwRemotePort), static_cast<uint32_t>(r->State), r->dwOwningPid, static_cast<uint32_t>(r->dwOffloadState));
      }
    } else {
      if (Api().GetTcpTable2 == nullptr) return Status::Missing(kSyscall);
      auto call = [&](void* data, DWORD* size) {
        ULONG inOut = *size;
        ULONG code = Api().GetTcpTable2(static_cast<PMIB_TCPTABLE2>(data), &inOut, sorted ? TRUE : FALSE);
        *size = inOut;
        return static_cast<DWORD>(code);
      };
      if (!(status = ReadTable<MIB_TCPTABLE2>(kSyscall, hint, buffer, call)).ok()) return status;
      ULONG n = RowCount<MIB_TCPTABLE2>(buffer);
      columns.Reserve(n, false);
      for (const auto* r = Rows<MIB_TCPTABLE2>(buffer); n-- > 0; ++r) {
        columns.Add(columns.Slot(V4(r->dwLocalAddr)), PortFromMib(r->dwLocalPort), columns.Slot(V4(r->dwRemoteAddr)), PortFromMib(r->dwRemotePort),
                    r->dwState, r->dwOwningPid, static_cast<uint32_t>(r->dwOffloadState));
      }
    }
    return Status::Ok();
  }

  Napi::Value Result(Napi::Env env) { return columns.ToJs(env); }

  bool sorted = false;
  SocketColumns columns;
};

// The members every row going in shares: the facade passes all of them.
uint32_t PortArgument(const Napi::Object& in, const char* member) {
  ULONG port = UlongFromJs(Member(in, member), member);
  if (port > 0xffff) throw ArgumentError{member, "a port from 0 to 65535"};
  return port;
}

void AddressArgument(const Napi::Object& in, const char* member, ADDRESS_FAMILY family, SOCKADDR_INET* out) {
  SockaddrFromJs(Member(in, member), member, out);
  if (out->si_family != family) throw ArgumentError{member, family == AF_INET ? "an IPv4 address" : "an IPv6 address"};
}

void ModuleArguments(const Napi::Object& in, LARGE_INTEGER* created, ULONGLONG (&info)[TCPIP_OWNING_MODULE_SIZE]) {
  Napi::Value timestamp = Member(in, "createTimestamp");
  if (!timestamp.IsBigInt()) throw ArgumentError{"createTimestamp", "a FILETIME count as a bigint"};
  bool lossless = false;
  created->QuadPart = timestamp.As<Napi::BigInt>().Int64Value(&lossless);
  if (!lossless) throw ArgumentError{"createTimestamp", "a FILETIME count that fits in 64 bits"};
  Napi::Value words = Member(in, "owningModuleInfo");
  if (!words.IsArray() || words.As<Napi::Array>().Length() != TCPIP_OWNING_MODULE_SIZE) {
    throw ArgumentError{"owningModuleInfo", "an array of 16 bigints"};
  }
  Napi::Array array = words.As<Napi::Array>();
  for (uint32_t i = 0; i < TCPIP_OWNING_MODULE_SIZE; ++i) {
    Napi::Value word = array.Get(i);
    if (!word.IsBigInt()) throw ArgumentError{"owningModuleInfo", "an array of 16 bigints"};
    info[i] = word.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) throw ArgumentError{"owningModuleInfo", "an array of 16 unsigned 64-bit bigints"};
  }
}

// GetOwnerModuleFrom{Tcp,Tcp6,Udp,Udp6}Entry(row) -> { moduleName, modulePath }, from
// TCPIP_OWNER_MODULE_BASIC_INFO, whose two strings live in the same buffer.
enum class Owner { Tcp, Tcp6, Udp, Udp6 };

template <Owner kKind>
struct OwnerModule {
  static constexpr const char* kSyscall = kKind == Owner::Tcp    ? "GetOwnerModuleFromTcpEntry"
                                          : kKind == Owner::Tcp6 ? "GetOwnerModuleFromTcp6Entry"
                                          : kKind == Owner::Udp  ? "GetOwnerModuleFromUdpEntry"
                                                                 : "GetOwnerModuleFromUdp6Entry";
  explicit OwnerModule(const Napi::CallbackInfo& info) {
    Napi::Object in = RowArgument(info, 0, "row");
    const ADDRESS_FAMILY family = kKind == Owner::Tcp || kKind == Owner::Udp ? AF_INET : AF_INET6;
    SOCKADDR_INET local{};
    AddressArgument(in, "localAddress", family, &local);
    const DWORD localPort = PortToMib(PortArgument(in, "localPort"));
    const DWORD pid = UlongFromJs(Member(in, "owningPid"), "owningPid");
    if constexpr (kKind == Owner::Tcp || kKind == Owner::Tcp6) {
      SOCKADDR_INET remote{};
      AddressArgument(in, "remoteAddress", family, &remote);
      const DWORD remotePort = PortToMib(PortArgument(in, "remotePort"));
      const DWORD state = UlongFromJs(Member(in, "state"), "state");
      if constexpr (kKind == Owner::Tcp) {
        row.dwState = state;
        row.dwLocalAddr = local.Ipv4.sin_addr.s_addr;
        row.dwLocalPort = localPort;
        row.dwRemoteAddr = remote.Ipv4.sin_addr.s_addr;
        row.dwRemotePort = remotePort;
      } else {
        std::memcpy(row.ucLocalAddr, &local.Ipv6.sin6_addr, 16);
        row.dwLocalScopeId = local.Ipv6.sin6_scope_id;
        row.dwLocalPort = localPort;
        std::memcpy(row.ucRemoteAddr, &remote.Ipv6.sin6_addr, 16);
        row.dwRemoteScopeId = remote.Ipv6.sin6_scope_id;
        row.dwRemotePort = remotePort;
        row.dwState = state;
      }
    } else {
      if constexpr (kKind == Owner::Udp) {
        row.dwLocalAddr = local.Ipv4.sin_addr.s_addr;
      } else {
        std::memcpy(row.ucLocalAddr, &local.Ipv6.sin6_addr, 16);
        row.dwLocalScopeId = local.Ipv6.sin6_scope_id;
      }
      row.dwLocalPort = localPort;
      row.dwFlags = BoolFromJs(Member(in, "specificPortBind"), "specificPortBind") ? 1 : 0;
    }
    row.dwOwningPid = pid;
    ModuleArguments(in, &row.liCreateTimestamp, row.OwningModuleInfo);
  }

  Status Run() {
    auto fn = Function();
    if (fn == nullptr) return Status::Missing(kSyscall);
    SizedBuffer buffer;
    SizingOutcome outcome = CallWithSizedBuffer(buffer, 1024, [&](void* data, uint32_t* size) -> unsigned long {
      DWORD inOut = *size;
      DWORD code = fn(&row, TCPIP_OWNER_MODULE_INFO_BASIC, data, &inOut);
      *size = static_cast<uint32_t>(inOut);
      return code;
    });
    if (outcome.code != NO_ERROR) return Status::Os(static_cast<DWORD>(outcome.code), kSyscall);
    if (buffer.capacity() < sizeof(TCPIP_OWNER_MODULE_BASIC_INFO)) return Status::Ok();
    const auto* basic = static_cast<const TCPIP_OWNER_MODULE_BASIC_INFO*>(buffer.data());
    name = Copy(buffer, basic->pModuleName);
    path = Copy(buffer, basic->pModulePath);
    return Status::Ok();
  }

  // A string the OS placed in `buffer`, read no further than the buffer's end.
  static std::u16string Copy(const SizedBuffer& buffer, const WCHAR* text) {
    if (text == nullptr) return std::u16string();
    const auto* begin = static_cast<const unsigned char*>(buffer.data());
    const auto* at = reinterpret_cast<const unsigned char*>(text);
    if (at < begin || at >= begin + buffer.capacity()) return std::u16string();
    const size_t capacity = static_cast<size_t>(begin + buffer.capacity() - at) / sizeof(WCHAR);
    size_t length = 0;
    while (length < capacity && text[length] != 0) ++length;
    return std::u16string(reinterpret_cast<const char16_t*>(text), length);
  }

  auto Function() const {
    if constexpr (kKind == Owner::Tcp) return Api().GetOwnerModuleFromTcpEntry;
    else if constexpr (kKind == Owner::Tcp6) return Api().GetOwnerModuleFromTcp6Entry;
    else if constexpr (kKind == Owner::Udp) return Api().GetOwnerModuleFromUdpEntry;
    else return Api().GetOwnerModuleFromUdp6Entry;
  }

  Napi::Value Result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("moduleName", Napi::String::New(env, name));
    o.Set("modulePath", Napi::String::New(env, path));
    return o;
  }

  using Row = std::conditional_t<kKind == Owner::Tcp, MIB_TCPROW_OWNER_MODULE,
                                 std::conditional_t<kKind == Owner::Tcp6, MIB_TCP6ROW_OWNER_MODULE,
                                                    std::conditional_t<kKind == Owner::Udp, MIB_UDPROW_OWNER_MODULE, MIB_UDP6ROW_OWNER_MODULE>>>;
  Row row{};
  std::u16string name;
  std::u16string path;
};

// SetTcpEntry(row): MIB_TCPROW, whose only settable state is MIB_TCP_STATE_DELETE_TCB.
struct SetTcp {
  static constexpr const char* kSyscall = "SetTcpEntry";
  explicit SetTcp(const Napi::CallbackInfo& info) {
    Napi::Object in = RowArgument(info, 0, "row");
    SOCKADDR_INET local{}, remote{};
    AddressArgument(in, "localAddress", AF_INET, &local);
    AddressArgument(in, "remoteAddress", AF_INET, &remote);
    row.dwState = UlongFromJs(Member(in, "state"), "state");
    row.dwLocalAddr = local.Ipv4.sin_addr.s_addr;
    row.dwLocalPort = PortToMib(PortArgument(in, "localPort"));
    row.dwRemoteAddr = remote.Ipv4.sin_addr.s_addr;
    row.dwRemotePort = PortToMib(PortArgument(in, "remotePort"));
  }
  Status Run() { return NETIO_CALL(SetTcpEntry, &row); }
  Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  MIB_TCPROW row{};
};

// The image file names (node.exe) of the processes with these ids, each looked up once;
// null for one that cannot be queried (gone, protected, access denied, pid 0). Never
// fails as a whole. kernel32, present on every supported Windows, so called directly.
struct ProcessNames {
  static constexpr const char* kSyscall = "QueryFullProcessImageNameW";
  explicit ProcessNames(const Napi::CallbackInfo& info) {
    if (!info[0].IsArray()) throw ArgumentError{"pids", "an array of process ids"};
    Napi::Array array = info[0].As<Napi::Array>();
    pids.reserve(array.Length());
    for (uint32_t i = 0; i < array.Length(); ++i) pids.push_back(UlongFromJs(array.Get(i), "pids"));
  }

  struct HandleCloser {
    void operator()(HANDLE handle) const {
      if (handle != nullptr) CloseHandle(handle);
    }
  };
  using Handle = std::unique_ptr<void, HandleCloser>;

  Status Run() {
    names.resize(pids.size());
    found.assign(pids.size(), false);
    std::vector<WCHAR> path(1024);
    for (size_t i = 0; i < pids.size(); ++i) {
      if (pids[i] == 0) continue;
      Handle process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pids[i]));
      if (!process) continue;
      DWORD length = static_cast<DWORD>(path.size());
      BOOL ok = QueryFullProcessImageNameW(process.get(), 0, path.data(), &length);
      if (!ok && GetLastError() == ERROR_INSUFFICIENT_BUFFER) {
        path.resize(32768);  // the longest path Windows has
        length = static_cast<DWORD>(path.size());
        ok = QueryFullProcessImageNameW(process.get(), 0, path.data(), &length);
      }
      if (!ok || length > path.size()) continue;
      size_t start = length;
      while (start > 0 && path[start - 1] != L'\\' && path[start - 1] != L'/') --start;
      names[i].assign(reinterpret_cast<const char16_t*>(path.data()) + start, length - start);
      found[i] = true;
    }
    return Status::Ok();
  }

  Napi::Value Result(Napi::Env env) {
    Napi::Array out = Napi::Array::New(env, pids.size());
    for (size_t i = 0; i < pids.size(); ++i) out.Set(static_cast<uint32_t>(i), found[i] ? Napi::Value(Napi::String::New(env, names[i])) : env.Null());
    return out;
  }

  std::vector<DWORD> pids;
  std::vector<std::u16string> names;
  std::vector<bool> found;
};

}  // namespace

void RegisterSockets(Napi::Env env, Napi::Object exports) {
  Export<ExtendedTcpTable>(env, exports, "getExtendedTcpTable");
  Export<ExtendedUdpTable>(env, exports, "getExtendedUdpTable");
  Export<TcpTable2<false>>(env, exports, "getTcpTable2");
  Export<TcpTable2<true>>(env, exports, "getTcp6Table2");
  Export<OwnerModule<Owner::Tcp>>(env, exports, "getOwnerModuleFromTcpEntry");
  Export<OwnerModule<Owner::Tcp6>>(env, exports, "getOwnerModuleFromTcp6Entry");
  Export<OwnerModule<Owner::Udp>>(env, exports, "getOwnerModuleFromUdpEntry");
  Export<OwnerModule<Owner::Udp6>>(env, exports, "getOwnerModuleFromUdp6Entry");
  Export<SetTcp>(env, exports, "setTcpEntry");
  Export<ProcessNames>(env, exports, "processNames");
}

}  // namespace netio
