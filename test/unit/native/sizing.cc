// Drives src-native/sizing.h, the sizing policy of every table read, with fake OS
// functions, and prints what each scenario saw as one JSON object per line. The
// assertions live in test/unit/sizing.test.ts, which builds and runs this file.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "sizing.h"

namespace {

// One fake OS call: the capacity it was given and whether it had a buffer.
struct Call {
  uint32_t given;
  bool buffer;
};

std::string Json(const char* name, const netio::SizingOutcome& outcome, const std::vector<Call>& calls, uint32_t capacity, const std::string& extra = "") {
  std::string out = std::string("{\"scenario\":\"") + name + "\",\"code\":" + std::to_string(outcome.code) + ",\"attempts\":" + std::to_string(outcome.attempts) +
                    ",\"reported\":" + std::to_string(outcome.reported) + ",\"capacity\":" + std::to_string(capacity) + ",\"calls\":[";
  for (size_t i = 0; i < calls.size(); ++i) {
    out += (i ? "," : "") + std::string("{\"given\":") + std::to_string(calls[i].given) + ",\"buffer\":" + (calls[i].buffer ? "true" : "false") + "}";
  }
  return out + "]" + extra + "}";
}

// A table of `rows[n]` rows of 24 bytes after a 4-byte header on the n-th call (the last
// size repeats): it grows between calls, as a busy server's connection table does.
struct GrowingTable {
  std::vector<uint32_t> rows;
  std::vector<Call> calls;
  unsigned long operator()(void* buffer, uint32_t* size) {
    const uint32_t now = rows[calls.size() < rows.size() ? calls.size() : rows.size() - 1];
    calls.push_back({*size, buffer != nullptr});
    const uint32_t need = 4 + 24 * now;
    if (buffer == nullptr || *size < need) {
      *size = need;
      return netio::kSizingInsufficientBuffer;
    }
    std::memset(buffer, 0xab, need);  // the whole buffer the OS was promised is writable
    *size = need;
    return 0;
  }
};

}  // namespace

int main() {
  {
    // The table grows between calls: ERROR_INSUFFICIENT_BUFFER twice, with a bigger size
    // each time; by the third call it has grown again, by less than the headroom.
    netio::SizedBuffer buffer;
    GrowingTable os{{100, 400, 420}, {}};
    auto outcome = netio::CallWithSizedBuffer(buffer, 1024, os);
    std::puts(Json("grows twice", outcome, os.calls, buffer.capacity()).c_str());
  }
  {
    // No guess: the first call asks for the size without a buffer, as documented.
    netio::SizedBuffer buffer;
    GrowingTable os{{50}, {}};
    auto outcome = netio::CallWithSizedBuffer(buffer, 0, os);
    std::puts(Json("no guess", outcome, os.calls, buffer.capacity()).c_str());
  }
  {
    // A good guess: one call.
    netio::SizedBuffer buffer;
    GrowingTable os{{50}, {}};
    auto outcome = netio::CallWithSizedBuffer(buffer, 4096, os);
    std::puts(Json("good guess", outcome, os.calls, buffer.capacity()).c_str());
  }
  {
    // A table that outgrows every buffer: the policy gives up after maxAttempts.
    netio::SizedBuffer buffer;
    GrowingTable os{{}, {}};
    for (uint32_t i = 1; i <= 20; ++i) os.rows.push_back(i * 100000);
    netio::SizingPolicy policy;
    policy.maxAttempts = 4;
    auto outcome = netio::CallWithSizedBuffer(buffer, 64, os, policy);
    std::puts(Json("never fits", outcome, os.calls, buffer.capacity()).c_str());
  }
  {
    // An OS that says "too small" but reports no more than it was given still makes progress.
    netio::SizedBuffer buffer;
    std::vector<Call> calls;
    auto os = [&](void* data, uint32_t* size) -> unsigned long {
      calls.push_back({*size, data != nullptr});
      if (*size < 20000) return netio::kSizingInsufficientBuffer;  // size left as it was
      return 0;
    };
    auto outcome = netio::CallWithSizedBuffer(buffer, 3000, os);
    std::puts(Json("size not reported", outcome, calls, buffer.capacity()).c_str());
  }
  {
    // Any other answer comes back at once.
    netio::SizedBuffer buffer;
    std::vector<Call> calls;
    auto os = [&](void* data, uint32_t* size) -> unsigned long {
      calls.push_back({*size, data != nullptr});
      return 87;
    };
    auto outcome = netio::CallWithSizedBuffer(buffer, 512, os);
    std::puts(Json("other error", outcome, calls, buffer.capacity()).c_str());
  }
  {
    // A size past the policy's ceiling is ERROR_NOT_ENOUGH_MEMORY, with no allocation tried.
    netio::SizedBuffer buffer;
    std::vector<Call> calls;
    auto os = [&](void* data, uint32_t* size) -> unsigned long {
      calls.push_back({*size, data != nullptr});
      *size = 0xfffffff0u;
      return netio::kSizingInsufficientBuffer;
    };
    auto outcome = netio::CallWithSizedBuffer(buffer, 512, os);
    std::puts(Json("too big", outcome, calls, buffer.capacity()).c_str());
  }
  {
    // GetAdaptersAddresses and GetNetworkParams say "too small" with ERROR_BUFFER_OVERFLOW:
    // retried under a policy that names it, and (like any other code) not under the default.
    for (const bool named : {true, false}) {
      netio::SizedBuffer buffer;
      std::vector<Call> calls;
      uint32_t adapters = 61;  // 256 bytes each (61 outgrow 15 KB); one more appears before every call
      auto os = [&](void* data, uint32_t* size) -> unsigned long {
        calls.push_back({*size, data != nullptr});
        const uint32_t need = 256 * adapters++;
        if (data == nullptr || *size < need) {
          *size = need;
          return netio::kSizingBufferOverflow;
        }
        std::memset(data, 0xcd, need);
        return 0;
      };
      netio::SizingPolicy policy;
      if (named) policy.tooSmall = netio::kSizingBufferOverflow;
      auto outcome = netio::CallWithSizedBuffer(buffer, 15 * 1024, os, policy);
      std::puts(Json(named ? "buffer overflow, named" : "buffer overflow, default policy", outcome, calls, buffer.capacity()).c_str());
    }
  }
  return 0;
}
