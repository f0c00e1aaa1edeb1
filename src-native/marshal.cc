#include "marshal.h"

#include <cstdio>
#include <cstring>

namespace netio {

namespace {

[[noreturn]] void Fail(const char* member, const char* expected) { throw ArgumentError{member, expected}; }

std::string Utf8(const Napi::Value& value, const char* member, const char* expected) {
  if (!value.IsString()) Fail(member, expected);
  return value.As<Napi::String>().Utf8Value();
}

std::wstring Widen(const std::string& ascii) { return std::wstring(ascii.begin(), ascii.end()); }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsAscii(const std::string& text) {
  for (unsigned char c : text) {
    if (c == 0 || c > 0x7e) return false;
  }
  return true;
}

void FormatIpv6(const unsigned char* bytes, char* out, size_t size) {
  unsigned groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = (unsigned(bytes[2 * i]) << 8) | bytes[2 * i + 1];
  // RFC 5952 section 5: IPv4-mapped addresses keep the dotted quad.
  bool mapped = true;
  for (int i = 0; i < 5; ++i) mapped = mapped && groups[i] == 0;
  if (mapped && groups[5] == 0xffff) {
    std::snprintf(out, size, "::ffff:%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
    return;
  }
  // RFC 5952 section 4.2: the longest run of two or more zero groups becomes "::", the
  // first such run when two are equally long.
  int bestStart = -1, bestLength = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  size_t used = 0;
  out[0] = '\0';
  for (int i = 0; i < 8; ++i) {
    if (i == bestStart) {
      used += std::snprintf(out + used, size - used, "::");
      i += bestLength - 1;
      continue;
    }
    bool afterGap = bestStart >= 0 && i == bestStart + bestLength;
    used += std::snprintf(out + used, size - used, (i == 0 || afterGap) ? "%x" : ":%x", groups[i]);
  }
}

}  // namespace

Napi::Value Member(const Napi::Object& object, const char* member) {
  Napi::Value value = object.Get(member);
  if (value.IsUndefined()) Fail(member, "a value");
  return value;
}

bool Optional(const Napi::Object& object, const char* member, Napi::Value* out) {
  Napi::Value value = object.Get(member);
  if (value.IsUndefined()) return false;
  *out = value;
  return true;
}

NET_LUID LuidFromJs(const Napi::Value& value, const char* member) {
  if (!value.IsBigInt()) Fail(member, "a bigint NET_LUID");
  bool lossless = false;
  NET_LUID luid;
  luid.Value = value.As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless) Fail(member, "a NET_LUID from 0 to 2^64-1");
  return luid;
}

Napi::Value LuidToJs(Napi::Env env, const NET_LUID& luid) { return Napi::BigInt::New(env, static_cast<uint64_t>(luid.Value)); }

ULONG UlongFromJs(const Napi::Value& value, const char* member) {
  if (!value.IsNumber()) Fail(member, "a number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= 0 && number <= 4294967295.0) || number != static_cast<double>(static_cast<uint64_t>(number))) {
    Fail(member, "an integer from 0 to 4294967295");
  }
  return static_cast<ULONG>(number);
}

NET_IFINDEX IndexFromJs(const Napi::Value& value, const char* member) { return UlongFromJs(value, member); }

bool BoolFromJs(const Napi::Value& value, const char* member) {
  if (!value.IsBoolean()) Fail(member, "a boolean");
  return value.As<Napi::Boolean>().Value();
}

ADDRESS_FAMILY FamilyFromJs(const Napi::Value& value, const char* member) {
  ULONG family = UlongFromJs(value, member);
  if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) Fail(member, "AF_INET, AF_INET6 or AF_UNSPEC");
  return static_cast<ADDRESS_FAMILY>(family);
}

GUID GuidFromJs(const Napi::Value& value, const char* member) {
  static const char kExpected[] = "a GUID such as {4d36e972-e325-11ce-bfc1-08002be10318}";
  std::string text = Utf8(value, member, kExpected);
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') Fail(member, kExpected);
  unsigned char bytes[16];
  int n = 0;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '-') {
      ++i;
      continue;
    }
    int high = HexDigit(text[i]), low = i + 1 < text.size() ? HexDigit(text[i + 1]) : -1;
    if (high < 0 || low < 0 || n >= 16) Fail(member, kExpected);
    bytes[n++] = static_cast<unsigned char>(high * 16 + low);
    i += 2;
  }
  if (n != 16) Fail(member, kExpected);
  GUID guid;
  guid.Data1 = (ULONG(bytes[0]) << 24) | (ULONG(bytes[1]) << 16) | (ULONG(bytes[2]) << 8) | bytes[3];
  guid.Data2 = static_cast<USHORT>((bytes[4] << 8) | bytes[5]);
  guid.Data3 = static_cast<USHORT>((bytes[6] << 8) | bytes[7]);
  std::memcpy(guid.Data4, bytes + 8, 8);
  return guid;
}

namespace {
constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";
char* PutHex(char* out, uint64_t value, int digits) {
  for (int i = digits - 1; i >= 0; --i) *out++ = kHexUpper[(value >> (4 * i)) & 15];
  return out;
}
}  // namespace

void FormatGuid(const GUID& guid, char (&out)[kGuidTextLength]) {
  char* p = out;
  *p++ = '{';
  p = PutHex(p, guid.Data1, 8);
  *p++ = '-';
  p = PutHex(p, guid.Data2, 4);
  *p++ = '-';
  p = PutHex(p, guid.Data3, 4);
  *p++ = '-';
  for (int i = 0; i < 8; ++i) {
    if (i == 2) *p++ = '-';
    p = PutHex(p, guid.Data4[i], 2);
  }
  *p = '}';
}

Napi::Value GuidToJs(Napi::Env env, const GUID& guid) {
  char text[kGuidTextLength];
  FormatGuid(guid, text);
  return Napi::String::New(env, text, kGuidTextLength);
}


void SockaddrFromJs(const Napi::Value& value, const char* member, SOCKADDR_INET* out) {
  static const char kExpected[] = "an IPv4 or IPv6 address such as 192.0.2.1 or fe80::1%12";
  std::string text = Utf8(value, member, kExpected);
  if (text.empty() || text.size() > 64 || !IsAscii(text)) Fail(member, kExpected);
  std::memset(out, 0, sizeof *out);
  std::wstring wide = Widen(text);
  USHORT port = 0;
  if (text.find(':') == std::string::npos) {
    if (Api().RtlIpv4StringToAddressExW == nullptr) Fail(member, "an address this system can parse");
    if (Api().RtlIpv4StringToAddressExW(wide.c_str(), TRUE, &out->Ipv4.sin_addr, &port) != 0 || port != 0) {
      Fail(member, kExpected);
    }
    out->Ipv4.sin_family = AF_INET;
  } else {
    if (Api().RtlIpv6StringToAddressExW == nullptr) Fail(member, "an address this system can parse");
    ULONG scope = 0;
    if (text.front() == '[' || Api().RtlIpv6StringToAddressExW(wide.c_str(), &out->Ipv6.sin6_addr, &scope, &port) != 0 ||
        port != 0) {
      Fail(member, kExpected);
    }
    out->Ipv6.sin6_family = AF_INET6;
    out->Ipv6.sin6_scope_id = scope;
  }
}

std::string FormatAddress(const SOCKADDR_INET& address) {
  char text[80];
  if (address.si_family == AF_INET) {
    const unsigned char* b = reinterpret_cast<const unsigned char*>(&address.Ipv4.sin_addr);
    std::snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return text;
  }
  if (address.si_family == AF_INET6) {
    FormatIpv6(reinterpret_cast<const unsigned char*>(&address.Ipv6.sin6_addr), text, sizeof text);
    std::string out = text;
    if (address.Ipv6.sin6_scope_id != 0) out += "%" + std::to_string(address.Ipv6.sin6_scope_id);
    return out;
  }
  return std::string();
}

Napi::Value SockaddrToJs(Napi::Env env, const SOCKADDR_INET& address) {
  if (address.si_family != AF_INET && address.si_family != AF_INET6) return env.Null();
  return Napi::String::New(env, FormatAddress(address));
}

void PrefixFromJs(const Napi::Value& value, const char* member, IP_ADDRESS_PREFIX* out) {
  static const char kExpected[] = "a prefix such as 10.0.0.0/8 or 2001:db8::/32";
  std::string text = Utf8(value, member, kExpected);
  size_t slash = text.rfind('/');
  if (slash == std::string::npos || slash + 1 >= text.size() || text.size() - slash > 4) Fail(member, kExpected);
  unsigned length = 0;
  for (size_t i = slash + 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') Fail(member, kExpected);
    length = length * 10 + static_cast<unsigned>(text[i] - '0');
  }
  std::memset(out, 0, sizeof *out);
  SockaddrFromJs(Napi::String::New(value.Env(), text.substr(0, slash)), member, &out->Prefix);
  if (length > (out->Prefix.si_family == AF_INET ? 32u : 128u)) Fail(member, kExpected);
  out->PrefixLength = static_cast<UINT8>(length);
}

Napi::Value PrefixToJs(Napi::Env env, const IP_ADDRESS_PREFIX& prefix) {
  if (prefix.Prefix.si_family != AF_INET && prefix.Prefix.si_family != AF_INET6) return env.Null();
  return Napi::String::New(env, FormatAddress(prefix.Prefix) + "/" + std::to_string(prefix.PrefixLength));
}

ULONG PhysicalFromJs(const Napi::Value& value, const char* member, UCHAR* out, ULONG capacity) {
  static const char kExpected[] = "a physical address such as 02:00:5e:10:00:01";
  std::string text = Utf8(value, member, kExpected);
  if (text.empty()) return 0;
  ULONG length = 0;
  for (size_t i = 0; i < text.size(); i += 3) {
    int high = HexDigit(text[i]), low = i + 1 < text.size() ? HexDigit(text[i + 1]) : -1;
    bool separatorOk = i + 2 == text.size() || (i + 2 < text.size() && (text[i + 2] == ':' || text[i + 2] == '-'));
    if (high < 0 || low < 0 || !separatorOk || length >= capacity) Fail(member, kExpected);
    out[length++] = static_cast<UCHAR>(high * 16 + low);
  }
  return length;
}

size_t FormatPhysical(const UCHAR* bytes, ULONG length, ULONG capacity, char (&out)[kPhysicalTextCapacity]) {
  if (length > capacity) length = capacity;
  if (length > IF_MAX_PHYS_ADDRESS_LENGTH) length = IF_MAX_PHYS_ADDRESS_LENGTH;
  size_t n = 0;
  for (ULONG i = 0; i < length; ++i) {
    if (i != 0) out[n++] = ':';
    out[n++] = kHexLower[bytes[i] >> 4];
    out[n++] = kHexLower[bytes[i] & 15];
  }
  return n;
}

Napi::Value PhysicalToJs(Napi::Env env, const UCHAR* bytes, ULONG length, ULONG capacity) {
  char text[kPhysicalTextCapacity];
  return Napi::String::New(env, text, FormatPhysical(bytes, length, capacity, text));
}

std::wstring WideFromJs(const Napi::Value& value, const char* member) {
  if (!value.IsString()) Fail(member, "a string");
  std::u16string text = value.As<Napi::String>().Utf16Value();
  if (text.find(u'\0') != std::u16string::npos) Fail(member, "a string without NUL characters");
  return std::wstring(text.begin(), text.end());
}

Napi::Value WideToJs(Napi::Env env, const WCHAR* text, size_t capacity) {
  size_t length = 0;
  while (length < capacity && text[length] != 0) ++length;
  return Napi::String::New(env, reinterpret_cast<const char16_t*>(text), length);
}

Napi::Value U64ToJs(Napi::Env env, ULONG64 value) { return Napi::BigInt::New(env, static_cast<uint64_t>(value)); }

Napi::Value ColumnToJs(Napi::Env env, const std::vector<uint32_t>& column) {
  Napi::ArrayBuffer bytes = Napi::ArrayBuffer::New(env, column.size() * sizeof(uint32_t));
  if (!column.empty()) std::memcpy(bytes.Data(), column.data(), column.size() * sizeof(uint32_t));
  return Napi::Uint32Array::New(env, column.size(), bytes, 0);
}

Napi::Value ColumnToJs(Napi::Env env, const std::vector<uint64_t>& column) {
  Napi::ArrayBuffer bytes = Napi::ArrayBuffer::New(env, column.size() * sizeof(uint64_t));
  if (!column.empty()) std::memcpy(bytes.Data(), column.data(), column.size() * sizeof(uint64_t));
  return Napi::TypedArrayOf<uint64_t>::New(env, column.size(), bytes, 0, napi_biguint64_array);
}

Napi::Value Latin1ToJs(Napi::Env env, const std::string& text) {
  napi_value value;
  NAPI_THROW_IF_FAILED(env, napi_create_string_latin1(env, text.data(), text.size(), &value), Napi::Value());
  return Napi::Value(env, value);
}

bool SocketAddressToInet(const SOCKET_ADDRESS& address, SOCKADDR_INET* out) {
  std::memset(out, 0, sizeof *out);
  const SOCKADDR* sa = address.lpSockaddr;
  if (sa == nullptr || address.iSockaddrLength < static_cast<INT>(sizeof(sa->sa_family))) return false;
  if (sa->sa_family == AF_INET && address.iSockaddrLength >= static_cast<INT>(sizeof(SOCKADDR_IN))) {
    std::memcpy(&out->Ipv4, sa, sizeof(SOCKADDR_IN));
    return true;
  }
  if (sa->sa_family == AF_INET6 && address.iSockaddrLength >= static_cast<INT>(sizeof(SOCKADDR_IN6))) {
    std::memcpy(&out->Ipv6, sa, sizeof(SOCKADDR_IN6));
    return true;
  }
  return false;
}

Napi::Value SocketAddressToJs(Napi::Env env, const SOCKET_ADDRESS& address) {
  SOCKADDR_INET inet;
  if (!SocketAddressToInet(address, &inet)) return env.Null();
  return Napi::String::New(env, FormatAddress(inet));
}

Napi::Value AnsiToJs(Napi::Env env, const char* text, size_t capacity) {
  size_t length = 0;
  while (length < capacity && text[length] != 0) ++length;
  if (length == 0) return Napi::String::New(env, u"", 0);
  int wide = MultiByteToWideChar(CP_ACP, 0, text, static_cast<int>(length), nullptr, 0);
  if (wide <= 0) return Napi::String::New(env, u"", 0);
  std::u16string out(static_cast<size_t>(wide), u'\0');
  MultiByteToWideChar(CP_ACP, 0, text, static_cast<int>(length), reinterpret_cast<wchar_t*>(&out[0]), wide);
  return Napi::String::New(env, out);
}

Napi::Value HexBytesToJs(Napi::Env env, const UCHAR* bytes, ULONG length, ULONG capacity) {
  if (length > capacity) length = capacity;
  std::string text;
  text.reserve(length * 3);
  for (ULONG i = 0; i < length; ++i) {
    if (i != 0) text += ':';
    text += kHexLower[bytes[i] >> 4];
    text += kHexLower[bytes[i] & 15];
  }
  return Napi::String::New(env, text);
}

Napi::Object RowBytesToJs(Napi::Env env, const void* row, size_t size, const MemberLayout* members, size_t count, bool native,
                          const std::vector<size_t>& untouched) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("native", Napi::Boolean::New(env, native));
  o.Set("size", Napi::Number::New(env, static_cast<double>(size)));
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, size);
  std::memcpy(buffer.Data(), row, size);
  o.Set("bytes", Napi::Uint8Array::New(env, size, buffer, 0));
  Napi::Array layout = Napi::Array::New(env, count);
  for (size_t i = 0; i < count; ++i) {
    Napi::Object m = Napi::Object::New(env);
    m.Set("name", Napi::String::New(env, members[i].name));
    m.Set("offset", Napi::Number::New(env, static_cast<double>(members[i].offset)));
    m.Set("size", Napi::Number::New(env, static_cast<double>(members[i].size)));
    layout.Set(static_cast<uint32_t>(i), m);
  }
  o.Set("members", layout);
  Napi::Array offsets = Napi::Array::New(env, untouched.size());
  for (size_t i = 0; i < untouched.size(); ++i) offsets.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(untouched[i])));
  o.Set("untouched", offsets);
  return o;
}

}  // namespace netio
