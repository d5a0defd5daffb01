#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "weir/flow/key_group.hpp"
#include "weir/flow/processing_time_service.hpp"
#include "weir/flow/timer_queue.hpp"
#include "weir/flow/snapshot_context.hpp"
#include "weir/codec/codecs.hpp"
#include "weir/error.hpp"
#include "weir/ids.hpp"
#include "weir/key_hash.hpp"
#include "weir/time_domain.hpp"

namespace weir::flow {

/// The hash that places a timer's key in its key group: the key's own key_hash, unless the
/// timer key carries more than the record key (a window operator's (key, window)), which
/// specializes this to hash only the record key.
template <class K>
struct timer_key_group_hash {
  std::uint64_t operator()(const K& key) const noexcept { return key_hash<K>{}(key); }
};

/// The event- and processing-time timers of one keyed operator instance (Flink's
/// InternalTimerServiceImpl), a plain class: timers are (key, time) per domain, deduplicated
/// and deletable (timer_queue, partitioned by key group for checkpoints). Event-time timers
/// fire in `advance_watermark(w)` when time <= w (Flink's rule), processing-time timers when
/// the task's processing_time_service reaches them: this class keeps one wake-up there, at its
/// earliest processing-time timer. A timer fires through `triggerable::on_timer`, in time
/// order (ties in key-group order, then registration order); a timer registered while firing
/// that is already due fires in the same round. After each round that fired something,
/// `after_timers` lets the operator emit what the timers produced as one batch.
/// Lives on the owning task's thread; `target` outlives it.
template <class K>
class internal_timer_service {
public:
  using millis = std::chrono::milliseconds;

  /// What fires: the keyed operator.
  class triggerable {
  public:
    virtual ~triggerable() = default;
    virtual void on_timer(const K& key, event_time t, time_domain domain) = 0;
    virtual void after_timers(time_domain) {}
  };

  internal_timer_service(int max_parallelism, triggerable& target)
    : max_parallelism_(max_parallelism), target_(&target) {}
  internal_timer_service(const internal_timer_service&) = delete;
  internal_timer_service& operator=(const internal_timer_service&) = delete;

  /// Processing-time timers need the task's service (the operator binds it in open());
  /// those registered before wait for it.
  void bind(processing_time_service& timers) {
    processing_time_ = &timers;
    arm();
  }

  /// The last watermark advanced to (event_time_min before the first).
  [[nodiscard]] event_time current_watermark() const noexcept { return watermark_; }
  /// The task's clock; 0 before bind.
  [[nodiscard]] millis current_processing_time() const noexcept {
    return processing_time_ != nullptr ? processing_time_->current_processing_time() : millis{0};
  }

  void register_event_time_timer(const K& key, event_time t) {
    event_time_.add(key, group_of(key), t);
  }
  void delete_event_time_timer(const K& key, event_time t) {
    event_time_.remove(key, group_of(key), t);
  }
  void register_processing_time_timer(const K& key, millis t) {
    if (processing_time_timers_.add(key, group_of(key), event_time{t.count()}))
      arm();
  }
  /// The wake-up stays (Flink's too): it finds nothing due and asks for the next one.
  void delete_processing_time_timer(const K& key, millis t) {
    processing_time_timers_.remove(key, group_of(key), event_time{t.count()});
  }

  /// Event time reached `w` (rising): fires every event-time timer with time <= w.
  void advance_watermark(event_time w) {
    watermark_ = w;
    fire_due(event_time_, w, time_domain::event_time);
  }

  [[nodiscard]] std::size_t event_time_timers() const noexcept { return event_time_.size(); }
  [[nodiscard]] std::size_t processing_time_timers() const noexcept {
    return processing_time_timers_.size();
  }
  /// The queues, per key group (what a checkpoint will write).
  [[nodiscard]] const timer_queue<K>& event_time_queue() const noexcept { return event_time_; }
  [[nodiscard]] const timer_queue<K>& processing_time_queue() const noexcept {
    return processing_time_timers_;
  }

  /// Writes every timer into the key-grouped part `part` of a checkpoint: the key's codec
  /// bytes, then the domain and the time. A key type without a codec cannot be checkpointed.
  void snapshot(state_snapshot_context& ctx, std::string_view part) const {
    if (event_time_.size() + processing_time_timers_.size() == 0)
      return;
    if constexpr (has_codec<K>) {
      std::string key;
      auto write = [&](const K& k, key_group g, event_time t, time_domain d) {
        key.clear();
        encode(k, key);
        char value[9];
        value[0] = d == time_domain::event_time ? 'e' : 'p';
        auto v = t.value();
        std::memcpy(value + 1, &v, 8);
        ctx.add_keyed(part, g, key, std::string_view{value, 9});
      };
      event_time_.for_each(
        [&](const K& k, key_group g, event_time t) { write(k, g, t, time_domain::event_time); });
      processing_time_timers_.for_each([&](const K& k, key_group g, event_time t) {
        write(k, g, t, time_domain::processing_time);
      });
    } else {
      throw weir_exception(error{errc::invalid_plan,
                                 "its timers cannot be checkpointed: the key type has no "
                                 "weir::codec; specialize weir::codec for it (see the README)"});
    }
  }

  /// Registers the timers of part `part` of the restored checkpoint in this instance's key
  /// groups.
  void restore(state_initialization_context& ctx, std::string_view part) {
    if constexpr (has_codec<K>) {
      ctx.for_each_keyed(part, [&](key_group, std::string_view key, std::string_view value) {
        if (value.size() != 9)
          throw weir_exception(error{errc::state_error, "a restored timer has "
                                                          + std::to_string(value.size())
                                                          + " bytes instead of 9"});
        auto k = decode<K>(key);
        if (!k)
          throw weir_exception(error{errc::state_error,
                                     "a restored timer's key does not decode with the key type's "
                                     "codec: the job's key type changed since the checkpoint"});
        std::int64_t t;
        std::memcpy(&t, value.data() + 1, 8);
        if (value[0] == 'e')
          register_event_time_timer(*k, event_time{t});
        else
          register_processing_time_timer(*k, millis{t});
      });
    }
  }

private:
  [[nodiscard]] key_group group_of(const K& key) const noexcept {
    return assign_to_key_group(timer_key_group_hash<K>{}(key), max_parallelism_);
  }

  /// One wake-up at the earliest processing-time timer: a new earlier timer replaces it.
  void arm() {
    auto head = processing_time_timers_.peek();
    if (processing_time_ == nullptr || !head)
      return;
    millis due{head->value()};
    if (armed_for_ && *armed_for_ <= due)
      return;
    if (armed_for_)
      processing_time_->cancel(armed_);
    armed_for_ = due;
    armed_ = processing_time_->register_timer(due, [this](millis now) { on_wakeup(now); });
  }

  void on_wakeup(millis now) {
    armed_for_.reset();
    fire_due(processing_time_timers_, event_time{now.count()}, time_domain::processing_time);
    arm();
  }

  /// Fires the timers of `queue` with time <= `until` in queue order (one added meanwhile
  /// that is already due fires in this round too), then after_timers if any fired.
  void fire_due(timer_queue<K>& queue, event_time until, time_domain domain) {
    bool fired = false;
    while (auto head = queue.peek()) {
      if (*head > until)
        break;
      auto timer = queue.poll();
      fired = true;
      target_->on_timer(timer.key, timer.time, domain);
    }
    if (fired)
      target_->after_timers(domain);
  }

  int max_parallelism_;
  triggerable* target_;
  processing_time_service* processing_time_ = nullptr;
  timer_queue<K> event_time_;
  timer_queue<K> processing_time_timers_;
  event_time watermark_ = event_time_min;
  std::optional<millis> armed_for_; ///< due time of the wake-up registered, if any
  processing_time_service::timer_handle armed_ = 0;
};

} // namespace weir::flow
