// The async twin for the calls that wait on the network and have no event form: the OS call
// runs on a thread of the process's default Windows thread pool, never on libuv's pool.
//
// Why. operation.h's Export runs Op::Run() on a libuv pool thread. That is right for a call
// that reads or writes the kernel's tables and returns, and wrong for one that sends packets
// and blocks until a reply or a timeout: ResolveIpNetEntry2 sends ARP or a neighbour
// solicitation and waits (seconds, for a silent host). libuv has 4 pool threads by default,
// shared by the whole process: four such waits would stall every fs, dns.lookup and crypto
// call, and every other async call of this package. Windows offers no overlapped or event
// form of those calls, so the wait has to hold some thread: it holds one of the Windows
// pool's, which grows on demand (CallbackMayRunLong tells it this callback will block).
//
// ExportOnOsPool<Op>(env, exports, "name") takes the same Op as Export<Op> (operation.h) and
// exports `name` (a Promise; Run() on the Windows pool) and `nameSync` (RunSync, the caller's
// thread, as every …Sync twin). Bad arguments, a C++ exception in Run() (bad_alloc:
// ERROR_NOT_ENOUGH_MEMORY; anything else: ERROR_INTERNAL_ERROR) and a failed Result() end as
// they do for Export.
//
// Who owns what (one OsPoolCall per call; the same scheme as icmp.cc's PendingEcho):
//  1. JS thread (Start): the promise, a reference to this module (GetModuleHandleExW: a
//     worker that loaded the addon unloads it at its teardown, and the pool callback's code
//     is in it), a thread-safe function (TSFN) of the call's own, referenced (a call in
//     flight keeps the event loop alive, as an async work item does). From here the call has
//     two references: the JS side (dropped by the TSFN's finalizer) and the OS side (dropped
//     when the pool callback returns). Then TrySubmitThreadpoolCallback.
//  2. The pool callback (a Windows pool thread; a no-throw boundary): CallbackMayRunLong;
//     Op::Run() (guarded), unless the JS side has closed meanwhile (then no OS call at all).
//     Then, under the call's lock, if the JS side is still open: take a reference for the
//     TSFN's queue, napi_call_threadsafe_function (non-blocking), release the TSFN. Drop the
//     OS reference.
//  3. The TSFN's call-js (JS thread; a no-throw boundary): with an environment, build the
//     result (Op::Result) or the error and settle the promise, once; a settle that fails
//     because the environment is going away is ignored. Without one (Node empties the queue
//     at teardown) it touches no JS. Either way it drops the queue's reference.
//  4. The TSFN's finalizer (JS thread, after the release, or at the environment's teardown,
//     where Node deletes every TSFN whatever its thread count; a no-throw boundary): under
//     the lock, mark the JS side closed, so the pool callback never calls into a TSFN that
//     Node has deleted; drop the JS reference.
//  5. The last reference frees the call (and the Op, with whatever it owns; its destructor
//     may run on the pool thread: an Op holds C data only), then the module reference: from
//     the pool callback with FreeLibraryWhenCallbackReturns (the module may go only once the
//     callback's code has returned), on the JS thread with FreeLibrary (the environment
//     running there still holds the module).
//
// So an environment torn down with such calls in flight (worker.terminate(), process.exit()
// in a worker, a renderer reloaded) leaves each to its pool callback, which frees it without
// touching JS when the OS call returns. Only the napi_deferred of a promise that was never
// settled is left to the dying environment (Node-API frees it only by settling).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "operation.h"

namespace netio {

// Lets go of a reference to this module (taken with GetModuleHandleExW by a call whose OS
// callback runs code in it): from inside a Windows pool callback (`instance`), only once the
// callback has returned, since its own code is in the module; from the JS thread
// (`instance` null) at once, since the environment running there still holds the module.
// Null `module`: nothing to do. Shared with icmp.cc.
void ReleaseModule(HMODULE module, PTP_CALLBACK_INSTANCE instance) noexcept;

class OsPoolCall {
 public:
  OsPoolCall(const OsPoolCall&) = delete;
  OsPoolCall& operator=(const OsPoolCall&) = delete;
  virtual ~OsPoolCall();  // by the last reference: the JS thread or a pool thread

  // JS thread. Hands `call` to the Windows pool and returns its promise. Throws a Napi::Error
  // only when the promise itself cannot be made; any later failure rejects it.
  static napi_value Start(napi_env env, std::unique_ptr<OsPoolCall> call);

  // This process's calls (every environment), for the benchmark build's tests: made, not yet
  // freed; and how many OS calls returned to find their JS side closed (nothing delivered).
  static uint64_t Live() noexcept;
  static uint64_t Dropped() noexcept;

 protected:
  explicit OsPoolCall(const char* syscall) noexcept;

  // A Windows pool thread: the OS call, no JS; never throws.
  virtual Status Run() noexcept = 0;
  // JS thread: the value the promise resolves with; may throw.
  virtual napi_value Result(napi_env env) = 0;

  const char* const syscall_;

 private:
  static VOID CALLBACK Work(PTP_CALLBACK_INSTANCE instance, PVOID context) noexcept;
  static void CallJs(napi_env env, napi_value, void*, void* data) noexcept;
  static void Finalize(napi_env, void* data, void*) noexcept;
  bool JsOpen() noexcept;
  void Settle(napi_env env) noexcept;
  void Unref(PTP_CALLBACK_INSTANCE instance) noexcept;

  Status status_;
  napi_deferred deferred_ = nullptr;
  napi_threadsafe_function tsfn_ = nullptr;
  HMODULE module_ = nullptr;
  std::atomic<int> refs_{2};  // the JS side and the OS side
  SRWLOCK lock_ = SRWLOCK_INIT;
  bool jsOpen_ = true;  // under lock_
};

// One Op (operation.h's shape) on the Windows pool.
template <class Op>
class OsPoolOp final : public OsPoolCall {
 public:
  explicit OsPoolOp(std::unique_ptr<Op> op) noexcept : OsPoolCall(Op::kSyscall), op_(std::move(op)) {}

 private:
  Status Run() noexcept override { return Guarded(Op::kSyscall, [this] { return op_->Run(); }); }
  napi_value Result(napi_env env) override { return op_->Result(Napi::Env(env)); }

  std::unique_ptr<Op> op_;
};

template <class Op>
Napi::Value RunOnOsPool(const Napi::CallbackInfo& info) {
  std::unique_ptr<OsPoolCall> call;
  try {
    call = std::make_unique<OsPoolOp<Op>>(std::make_unique<Op>(info));
  } catch (const ArgumentError& error) {
    throw InvalidArgument(info.Env(), Op::kSyscall, error.member, error.expected);
  } catch (const std::bad_alloc&) {
    throw ToJsError(info.Env(), Status::Os(ERROR_NOT_ENOUGH_MEMORY, Op::kSyscall));
  }
  return Napi::Value(info.Env(), OsPoolCall::Start(info.Env(), std::move(call)));
}

// Exports `name` (on the Windows pool) and `nameSync` (on the calling thread). `name` must be
// a string literal.
template <class Op, size_t N>
void ExportOnOsPool(Napi::Env env, Napi::Object exports, const char (&name)[N]) {
  exports.Set(name, Napi::Function::New(env, RunOnOsPool<Op>, name));
  std::string sync = std::string(name) + "Sync";
  exports.Set(sync, Napi::Function::New(env, RunSync<Op>, sync));
}

}  // namespace netio
