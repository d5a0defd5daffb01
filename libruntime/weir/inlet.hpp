#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/inlet_buffer.hpp"

namespace weir {

/// Settings of an actor source (environment::from_actor).
struct inlet_options {
  /// Records the source buffers at most, together with the demand granted to producers: the
  /// memory bound of the inlet (records taken and kept for a replay come on top, see below).
  std::uint64_t capacity = 16384;
};

template <class T>
class inlet;

/// A demand-driven producer of an inlet (an actor, or a thread that must not block): it may
/// send as many records as it was granted, and hears of more demand through the callback it
/// opened with (the actor layer's weir::open_producer makes that a weir::inlet_demand
/// message). Copyable; copies are the same producer. Thread-safe, but a producer's records
/// keep their order only if one thread (one actor) sends them.
template <class T>
class inlet_producer {
public:
  using producer_id = typename flow::inlet_buffer<T>::producer_id;

  inlet_producer() = default;
  inlet_producer(std::shared_ptr<flow::inlet_buffer<T>> buffer, producer_id id)
    : buffer_(std::move(buffer)), id_(id) {}

  /// Appends `records` (at most the demand granted and not used yet); an error, with nothing
  /// appended, if that is exceeded or the inlet is closed or its job ended.
  [[nodiscard]] std::optional<error> send(std::vector<T> records) const {
    if (!buffer_)
      return error{errc::invalid_plan, "send on an inlet_producer that was never opened"};
    return buffer_->offer(id_, std::move(records));
  }
  /// Demand granted and not used yet.
  [[nodiscard]] std::uint64_t demand() const { return buffer_ ? buffer_->demand(id_) : 0; }
  /// This producer's first n records are in a completed checkpoint.
  [[nodiscard]] std::uint64_t covered() const { return buffer_ ? buffer_->covered(id_) : 0; }
  /// Leaves the inlet; unused demand goes to the other producers. The stream goes on.
  void close() const {
    if (buffer_)
      buffer_->close_producer(id_);
  }
  [[nodiscard]] producer_id id() const noexcept { return id_; }
  [[nodiscard]] explicit operator bool() const noexcept { return buffer_ != nullptr; }

private:
  std::shared_ptr<flow::inlet_buffer<T>> buffer_;
  producer_id id_ = 0;
};

/// The writing end of an actor source (environment::from_actor): a copyable, thread-safe
/// handle that threads and actors use to put records into a running job.
///
/// - send() blocks while the source's buffer is full (backpressure reaches the caller); use it
///   from plain threads. Actors use a demand-driven producer instead (open_producer here, or
///   weir::open_producer(self, inlet) in the actor layer), which never blocks.
/// - close() ends the stream: a job whose sources all ended finishes.
/// - Each producer's records enter the job in the order it sent them.
/// - With checkpoints, what the source took stays in the inlet until a checkpoint covering it
///   completes, so a restart replays it: records handed to the inlet are neither lost nor
///   duplicated by a failure of the job. A producer hears which of its records a completed
///   checkpoint covers (covered(), or weir::inlet_covered): records up to there are in the
///   job's state for good, even across a restart from that checkpoint; an at-least-once
///   producer that must survive its own process's loss replays from there.
template <class T>
class inlet {
public:
  using value_type = T;

  inlet(std::string name, inlet_options options)
    : buffer_(std::make_shared<flow::inlet_buffer<T>>(std::move(name), options.capacity)) {}

  /// Appends one record, waiting while the buffer is full; an error if the inlet is closed or
  /// the job ended.
  [[nodiscard]] std::optional<error> send(T record) const {
    std::vector<T> one;
    one.push_back(std::move(record));
    return buffer_->send_blocking(std::move(one));
  }
  /// Appends the records in order, waiting for room as needed.
  [[nodiscard]] std::optional<error> send(std::vector<T> records) const {
    return buffer_->send_blocking(std::move(records));
  }
  /// Ends the stream once what was sent is read. Idempotent.
  void close() const { buffer_->close(); }

  /// A demand-driven producer; `notify` hears its demand, coverage and the inlet's end, on
  /// the thread that caused them (keep it short: send a message).
  [[nodiscard]] inlet_producer<T> open_producer(std::function<void(inlet_signal)> notify) const {
    auto id = buffer_->open_producer(std::move(notify));
    return inlet_producer<T>{buffer_, id};
  }

  /// Records of the blocking send() calls covered by a completed checkpoint.
  [[nodiscard]] std::uint64_t covered() const {
    return buffer_->covered(flow::inlet_buffer<T>::blocking_producer);
  }
  [[nodiscard]] const std::string& name() const noexcept { return buffer_->name(); }
  [[nodiscard]] std::uint64_t capacity() const noexcept { return buffer_->capacity(); }
  /// Records waiting for the source now, and at most so far.
  [[nodiscard]] std::uint64_t buffered() const { return buffer_->buffered(); }
  [[nodiscard]] std::uint64_t peak_buffered() const { return buffer_->peak_buffered(); }
  /// Records taken by the source and kept for a replay (checkpoints on).
  [[nodiscard]] std::uint64_t retained() const { return buffer_->retained(); }

  [[nodiscard]] const std::shared_ptr<flow::inlet_buffer<T>>& buffer() const noexcept {
    return buffer_;
  }

private:
  std::shared_ptr<flow::inlet_buffer<T>> buffer_;
};

} // namespace weir
