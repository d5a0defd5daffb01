#pragma once

#include <cstddef>

namespace weir::test {

/// Watches the heap allocations (global operator new / new[]) the current thread makes while
/// it lives: records the largest single request, and refuses (throws std::bad_alloc, as
/// ASan's `max_allocation_size_mb` with `allocator_may_return_null=1` does) any request above
/// `limit` bytes, so a test of hostile input can assert that nothing asked for more than the
/// input justifies without the machine allocating gigabytes first. Guards nest; other
/// threads are not watched.
///
/// Needs the replacement operator new of allocation_guard.cpp linked into the test binary.
class allocation_guard {
public:
  explicit allocation_guard(std::size_t limit);
  ~allocation_guard();
  allocation_guard(const allocation_guard&) = delete;
  allocation_guard& operator=(const allocation_guard&) = delete;

  /// The largest single request (in bytes) seen so far, refused ones included.
  [[nodiscard]] std::size_t largest() const noexcept { return largest_; }
  /// How many requests were refused for being above the limit.
  [[nodiscard]] std::size_t refused() const noexcept { return refused_; }

  /// Called by the replacement operator new: records a request of `size` bytes on this
  /// thread; false if the innermost guard refuses it.
  static bool admit(std::size_t size) noexcept;

private:
  std::size_t limit_;
  std::size_t largest_ = 0;
  std::size_t refused_ = 0;
  allocation_guard* outer_ = nullptr;
};

} // namespace weir::test
