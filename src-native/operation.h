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

#include <atomic>
#include <cstddef>
#include <memory>
#include <utility>

#include "marshal.h"

namespace netio {

// Every async call of one environment (the main thread, a worker, an Electron renderer)
// goes through that environment's CallQueue, which bounds how many of them libuv's pool
// holds at once and makes teardown prompt.
//
// Why. Node runs every async work item an environment has queued before that environment
// is freed (a worker's terminate(), an Electron renderer's unload), and libuv runs every
// item left in its pool before process.exit() ends the process; cleanup hooks run only
// after that. Unbounded, 10,000 queued table reads in a worker kept terminate() waiting for
// 20 s and process.exit() for minutes, with every fs, dns and crypto call of the process
// stuck behind them.
//
// The limit. An environment hands libuv at most twice as many calls as the pool has threads
// (UV_THREADPOOL_SIZE as libuv reads it, 4 by default: 8 calls); the rest wait in the
// CallQueue, in order, and each completion hands the pool the next. So the pool never idles
// waiting for the JS thread, and anything else queued on the pool (an fs.stat, a second
// worker's calls) waits behind at most that many of ours.
//
// Teardown. Once the environment can no longer run JavaScript (a completion's settle fails
// with napi_cannot_run_js, or with napi_pending_exception while nothing is pending: Node's
// answer when the environment is stopping), the queue closes: the calls it still holds are
// freed without ever reaching the OS, the ones libuv has not started are cancelled
// (napi_cancel_async_work; their completion comes with napi_cancelled), and an Execute that
// starts after that returns ERROR_CANCELLED without calling the OS. The environment's
// cleanup hook closes it too, for an environment torn down with no call in flight. The
// promises of calls dropped this way are never settled: nothing can observe them any more.
//
// Threads. The queue's lists are touched on the JS thread only (Start, the completion, the
// cleanup hook); the closing flag is atomic, read by Execute on a pool thread.
// Settles `deferred` once with what an operation produced: `result()` (a napi_value or a
// Napi::Value) when `status` is ok, and a rejection with the error it raised if building it
// throws; else the error for `status`. Never throws. Returns what napi_resolve_deferred or
// napi_reject_deferred returned (napi_generic_failure when not even undefined could be
// made); the caller decides what a failed settle means. Shared by AsyncCall and ospool.cc.
template <class MakeResult>
napi_status SettleDeferred(napi_env env, napi_deferred deferred, const Status& status, const char* syscall, MakeResult&& result) noexcept {
  napi_value value = nullptr;
  bool resolve = false;
  if (status.ok()) {
    Status failed = Guarded(syscall, [&] {
      value = result();
      resolve = true;
      return Status::Ok();
    });
    if (!failed.ok()) {
      value = TakePendingError(env, failed);
      resolve = false;
    }
  } else {
    value = SafeJsError(env, status);
  }
  if (value == nullptr && napi_get_undefined(env, &value) != napi_ok) return napi_generic_failure;
  return resolve ? napi_resolve_deferred(env, deferred, value) : napi_reject_deferred(env, deferred, value);
}

class CallQueue;

// One async call, as the CallQueue sees it; AsyncCall<Op> below is the only kind.
class QueuedCall {
 public:
  QueuedCall(const QueuedCall&) = delete;
  QueuedCall& operator=(const QueuedCall&) = delete;
  virtual ~QueuedCall() = default;

 protected:
  QueuedCall(CallQueue* queue, const char* syscall) : queue_(queue), syscall_(syscall) {}
  // JS thread: settles the promise with status_ or the operation's result, at most once and
  // never throwing. Returns false when the environment can no longer run JavaScript.
  virtual bool Settle(napi_env env) noexcept = 0;

  CallQueue* const queue_;
  const char* const syscall_;
  Status status_;
  napi_deferred deferred_ = nullptr;
  napi_async_work work_ = nullptr;

 private:
  friend class CallQueue;
  QueuedCall* prev_ = nullptr;  // in the CallQueue's list of running or of held calls
  QueuedCall* next_ = nullptr;
};

class CallQueue {
 public:
  explicit CallQueue(napi_env env) : env_(env) {}
  CallQueue(const CallQueue&) = delete;
  CallQueue& operator=(const CallQueue&) = delete;
  ~CallQueue() { Close(); }

  // Any thread: the environment is going away; no more OS calls.
  bool closing() const noexcept { return closing_.load(std::memory_order_acquire); }

  // JS thread. Hands `call` (whose work_ exists) to libuv, or holds it until one of this
  // environment's calls completes. On napi_ok the queue has the call; on a failure it has not,
  // and the caller still owns it.
  napi_status Submit(QueuedCall* call) noexcept;

  // JS thread, from `call`'s completion, after its settle and before it is freed: `call` is
  // off the pool. Hands libuv the next held calls; or, when JavaScript can no longer run
  // (`jsGone`), closes.
  void Completed(QueuedCall* call, bool jsGone) noexcept;

  // JS thread (a completion, the cleanup hook, the instance data's finalizer); idempotent.
  void Close() noexcept;

  // How many calls of one environment libuv's pool holds at most: twice its threads.
  static size_t Limit() noexcept;

 private:
  struct List {
    QueuedCall* head = nullptr;
    QueuedCall* tail = nullptr;
    size_t size = 0;
    void PushBack(QueuedCall* call) noexcept;
    QueuedCall* PopFront() noexcept;
    void Remove(QueuedCall* call) noexcept;
  };
  bool Dispatch(QueuedCall* call) noexcept;  // false: libuv refused it, and it was settled and freed

  napi_env const env_;
  size_t limit_ = 0;  // read at the first Submit: libuv reads its pool size at its first use
  List running_;      // handed to libuv: queued there, executing, or completing
  List held_;         // waiting for a place, oldest first
  std::atomic<bool> closing_{false};
};

// What the addon keeps for each Node.js environment, as its Node-API instance data: made when
// the addon loads there (InitEnvironment), freed by Node-API when the environment is.
struct EnvironmentData {
  explicit EnvironmentData(napi_env env) : calls(env) {}
  CallQueue calls;
  std::shared_ptr<void> notifications;  // notifications.cc's handle class
  bool hooked = false;                   // the cleanup hook that closes `calls` is installed
};

// JS thread: this environment's data, or nullptr before InitEnvironment.
EnvironmentData* EnvironmentOf(napi_env env) noexcept;
// At load, before anything is exported: the EnvironmentData and its cleanup hook. Throws a
// Napi::Error when Node-API refuses.
void InitEnvironment(Napi::Env env);

// After a Node-API call failed: whether that is because the environment can no longer run
// JavaScript. napi_cannot_run_js where Node-API reports it; before that (Node 18, 20) the
// same condition is napi_pending_exception with no exception pending.
bool CannotRunJs(napi_env env, napi_status status) noexcept;

// The async twin runs on Node-API's async work with plain C callbacks, not on
// Napi::AsyncWorker: both callbacks are entries from libuv into the addon, and each is a
// no-throw boundary that this file controls from its first line to its last.
//
// - Execute (a libuv pool thread): Op::Run() inside a guard, unless the environment's queue
//   is closing (then ERROR_CANCELLED, and no OS call). A std::bad_alloc becomes
//   ERROR_NOT_ENOUGH_MEMORY and any other C++ exception ERROR_INTERNAL_ERROR, so the
//   promise is rejected, never resolved with half a result.
// - Complete (the JS thread, or an environment that is being torn down): builds the
//   result or the error, then settles the promise once. Once the environment can no
//   longer run JavaScript every Node-API call fails (see CannotRunJs); the queue then
//   closes and nothing more touches JS. The operation, and every table it owns, is freed
//   on every path.
template <class Op>
class AsyncCall final : public QueuedCall {
 public:
  // JS thread. Returns the promise, or throws a Napi::Error (the caller is a JS call).
  static napi_value Start(napi_env env, std::unique_ptr<Op> op) {
    EnvironmentData* environment = EnvironmentOf(env);
    if (environment == nullptr) throw ToJsError(Napi::Env(env), Status::Os(ERROR_INVALID_HANDLE, Op::kSyscall));
    std::unique_ptr<AsyncCall> call(new AsyncCall(&environment->calls, std::move(op)));
    napi_value promise = nullptr;
    napi_value name = nullptr;
    NAPI_THROW_IF_FAILED(env, napi_create_promise(env, &call->deferred_, &promise), nullptr);
    NAPI_THROW_IF_FAILED(env, napi_create_string_utf8(env, Op::kSyscall, NAPI_AUTO_LENGTH, &name), nullptr);
    NAPI_THROW_IF_FAILED(env, napi_create_async_work(env, nullptr, name, Execute, Complete, call.get(), &call->work_), nullptr);
    napi_status queued = call->queue_->Submit(call.get());
    if (queued != napi_ok) {
      napi_delete_async_work(env, call->work_);
      call->work_ = nullptr;
      // The promise is left unsettled and unreachable: it is the caller's, and the caller gets
      // this error instead.
      NAPI_THROW_IF_FAILED(env, queued, nullptr);
    }
    call.release();  // Complete, or the queue's Close, frees it
    return promise;
  }

 private:
  AsyncCall(CallQueue* queue, std::unique_ptr<Op> op) : QueuedCall(queue, Op::kSyscall), op_(std::move(op)) {}

  static void Execute(napi_env, void* data) noexcept {
    auto* call = static_cast<AsyncCall*>(data);
    if (call->queue_->closing()) {
      call->status_ = Status::Os(ERROR_CANCELLED, Op::kSyscall);
      return;
    }
    call->status_ = Guarded(Op::kSyscall, [call] { return call->op_->Run(); });
  }

  static void Complete(napi_env env, napi_status workStatus, void* data) noexcept {
    std::unique_ptr<AsyncCall> call(static_cast<AsyncCall*>(data));
    bool jsRuns = !call->queue_->closing();
    if (jsRuns) {
      if (workStatus == napi_cancelled && call->status_.ok()) call->status_ = Status::Os(ERROR_CANCELLED, Op::kSyscall);
      napi_handle_scope scope = nullptr;
      if (napi_open_handle_scope(env, &scope) == napi_ok) {
        jsRuns = call->Settle(env);
        napi_close_handle_scope(env, scope);
      }
    }
    napi_delete_async_work(env, call->work_);
    call->work_ = nullptr;
    call->queue_->Completed(call.get(), !jsRuns);
  }

  bool Settle(napi_env env) noexcept override {
    napi_status settled = SettleDeferred(env, deferred_, status_, Op::kSyscall, [&] { return op_->Result(Napi::Env(env)); });
    if (settled == napi_ok) return true;
    bool gone = CannotRunJs(env, settled);
    ClearPendingException(env);
    return !gone;
  }

  std::unique_ptr<Op> op_;
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
