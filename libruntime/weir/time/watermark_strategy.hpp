#pragma once

#include <chrono>
#include <concepts>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "weir/error.hpp"
#include "weir/ids.hpp"
#include "weir/time/ascending_timestamps_watermarks.hpp"
#include "weir/time/bounded_out_of_orderness_watermarks.hpp"
#include "weir/time/clock.hpp"
#include "weir/time/no_watermarks_generator.hpp"
#include "weir/time/timestamp_assigner.hpp"
#include "weir/time/watermark_generator.hpp"
#include "weir/time/watermark_output.hpp"
#include "weir/time/watermarks_with_idleness.hpp"

namespace weir {

namespace detail {

template <class G, class T>
inline constexpr bool is_generator_v =
  std::derived_from<G, watermark_generator<T>> && std::is_copy_constructible_v<G>;

template <class R, class T>
struct is_generator_ptr : std::false_type {};
template <class D, class T>
struct is_generator_ptr<std::unique_ptr<D>, T>
  : std::bool_constant<std::derived_from<D, watermark_generator<T>>> {};

template <class F, class T>
consteval bool is_generator_factory() {
  if constexpr (std::is_invocable_v<const F&> && std::is_copy_constructible_v<F>) {
    using R = std::invoke_result_t<const F&>;
    return is_generator_ptr<R, T>::value
           || (std::derived_from<R, watermark_generator<T>> && std::is_move_constructible_v<R>);
  } else {
    return false;
  }
}

} // namespace detail

/// How a stream gets event time (Flink's WatermarkStrategy): a timestamp assigner that reads
/// each record's timestamp, a watermark generator per parallel instance, and optionally an
/// idle timeout. A value type: every `with_*` returns a new strategy, and a strategy is copied
/// into the plan, so one may be reused for several streams.
///
///   auto s = weir::watermark_strategy<reading>::for_bounded_out_of_orderness(5s)
///              .with_timestamp_assigner([](const reading& r) { return r.timestamp_ms; })
///              .with_idleness(1min);
///
/// The operator that applies it calls create_generator() once per parallel instance, then per
/// record assign_timestamp() and the generator's on_event(), and on_periodic_emit() every
/// `auto_watermark_interval`.
template <class T>
class watermark_strategy {
public:
  using generator_ptr = std::unique_ptr<watermark_generator<T>>;
  using generator_factory = std::function<generator_ptr()>;

  /// Timestamps never decrease within a parallel instance: watermark = max timestamp − 1 ms.
  [[nodiscard]] static watermark_strategy for_monotonous_timestamps() {
    return for_generator(ascending_timestamps_watermarks<T>{});
  }

  /// Records are out of order by at most `bound`: watermark = max timestamp − bound − 1 ms,
  /// emitted periodically. Throws weir_exception (invalid_configuration) if `bound` < 0.
  [[nodiscard]] static watermark_strategy
  for_bounded_out_of_orderness(std::chrono::milliseconds bound) {
    return for_generator(bounded_out_of_orderness_watermarks<T>{bound});
  }

  /// A user generator (periodic or punctuated), given as one of:
  /// - a copyable object of a class derived from watermark_generator<T>, copied for each
  ///   parallel instance;
  /// - a copyable callable `std::unique_ptr<G>()` or `G()`, G derived from
  ///   watermark_generator<T>, called once per parallel instance.
  template <class G>
  [[nodiscard]] static watermark_strategy for_generator(G g) {
    if constexpr (detail::is_generator_v<G, T>) {
      return watermark_strategy{[g] { return generator_ptr{std::make_unique<G>(g)}; }};
    } else if constexpr (detail::is_generator_factory<G, T>()) {
      using R = std::invoke_result_t<const G&>;
      if constexpr (detail::is_generator_ptr<R, T>::value)
        return watermark_strategy{[g] { return generator_ptr{g()}; }};
      else
        return watermark_strategy{[g] { return generator_ptr{std::make_unique<R>(g())}; }};
    } else {
      static_assert(detail::is_generator_v<G, T>,
                    "weir: for_generator expects a copyable object of a class derived from "
                    "weir::watermark_generator<T>, or a copyable callable "
                    "`std::unique_ptr<G>()` or `G()` with G derived from "
                    "weir::watermark_generator<T>");
      return watermark_strategy{nullptr};
    }
  }

  /// No watermarks: event time advances downstream only at the end of a bounded input.
  [[nodiscard]] static watermark_strategy no_watermarks() {
    return for_generator(no_watermarks_generator<T>{});
  }

  /// Reads each record's timestamp with `f`, one of `event_time(const T&, event_time
  /// previous)`, `event_time(const T&)` or `event_time(const T&, std::int64_t previous_ms)`,
  /// each may return an integer of ms instead. Without one, a record keeps the timestamp it
  /// carries (a source's). A later call replaces an earlier one.
  template <class F>
  [[nodiscard]] watermark_strategy with_timestamp_assigner(F f) const {
    auto copy = *this;
    copy.assigner_ = make_timestamp_assigner<T>(f);
    copy.batch_assigner_ = make_batch_timestamp_assigner<T>(std::move(f));
    return copy;
  }

  /// Marks a parallel instance idle when it has seen no record for `timeout` of processing
  /// time (checked on periodic emit; see idleness_timer), so it does not hold back event time
  /// downstream; its next record makes it active again. A later call replaces an earlier one.
  /// Throws weir_exception (invalid_configuration) unless `timeout` > 0.
  [[nodiscard]] watermark_strategy with_idleness(std::chrono::milliseconds timeout) const {
    if (timeout.count() <= 0)
      throw weir_exception(error{errc::invalid_configuration,
                                 "with_idleness: the idle timeout is "
                                   + std::to_string(timeout.count())
                                   + " ms; it must be greater than zero"});
    auto copy = *this;
    copy.idle_timeout_ = timeout;
    return copy;
  }

  /// A new generator for one parallel instance, wrapped in watermarks_with_idleness reading
  /// `clock` when an idle timeout is set.
  [[nodiscard]] generator_ptr
  create_generator(std::shared_ptr<const time::clock> clock = time::system_clock()) const {
    auto g = factory_();
    if (idle_timeout_)
      return std::make_unique<watermarks_with_idleness<T>>(std::move(g), *idle_timeout_,
                                                           std::move(clock));
    return g;
  }

  /// Whether with_timestamp_assigner was called (else records keep their timestamps).
  [[nodiscard]] bool has_timestamp_assigner() const noexcept { return bool{assigner_}; }

  /// The assigner for one parallel instance (a copy, so a stateful callable is not shared);
  /// empty without with_timestamp_assigner.
  [[nodiscard]] timestamp_assigner<T> create_timestamp_assigner() const { return assigner_; }

  /// The timestamp of `record`, which carries `previous` (event_time_min if none): the
  /// assigner's result, or `previous` without an assigner (Flink's RecordTimestampAssigner).
  /// The assigner over a batch: `timestamps` holds what the records carry and gets what the
  /// assigner says (unchanged without one).
  void assign_timestamps(const T* records, std::int64_t* timestamps, std::size_t n) const {
    if (batch_assigner_)
      batch_assigner_(records, timestamps, n);
  }
  [[nodiscard]] event_time assign_timestamp(const T& record, event_time previous) const {
    return assigner_ ? assigner_(record, previous) : previous;
  }

  /// The idle timeout set by with_idleness, if any.
  [[nodiscard]] std::optional<std::chrono::milliseconds> idle_timeout() const noexcept {
    return idle_timeout_;
  }

private:
  explicit watermark_strategy(generator_factory factory) : factory_(std::move(factory)) {}

  generator_factory factory_;
  timestamp_assigner<T> assigner_;
  batch_timestamp_assigner<T> batch_assigner_;
  std::optional<std::chrono::milliseconds> idle_timeout_;
};

} // namespace weir
