// One shape for every exported OS operation, so that each documented function is written
// once and exported twice: `name` (returns a Promise; the OS call runs on the libuv pool)
// and `nameSync` (returns the value; the OS call runs on the calling thread).
//
// An operation is a class with:
//   static constexpr const char* kSyscall;          the documented function name
//   explicit Op(const Napi::CallbackInfo& info);    JS thread: read arguments into C data
//   Status Run();                                   any thread: the OS call(s), no JS
//   Napi::Value Result(Napi::Env env);              JS thread: build the JS value
// Anything the OS allocates is owned by members of the operation (MibTable), so it is
// freed when the operation is destroyed, whichever way the call ended.
#pragma once

#include <memory>
#include <utility>

#include "marshal.h"

namespace netio {

// The async twin runs on Node-API's async work with plain C callbacks, not on
// Napi::AsyncWorker: both callbacks are entries from libuv into the addon, and each is a
// no-throw boundary that this file controls from its first line to its last.
//
// - Execute (a libuv pool thread): Op::Run() inside a guard. A std::bad_alloc becomes
//   ERROR_NOT_ENOUGH_MEMORY and any other C++ exception ERROR_INTERNAL_ERROR, so the
//   promise is rejected, never resolved with half a result.
// - Complete (the JS thread, or an environment that is being torn down): builds the
//   result or the error, then settles the promise once. Once the environment can no
//   longer run JavaScript every Node-API call fails (napi_pending_exception with nothing
//   pending); such a failure is ignored and nothing more touches JS. The operation, and
//   every table it owns, is freed on every path.
template <class Op>
class AsyncCall {
 public:
  // JS thread. Returns the promise, or throws a Napi::Error (the caller is a JS call).
  static napi_value Start(napi_env env, std::unique_ptr<Op> op) {
    std::unique_ptr<AsyncCall> call(new AsyncCall(std::move(op)));
    napi_value promise = nullptr;
    napi_value name = nullptr;
    NAPI_THROW_IF_FAILED(env, napi_create_promise(env, &call->deferred_, &promise), nullptr);
    NAPI_THROW_IF_FAILED(env, napi_create_string_utf8(env, Op::kSyscall, NAPI_AUTO_LENGTH, &name), nullptr);
    NAPI_THROW_IF_FAILED(env, napi_create_async_work(env, nullptr, name, Execute, Complete, call.get(), &call->work_), nullptr);
    napi_status queued = napi_queue_async_work(env, call->work_);
    if (queued != napi_ok) {
      napi_delete_async_work(env, call->work_);
      call->work_ = nullptr;
      // The promise is left unsettled and unreachable: it is the caller's, and the caller gets
      // this error instead.
      NAPI_THROW_IF_FAILED(env, queued, nullptr);
    }
    call.release();  // Complete frees it
    return promise;
  }

 private:
  explicit AsyncCall(std::unique_ptr<Op> op) : op_(std::move(op)) {}

  static void Execute(napi_env, void* data) noexcept {
    auto* call = static_cast<AsyncCall*>(data);
    call->status_ = Guarded(Op::kSyscall, [call] { return call->op_->Run(); });
  }

  static void Complete(napi_env env, napi_status workStatus, void* data) noexcept {
    std::unique_ptr<AsyncCall> call(static_cast<AsyncCall*>(data));
    if (workStatus == napi_cancelled && call->status_.ok()) call->status_ = Status::Os(ERROR_CANCELLED, Op::kSyscall);
    napi_handle_scope scope = nullptr;
    if (napi_open_handle_scope(env, &scope) == napi_ok) {
      call->Settle(env);
      napi_close_handle_scope(env, scope);
    }
    napi_delete_async_work(env, call->work_);
  }

  // Resolves with Op::Result, or rejects with the error; at most once, never throwing.
  void Settle(napi_env env) noexcept {
    napi_value value = nullptr;
    bool resolve = false;
    if (status_.ok()) {
      Status failed = Guarded(Op::kSyscall, [&] {
        value = op_->Result(Napi::Env(env));
        resolve = true;
        return Status::Ok();
      });
      if (!failed.ok()) {
        value = TakePendingError(env, failed);
        resolve = false;
      }
    } else {
      value = SafeJsError(env, status_);
    }
    if (value == nullptr && napi_get_undefined(env, &value) != napi_ok) return;
    napi_status settled = resolve ? napi_resolve_deferred(env, deferred_, value) : napi_reject_deferred(env, deferred_, value);
    if (settled != napi_ok) ClearPendingException(env);
  }

  std::unique_ptr<Op> op_;
  Status status_;
  napi_deferred deferred_ = nullptr;
  napi_async_work work_ = nullptr;
};

template <class Op>
Napi::Value RunAsync(const Napi::CallbackInfo& info) {
  std::unique_ptr<Op> op;
  try {
    op = std::make_unique<Op>(info);
  } catch (const ArgumentError& error) {
    throw InvalidArgument(info.Env(), Op::kSyscall, error.member, error.expected);
  } catch (const std::bad_alloc&) {
    throw ToJsError(info.Env(), Status::Os(ERROR_NOT_ENOUGH_MEMORY, Op::kSyscall));
  }
  return Napi::Value(info.Env(), AsyncCall<Op>::Start(info.Env(), std::move(op)));
}

// The sync twin: the OS call on the calling thread. Exceptions become Napi::Errors, which
// node-addon-api's wrapper throws into JS; nothing else leaves.
template <class Op>
Napi::Value RunSync(const Napi::CallbackInfo& info) {
  Status status;
  try {
    Op op(info);
    status = Guarded(Op::kSyscall, [&] { return op.Run(); });
    if (status.ok()) return op.Result(info.Env());
  } catch (const ArgumentError& error) {
    throw InvalidArgument(info.Env(), Op::kSyscall, error.member, error.expected);
  } catch (const std::bad_alloc&) {
    status = Status::Os(ERROR_NOT_ENOUGH_MEMORY, Op::kSyscall);
  }
  throw ToJsError(info.Env(), status);
}

// For the operations about the calling thread itself (GetCurrentThreadCompartmentId,
// SetCurrentThreadCompartmentId): `name` makes the OS call on the JS thread as well, and
// returns a promise already settled. On a libuv pool thread the call would read, or change,
// that pool thread, under every later call that libuv happens to run there.
template <class Op>
Napi::Value RunOnCallingThread(const Napi::CallbackInfo& info) {
  Napi::Promise::Deferred deferred = Napi::Promise::Deferred::New(info.Env());
  try {
    deferred.Resolve(RunSync<Op>(info));
  } catch (const Napi::Error& error) {
    deferred.Reject(error.Value());
  }
  return deferred.Promise();
}

template <class Op, size_t N>
void ExportOnCallingThread(Napi::Env env, Napi::Object exports, const char (&name)[N]) {
  exports.Set(name, Napi::Function::New(env, RunOnCallingThread<Op>, name));
  std::string sync = std::string(name) + "Sync";
  exports.Set(sync, Napi::Function::New(env, RunSync<Op>, sync));
}

// Exports `name` and `nameSync`. `name` must be a string literal.
template <class Op, size_t N>
void Export(Napi::Env env, Napi::Object exports, const char (&name)[N]) {
  exports.Set(name, Napi::Function::New(env, RunAsync<Op>, name));
  std::string sync = std::string(name) + "Sync";
  exports.Set(sync, Napi::Function::New(env, RunSync<Op>, sync));
}

// The argument at `index`, which must be an object (a row).
Napi::Object RowArgument(const Napi::CallbackInfo& info, size_t index, const char* member);

// The shapes every row family shares. A family supplies its row's two marshallers and a
// function that makes the OS call through NETIO_CALL; `Name` is the documented function.
template <class Row>
using RowFromJs = void (*)(const Napi::Object&, Row*);
template <class Row>
using RowToJs = Napi::Object (*)(Napi::Env, const Row&);

// Create…, Delete…, Set…: a row in, nothing out.
template <class Row, RowFromJs<Row> FromJs, const char* Name, Status (*Call)(Row*)>
struct RowCommand {
  static constexpr const char* kSyscall = Name;
  explicit RowCommand(const Napi::CallbackInfo& info) { FromJs(RowArgument(info, 0, "row"), &row); }
  Status Run() { return Call(&row); }
  Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  Row row;
};

// Get…Entry: a row with its key members in, the whole row out.
template <class Row, RowFromJs<Row> FromJs, RowToJs<Row> ToJs, const char* Name, Status (*Call)(Row*)>
struct RowQuery {
  static constexpr const char* kSyscall = Name;
  explicit RowQuery(const Napi::CallbackInfo& info) { FromJs(RowArgument(info, 0, "row"), &row); }
  Status Run() { return Call(&row); }
  Napi::Value Result(Napi::Env env) { return ToJs(env, row); }
  Row row;
};

// Get…Table(Family): an array of rows. The table is freed whichever way the call ends,
// also when the OS returns an error together with a table.
template <class Table, class Row, RowToJs<Row> ToJs, const char* Name, Status (*Call)(ADDRESS_FAMILY, Table**)>
struct FamilyTable {
  static constexpr const char* kSyscall = Name;
  explicit FamilyTable(const Napi::CallbackInfo& info) : family(FamilyFromJs(info[0], "family")) {}
  Status Run() { return Call(family, Out(table)); }
  Napi::Value Result(Napi::Env env) {
    Napi::Array rows = Napi::Array::New(env, table->NumEntries);
    for (ULONG i = 0; i < table->NumEntries; ++i) rows.Set(i, ToJs(env, table->Table[i]));
    return rows;
  }
  ADDRESS_FAMILY family;
  MibTable<Table> table;
};

}  // namespace netio
