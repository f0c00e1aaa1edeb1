// The one policy for OS functions that fill a caller's buffer and answer
// ERROR_INSUFFICIENT_BUFFER with the size they need (GetExtendedTcpTable, GetTcpTable2,
// GetOwnerModuleFromTcpEntry, ...), or ERROR_BUFFER_OVERFLOW (GetAdaptersAddresses,
// GetNetworkParams: SizingPolicy::tooSmall says which):
//
//   1. call with a buffer of the caller's best guess (the size that fitted last time);
//   2. on "too small", grow to the size the OS reported plus headroom and
//      call again, because the table can grow between two calls (a busy server accepts
//      connections while the first call runs);
//   3. give up after a bounded number of attempts, returning the OS's last answer.
//
// Plain C++ with no Windows or Node-API dependency, so that the unit suite compiles it with
// the host's compiler and drives it with a fake OS function (test/unit/native/).
#pragma once

#include <cstdint>
#include <memory>
#include <new>

namespace netio {

constexpr unsigned long kSizingInsufficientBuffer = 122;  // ERROR_INSUFFICIENT_BUFFER
constexpr unsigned long kSizingBufferOverflow = 111;      // ERROR_BUFFER_OVERFLOW
constexpr unsigned long kSizingNotEnoughMemory = 8;       // ERROR_NOT_ENOUGH_MEMORY

// Bytes for the OS to write into, aligned for the 8-byte members of MIB rows
// (LARGE_INTEGER, ULONGLONG), owned and freed on every path.
class SizedBuffer {
 public:
  // Makes room for at least `bytes`; keeps the old contents' capacity when it is enough.
  // False when the memory cannot be had (nothing is thrown).
  bool Reserve(uint32_t bytes) {
    if (bytes <= capacity_) return true;
    const uint32_t words = bytes / 8 + (bytes % 8 != 0 ? 1 : 0);
    std::unique_ptr<uint64_t[]> grown(new (std::nothrow) uint64_t[words]);
    if (!grown) return false;
    words_ = std::move(grown);
    capacity_ = words * 8;
    return true;
  }
  void* data() { return words_.get(); }
  const void* data() const { return words_.get(); }
  uint32_t capacity() const { return capacity_; }

 private:
  std::unique_ptr<uint64_t[]> words_;
  uint32_t capacity_ = 0;
};

struct SizingPolicy {
  // Calls in all, the first included.
  uint32_t maxAttempts = 8;
  // The largest buffer asked for; beyond it the call fails with ERROR_NOT_ENOUGH_MEMORY.
  uint32_t maxBytes = 1u << 30;
  // Room for rows that appear between the call that reported the size and the next one.
  uint32_t Headroom(uint32_t needed) const { return needed / 8 + 4096; }
  // The OS's answer for "the buffer is too small; the size I need is in *size".
  unsigned long tooSmall = kSizingInsufficientBuffer;
};

// How a sized call went, for callers that learn from it (the next call's first guess).
struct SizingOutcome {
  unsigned long code = 0;  // the OS's last answer, or ERROR_NOT_ENOUGH_MEMORY
  uint32_t attempts = 0;   // calls made
  uint32_t reported = 0;   // the size the OS last asked for (0 if it never did)
};

// `call(void* buffer, uint32_t* size)` makes the OS call with `size` holding the buffer's
// capacity and returns the OS's code; on policy.tooSmall the OS has written the size it
// needs into `size`. `guess` is the size to try first (0: ask the OS with no buffer).
template <class Call>
SizingOutcome CallWithSizedBuffer(SizedBuffer& buffer, uint32_t guess, Call&& call, const SizingPolicy& policy = SizingPolicy()) {
  SizingOutcome outcome;
  uint32_t want = guess;
  for (;;) {
    if (want > policy.maxBytes || !buffer.Reserve(want)) {
      outcome.code = kSizingNotEnoughMemory;
      return outcome;
    }
    uint32_t size = buffer.capacity();
    outcome.code = call(size != 0 ? buffer.data() : nullptr, &size);
    ++outcome.attempts;
    if (outcome.code != policy.tooSmall) return outcome;
    outcome.reported = size;
    if (outcome.attempts >= policy.maxAttempts) return outcome;
    const uint64_t have = buffer.capacity();
    // Progress is guaranteed even when the OS reports a size that does not exceed the
    // buffer it was just given: then the buffer doubles.
    const uint64_t next = size > have ? uint64_t(size) + policy.Headroom(size) : (have == 0 ? 4096 : have * 2);
    want = next > policy.maxBytes ? policy.maxBytes + 1 : static_cast<uint32_t>(next);
  }
}

}  // namespace netio
