// ICMP echo: IcmpSendEcho2Ex (IPv4) and Icmp6SendEcho2 (IPv6), exported as
//   icmpSendEcho2Ex(destination, source | null, data, ttl, tos, flags, timeout)
//   icmp6SendEcho2(destination, source | null, data, ttl, tos, flags, timeout)
// and their …Sync twins, each returning the parsed replies as rows
//   { address, status, roundTripTime, ttl, tos, flags, dataSize }
// (status is the IP_STATUS number; lib/icmp.ts names it). ttl 0 means the system's default.
// The ICMP handle is opened and closed inside every call.
//
// An IP_STATUS code (IP_REQ_TIMED_OUT, IP_DEST_HOST_UNREACHABLE, …; IP_STATUS_BASE and up) is
// the outcome of the echo, not a failure of the call: it comes back as a row's status, as
// ping.exe reports it. Any other code (ERROR_INVALID_PARAMETER, ERROR_CALL_NOT_IMPLEMENTED…)
// is a failure of the call and rejects.
//
// The …Sync twins call the blocking form (no event) on the calling thread.
//
// THE ASYNC FORM HOLDS NO LIBUV POOL THREAD WHILE THE ECHO IS IN FLIGHT. It calls the event
// form on the JS thread (the call itself only queues the request) and waits for the event
// with a thread-pool wait (CreateThreadpoolWait) of the process's default Windows pool. Its
// callback hands the result to the JS thread through a thread-safe function (TSFN), which
// settles the promise. 254 pings to dead hosts cost 254 registered waits, not 254 threads.
//
// Who owns what, and in which order (one PendingEcho per call):
//  1. JS thread: parse the arguments, open the ICMP handle, take a reference to this module
//     (a worker that loaded the addon unloads it at teardown, and the wait callback's code
//     is in it), create the event, the TP_WAIT, the promise and a TSFN of its own
//     (referenced: a ping in flight keeps the event loop alive).
//     The PendingEcho has two references from here on: the JS side (dropped by the TSFN's
//     finalizer) and the OS side (dropped when the wait has fired or has been cancelled).
//  2. SetThreadpoolWait(wait, event) BEFORE the send. (Under Wine 8, registering
//     RegisterWaitForSingleObject after the send has started trips an assertion in Wine's
//     thread pool; registering first is correct on Windows too: the event may be set
//     before the send even returns.)
//  3. The send returns. `phase` decides who completes, with one compare-and-swap each:
//     - ERROR_IO_PENDING: the JS thread moves phase Sending -> Armed. From then on the wait
//       callback owns the completion. If the callback got there first (phase is Fired: the
//       reply came before the send returned, usual on loopback), the JS thread completes.
//     - anything else (replies at once, or a failure): the send never went pending. The JS
//       thread stops the wait (SetThreadpoolWait(wait, NULL) and
//       WaitForThreadpoolWaitCallbacks(wait, TRUE), legal here since this is not the
//       callback) and completes. A callback that ran meanwhile only moved Sending -> Fired.
//     Completing on the JS thread: settle the promise directly, release the TSFN (its
//     finalizer drops the JS reference), drop the OS reference.
//  4. The wait callback (an OS thread; a no-throw boundary). Phase Sending: mark Fired and
//     return, touching nothing else. Phase Armed: parse the replies into plain C++ data,
//     then, under the PendingEcho's lock, if the JS side is still open: take a reference
//     for the queue, napi_call_threadsafe_function (non-blocking; the queue is unbounded),
//     and release the TSFN. Then drop the OS reference.
//  5. The TSFN's call-js (JS thread; a no-throw boundary): if it has an environment, build
//     the rows and settle the promise (a failed settle is ignored); with no environment
//     (the queue is being emptied at teardown) it touches nothing of JS. Either way it
//     drops the queue's reference.
//  6. The TSFN's finalizer (JS thread, after the last call, or at environment teardown;
//     a no-throw boundary): under the lock, mark the JS side closed; drop the JS reference.
//     Node deletes a TSFN at teardown whatever its thread count, so the callback must never
//     call into the TSFN after that: the closed flag, read under the same lock, stops it.
//  7. Whoever drops the last reference frees everything: CloseThreadpoolWait (legal inside
//     the wait's own callback: the pool frees it after the callback returns; never
//     WaitForThreadpoolWaitCallbacks from there), the event, the ICMP handle (the request
//     has completed: the event was set, or the send never went pending), the reply buffer;
//     then the module reference: from the callback with FreeLibraryWhenCallbackReturns (the
//     module may go once the callback's own code has returned), on the JS thread with
//     FreeLibrary (the environment running there still holds the module).
// Under Wine the send does not take the event form (see RunningOnWine below: Wine 8.0
// corrupts the heap in it): the blocking send runs on a Windows thread-pool thread
// (TrySubmitThreadpoolCallback), phase is Armed from the start, and that callback completes
// exactly as the wait callback does (step 4 on). A libuv pool thread is never held there
// either; a Windows pool thread is, for each echo in flight.
//
// So an environment torn down with echoes in flight (a worker terminated, a renderer
// reloaded) leaves each PendingEcho to its wait callback, which frees it without touching
// JS when the echo completes (at the latest after its timeout). Only the promise's
// napi_deferred of an echo that never settled is left to the dying environment.
#include <atomic>
#include <cstddef>
#include <cstring>
#include <memory>
#include <vector>

#include "families.h"
#include "operation.h"
#include "ospool.h"

namespace netio {

namespace {

constexpr char kIcmpSendEcho2Ex[] = "IcmpSendEcho2Ex";
constexpr char kIcmp6SendEcho2[] = "Icmp6SendEcho2";

// ping.exe's limit on the data size (-l).
constexpr ULONG kMaxDataSize = 65500;
// Room the documentation asks for beyond the replies and their data: an ICMP error
// message (8 bytes), an IO_STATUS_BLOCK, and IP options (at most 40 bytes).
constexpr DWORD kReplySlack = 8 + 2 * sizeof(void*) + 40;

// ICMPV6_ECHO_REPLY as Windows lays it out (ipexport.h): IPV6_ADDRESS_EX is packed to 26
// bytes there. mingw-w64 declares neither the reply nor the packing, so the layout is
// spelled out here and checked.
#pragma pack(push, 1)
struct Ipv6AddressEx {
  USHORT sin6_port;
  ULONG sin6_flowinfo;
  USHORT sin6_addr[8];
  ULONG sin6_scope_id;
};
#pragma pack(pop)
struct Icmpv6EchoReply {
  Ipv6AddressEx Address;
  ULONG Status;
  unsigned int RoundTripTime;  // the echoed data follows
};
static_assert(sizeof(Ipv6AddressEx) == 26, "IPV6_ADDRESS_EX is packed");
static_assert(offsetof(Icmpv6EchoReply, Status) == 28 && sizeof(Icmpv6EchoReply) == 36, "ICMPV6_ECHO_REPLY's layout");

// Whether this is Wine (its ntdll exports wine_get_version). Wine 8.0's IcmpSendEcho2Ex, in
// its event form (an Event and no ApcRoutine), frees the heap block that holds the
// request's IO_STATUS_BLOCK before the request completes, and the completion then writes
// into freed memory: the heap is corrupted (seen here as assertions and deadlocks in
// ntdll). So under Wine the async form sends with the blocking form instead, on a thread of
// the Windows thread pool (never libuv's); on Windows it uses the event form.
bool RunningOnWine() {
  static const bool wine = [] {
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
  }();
  return wine;
}

bool IsIpStatus(DWORD code) { return code > IP_STATUS_BASE && code <= IP_PENDING; }

// One reply, copied off the OS's buffer as plain data.
struct EchoRow {
  SOCKADDR_INET address{};
  ULONG status = IP_GENERAL_FAILURE;
  ULONG roundTripTime = 0;
  bool hasIpFields = false;  // IPv4 replies carry TTL, TOS, flags and the data size
  UCHAR ttl = 0, tos = 0, flags = 0;
  USHORT dataSize = 0;
};

struct Outcome {
  Status status;
  std::vector<EchoRow> rows;
};

Napi::Value RowsToJs(Napi::Env env, const std::vector<EchoRow>& rows) {
  Napi::Array out = Napi::Array::New(env, rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const EchoRow& r = rows[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("address", SockaddrToJs(env, r.address));
    o.Set("status", Napi::Number::New(env, r.status));
    o.Set("roundTripTime", Napi::Number::New(env, r.roundTripTime));
    o.Set("ttl", r.hasIpFields ? Napi::Number::New(env, r.ttl) : env.Null());
    o.Set("tos", r.hasIpFields ? Napi::Number::New(env, r.tos) : env.Null());
    o.Set("flags", r.hasIpFields ? Napi::Number::New(env, r.flags) : env.Null());
    o.Set("dataSize", r.hasIpFields ? Napi::Number::New(env, r.dataSize) : env.Null());
    out.Set(static_cast<uint32_t>(i), o);
  }
  return out;
}

struct IcmpHandleCloser {
  void operator()(HANDLE handle) const {
    if (handle != nullptr && handle != INVALID_HANDLE_VALUE && Api().IcmpCloseHandle != nullptr) Api().IcmpCloseHandle(handle);
  }
};
using IcmpHandle = std::unique_ptr<void, IcmpHandleCloser>;

// One echo: the request as plain data, the ICMP handle and the reply buffer. Used on the
// calling thread by the Sync twin, and owned by a PendingEcho by the async one.
class Echo {
 public:
  Echo(const Napi::CallbackInfo& info, bool v6) : v6_(v6) {
    SockaddrFromJs(info[0], "destination", &destination_);
    if (destination_.si_family != (v6 ? AF_INET6 : AF_INET)) throw ArgumentError{"destination", v6 ? "an IPv6 address" : "an IPv4 address"};
    if (!info[1].IsNull() && !info[1].IsUndefined()) {
      SockaddrFromJs(info[1], "source", &source_);
      if (source_.si_family != destination_.si_family) throw ArgumentError{"source", v6 ? "an IPv6 address" : "an IPv4 address"};
    } else {
      source_.si_family = destination_.si_family;  // unspecified: the stack chooses
    }
    if (!info[2].IsTypedArray() || info[2].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      throw ArgumentError{"data", "a Uint8Array"};
    }
    Napi::Uint8Array data = info[2].As<Napi::Uint8Array>();
    if (data.ElementLength() > kMaxDataSize) throw ArgumentError{"data", "at most 65500 bytes"};
    data_.assign(data.Data(), data.Data() + data.ElementLength());
    ULONG ttl = UlongFromJs(info[3], "ttl");
    ULONG tos = UlongFromJs(info[4], "tos");
    ULONG flags = UlongFromJs(info[5], "flags");
    if (ttl > 255) throw ArgumentError{"ttl", "an integer from 0 (the system's default) to 255"};
    if (tos > 255) throw ArgumentError{"tos", "an integer from 0 to 255"};
    if (flags > 255) throw ArgumentError{"flags", "an integer from 0 to 255"};
    timeout_ = UlongFromJs(info[6], "timeout");
    if (timeout_ == 0) throw ArgumentError{"timeout", "an integer from 1 to 4294967295 (milliseconds)"};
    // No options at all leaves every one to the system. A TTL of 0 is not "default" inside
    // IP_OPTION_INFORMATION, so when only TOS or flags are given, the TTL is Windows' default.
    hasOptions_ = ttl != 0 || tos != 0 || flags != 0;
    options_.Ttl = static_cast<UCHAR>(ttl != 0 ? ttl : 128);
    options_.Tos = static_cast<UCHAR>(tos);
    options_.Flags = static_cast<UCHAR>(flags);
    const DWORD header = v6 ? sizeof(Icmpv6EchoReply) : sizeof(ICMP_ECHO_REPLY);
    replySize_ = header + static_cast<DWORD>(data_.size()) + kReplySlack;
    if (replySize_ < 2 * header) replySize_ = 2 * header;
    reply_.reset(new unsigned char[replySize_]);
    ClearReply();
  }

  const char* Syscall() const { return v6_ ? kIcmp6SendEcho2 : kIcmpSendEcho2Ex; }

  Status Open() {
    if (v6_ ? Api().Icmp6CreateFile == nullptr : Api().IcmpCreateFile == nullptr) {
      return Status::Missing(v6_ ? "Icmp6CreateFile" : "IcmpCreateFile");
    }
    if (Api().IcmpCloseHandle == nullptr) return Status::Missing("IcmpCloseHandle");
    if (v6_ ? Api().Icmp6SendEcho2 == nullptr : Api().IcmpSendEcho2Ex == nullptr) return Status::Missing(Syscall());
    HANDLE handle = v6_ ? Api().Icmp6CreateFile() : Api().IcmpCreateFile();
    if (handle == INVALID_HANDLE_VALUE || handle == nullptr) {
      DWORD error = GetLastError();
      return Status::Os(error != NO_ERROR ? error : ERROR_GEN_FAILURE, v6_ ? "Icmp6CreateFile" : "IcmpCreateFile");
    }
    handle_.reset(handle);
    return Status::Ok();
  }

  // The async form parses the replies itself after the event (the blocking form's send
  // does it): that function must exist too.
  Status CanParse() const {
    if (v6_ ? Api().Icmp6ParseReplies == nullptr : Api().IcmpParseReplies == nullptr) {
      return Status::Missing(v6_ ? "Icmp6ParseReplies" : "IcmpParseReplies");
    }
    return Status::Ok();
  }

  // The send: with `event`, it returns 0 and ERROR_IO_PENDING in `*error` when the echo is
  // in flight; without, it blocks. Otherwise it returns the number of replies, or 0 with
  // the IP_STATUS or Win32 code in `*error`.
  DWORD Send(HANDLE event, DWORD* error) {
    ClearReply();
    SetLastError(NO_ERROR);
    DWORD count;
    WORD size = static_cast<WORD>(data_.size());
    void* data = data_.empty() ? nullptr : data_.data();
    PIP_OPTION_INFORMATION options = hasOptions_ ? &options_ : nullptr;
    if (v6_) {
      count = Api().Icmp6SendEcho2(handle_.get(), event, nullptr, nullptr, &source_.Ipv6, &destination_.Ipv6, data, size, options,
                                   reply_.get(), replySize_, timeout_);
    } else {
      count = Api().IcmpSendEcho2Ex(handle_.get(), event, nullptr, nullptr, source_.Ipv4.sin_addr.s_addr,
                                    destination_.Ipv4.sin_addr.s_addr, data, size, options, reply_.get(), replySize_, timeout_);
    }
    *error = count == 0 ? GetLastError() : NO_ERROR;
    return count;
  }

  // After the event of a pending send: the replies the OS wrote.
  Outcome Parse() {
    DWORD count = v6_ ? Api().Icmp6ParseReplies(reply_.get(), replySize_) : Api().IcmpParseReplies(reply_.get(), replySize_);
    return Rows(count, count == 0 ? GetLastError() : NO_ERROR, true);
  }

  // The outcome of a send that did not go pending.
  Outcome Finish(DWORD count, DWORD error) { return Rows(count, error, false); }

 private:
  // The first reply's status starts as IP_GENERAL_FAILURE, so that a request that ended
  // without the OS writing any reply reads as a failed echo rather than a success.
  void ClearReply() {
    std::memset(reply_.get(), 0, replySize_);
    if (v6_) {
      reinterpret_cast<Icmpv6EchoReply*>(reply_.get())->Status = IP_GENERAL_FAILURE;
    } else {
      reinterpret_cast<ICMP_ECHO_REPLY*>(reply_.get())->Status = IP_GENERAL_FAILURE;
    }
  }

  Outcome Rows(DWORD count, DWORD error, bool afterEvent) {
    Outcome out;
    if (count == 0 && !afterEvent && error != NO_ERROR && !IsIpStatus(error)) {
      out.status = Status::Os(error, Syscall());
      return out;
    }
    if (v6_) {
      // One ICMPV6_ECHO_REPLY; Icmp6ParseReplies returns 1 or 0.
      const auto* r = reinterpret_cast<const Icmpv6EchoReply*>(reply_.get());
      EchoRow row;
      row.address.Ipv6.sin6_family = AF_INET6;
      std::memcpy(&row.address.Ipv6.sin6_addr, r->Address.sin6_addr, sizeof row.address.Ipv6.sin6_addr);
      row.address.Ipv6.sin6_scope_id = r->Address.sin6_scope_id;
      row.status = count != 0 ? r->Status : StatusOfNothing(r->Status, error);
      row.roundTripTime = r->RoundTripTime;
      out.rows.push_back(row);
      return out;
    }
    const DWORD capacity = replySize_ / sizeof(ICMP_ECHO_REPLY);
    const auto* replies = reinterpret_cast<const ICMP_ECHO_REPLY*>(reply_.get());
    const DWORD n = count == 0 ? 1 : (count < capacity ? count : capacity);
    for (DWORD i = 0; i < n; ++i) {
      const ICMP_ECHO_REPLY& r = replies[i];
      EchoRow row;
      row.address.Ipv4.sin_family = AF_INET;
      row.address.Ipv4.sin_addr.s_addr = r.Address;
      row.status = count != 0 ? r.Status : StatusOfNothing(r.Status, error);
      row.roundTripTime = r.RoundTripTime;
      row.hasIpFields = true;
      row.ttl = r.Options.Ttl;
      row.tos = r.Options.Tos;
      row.flags = r.Options.Flags;
      row.dataSize = r.DataSize;
      out.rows.push_back(row);
    }
    return out;
  }

  // No reply: the status the OS gave, from the buffer or the last error; never "success".
  static ULONG StatusOfNothing(ULONG inBuffer, DWORD error) {
    if (inBuffer != IP_SUCCESS) return inBuffer;
    if (IsIpStatus(error)) return error;
    return IP_GENERAL_FAILURE;
  }

  bool v6_;
  SOCKADDR_INET destination_{};
  SOCKADDR_INET source_{};
  std::vector<unsigned char> data_;
  IP_OPTION_INFORMATION options_{};
  bool hasOptions_ = false;
  DWORD timeout_ = 0;
  IcmpHandle handle_;
  std::unique_ptr<unsigned char[]> reply_;
  DWORD replySize_ = 0;
};

Napi::Value Settle(Napi::Env env, const Outcome& outcome) {
  if (!outcome.status.ok()) throw ToJsError(env, outcome.status);
  return RowsToJs(env, outcome.rows);
}

template <bool V6>
Napi::Value EchoSync(const Napi::CallbackInfo& info) {
  const char* syscall = V6 ? kIcmp6SendEcho2 : kIcmpSendEcho2Ex;
  std::unique_ptr<Echo> echo;
  try {
    echo = std::make_unique<Echo>(info, V6);
  } catch (const ArgumentError& error) {
    throw InvalidArgument(info.Env(), syscall, error.member, error.expected);
  }
  Status opened = echo->Open();
  if (!opened.ok()) throw ToJsError(info.Env(), opened);
  DWORD error = NO_ERROR;
  DWORD count = echo->Send(nullptr, &error);
  return Settle(info.Env(), echo->Finish(count, error));
}

// ---------------------------------------------------------------------------------------
// The async form: see the ordering at the top of this file.

enum Phase : int { kSending = 0, kArmed = 1, kFired = 2 };

class PendingEcho {
 public:
  explicit PendingEcho(std::unique_ptr<Echo> echo) : echo_(std::move(echo)) {}
  PendingEcho(const PendingEcho&) = delete;
  PendingEcho& operator=(const PendingEcho&) = delete;

  // JS thread. Steps 1–3. Returns the promise; throws only before anything is in flight.
  static Napi::Value Start(Napi::Env env, std::unique_ptr<Echo> echo) {
    napi_deferred deferred = nullptr;
    napi_value promise = nullptr;
    if (napi_create_promise(env, &deferred, &promise) != napi_ok) throw Napi::Error::New(env);
    auto reject = [&](const Status& status) {
      napi_reject_deferred(env, deferred, ToJsError(env, status).Value());
      return Napi::Value(env, promise);
    };
    Status opened = echo->Open();
    if (opened.ok()) opened = echo->CanParse();
    if (!opened.ok()) return reject(opened);
    std::unique_ptr<PendingEcho> pending(new PendingEcho(std::move(echo)));
    // The wait callback's code lives in this module. A worker that loaded the addon
    // unloads it at teardown, perhaps with this echo still in flight: the echo holds a
    // reference to the module until it is freed.
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, reinterpret_cast<LPCWSTR>(&OnSignalled), &pending->module_)) {
      return reject(Status::Os(GetLastError(), "GetModuleHandleExW"));
    }
    // Until the references own it, a failure frees the PendingEcho and its module reference here.
    auto abandon = [&](const Status& status) {
      HMODULE module = pending->module_;
      pending.reset();
      FreeLibrary(module);
      return reject(status);
    };
    const bool blocking = RunningOnWine();
    if (!blocking) {
      pending->event_ = CreateEventW(nullptr, TRUE, FALSE, nullptr);
      if (pending->event_ == nullptr) return abandon(Status::Os(GetLastError(), "CreateEventW"));
      pending->wait_ = CreateThreadpoolWait(OnSignalled, pending.get(), nullptr);
      if (pending->wait_ == nullptr) return abandon(Status::Os(GetLastError(), "CreateThreadpoolWait"));
    }
    napi_value name;
    napi_status created = napi_create_string_utf8(env, pending->echo_->Syscall(), NAPI_AUTO_LENGTH, &name);
    if (created == napi_ok) {
      created = napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, pending.get(), OnFinalize, nullptr, CallJs,
                                                &pending->tsfn_);
    }
    if (created != napi_ok) return abandon(Status::Os(ERROR_NOT_ENOUGH_MEMORY, "napi_create_threadsafe_function"));
    // From here the two references (JS side, OS side) own the PendingEcho.
    PendingEcho* self = pending.release();
    self->deferred_ = deferred;
    if (blocking) {
      // Under Wine (see RunningOnWine): the whole blocking send runs on a pool thread, which
      // then completes as the wait callback would.
      self->phase_.store(kArmed);
      if (TrySubmitThreadpoolCallback(OnBlockingSend, self, nullptr)) return Napi::Value(env, promise);
      Outcome failed;
      failed.status = Status::Os(GetLastError(), "TrySubmitThreadpoolCallback");
      self->CompleteOnJsThread(env, std::move(failed));
      return Napi::Value(env, promise);
    }
    SetThreadpoolWait(self->wait_, self->event_, nullptr);
    DWORD error = NO_ERROR;
    DWORD count = self->echo_->Send(self->event_, &error);
    if (count == 0 && error == ERROR_IO_PENDING) {
      int expected = kSending;
      if (self->phase_.compare_exchange_strong(expected, kArmed)) return Napi::Value(env, promise);  // the callback completes
      // The event fired before the send returned: complete here, once the callback is out.
      WaitForThreadpoolWaitCallbacks(self->wait_, FALSE);
      self->CompleteOnJsThread(env, self->ParseSafely());
    } else {
      SetThreadpoolWait(self->wait_, nullptr, nullptr);
      WaitForThreadpoolWaitCallbacks(self->wait_, TRUE);
      self->CompleteOnJsThread(env, self->echo_->Finish(count, error));
    }
    return Napi::Value(env, promise);
  }

  ~PendingEcho() {
    // Step 7. The wait has fired or was cancelled (or never set); CloseThreadpoolWait is
    // legal from inside its own callback too (the pool frees it after the callback returns).
    if (wait_ != nullptr) CloseThreadpoolWait(wait_);
    if (event_ != nullptr) CloseHandle(event_);
  }

 private:
  void Ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Drops a reference; the last one frees everything (step 7) and lets go of the module:
  // inside the wait callback (`instance`) only once the callback has returned, since the
  // callback's own code is in the module; on the JS thread at once, since the environment
  // running there still holds the module.
  void Unref(PTP_CALLBACK_INSTANCE instance = nullptr) {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    HMODULE module = module_;
    delete this;
    ReleaseModule(module, instance);
  }

  Outcome ParseSafely() noexcept {
    try {
      return echo_->Parse();
    } catch (...) {
      Outcome out;
      out.status = Status::Os(ERROR_NOT_ENOUGH_MEMORY, echo_->Syscall());
      return out;
    }
  }

  // JS thread, inside the call that started the echo (step 3).
  void CompleteOnJsThread(Napi::Env env, Outcome outcome) {
    outcome_ = std::move(outcome);
    SettleNow(env);
    napi_release_threadsafe_function(tsfn_, napi_tsfn_release);  // the finalizer drops the JS reference
    Unref();                                                     // the OS reference
  }

  // Settles the promise once. A value that cannot be built rejects; a settle that fails
  // because the environment is going away is ignored (and never retried: a failed
  // napi_resolve_deferred has already freed the deferred).
  void SettleNow(Napi::Env env) noexcept {
    napi_deferred deferred = deferred_;
    deferred_ = nullptr;
    if (deferred == nullptr) return;
    try {
      Napi::HandleScope scope(env);
      napi_value value = nullptr;
      bool resolved = true;
      try {
        value = Settle(env, outcome_);
      } catch (const Napi::Error& error) {
        value = error.Value();
        resolved = false;
      }
      if (resolved) {
        napi_resolve_deferred(env, deferred, value);
      } else {
        napi_reject_deferred(env, deferred, value);
      }
    } catch (...) {
      // The environment is going away: the promise can no longer be settled.
    }
  }

  // Step 4: an OS thread of the default pool.
  static VOID CALLBACK OnSignalled(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WAIT, TP_WAIT_RESULT) noexcept {
    auto* self = static_cast<PendingEcho*>(context);
    int expected = kSending;
    if (self->phase_.compare_exchange_strong(expected, kFired)) return;  // the JS thread completes
    self->Deliver(instance, self->ParseSafely());
  }

  // Under Wine: the blocking send, on a pool thread.
  static VOID CALLBACK OnBlockingSend(PTP_CALLBACK_INSTANCE instance, PVOID context) noexcept {
    auto* self = static_cast<PendingEcho*>(context);
    Outcome outcome;
    try {
      DWORD error = NO_ERROR;
      DWORD count = self->echo_->Send(nullptr, &error);
      outcome = self->echo_->Finish(count, error);
    } catch (...) {
      outcome.status = Status::Os(ERROR_NOT_ENOUGH_MEMORY, self->echo_->Syscall());
    }
    self->Deliver(instance, std::move(outcome));
  }

  // Hands the outcome to the JS thread, if it is still there, and drops the OS reference.
  void Deliver(PTP_CALLBACK_INSTANCE instance, Outcome outcome) noexcept {
    outcome_ = std::move(outcome);
    AcquireSRWLockExclusive(&lock_);
    if (jsOpen_) {
      Ref();  // the queue's reference
      if (napi_call_threadsafe_function(tsfn_, this, napi_tsfn_nonblocking) == napi_ok) {
        napi_release_threadsafe_function(tsfn_, napi_tsfn_release);
      } else {
        refs_.fetch_sub(1, std::memory_order_relaxed);  // not queued; the OS reference still holds it
      }
    }
    ReleaseSRWLockExclusive(&lock_);
    Unref(instance);  // the OS reference; the last one frees everything here
  }

  // Step 5: JS thread, or the queue being emptied at teardown (env == nullptr).
  static void CallJs(napi_env env, napi_value, void*, void* data) noexcept {
    auto* self = static_cast<PendingEcho*>(data);
    if (env != nullptr) self->SettleNow(Napi::Env(env));
    self->Unref();
  }

  // Step 6: JS thread, after the last call or at environment teardown.
  static void OnFinalize(napi_env, void* data, void*) noexcept {
    auto* self = static_cast<PendingEcho*>(data);
    AcquireSRWLockExclusive(&self->lock_);
    self->jsOpen_ = false;
    ReleaseSRWLockExclusive(&self->lock_);
    self->Unref();
  }

  std::unique_ptr<Echo> echo_;
  HANDLE event_ = nullptr;
  PTP_WAIT wait_ = nullptr;
  napi_threadsafe_function tsfn_ = nullptr;
  napi_deferred deferred_ = nullptr;
  HMODULE module_ = nullptr;
  Outcome outcome_;
  std::atomic<int> phase_{kSending};
  std::atomic<int> refs_{2};
  SRWLOCK lock_ = SRWLOCK_INIT;
  bool jsOpen_ = true;  // under lock_
};

template <bool V6>
Napi::Value EchoAsync(const Napi::CallbackInfo& info) {
  const char* syscall = V6 ? kIcmp6SendEcho2 : kIcmpSendEcho2Ex;
  std::unique_ptr<Echo> echo;
  try {
    echo = std::make_unique<Echo>(info, V6);
  } catch (const ArgumentError& error) {
    throw InvalidArgument(info.Env(), syscall, error.member, error.expected);
  }
  return PendingEcho::Start(info.Env(), std::move(echo));
}

}  // namespace

void RegisterIcmp(Napi::Env env, Napi::Object exports) {
  exports.Set("icmpSendEcho2Ex", Napi::Function::New(env, EchoAsync<false>, "icmpSendEcho2Ex"));
  exports.Set("icmpSendEcho2ExSync", Napi::Function::New(env, EchoSync<false>, "icmpSendEcho2ExSync"));
  exports.Set("icmp6SendEcho2", Napi::Function::New(env, EchoAsync<true>, "icmp6SendEcho2"));
  exports.Set("icmp6SendEcho2Sync", Napi::Function::New(env, EchoSync<true>, "icmp6SendEcho2Sync"));
}

}  // namespace netio
