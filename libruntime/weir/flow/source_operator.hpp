#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "weir/flow/one_input_operator.hpp"
#include "weir/source_function.hpp"

namespace weir::flow {

/// Head of a source task. The task polls it: each poll emits a bounded number of records into
/// the chain, so that a source never holds a scheduler thread.
class source_operator_base : public operator_base {
public:
  using operator_base::operator_base;
  /// Emits at most `max_records` records downstream.
  virtual source_status emit(std::size_t max_records) = 0;
  /// How long the user's poll took in the last emit() (not the chain below it), in ms of the
  /// task's duration clock.
  [[nodiscard]] std::chrono::milliseconds last_poll_duration() const noexcept {
    return last_poll_;
  }
  /// Stop producing (job cancelled). Called once, on the task's thread, between polls; no
  /// poll follows it.
  virtual void cancel() {}
  /// cancel(), with what the user's cancel() throws turned into a failure naming the source.
  void run_cancel() { guarded([&] { cancel(); }); }

protected:
  [[nodiscard]] std::chrono::milliseconds duration_now() const noexcept {
    return task() != nullptr ? task()->duration_clock_now() : std::chrono::milliseconds{0};
  }
  std::chrono::milliseconds last_poll_{0};
};

/// Typed source head: buffers a poll's records and pushes them down the chain as one batch.
/// Records collected with collector::collect_with_timestamp carry their timestamps down the
/// chain; a poll gives every record a timestamp or none (a mix fails the task, naming the
/// source).
template <class T>
class typed_source_operator : public source_operator_base {
public:
  using source_operator_base::source_operator_base;

  void connect_output(void* target) override { out_ = static_cast<input<T>*>(target); }

  source_status emit(std::size_t max_records) final {
    buffer_.clear();
    auto status = source_status::end_of_input;
    collector<T> out{buffer_.records, &buffer_.timestamps};
    auto started = this->duration_now();
    guarded([&] { status = produce(out, max_records); });
    this->last_poll_ = this->duration_now() - started;
    if (buffer_.has_timestamps() && buffer_.timestamps.size() != buffer_.records.size())
      fail(errc::user_function_failed,
           "a poll emitted " + std::to_string(buffer_.records.size()) + " records of which "
             + std::to_string(buffer_.timestamps.size())
             + " with a timestamp: collect every record of a poll with collect_with_timestamp, "
               "or none");
    if (!buffer_.empty()) {
      records_out += buffer_.size();
      out_->push(buffer_);
      buffer_.clear();
    }
    return status;
  }

protected:
  /// Appends at most `max_records` to `out`.
  virtual source_status produce(collector<T>& out, std::size_t max_records) = 0;

private:
  input<T>* out_ = &discard_;
  discarding_input<T> discard_;
  record_batch<T> buffer_;
};

} // namespace weir::flow
