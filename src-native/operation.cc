// The per-environment side of operation.h: each environment's EnvironmentData, and the
// CallQueue that bounds and, at teardown, drops its async calls. Everything here runs on the
// environment's JS thread, except CallQueue::closing() (any thread).
#include "operation.h"

#include <cstdint>
#include <cstdlib>

namespace netio {

namespace {

// libuv's pool size, as libuv itself reads it on its first use: UV_THREADPOOL_SIZE through
// atoi into an unsigned int (so empty or 0 is 1, and a negative number wraps past the
// maximum, 1024), else 4.
size_t ThreadPoolSize() noexcept {
  wchar_t text[32] = {};
  constexpr DWORD kCapacity = static_cast<DWORD>(sizeof text / sizeof text[0]);
  SetLastError(ERROR_SUCCESS);
  DWORD length = GetEnvironmentVariableW(L"UV_THREADPOOL_SIZE", text, kCapacity);
  if (length == 0 && GetLastError() == ERROR_ENVVAR_NOT_FOUND) return 4;
  if (length >= kCapacity) return 1024;  // more digits than an int holds: atoi's overflow
  long long threads = std::wcstoll(text, nullptr, 10);
  if (threads > INT32_MAX || threads < INT32_MIN) return 1024;
  const auto n = static_cast<unsigned int>(static_cast<int>(threads));
  if (n == 0) return 1;
  if (n > 1024) return 1024;
  return n;
}

void CloseQueue(void* data) noexcept {
  auto* environment = static_cast<EnvironmentData*>(data);
  environment->hooked = false;  // Node-API is running it: it must not be removed again
  environment->calls.Close();
}

void FreeEnvironment(napi_env env, void* data, void*) noexcept {
  auto* environment = static_cast<EnvironmentData*>(data);
  // Node-API runs the cleanup hook first (it was added later than Node-API's own hook that
  // frees the instance data); if it has not, it must not run after this.
  if (environment->hooked) napi_remove_env_cleanup_hook(env, CloseQueue, environment);
  delete environment;
}

}  // namespace

void CallQueue::List::PushBack(QueuedCall* call) noexcept {
  call->prev_ = tail;
  call->next_ = nullptr;
  if (tail != nullptr) tail->next_ = call;
  else head = call;
  tail = call;
  ++size;
}

QueuedCall* CallQueue::List::PopFront() noexcept {
  QueuedCall* call = head;
  if (call != nullptr) Remove(call);
  return call;
}

void CallQueue::List::Remove(QueuedCall* call) noexcept {
  if (call->prev_ != nullptr) call->prev_->next_ = call->next_;
  else head = call->next_;
  if (call->next_ != nullptr) call->next_->prev_ = call->prev_;
  else tail = call->prev_;
  call->prev_ = call->next_ = nullptr;
  --size;
}

size_t CallQueue::Limit() noexcept { return 2 * ThreadPoolSize(); }

napi_status CallQueue::Submit(QueuedCall* call) noexcept {
  if (limit_ == 0) limit_ = Limit();
  // Held only behind calls that are running: each of them, completing, hands on the next.
  if (running_.size >= limit_ && !closing()) {
    held_.PushBack(call);
    return napi_ok;
  }
  napi_status queued = napi_queue_async_work(env_, call->work_);
  if (queued == napi_ok) running_.PushBack(call);
  return queued;
}

bool CallQueue::Dispatch(QueuedCall* call) noexcept {
  napi_status queued = napi_queue_async_work(env_, call->work_);
  if (queued == napi_ok) {
    running_.PushBack(call);
    return true;
  }
  // Not expected (the work was made for this environment), but never leave a promise
  // pending while the environment lives: reject it.
  call->status_ = Status::Os(ERROR_INTERNAL_ERROR, call->syscall_);
  napi_handle_scope scope = nullptr;
  if (napi_open_handle_scope(env_, &scope) == napi_ok) {
    call->Settle(env_);
    napi_close_handle_scope(env_, scope);
  }
  napi_delete_async_work(env_, call->work_);
  call->work_ = nullptr;
  delete call;
  return false;
}

void CallQueue::Completed(QueuedCall* call, bool jsGone) noexcept {
  running_.Remove(call);
  if (jsGone) {
    Close();
    return;
  }
  while (!closing() && running_.size < limit_ && held_.head != nullptr) Dispatch(held_.PopFront());
}

void CallQueue::Close() noexcept {
  // Once is enough: every call still listed as running was cancelled (or had started) the
  // first time, and nothing is held after it. (Each cancelled completion comes back here.)
  if (closing_.exchange(true, std::memory_order_acq_rel)) return;
  // Not started yet: cancelled; each completes with napi_cancelled and frees itself. One
  // already running fails to cancel (napi_generic_failure) and completes as usual.
  for (QueuedCall* call = running_.head; call != nullptr; call = call->next_) napi_cancel_async_work(env_, call->work_);
  // Never handed to libuv: freed here, their promises never settled.
  while (QueuedCall* call = held_.PopFront()) {
    napi_delete_async_work(env_, call->work_);
    call->work_ = nullptr;
    delete call;
  }
}

bool CannotRunJs(napi_env env, napi_status status) noexcept {
  if (status == napi_cannot_run_js) return true;
  if (status != napi_pending_exception) return false;
  bool pending = false;
  return napi_is_exception_pending(env, &pending) == napi_ok && !pending;
}

EnvironmentData* EnvironmentOf(napi_env env) noexcept {
  void* data = nullptr;
  if (napi_get_instance_data(env, &data) != napi_ok) return nullptr;
  return static_cast<EnvironmentData*>(data);
}

void InitEnvironment(Napi::Env env) {
  auto environment = std::make_unique<EnvironmentData>(env);
  NAPI_THROW_IF_FAILED_VOID(env, napi_set_instance_data(env, environment.get(), FreeEnvironment, nullptr));
  EnvironmentData* data = environment.release();  // Node-API frees it now
  NAPI_THROW_IF_FAILED_VOID(env, napi_add_env_cleanup_hook(env, CloseQueue, data));
  data->hooked = true;
}

}  // namespace netio
