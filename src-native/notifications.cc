// Change notifications: NotifyRouteChange2, NotifyUnicastIpAddressChange,
// NotifyIpInterfaceChange, NotifyNetworkConnectivityHintChange, NotifyTeredoPortChange and
// NotifyStableUnicastIpAddressTable, all on the one machinery below.
//
// Threads. The OS calls back on its own threads (under Wine, the initial unicast
// notification comes on the registering thread, before the Notify function returns; on
// Windows which thread runs it is not documented). A callback copies the row while the OS
// still owns it and hands it to a thread-safe function with a bounded queue, with a
// non-blocking call only: it never waits for the JS thread, so CancelMibChangeNotify2
// (which waits for callbacks in flight) cannot deadlock against it. When the queue is full
// the event is dropped and an overflow flag set; JS then learns that events were lost
// (type -1) and can re-read the table.
//
// Order. Events are delivered only after the registration's handle exists: until then
// (between the Notify call and the moment the handle is made, on the JS thread) CallJs
// holds them back; making the handle queues a "ready" marker behind them, and the marker
// releases them in the order they came. So `await notify…()` and `notify…Sync()` both
// return before the first event (an initial notification included) reaches the callback.
//
// Lifetime. Cancel happens on the JS thread, exactly once: by handle.cancel(), by the
// environment's cleanup hook when the main thread or a worker exits, or when the
// registration failed or its handle could not be made. CancelMibChangeNotify2 comes first;
// after it returns no OS callback runs any more, so only then is the thread-safe function
// released (aborted: nothing queued is delivered after a cancel). Node-API then runs its
// finalizer, which deletes the Subscription, and only afterwards hands each item still in
// the queue to CallJs without an environment, to be freed: so CallJs must not touch the
// Subscription when env is null. The JS handle never owns the Subscription; it forgets it
// when it cancels.
//
// Boundaries. CallJs (called by libuv), the OS callbacks, the finalizer and the cleanup
// hook are entries into the addon that must not throw: each is noexcept and guards its
// whole body. Once the environment cannot run JavaScript any more, Node-API calls fail and
// CallJs stops touching JS.
#include <atomic>
#include <deque>
#include <memory>
#include <variant>
#include <vector>

#include "families.h"
#include "operation.h"
#include "rows.h"

namespace netio {

namespace {

enum class Kind { Route, Unicast, Interface, ConnectivityHint, TeredoPort, StableTable };

// Which arguments a registration takes, by kind: every one a callback and a queue size;
// the table kinds a family; all but the stable table an InitialNotification flag.
constexpr bool HasFamily(Kind kind) { return kind != Kind::ConnectivityHint && kind != Kind::TeredoPort; }
constexpr bool HasInitial(Kind kind) { return kind != Kind::StableTable; }

// NotifyTeredoPortChange's payload: the port.
struct TeredoPortEvent {
  USHORT port;
};

// One notification, copied off what the OS passed while it still owned it; monostate when
// the OS passed no row (an initial notification). The queue also carries two markers: a
// null Event pointer means "events were dropped", and an Event of type kReady means "the
// handle exists".
constexpr int kOverflow = -1;
constexpr int kReady = -2;
struct Event {
  int type;
  std::variant<std::monostate, MIB_IPFORWARD_ROW2, MIB_UNICASTIPADDRESS_ROW, MIB_IPINTERFACE_ROW,
               decl::NL_NETWORK_CONNECTIVITY_HINT, TeredoPortEvent, std::vector<MIB_UNICASTIPADDRESS_ROW>>
      row;
};

// Shared by the OS's threads and the JS thread; deleted by the thread-safe function's finalizer.
struct Subscription {
  Kind kind = Kind::Route;
  napi_env env = nullptr;
  napi_threadsafe_function tsfn = nullptr;
  HANDLE handle = nullptr;
  std::atomic<bool> cancelled{false};
  std::atomic<bool> overflowed{false};
  // JS thread only:
  bool registered = false;
  bool hooked = false;    // the environment cleanup hook is installed
  bool released = false;  // the thread-safe function is released
  bool ready = false;     // the handle exists: events may reach the callback
  bool keepAlive = false; // CancelMibChangeNotify2 failed: never freed (see Cancel)
  std::deque<std::unique_ptr<Event>> held;

  // JS thread (or the environment's cleanup). Never throws; safe to call more than once.
  void Cancel() noexcept {
    cancelled.store(true);
    if (registered && handle != nullptr) {
      DWORD result = Api().CancelMibChangeNotify2 != nullptr ? Api().CancelMibChangeNotify2(handle) : ERROR_NOT_SUPPORTED;
      // Not cancelled: the OS may still call back with this Subscription as its context.
      // Keep it (a few bytes, for the life of the process) rather than free memory an OS
      // thread may read; Deliver sees `cancelled` and touches nothing else.
      if (result != NO_ERROR) keepAlive = true;
    }
    registered = false;
    handle = nullptr;
    held.clear();
    if (hooked) {
      hooked = false;
      napi_remove_env_cleanup_hook(env, CleanupHook, this);
    }
    if (!released && tsfn != nullptr) {
      released = true;
      napi_release_threadsafe_function(tsfn, napi_tsfn_abort);  // the finalizer deletes this
    }
  }

  static void CleanupHook(void* self) noexcept {
    auto* subscription = static_cast<Subscription*>(self);
    subscription->hooked = false;  // Node-API is running it: it must not be removed again
    subscription->Cancel();
  }

  static void Finalize(napi_env, void* self, void*) noexcept {
    auto* subscription = static_cast<Subscription*>(self);
    if (subscription->keepAlive) {
      subscription->held.clear();
      return;
    }
    delete subscription;
  }
};

// A JS callback threw past the dispatcher's own guard (which rethrows a user callback's
// error on a later tick, so this is rare: a stack overflow, or a caller of the raw binding).
// Report it as an uncaught exception, as Node does for an event listener, rather than let
// Node-API drop it with a warning: whatever was thrown, `throw undefined` and other values
// that are not Errors included, reaches process 'uncaughtException' as it was thrown.
// When the environment is going away, Node-API records no exception (its preamble refuses
// the call before any JS runs), so nothing is pending; a terminating worker's termination
// "exception" is no JS value (napi_typeof refuses it); and napi_fatal_exception itself does
// nothing once JS cannot run. Returns false only then: the environment is going away.
bool ReportCallbackFailure(napi_env env) noexcept {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) return false;
  napi_value error = nullptr;
  if (napi_get_and_clear_last_exception(env, &error) != napi_ok || error == nullptr) return false;
  napi_valuetype type = napi_undefined;
  if (napi_typeof(env, error, &type) != napi_ok) return false;
  return napi_fatal_exception(env, error) == napi_ok;
}

// Calls the dispatcher with (type, row). Returns false when the environment can no longer
// run JavaScript.
bool Dispatch(napi_env env, napi_value callback, const Event& event) noexcept {
  napi_value argv[2] = {nullptr, nullptr};
  napi_value global = nullptr;
  if (napi_get_global(env, &global) != napi_ok) return false;
  int type = event.type;
  try {
    Napi::Env e(env);
    Napi::Value row = e.Null();
    if (auto* r = std::get_if<MIB_IPFORWARD_ROW2>(&event.row)) row = ForwardRowToJs(e, *r);
    if (auto* r = std::get_if<MIB_UNICASTIPADDRESS_ROW>(&event.row)) row = UnicastRowToJs(e, *r);
    if (auto* r = std::get_if<MIB_IPINTERFACE_ROW>(&event.row)) row = IpInterfaceRowToJs(e, *r);
    if (auto* r = std::get_if<decl::NL_NETWORK_CONNECTIVITY_HINT>(&event.row)) row = ConnectivityHintToJs(e, *r);
    if (auto* r = std::get_if<TeredoPortEvent>(&event.row)) row = Napi::Number::New(e, r->port);
    if (auto* r = std::get_if<std::vector<MIB_UNICASTIPADDRESS_ROW>>(&event.row)) {
      Napi::Array rows = Napi::Array::New(e, r->size());
      for (size_t i = 0; i < r->size(); ++i) rows.Set(static_cast<uint32_t>(i), UnicastRowToJs(e, (*r)[i]));
      row = rows;
    }
    argv[1] = row;
  } catch (...) {
    // The row could not be made (no memory, or the environment is going away): tell JS
    // that an event was lost, so that it re-reads the table.
    ClearPendingException(env);
    type = kOverflow;
    if (napi_get_null(env, &argv[1]) != napi_ok) return false;
  }
  if (napi_create_int32(env, type, &argv[0]) != napi_ok) return false;
  napi_value result = nullptr;
  napi_status status = napi_call_function(env, global, callback, 2, argv, &result);
  if (status == napi_ok) return true;
  return ReportCallbackFailure(env);
}

// Node-API calls this on the JS thread for each queued item, or with env == nullptr while
// it drains the queue at teardown (then it only frees the item).
void CallJs(napi_env env, napi_value callback, void* context, void* data) noexcept {
  std::unique_ptr<Event> event(static_cast<Event*>(data));
  auto* subscription = static_cast<Subscription*>(context);
  // Without an environment the Subscription may already be deleted: test env first.
  if (env == nullptr || callback == nullptr || subscription == nullptr || subscription->cancelled.load()) return;
  napi_handle_scope scope = nullptr;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  try {
    bool alive = true;
    if (event && event->type == kReady) {
      subscription->ready = true;
      event.reset();
    } else if (!subscription->ready) {
      if (event) subscription->held.push_back(std::move(event));  // until the handle exists
    }
    if (subscription->ready) {
      while (alive && !subscription->held.empty() && !subscription->cancelled.load()) {
        std::unique_ptr<Event> next = std::move(subscription->held.front());
        subscription->held.pop_front();
        alive = Dispatch(env, callback, *next);
      }
      if (alive && event && !subscription->cancelled.load()) alive = Dispatch(env, callback, *event);
      if (alive && subscription->overflowed.exchange(false) && !subscription->cancelled.load()) {
        Dispatch(env, callback, Event{kOverflow, {}});
      }
    }
  } catch (...) {
    ClearPendingException(env);  // a failed allocation in the held queue: the event is lost
    subscription->overflowed.store(true);
  }
  napi_close_handle_scope(env, scope);
}

// Runs on a thread the OS chooses. With InitialNotification, NotifyUnicastIpAddressChange
// calls it once before it returns (Windows' own conformance tests record that); which thread
// that is on Windows is not known, and Wine uses the registering thread (a libuv pool thread
// for the async twin, the JS thread for the sync one). Either way it only queues the event,
// which CallJs holds until the handle exists (see "Order" above). Never blocks, never throws.
// `make` fills the event's payload; when it cannot (no memory), the event is lost and the
// overflow flag set.
template <class Make>
void DeliverEvent(void* context, int type, Make&& make) noexcept {
  auto* subscription = static_cast<Subscription*>(context);
  if (subscription == nullptr || subscription->cancelled.load()) return;
  Event* event = new (std::nothrow) Event{type, {}};
  bool made = event != nullptr;
  if (made) {
    try {
      make(*event);
    } catch (...) {
      made = false;
    }
  }
  if (!made) {
    delete event;
    subscription->overflowed.store(true);
    napi_call_threadsafe_function(subscription->tsfn, nullptr, napi_tsfn_nonblocking);
    return;
  }
  napi_status status = napi_call_threadsafe_function(subscription->tsfn, event, napi_tsfn_nonblocking);
  if (status == napi_ok) return;
  delete event;
  if (status == napi_queue_full) {
    subscription->overflowed.store(true);
    // Either this marker gets in, or the queue is still full and an event in it is
    // delivered after the flag was set: either way JS sees the flag.
    napi_call_threadsafe_function(subscription->tsfn, nullptr, napi_tsfn_nonblocking);
  }
}

template <class Row>
void Deliver(void* context, Row* row, MIB_NOTIFICATION_TYPE type) noexcept {
  DeliverEvent(context, static_cast<int>(type), [row](Event& event) {
    if (row != nullptr) event.row = *row;
  });
}

VOID NETIOAPI_API_ OnRoute(PVOID context, PMIB_IPFORWARD_ROW2 row, MIB_NOTIFICATION_TYPE type) { Deliver(context, row, type); }
VOID NETIOAPI_API_ OnUnicast(PVOID context, PMIB_UNICASTIPADDRESS_ROW row, MIB_NOTIFICATION_TYPE type) {
  Deliver(context, row, type);
}
VOID NETIOAPI_API_ OnInterface(PVOID context, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type) { Deliver(context, row, type); }

// The connectivity hint comes by value, with no notification type: a change (or the
// initial state) is MibParameterNotification to JS.
VOID NETIOAPI_API_ OnConnectivityHint(PVOID context, decl::NL_NETWORK_CONNECTIVITY_HINT hint) {
  DeliverEvent(context, MibParameterNotification, [&hint](Event& event) { event.row = hint; });
}

VOID NETIOAPI_API_ OnTeredoPort(PVOID context, USHORT port, MIB_NOTIFICATION_TYPE type) {
  DeliverEvent(context, static_cast<int>(type), [port](Event& event) { event.row = TeredoPortEvent{port}; });
}

// The stable table is the caller's to free: it is owned at once, copied, and freed here.
VOID NETIOAPI_API_ OnStableTable(PVOID context, PMIB_UNICASTIPADDRESS_TABLE table) {
  MibTable<MIB_UNICASTIPADDRESS_TABLE> owned(table);
  DeliverEvent(context, MibInitialNotification, [&owned](Event& event) {
    std::vector<MIB_UNICASTIPADDRESS_ROW> rows;
    if (owned) rows.assign(owned->Table, owned->Table + owned->NumEntries);
    event.row = std::move(rows);
  });
}

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
    if (subscription != nullptr) NAPI_THROW_IF_FAILED(info.Env(), napi_ref_threadsafe_function(info.Env(), subscription->tsfn), Napi::Value());
    return info.This();
  }
  Napi::Value Unref(const Napi::CallbackInfo& info) {
    if (subscription != nullptr) NAPI_THROW_IF_FAILED(info.Env(), napi_unref_threadsafe_function(info.Env(), subscription->tsfn), Napi::Value());
    return info.This();
  }
  Napi::Value Cancelled(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), subscription == nullptr); }
};

struct HandleClass {
  Napi::FunctionReference constructor;
};

// notifyX([family,] callback(type, row), [initialNotification,] queueSize) -> handle, or, for
// NotifyStableUnicastIpAddressTable, { table, handle }: the table when it is stable at once
// (no registration then), else the handle of the pending request and the table later.
template <Kind K>
struct Register {
  static constexpr const char* kSyscall = K == Kind::Route              ? "NotifyRouteChange2"
                                          : K == Kind::Unicast          ? "NotifyUnicastIpAddressChange"
                                          : K == Kind::Interface        ? "NotifyIpInterfaceChange"
                                          : K == Kind::ConnectivityHint ? "NotifyNetworkConnectivityHintChange"
                                          : K == Kind::TeredoPort       ? "NotifyTeredoPortChange"
                                                                        : "NotifyStableUnicastIpAddressTable";

  explicit Register(const Napi::CallbackInfo& info) {
    size_t arg = 0;
    if constexpr (HasFamily(K)) family = FamilyFromJs(info[arg++], "family");
    Napi::Value callback = info[arg++];
    if (!callback.IsFunction()) throw ArgumentError{"callback", "a function"};
    if constexpr (HasInitial(K)) initial = BoolFromJs(info[arg++], "initialNotification") ? TRUE : FALSE;
    ULONG queueSize = UlongFromJs(info[arg++], "queueSize");
    if (queueSize == 0) throw ArgumentError{"queueSize", "an integer from 1 to 4294967295"};
    napi_env env = info.Env();
    EnvironmentData* environment = EnvironmentOf(env);
    handleClass = environment != nullptr ? static_cast<HandleClass*>(environment->notifications.get()) : nullptr;
    if (handleClass == nullptr) throw ToJsError(info.Env(), Status::Os(ERROR_INVALID_HANDLE, kSyscall));
    auto owned = std::make_unique<Subscription>();
    owned->kind = K;
    owned->env = env;
    napi_value name = nullptr;
    NAPI_THROW_IF_FAILED_VOID(env, napi_create_string_utf8(env, kSyscall, NAPI_AUTO_LENGTH, &name));
    NAPI_THROW_IF_FAILED_VOID(env, napi_create_threadsafe_function(env, callback, nullptr, name, queueSize, 1, owned.get(),
                                                                   Subscription::Finalize, owned.get(), CallJs, &owned->tsfn));
    // From here the thread-safe function's finalizer owns the Subscription.
    subscription = owned.release();
    napi_status unref = napi_unref_threadsafe_function(env, subscription->tsfn);  // never keeps the process alive unless asked to
    napi_status hook = napi_add_env_cleanup_hook(env, Subscription::CleanupHook, subscription);
    subscription->hooked = hook == napi_ok;
    if (unref != napi_ok || hook != napi_ok) {
      // A throwing constructor runs no destructor: cancel here, then report.
      Subscription* failed = subscription;
      subscription = nullptr;
      failed->Cancel();
      NAPI_THROW_IF_FAILED_VOID(env, unref != napi_ok ? unref : hook);
    }
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
    if constexpr (K == Kind::ConnectivityHint) {
      status = NETIO_CALL(NotifyNetworkConnectivityHintChange, OnConnectivityHint, subscription, initial, &handle);
    }
    if constexpr (K == Kind::TeredoPort) status = NETIO_CALL(NotifyTeredoPortChange, OnTeredoPort, subscription, initial, &handle);
    if constexpr (K == Kind::StableTable) {
      PMIB_UNICASTIPADDRESS_TABLE table = nullptr;
      status = NETIO_CALL(NotifyStableUnicastIpAddressTable, family, &table, OnStableTable, subscription, &handle);
      stable.reset(table);
      // NO_ERROR: the table is stable now, the callback never comes and there is no handle.
      // ERROR_IO_PENDING: the table comes to the callback; the handle cancels the request.
      if (status.ok()) return status;
      if (status.code != ERROR_IO_PENDING) return status;
      status = Status::Ok();
      pending = true;
    }
    if (status.ok()) {
      subscription->handle = handle;
      subscription->registered = true;
    }
    return status;
  }

  Napi::Value Result(Napi::Env env) {
    if constexpr (K == Kind::StableTable) {
      Napi::Object result = Napi::Object::New(env);
      if (!pending) {
        // Stable at once: the table, and no registration (the destructor releases the
        // thread-safe function; there is nothing to cancel in the OS).
        Napi::Array rows = Napi::Array::New(env, stable ? stable->NumEntries : 0);
        for (ULONG i = 0; stable && i < stable->NumEntries; ++i) rows.Set(i, UnicastRowToJs(env, stable->Table[i]));
        result.Set("table", rows);
        result.Set("handle", env.Null());
        return result;
      }
      result.Set("table", env.Null());
      result.Set("handle", MakeHandle(env));
      return result;
    } else {
      return MakeHandle(env);
    }
  }

  Napi::Object MakeHandle(Napi::Env env) {
    Napi::Object object = handleClass->constructor.New({});
    Handle* wrapped = Handle::Unwrap(object);
    if (wrapped == nullptr) throw ToJsError(env, Status::Os(ERROR_INVALID_HANDLE, kSyscall));
    // The events that came before the handle are released behind this marker, in order.
    auto* ready = new Event{kReady, {}};
    if (napi_call_threadsafe_function(subscription->tsfn, ready, napi_tsfn_nonblocking) != napi_ok) {
      delete ready;
      subscription->ready = true;  // queue full: the held events go out with the next delivery
    }
    wrapped->subscription = subscription;
    subscription = nullptr;  // the handle and the cleanup hook own it now
    return object;
  }

  ADDRESS_FAMILY family = AF_UNSPEC;
  BOOLEAN initial = FALSE;
  Subscription* subscription = nullptr;
  HandleClass* handleClass = nullptr;
  MibTable<MIB_UNICASTIPADDRESS_TABLE> stable;  // NotifyStableUnicastIpAddressTable's immediate table
  bool pending = false;                         // NotifyStableUnicastIpAddressTable: the table comes later
};

}  // namespace

void RegisterNotifications(Napi::Env env, Napi::Object exports) {
  EnvironmentData* environment = EnvironmentOf(env);
  if (environment == nullptr) throw ToJsError(env, Status::Os(ERROR_INVALID_HANDLE, "notifications"));
  auto handleClass = std::make_shared<HandleClass>();
  handleClass->constructor = Napi::Persistent(Handle::Define(env));
  environment->notifications = handleClass;  // freed with the environment's instance data
  Export<Register<Kind::Route>>(env, exports, "notifyRouteChange2");
  Export<Register<Kind::Unicast>>(env, exports, "notifyUnicastIpAddressChange");
  Export<Register<Kind::Interface>>(env, exports, "notifyIpInterfaceChange");
  Export<Register<Kind::ConnectivityHint>>(env, exports, "notifyNetworkConnectivityHintChange");
  Export<Register<Kind::TeredoPort>>(env, exports, "notifyTeredoPortChange");
  Export<Register<Kind::StableTable>>(env, exports, "notifyStableUnicastIpAddressTable");
}

}  // namespace netio
