// How an OS call's outcome travels from a worker thread back to JavaScript.
//
// A Status is plain data (no JS values), so it can be produced off the JS thread. On the
// JS thread, ToJsError turns it into an Error carrying { win32, syscall, systemMessage,
// notExported, member }; the TypeScript facade (lib/errors.ts) owns the one table that
// maps `win32` onto the documented STATUS_* name and NTSTATUS number.
#pragma once

#include <atomic>
#include <memory>
#include <new>

#include "entrypoints.h"

namespace netio {

struct Status {
  DWORD code = NO_ERROR;
  const char* syscall = nullptr;  // the documented function name; a string literal
  bool notExported = false;       // the function is missing from this system's DLL

  bool ok() const { return code == NO_ERROR; }
  static Status Ok() { return {}; }
  static Status Os(DWORD code, const char* syscall) { return {code, syscall, false}; }
  static Status Missing(const char* syscall) { return {ERROR_NOT_SUPPORTED, syscall, true}; }
};

// Calls an iphlpapi entry point by name, or reports it missing:
//   Status s = NETIO_CALL(GetIfTable2, &table);
#define NETIO_CALL(name, ...)                                                                   \
  (::netio::Api().name == nullptr ? ::netio::Status::Missing(#name)                            \
                                  : ::netio::Status::Os(static_cast<DWORD>(::netio::Api().name(__VA_ARGS__)), #name))

// The error object for a failed OS call. `member` names the row member at fault, if known.
Napi::Error ToJsError(Napi::Env env, const Status& status, const char* member = nullptr);

// The error object for an argument that the facade should have refused already: C++
// re-checks types cheaply and never trusts them (ERROR_INVALID_PARAMETER, with `member`).
Napi::Error InvalidArgument(Napi::Env env, const char* syscall, const char* member, const char* expected);

// Runs `fn` (which returns a Status) and turns any C++ exception into a Status: an
// allocation failure into ERROR_NOT_ENOUGH_MEMORY, anything else (a failed Node-API call
// while building a result, a library error) into ERROR_INTERNAL_ERROR. For code that runs
// where nothing may throw: a libuv pool thread, an async completion.
template <class Fn>
Status Guarded(const char* syscall, Fn&& fn) noexcept {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return Status::Os(ERROR_NOT_ENOUGH_MEMORY, syscall);
  } catch (...) {
    return Status::Os(ERROR_INTERNAL_ERROR, syscall);
  }
}

// The no-throw forms, for the boundaries where libuv or the OS calls into the addon
// (async completions, thread-safe function callbacks, finalizers, cleanup hooks). Each
// returns nullptr, or does nothing, when the environment can no longer run JavaScript.
napi_value SafeJsError(napi_env env, const Status& status) noexcept;
// Clears whatever exception a failed Node-API call left pending (none, when the
// environment is going away).
void ClearPendingException(napi_env env) noexcept;
// SafeJsError after ClearPendingException: the error for a result that could not be built.
napi_value TakePendingError(napi_env env, const Status& status) noexcept;

// Thrown from code that parses arguments, caught by the Export wrappers (worker.h), which
// know the syscall name and turn it into InvalidArgument.
struct ArgumentError {
  const char* member;
  const char* expected;
};

// Owns a table that the OS allocated, and frees it with FreeMibTable on every path,
// including the paths where the OS returned an error together with a table (Wine's
// GetIpNetTable2 does).
struct MibTableDeleter {
  void operator()(void* table) const {
    if (table != nullptr && Api().FreeMibTable != nullptr) {
      Api().FreeMibTable(table);
      TablesFreed().fetch_add(1, std::memory_order_relaxed);
    }
  }
  // How many tables this process has freed: lets the system suite prove that every path,
  // including an error that comes with a table, frees what the OS allocated.
  static std::atomic<uint64_t>& TablesFreed();
};
template <typename Table>
using MibTable = std::unique_ptr<Table, MibTableDeleter>;

// Receives a table pointer from an OS call and hands it to a MibTable when it goes out of
// scope, so no early return can leak it:  MibTable<T> t; Status s = NETIO_CALL(F, Out(t));
template <typename Table>
class OutTable {
 public:
  explicit OutTable(MibTable<Table>& owner) : owner_(owner) {}
  ~OutTable() { owner_.reset(raw_); }
  operator Table**() { return &raw_; }
  OutTable(const OutTable&) = delete;
  OutTable& operator=(const OutTable&) = delete;

 private:
  MibTable<Table>& owner_;
  Table* raw_ = nullptr;
};
template <typename Table>
OutTable<Table> Out(MibTable<Table>& owner) {
  return OutTable<Table>(owner);
}

}  // namespace netio
