// The C -> JS marshallers of the rows that change notifications carry, shared by their
// families' files and notifications.cc. Each is defined once, in its family's file.
#pragma once

#include "declarations.h"

namespace netio {

Napi::Object ForwardRowToJs(Napi::Env env, const MIB_IPFORWARD_ROW2& row);       // routes.cc
Napi::Object UnicastRowToJs(Napi::Env env, const MIB_UNICASTIPADDRESS_ROW& row);  // addresses.cc
Napi::Object IpInterfaceRowToJs(Napi::Env env, const MIB_IPINTERFACE_ROW& row);   // ipinterfaces.cc
Napi::Object ConnectivityHintToJs(Napi::Env env, const decl::NL_NETWORK_CONNECTIVITY_HINT& hint);  // connectivity.cc

}  // namespace netio
