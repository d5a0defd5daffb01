#pragma once

#include <memory>

#include "weir/flow/one_input_operator.hpp"
#include "weir/flow/processing_time_service.hpp"
#include "weir/time/recording_watermark_output.hpp"
#include "weir/time/watermark_strategy.hpp"

namespace weir::flow {

/// assign_timestamps_and_watermarks (Flink's TimestampsAndWatermarksOperator): gives every
/// record its event-time timestamp from the strategy's assigner (a record without an assigner
/// keeps the timestamp it came with), feeds the strategy's generator, and sends what the
/// generator emits downstream behind the records before it: punctuated watermarks after each
/// batch, periodic ones every auto_watermark_interval of processing time. Watermarks from
/// upstream stop here (this operator replaces them), except the final one at the end of the
/// input. Lives on one task's thread.
template <class T>
class timestamps_and_watermarks_operator final : public one_input_operator<T, T> {
public:
  timestamps_and_watermarks_operator(runtime_context ctx, watermark_strategy<T> strategy)
    : one_input_operator<T, T>(std::move(ctx)), strategy_(std::move(strategy)) {}

  [[nodiscard]] bool generates_watermarks() const noexcept override { return true; }

  void open() override {
    auto* task = this->task();
    generator_ = strategy_.create_generator(task != nullptr ? task->clock() : time::system_clock());
    if (task != nullptr && task->auto_watermark_interval().count() > 0)
      task->timers().register_periodic(task->auto_watermark_interval(),
                                       [this](std::chrono::milliseconds) {
                                         this->guarded([&] { generator_->on_periodic_emit(out_); });
                                         drain();
                                       });
  }

  void finish() override {
    // As Flink: one last periodic emit at the end of the input (the final watermark follows).
    this->guarded([&] { generator_->on_periodic_emit(out_); });
    drain();
  }

  void push(record_batch<T>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      // A record without a timestamp has none yet: Flink's "no timestamp" is Long.MIN_VALUE.
      if (!batch.has_timestamps())
        batch.timestamps.assign(batch.size(), event_time_min.value());
      for (std::size_t i = 0; i < batch.records.size(); ++i) {
        auto ts = strategy_.assign_timestamp(batch.records[i], event_time{batch.timestamps[i]});
        batch.timestamps[i] = ts.value();
        generator_->on_event(batch.records[i], ts, out_);
      }
    });
    // A stream coming back from idle says so before its records (they must not flow on a
    // channel downstream counts as idle); watermarks follow the records they cover.
    for (const auto& e : out_.events())
      if (e.is(control_event::kind::watermark_active) && this->task() != nullptr)
        this->task()->emit_watermark_status(*this, false);
    this->emit(batch);
    drain(/*actives_sent=*/true);
  }

private:
  /// Hands what the generator emitted to the task, after the records emitted before it. The
  /// records of a batch go first, so a punctuated watermark follows the whole batch (later
  /// than Flink's per record, never earlier: no record becomes late by it); of several
  /// watermarks in a row only the last is sent, the others say nothing more.
  void drain(bool actives_sent = false) {
    if (out_.events().empty() || this->task() == nullptr)
      return;
    const auto& events = out_.events();
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      if (e.is(control_event::kind::watermark)) {
        bool superseded = i + 1 < events.size()
                          && events[i + 1].is(control_event::kind::watermark);
        if (!superseded)
          this->task()->emit_watermark(*this, e.time());
      } else if (!(actives_sent && e.is(control_event::kind::watermark_active))) {
        this->task()->emit_watermark_status(*this, e.is(control_event::kind::watermark_idle));
      }
    }
    out_.clear();
  }

  watermark_strategy<T> strategy_;
  std::unique_ptr<watermark_generator<T>> generator_;
  recording_watermark_output out_;
};

} // namespace weir::flow
