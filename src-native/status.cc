#include "status.h"

#include <string>

namespace netio {

namespace {

// The system's own text for a Win32 error, in the user's language, without the trailing
// line break; empty when the system has none.
std::u16string SystemMessage(DWORD code) {
  wchar_t* buffer = nullptr;
  const DWORD flags = FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS;
  DWORD length = FormatMessageW(flags, nullptr, code, 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::u16string text;
  if (length != 0 && buffer != nullptr) {
    while (length > 0 && (buffer[length - 1] == L'\r' || buffer[length - 1] == L'\n' || buffer[length - 1] == L' ')) {
      --length;
    }
    text.assign(reinterpret_cast<const char16_t*>(buffer), length);
  }
  if (buffer != nullptr) LocalFree(buffer);
  return text;
}

}  // namespace

std::atomic<uint64_t>& MibTableDeleter::TablesFreed() {
  static std::atomic<uint64_t> count{0};
  return count;
}

Napi::Error ToJsError(Napi::Env env, const Status& status, const char* member) {
  const char* syscall = status.syscall != nullptr ? status.syscall : "unknown";
  std::u16string text = status.notExported ? std::u16string() : SystemMessage(status.code);
  std::string message = std::string(syscall) + " failed with Win32 error " + std::to_string(status.code);
  Napi::Error error = Napi::Error::New(env, message);
  Napi::Object object = error.Value();
  object.Set("win32", Napi::Number::New(env, status.code));
  object.Set("syscall", Napi::String::New(env, syscall));
  object.Set("systemMessage", Napi::String::New(env, text));
  object.Set("notExported", Napi::Boolean::New(env, status.notExported));
  if (member != nullptr) object.Set("member", Napi::String::New(env, member));
  return error;
}

Napi::Error InvalidArgument(Napi::Env env, const char* syscall, const char* member, const char* expected) {
  Napi::Error error = ToJsError(env, Status::Os(ERROR_INVALID_PARAMETER, syscall), member);
  error.Value().Set("expected", Napi::String::New(env, expected));
  return error;
}

napi_value SafeJsError(napi_env env, const Status& status) noexcept {
  try {
    return ToJsError(Napi::Env(env), status).Value();
  } catch (...) {
    ClearPendingException(env);
    return nullptr;
  }
}

void ClearPendingException(napi_env env) noexcept {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
    napi_value ignored = nullptr;
    napi_get_and_clear_last_exception(env, &ignored);
  }
}

napi_value TakePendingError(napi_env env, const Status& status) noexcept {
  ClearPendingException(env);
  return SafeJsError(env, status);
}

}  // namespace netio
