// Change notifications: NotifyRouteChange2, NotifyUnicastIpAddressChange and
// NotifyIpInterfaceChange.
//
// The OS calls back on its own threads. A callback copies the row while the OS still owns
// it and hands it to a ThreadSafeFunction with a bounded queue, with a non-blocking call
// only: it never waits for the JS thread, so CancelMibChangeNotify2 (which waits for
// callbacks in flight) cannot deadlock against it. When the queue is full the event is
// dropped and an overflow flag set; JS then learns that events were lost (type -1) and can
// re-read the table.
//
// Cancel happens on the JS thread, exactly once: by handle.cancel(), or by the environment's
// cleanup hook when the process or worker thread exits. After CancelMibChangeNotify2
// returns no callback runs any more, and the ThreadSafeFunction is released; the shared
// state is freed by its finalizer, after the last queued event has been dropped.
#include <atomic>
#include <variant>

#include "families.h"
#include "operation.h"
#include "rows.h"

namespace netio {

namespace {

enum class Kind { Route, Unicast, Interface };

// One notification, copied off the OS's row. An empty variant: no row (an initial
// notification). A null Event pointer in the queue: the overflow marker.
struct Event {
  MIB_NOTIFICATION_TYPE type;
  std::variant<std::monostate, MIB_IPFORWARD_ROW2, MIB_UNICASTIPADDRESS_ROW, MIB_IPINTERFACE_ROW> row;
};

struct Subscription;
void CallJs(Napi::Env env, Napi::Function callback, Subscription* subscription, Event* event);
using Tsfn = Napi::TypedThreadSafeFunction<Subscription, Event, CallJs>;

// Shared by the OS's threads and the JS thread; freed by the TSFN's finalizer.
struct Subscription {
  Kind kind;
  Tsfn tsfn;
  HANDLE handle = nullptr;
  std::atomic<bool> cancelled{false};
  std::atomic<bool> overflowed{false};
  bool registered = false;  // JS thread only
  bool released = false;    // JS thread only
  napi_env env = nullptr;

  // CancelMibChangeNotify2 once, then let the TSFN go. JS thread (or the env's cleanup).
  void Cancel() {
    cancelled.store(true);
    if (registered && handle != nullptr && Api().CancelMibChangeNotify2 != nullptr) Api().CancelMibChangeNotify2(handle);
    registered = false;
    handle = nullptr;
    if (!released) {
      released = true;
      napi_remove_env_cleanup_hook(env, CleanupHook, this);
      tsfn.Release();  // the finalizer deletes this once the queue is drained
    }
  }

  static void CleanupHook(void* self) {
    auto* subscription = static_cast<Subscription*>(self);
    subscription->cancelled.store(true);
    if (subscription->registered && subscription->handle != nullptr && Api().CancelMibChangeNotify2 != nullptr) {
      Api().CancelMibChangeNotify2(subscription->handle);
    }
    subscription->registered = false;
    subscription->handle = nullptr;
    if (!subscription->released) {
      subscription->released = true;
      subscription->tsfn.Release();
    }
  }
};

void CallJs(Napi::Env env, Napi::Function callback, Subscription* subscription, Event* event) {
  std::unique_ptr<Event> owned(event);
  if (env == nullptr || subscription->cancelled.load()) return;  // torn down or cancelled: drop
  Napi::HandleScope scope(env);
  // A C++ exception must not unwind into Node: a callback that throws becomes a pending JS
  // exception (Node reports it as uncaught), and the subscription goes on.
  try {
    if (owned) {
      Napi::Value row = env.Null();
      if (auto* r = std::get_if<MIB_IPFORWARD_ROW2>(&owned->row)) row = ForwardRowToJs(env, *r);
      if (auto* r = std::get_if<MIB_UNICASTIPADDRESS_ROW>(&owned->row)) row = UnicastRowToJs(env, *r);
      if (auto* r = std::get_if<MIB_IPINTERFACE_ROW>(&owned->row)) row = IpInterfaceRowToJs(env, *r);
      callback.Call({Napi::Number::New(env, static_cast<int>(owned->type)), row});
    }
    if (subscription->overflowed.exchange(false) && !subscription->cancelled.load()) {
      callback.Call({Napi::Number::New(env, -1), env.Null()});
    }
  } catch (const Napi::Error& error) {
    error.ThrowAsJavaScriptException();
  }
}

// Runs on a thread the OS chooses. With InitialNotification, NotifyUnicastIpAddressChange
// calls it once before it returns (Windows' own conformance tests record that); on which
// thread is not known for Windows, and Wine calls it on the registering thread (a libuv pool
// thread for the async twin, the JS thread for the sync one). Whichever it is, this only
// queues the event: the JS callback runs later on the JS thread, and lib/notifications.ts
// holds what reaches it before the async registration's promise has resolved.
template <class Row>
void Deliver(void* context, Row* row, MIB_NOTIFICATION_TYPE type) {
  auto* subscription = static_cast<Subscription*>(context);
  if (subscription == nullptr || subscription->cancelled.load()) return;
  auto* event = new Event{type, {}};
  if (row != nullptr) event->row = *row;
  napi_status status = subscription->tsfn.NonBlockingCall(event);
  if (status == napi_ok) return;
  delete event;
  if (status == napi_queue_full) {
    subscription->overflowed.store(true);
    // Either this marker gets in, or the queue is still full, and an event in it is
    // delivered after the flag was set: either way JS sees the flag.
    subscription->tsfn.NonBlockingCall(nullptr);
  }
}

VOID NETIOAPI_API_ OnRoute(PVOID context, PMIB_IPFORWARD_ROW2 row, MIB_NOTIFICATION_TYPE type) { Deliver(context, row, type); }
VOID NETIOAPI_API_ OnUnicast(PVOID context, PMIB_UNICASTIPADDRESS_ROW row, MIB_NOTIFICATION_TYPE type) {
  Deliver(context, row, type);
}
VOID NETIOAPI_API_ OnInterface(PVOID context, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type) { Deliver(context, row, type); }

// The handle JS holds: cancel(), ref(), unref(). Not owning: the subscription lives on
// after the handle is collected, until it is cancelled or the environment ends.
class Handle : public Napi::ObjectWrap<Handle> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "NotificationHandle",
                       {InstanceMethod<&Handle::Cancel>("cancel"), InstanceMethod<&Handle::Ref>("ref"),
                        InstanceMethod<&Handle::Unref>("unref"), InstanceAccessor<&Handle::Cancelled>("cancelled")});
  }
  explicit Handle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Handle>(info) {}
  Subscription* subscription = nullptr;

 private:
  Napi::Value Cancel(const Napi::CallbackInfo& info) {
    if (subscription != nullptr) {
      Subscription* s = subscription;
      subscription = nullptr;
      s->Cancel();
    }
    return info.Env().Undefined();
  }
  Napi::Value Ref(const Napi::CallbackInfo& info) {
    if (subscription != nullptr) subscription->tsfn.Ref(info.Env());
    return info.This();
  }
  Napi::Value Unref(const Napi::CallbackInfo& info) {
    if (subscription != nullptr) subscription->tsfn.Unref(info.Env());
    return info.This();
  }
  Napi::Value Cancelled(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), subscription == nullptr); }
};

struct HandleClass {
  Napi::FunctionReference constructor;
};

// notifyX(family, callback(type, row), initialNotification, queueSize) -> handle.
template <Kind K>
struct Register {
  static constexpr const char* kSyscall = K == Kind::Route     ? "NotifyRouteChange2"
                                          : K == Kind::Unicast ? "NotifyUnicastIpAddressChange"
                                                               : "NotifyIpInterfaceChange";

  explicit Register(const Napi::CallbackInfo& info) : family(FamilyFromJs(info[0], "family")) {
    if (!info[1].IsFunction()) throw ArgumentError{"callback", "a function"};
    initial = BoolFromJs(info[2], "initialNotification");
    ULONG queueSize = UlongFromJs(info[3], "queueSize");
    if (queueSize == 0) throw ArgumentError{"queueSize", "an integer from 1 to 4294967295"};
    Napi::Env env = info.Env();
    subscription = new Subscription();
    subscription->kind = K;
    subscription->env = env;
    subscription->tsfn = Tsfn::New(env, info[1].As<Napi::Function>(), kSyscall, queueSize, 1, subscription,
                                   [](Napi::Env, void*, Subscription* s) { delete s; });
    subscription->tsfn.Unref(env);  // never keeps the process alive unless asked to
    napi_add_env_cleanup_hook(env, Subscription::CleanupHook, subscription);
    handleClass = env.GetInstanceData<HandleClass>();
  }
  Register(const Register&) = delete;
  Register& operator=(const Register&) = delete;
  // Registration failed, or the handle was never made: nothing may stay behind.
  ~Register() {
    if (subscription != nullptr) subscription->Cancel();
  }

  Status Run() {
    HANDLE handle = nullptr;
    Status status;
    if constexpr (K == Kind::Route) status = NETIO_CALL(NotifyRouteChange2, family, OnRoute, subscription, initial, &handle);
    if constexpr (K == Kind::Unicast) status = NETIO_CALL(NotifyUnicastIpAddressChange, family, OnUnicast, subscription, initial, &handle);
    if constexpr (K == Kind::Interface) status = NETIO_CALL(NotifyIpInterfaceChange, family, OnInterface, subscription, initial, &handle);
    if (status.ok()) {
      subscription->handle = handle;
      subscription->registered = true;
    }
    return status;
  }

  Napi::Value Result(Napi::Env env) {
    Napi::Object object = handleClass->constructor.New({});
    Handle::Unwrap(object)->subscription = subscription;
    subscription = nullptr;  // the handle and the cleanup hook own it now
    return object;
  }

  ADDRESS_FAMILY family;
  BOOLEAN initial = FALSE;
  Subscription* subscription = nullptr;
  HandleClass* handleClass = nullptr;
};

}  // namespace

void RegisterNotifications(Napi::Env env, Napi::Object exports) {
  auto* handleClass = new HandleClass();
  handleClass->constructor = Napi::Persistent(Handle::Define(env));
  env.SetInstanceData<HandleClass>(handleClass);
  Export<Register<Kind::Route>>(env, exports, "notifyRouteChange2");
  Export<Register<Kind::Unicast>>(env, exports, "notifyUnicastIpAddressChange");
  Export<Register<Kind::Interface>>(env, exports, "notifyIpInterfaceChange");
}

}  // namespace netio
