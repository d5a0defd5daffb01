#pragma once

#include <optional>
#include <string>

#include <memory>

#include "weir/flow/one_input_operator.hpp"
#include "weir/flow/processing_time_service.hpp"
#include "weir/time/recording_watermark_output.hpp"
#include "weir/time/watermark_strategy.hpp"

namespace weir::flow {

/// assign_timestamps_and_watermarks (Flink's TimestampsAndWatermarksOperator): gives every
/// record its event-time timestamp from the strategy's assigner (a record without an assigner
/// keeps the timestamp it came with), feeds the strategy's generator, and sends what the
/// generator emits downstream behind the records before it: a punctuated watermark right
/// after the record that produced it (cutting the batch there), periodic ones every auto_watermark_interval of processing time. Watermarks from
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
    if (restored_generator_)
      generator_->restore_state(*restored_generator_);
    if (task != nullptr && task->auto_watermark_interval().count() > 0)
      task->timers().register_periodic(task->auto_watermark_interval(),
                                       [this](std::chrono::milliseconds) {
                                         this->guarded([&] { generator_->on_periodic_emit(out_); });
                                         drain();
                                       });
  }

  /// The generator's state is part of checkpoints (watermark_generator::snapshot_state); a
  /// restore at the same parallelism gives it back.
  void snapshot_state(state_snapshot_context& ctx) override {
    if (generator_)
      if (auto bytes = generator_->snapshot_state(); !bytes.empty())
        ctx.add_element("weir.watermark-generator", bytes);
  }
  void initialize_state(state_initialization_context& ctx) override {
    if (!ctx.is_restored())
      return;
    auto saved = ctx.elements("weir.watermark-generator");
    if (saved.size() == 1) // several (a rescale) cannot be merged: start over, as Flink
      restored_generator_ = std::move(saved.front());
  }

  void finish() override {
    // As Flink: one last periodic emit at the end of the input (the final watermark follows).
    this->guarded([&] { generator_->on_periodic_emit(out_); });
    drain();
  }

  void push(record_batch<T>& batch) override {
    this->records_in += batch.size();
    std::size_t sent = 0; // records of `batch` already sent in parts
    this->guarded([&] {
      // A record without a timestamp has none yet: Flink's "no timestamp" is Long.MIN_VALUE.
      if (!batch.has_timestamps())
        batch.timestamps.assign(batch.size(), event_time_min.value());
      const std::size_t n = batch.records.size();
      if (generator_->periodic_only()) {
        // Nothing is emitted per record: one call each for the whole batch.
        strategy_.assign_timestamps(batch.records.data(), batch.timestamps.data(), n);
        generator_->on_events(batch.records.data(), batch.timestamps.data(), n, out_);
        return;
      }
      for (std::size_t i = 0; i < n; ++i) {
        auto ts = strategy_.assign_timestamp(batch.records[i], event_time{batch.timestamps[i]});
        batch.timestamps[i] = ts.value();
        generator_->on_event(batch.records[i], ts, out_);
        // A punctuated watermark (or status) in the middle of a batch cuts it there: the
        // records up to this one go first, then the watermark, as in Flink, where it follows
        // exactly the record that produced it.
        if (i + 1 < n && marks_a_point()) {
          emit_part(batch, sent, i + 1);
          sent = i + 1;
        }
      }
    });
    if (sent == 0) {
      emit_part(batch, 0, batch.records.size());
    } else if (sent < batch.records.size()) {
      emit_part(batch, sent, batch.records.size());
    }
  }

private:
  /// A watermark or an idle mark was emitted for the record just seen (an active mark alone
  /// goes ahead of the batch's records anyway: no cut for it).
  [[nodiscard]] bool marks_a_point() const {
    for (const auto& e : out_.events())
      if (!e.is(control_event::kind::watermark_active))
        return true;
    return false;
  }

  /// Sends records [from, to) of `batch` (all of it without a copy), then what the generator
  /// emitted meanwhile.
  void emit_part(record_batch<T>& batch, std::size_t from, std::size_t to) {
    // A stream coming back from idle says so before its records (they must not flow on a
    // channel downstream counts as idle); watermarks follow the records they cover.
    for (const auto& e : out_.events())
      if (e.is(control_event::kind::watermark_active) && this->task() != nullptr)
        this->task()->emit_watermark_status(*this, false);
    if (from == 0 && to == batch.records.size()) {
      this->emit(batch);
    } else {
      part_.clear();
      part_.records.assign(batch.records.begin() + static_cast<std::ptrdiff_t>(from),
                           batch.records.begin() + static_cast<std::ptrdiff_t>(to));
      part_.timestamps.assign(batch.timestamps.begin() + static_cast<std::ptrdiff_t>(from),
                              batch.timestamps.begin() + static_cast<std::ptrdiff_t>(to));
      this->emit(part_);
    }
    drain(/*actives_sent=*/true);
  }

private:
  /// Hands what the generator emitted to the task, after the records emitted before it; of
  /// several watermarks in a row only the last is sent, the others say nothing more.
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
  std::optional<std::string> restored_generator_;
  recording_watermark_output out_;
  record_batch<T> part_; ///< a batch cut by punctuated watermarks, one part at a time
};

} // namespace weir::flow
