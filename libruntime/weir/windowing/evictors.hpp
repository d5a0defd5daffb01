#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "weir/codec/codec.hpp"
#include "weir/error.hpp"

namespace weir {

/// An element of a window with its timestamp (Flink's TimestampedValue), as an evictor sees it.
template <class T>
struct timestamped_value {
  T value{};
  std::int64_t timestamp = std::numeric_limits<std::int64_t>::min(); ///< min: none

  [[nodiscard]] bool has_timestamp() const noexcept {
    return timestamp != std::numeric_limits<std::int64_t>::min();
  }
};

template <class T>
struct codec<timestamped_value<T>> {
  static constexpr std::size_t min_encoded_size = min_encoded_size_v<T> + 8;
  static void encode(byte_writer& out, const timestamped_value<T>& v) {
    out.write(v.value);
    out.write(v.timestamp);
  }
  static void decode(byte_reader& in, timestamped_value<T>& v) {
    in.read(v.value) && in.read(v.timestamp);
  }
};

/// What an evictor sees of its operator (Flink's Evictor.EvictorContext).
class evictor_context {
public:
  virtual ~evictor_context() = default;
  [[nodiscard]] virtual std::int64_t current_watermark() const = 0;
  [[nodiscard]] virtual std::int64_t current_processing_time() const = 0;
};

// Evictors (Flink's Evictor) remove elements from a window before and/or after its function
// runs. An evictor is a value type with (templates, or concrete for a custom evictor):
//
//   void evict_before(std::vector<timestamped_value<T>>& elements, std::size_t size,
//                     const W& window, evictor_context& ctx);
//   void evict_after(std::vector<timestamped_value<T>>& elements, std::size_t size,
//                    const W& window, evictor_context& ctx);
//
// erasing what it evicts from `elements` (in place, keeping the order of the rest).

/// Keeps the last `n` elements (Flink's CountEvictor): evicts from the beginning of the
/// window, before the function by default or after it.
class count_evictor {
public:
  static count_evictor of(std::int64_t n, bool do_evict_after = false) {
    if (n <= 0)
      throw weir_exception(error(errc::invalid_configuration,
                                 "count_evictor::of: the count must be positive, got "
                                   + std::to_string(n)));
    return count_evictor(static_cast<std::size_t>(n), do_evict_after);
  }

  template <class T, class W>
  void evict_before(std::vector<timestamped_value<T>>& elements, std::size_t size, const W&,
                    evictor_context&) const {
    if (!after_)
      evict(elements, size);
  }
  template <class T, class W>
  void evict_after(std::vector<timestamped_value<T>>& elements, std::size_t size, const W&,
                   evictor_context&) const {
    if (after_)
      evict(elements, size);
  }

private:
  count_evictor(std::size_t n, bool after) : max_(n), after_(after) {}
  template <class T>
  void evict(std::vector<timestamped_value<T>>& elements, std::size_t size) const {
    if (size <= max_)
      return;
    elements.erase(elements.begin(),
                   elements.begin() + static_cast<std::ptrdiff_t>(
                                        std::min(size - max_, elements.size())));
  }
  std::size_t max_;
  bool after_;
};

/// Keeps the elements within `window_size` of the window's latest element timestamp (Flink's
/// TimeEvictor: evicts those with timestamp <= max - window_size). Elements without
/// timestamps are kept.
class time_evictor {
public:
  static time_evictor of(std::chrono::milliseconds window_size, bool do_evict_after = false) {
    if (window_size.count() < 0)
      throw weir_exception(error(errc::invalid_configuration,
                                 "time_evictor::of: the size must not be negative, got "
                                   + std::to_string(window_size.count()) + " ms"));
    return time_evictor(window_size.count(), do_evict_after);
  }

  template <class T, class W>
  void evict_before(std::vector<timestamped_value<T>>& elements, std::size_t, const W&,
                    evictor_context&) const {
    if (!after_)
      evict(elements);
  }
  template <class T, class W>
  void evict_after(std::vector<timestamped_value<T>>& elements, std::size_t, const W&,
                   evictor_context&) const {
    if (after_)
      evict(elements);
  }

private:
  time_evictor(std::int64_t size, bool after) : size_(size), after_(after) {}
  template <class T>
  void evict(std::vector<timestamped_value<T>>& elements) const {
    if (elements.empty() || !elements.front().has_timestamp())
      return;
    std::int64_t max = std::numeric_limits<std::int64_t>::min();
    for (const auto& e : elements)
      max = std::max(max, e.timestamp);
    const auto cutoff = max - size_;
    std::erase_if(elements, [&](const timestamped_value<T>& e) { return e.timestamp <= cutoff; });
  }
  std::int64_t size_;
  bool after_;
};

/// No evictor (the default of a windowed stream).
struct no_evictor {};

} // namespace weir
