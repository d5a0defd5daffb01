#pragma once

#include <cstdint>

namespace weir::metrics {

/// A count that only goes up (Flink's Counter), e.g. records a function rejected. Plain, not
/// atomic: the task's thread increments it and the runtime reads it on the same thread, between
/// two messages, when metrics are sampled. An increment is one addition.
class counter {
public:
  void inc(std::uint64_t n = 1) noexcept { count_ += n; }
  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }

private:
  std::uint64_t count_ = 0;
};

} // namespace weir::metrics
