// The C -> JS marshallers of the rows that change notifications carry, shared by their
// families' files and notifications.cc. Each is defined once, in its family's file.
#pragma once

#include <cstring>

#include "declarations.h"
#include "marshal.h"

namespace netio {

Napi::Object ForwardRowToJs(Napi::Env env, const MIB_IPFORWARD_ROW2& row);       // routes.cc
Napi::Object UnicastRowToJs(Napi::Env env, const MIB_UNICASTIPADDRESS_ROW& row);  // addresses.cc
Napi::Object IpInterfaceRowToJs(Napi::Env env, const MIB_IPINTERFACE_ROW& row);   // ipinterfaces.cc
Napi::Object ConnectivityHintToJs(Napi::Env env, const decl::NL_NETWORK_CONNECTIVITY_HINT& hint);  // connectivity.cc

// MIB_ANYCASTIPADDRESS_ROW (addresses.cc) and MIB_MULTICASTIPADDRESS_ROW (tables.cc) have the
// same members (Address, InterfaceLuid, InterfaceIndex, ScopeId): one marshaller pair serves
// both. JS -> C reads the key (the address, and the LUID or the index); ScopeId is the
// stack's, so it is not read.
template <class Row>
void AddressKeyRowFromJs(const Napi::Object& in, Row* row) {
  std::memset(row, 0, sizeof *row);
  SockaddrFromJs(Member(in, "address"), "address", &row->Address);
  row->InterfaceLuid = LuidFromJs(Member(in, "interfaceLuid"), "interfaceLuid");
  row->InterfaceIndex = IndexFromJs(Member(in, "interfaceIndex"), "interfaceIndex");
}

template <class Row>
Napi::Object AddressKeyRowToJs(Napi::Env env, const Row& row) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("address", SockaddrToJs(env, row.Address));
  o.Set("interfaceLuid", LuidToJs(env, row.InterfaceLuid));
  o.Set("interfaceIndex", Napi::Number::New(env, row.InterfaceIndex));
  o.Set("scopeId", Napi::Number::New(env, row.ScopeId.Value));
  return o;
}

}  // namespace netio
