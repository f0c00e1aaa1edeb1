// The one marshaller for each C type the rows are made of, in both directions.
//
//   NET_LUID           <-> bigint
//   NET_IFINDEX        <-> number
//   GUID               <-> '{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}'
//   SOCKADDR_INET      <-> '192.0.2.1' | 'fe80::1%12'          (RFC 5952 text)
//   IP_ADDRESS_PREFIX  <-> '10.0.0.0/8' | '::/0'
//   physical address   <-> '02:00:5e:10:00:01'                   (lowercase, colons)
//   WCHAR[] strings    <-> string                                (UTF-16, no ANSI)
//   ULONG64            <-> bigint
//   SOCKET_ADDRESS     ->  '192.0.2.1' | 'fe80::1%12' | null       (the same text as SOCKADDR_INET)
//   ANSI char[] text   ->  string                                (CP_ACP -> UTF-16: FIXED_INFO, AdapterName)
//   opaque bytes       ->  '00:01:00:01:…'                       (a DHCPv6 DUID: lowercase hex, colons)
//
// The facade (lib/) validates input and names the member at fault; these re-check types
// and throw ArgumentError rather than trust them.
#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "status.h"

namespace netio {

// Reads `object[member]`, throwing ArgumentError when it is missing.
Napi::Value Member(const Napi::Object& object, const char* member);

// Reads `object[member]` into `out` when the caller gave it. False when it is absent
// (undefined): the row then keeps the bytes it already holds, which for every row going in
// are what the row's Initialize… function wrote.
bool Optional(const Napi::Object& object, const char* member, Napi::Value* out);

NET_LUID LuidFromJs(const Napi::Value& value, const char* member);
Napi::Value LuidToJs(Napi::Env env, const NET_LUID& luid);

NET_IFINDEX IndexFromJs(const Napi::Value& value, const char* member);
ULONG UlongFromJs(const Napi::Value& value, const char* member);
bool BoolFromJs(const Napi::Value& value, const char* member);
// AF_INET, AF_INET6 or AF_UNSPEC.
ADDRESS_FAMILY FamilyFromJs(const Napi::Value& value, const char* member);

GUID GuidFromJs(const Napi::Value& value, const char* member);
Napi::Value GuidToJs(Napi::Env env, const GUID& guid);

void SockaddrFromJs(const Napi::Value& value, const char* member, SOCKADDR_INET* out);
Napi::Value SockaddrToJs(Napi::Env env, const SOCKADDR_INET& address);

void PrefixFromJs(const Napi::Value& value, const char* member, IP_ADDRESS_PREFIX* out);
Napi::Value PrefixToJs(Napi::Env env, const IP_ADDRESS_PREFIX& prefix);

// Returns the number of bytes written to `out` (at most `capacity`).
ULONG PhysicalFromJs(const Napi::Value& value, const char* member, UCHAR* out, ULONG capacity);
Napi::Value PhysicalToJs(Napi::Env env, const UCHAR* bytes, ULONG length, ULONG capacity);

// A NUL-terminated UTF-16 string. Only what cannot travel as one is refused (a NUL inside);
// an empty or over-long string reaches the OS, which says what it makes of it.
std::wstring WideFromJs(const Napi::Value& value, const char* member);
// Reads at most `capacity` characters, stopping at the first NUL.
Napi::Value WideToJs(Napi::Env env, const WCHAR* text, size_t capacity);

Napi::Value U64ToJs(Napi::Env env, ULONG64 value);

// The columns a large table crosses to JS in (packed on the worker thread, one typed array
// each): a Uint32Array, a BigUint64Array (LUIDs and other 64-bit members), and text that is
// Latin-1 by construction (addresses), made without a UTF-8 pass. Each is a copy.
Napi::Value ColumnToJs(Napi::Env env, const std::vector<uint32_t>& column);
Napi::Value ColumnToJs(Napi::Env env, const std::vector<uint64_t>& column);
Napi::Value Latin1ToJs(Napi::Env env, const std::string& text);

// A SOCKET_ADDRESS as SOCKADDR_INET: false (and `out` zeroed) when it holds no IPv4 or
// IPv6 address, or its length is too short for its family.
bool SocketAddressToInet(const SOCKET_ADDRESS& address, SOCKADDR_INET* out);
// Its text, as SockaddrToJs gives it; null when it holds no IPv4 or IPv6 address.
Napi::Value SocketAddressToJs(Napi::Env env, const SOCKET_ADDRESS& address);

// Text in the system's ANSI code page (the char members of FIXED_INFO and
// IP_ADAPTER_ADDRESSES), at most `capacity` bytes, stopping at the first NUL; as UTF-16.
Napi::Value AnsiToJs(Napi::Env env, const char* text, size_t capacity);

// Up to `capacity` bytes of an opaque identifier as lowercase hex pairs joined by colons.
Napi::Value HexBytesToJs(Napi::Env env, const UCHAR* bytes, ULONG length, ULONG capacity);

// Writes a documented number into an enumeration member by its bits. The OS's "unset"
// values (0xFFFFFFFF for Protocol, say) lie outside the C++ enumeration's range, where a
// static_cast would be undefined behaviour; the member's storage holds them as the OS does.
template <class Enum>
void StoreEnum(Enum* member, ULONG value) {
  static_assert(std::is_enum<Enum>::value && sizeof(Enum) == sizeof(ULONG), "a 32-bit enumeration");
  std::memcpy(member, &value, sizeof value);
}

// Text forms, shared by the *ToJs functions and the column encoders.
std::string FormatAddress(const SOCKADDR_INET& address);
// Into a caller's buffer, without allocating: 38 characters, and 3 per byte less one.
constexpr size_t kGuidTextLength = 38;
constexpr size_t kPhysicalTextCapacity = IF_MAX_PHYS_ADDRESS_LENGTH * 3;
void FormatGuid(const GUID& guid, char (&out)[kGuidTextLength]);
size_t FormatPhysical(const UCHAR* bytes, ULONG length, ULONG capacity, char (&out)[kPhysicalTextCapacity]);

// Diagnostics (not part of the documented API): a row's raw bytes and where each member
// lies in them, so that a test can record what an Initialize… function writes and what a
// row going in holds. Nothing here calls anything but the pure Initialize… functions.
struct MemberLayout {
  const char* name;
  size_t offset;
  size_t size;
};
#define NETIO_MEMBER_LAYOUT(Type, member) ::netio::MemberLayout{#member, offsetof(Type, member), sizeof(Type::member)}

// { native, size, bytes: Uint8Array, members: [{ name, offset, size }], untouched: [offset…] }
Napi::Object RowBytesToJs(Napi::Env env, const void* row, size_t size, const MemberLayout* members, size_t count, bool native,
                          const std::vector<size_t>& untouched);

// Runs a diagnostic's body on the JS thread the way RunSync runs an operation: a bad
// argument becomes STATUS_INVALID_PARAMETER naming the member, a failed allocation
// ERROR_NOT_ENOUGH_MEMORY; a Napi::Error goes to JS as it is.
template <class Body>
Napi::Value Diagnostic(const Napi::CallbackInfo& info, const char* syscall, Body&& body) {
  try {
    return body();
  } catch (const ArgumentError& error) {
    throw InvalidArgument(info.Env(), syscall, error.member, error.expected);
  } catch (const std::bad_alloc&) {
    throw ToJsError(info.Env(), Status::Os(ERROR_NOT_ENOUGH_MEMORY, syscall));
  }
}

// The offsets an initializer leaves as they were: it runs once over zeros and once over
// 0xff bytes, and the bytes that differ between the two were not written.
template <class Row, class Initialize>
std::vector<size_t> UntouchedBytes(Initialize initialize) {
  Row zeros, ones;
  std::memset(&zeros, 0, sizeof zeros);
  std::memset(&ones, 0xff, sizeof ones);
  initialize(&zeros);
  initialize(&ones);
  std::vector<size_t> untouched;
  const auto* a = reinterpret_cast<const unsigned char*>(&zeros);
  const auto* b = reinterpret_cast<const unsigned char*>(&ones);
  for (size_t i = 0; i < sizeof(Row); ++i) {
    if (a[i] != b[i]) untouched.push_back(i);
  }
  return untouched;
}

}  // namespace netio
