// OsPoolCall: the calls that wait on the network, on the process's default Windows thread
// pool. See ospool.h for why, and for who owns what in which order (steps 1–5 below).
#include "ospool.h"

namespace netio {

namespace {

std::atomic<uint64_t> live{0};
std::atomic<uint64_t> dropped{0};

}  // namespace

uint64_t OsPoolCall::Live() noexcept { return live.load(std::memory_order_relaxed); }
uint64_t OsPoolCall::Dropped() noexcept { return dropped.load(std::memory_order_relaxed); }

OsPoolCall::OsPoolCall(const char* syscall) noexcept : syscall_(syscall) { live.fetch_add(1, std::memory_order_relaxed); }

OsPoolCall::~OsPoolCall() { live.fetch_sub(1, std::memory_order_relaxed); }

// Step 1.
napi_value OsPoolCall::Start(napi_env env, std::unique_ptr<OsPoolCall> call) {
  napi_value promise = nullptr;
  NAPI_THROW_IF_FAILED(env, napi_create_promise(env, &call->deferred_, &promise), nullptr);
  // From here every failure rejects the promise (the caller gets it, settled) and frees what
  // was made so far.
  auto reject = [&](const Status& status) {
    call->status_ = status;
    call->Settle(env);
    return promise;
  };
  if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, reinterpret_cast<LPCWSTR>(&Work), &call->module_)) {
    return reject(Status::Os(GetLastError(), "GetModuleHandleExW"));
  }
  napi_value name = nullptr;
  napi_status created = napi_create_string_utf8(env, call->syscall_, NAPI_AUTO_LENGTH, &name);
  if (created == napi_ok) {
    created = napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, call.get(), Finalize, nullptr, CallJs, &call->tsfn_);
  }
  if (created != napi_ok) {
    ClearPendingException(env);
    HMODULE module = call->module_;
    call->module_ = nullptr;
    reject(Status::Os(ERROR_NOT_ENOUGH_MEMORY, "napi_create_threadsafe_function"));
    call.reset();
    FreeLibrary(module);
    return promise;
  }
  // From here the two references (JS side, OS side) own the call.
  OsPoolCall* self = call.release();
  if (TrySubmitThreadpoolCallback(Work, self, nullptr)) return promise;
  // Never submitted: settle here; the TSFN's finalizer drops the JS reference, this the OS one.
  self->status_ = Status::Os(GetLastError(), "TrySubmitThreadpoolCallback");
  self->Settle(env);
  napi_release_threadsafe_function(self->tsfn_, napi_tsfn_release);
  self->Unref(nullptr);
  return promise;
}

bool OsPoolCall::JsOpen() noexcept {
  AcquireSRWLockShared(&lock_);
  bool open = jsOpen_;
  ReleaseSRWLockShared(&lock_);
  return open;
}

// Step 2: a thread of the default Windows pool.
VOID CALLBACK OsPoolCall::Work(PTP_CALLBACK_INSTANCE instance, PVOID context) noexcept {
  auto* self = static_cast<OsPoolCall*>(context);
  if (self->JsOpen()) {
    // This callback blocks: let the pool give its other callbacks (an ICMP wait, another
    // resolve) a thread of their own. Its answer changes nothing here: the call runs anyway.
    CallbackMayRunLong(instance);
    self->status_ = self->Run();
  } else {
    self->status_ = Status::Os(ERROR_CANCELLED, self->syscall_);  // torn down before it started
  }
  bool delivered = false;
  AcquireSRWLockExclusive(&self->lock_);
  if (self->jsOpen_) {
    self->refs_.fetch_add(1, std::memory_order_relaxed);  // the queue's reference
    if (napi_call_threadsafe_function(self->tsfn_, self, napi_tsfn_nonblocking) == napi_ok) {
      delivered = true;
      napi_release_threadsafe_function(self->tsfn_, napi_tsfn_release);
    } else {
      self->refs_.fetch_sub(1, std::memory_order_relaxed);  // not queued; the OS reference still holds it
    }
  }
  ReleaseSRWLockExclusive(&self->lock_);
  if (!delivered) dropped.fetch_add(1, std::memory_order_relaxed);
  self->Unref(instance);  // the OS reference; the last one frees the call here
}

// Step 3: the JS thread, or (env == nullptr) Node emptying the queue at teardown.
void OsPoolCall::CallJs(napi_env env, napi_value, void*, void* data) noexcept {
  auto* self = static_cast<OsPoolCall*>(data);
  if (self == nullptr) return;
  if (env != nullptr) self->Settle(env);
  self->Unref(nullptr);
}

// Step 4: the JS thread, after the release or at the environment's teardown.
void OsPoolCall::Finalize(napi_env, void* data, void*) noexcept {
  auto* self = static_cast<OsPoolCall*>(data);
  AcquireSRWLockExclusive(&self->lock_);
  self->jsOpen_ = false;
  ReleaseSRWLockExclusive(&self->lock_);
  self->Unref(nullptr);
}

// JS thread: resolves with Result(), or rejects with status_ or with the error that building
// the result raised; once, never throwing. A settle that fails because the environment is
// going away is ignored (and never retried: a failed settle has already let go of the
// deferred, or never will).
void OsPoolCall::Settle(napi_env env) noexcept {
  napi_deferred deferred = deferred_;
  deferred_ = nullptr;
  if (deferred == nullptr) return;
  napi_handle_scope scope = nullptr;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  if (SettleDeferred(env, deferred, status_, syscall_, [&] { return Result(env); }) != napi_ok) ClearPendingException(env);
  napi_close_handle_scope(env, scope);
}

void ReleaseModule(HMODULE module, PTP_CALLBACK_INSTANCE instance) noexcept {
  if (module == nullptr) return;
  if (instance != nullptr) {
    FreeLibraryWhenCallbackReturns(instance, module);
  } else {
    FreeLibrary(module);
  }
}

// Step 5.
void OsPoolCall::Unref(PTP_CALLBACK_INSTANCE instance) noexcept {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  HMODULE module = module_;
  delete this;
  ReleaseModule(module, instance);
}

}  // namespace netio
