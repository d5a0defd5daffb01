#pragma once

#include <memory>
#include <string>

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/keyed_state_scope.hpp"
#include "weir/flow/keyed_timer_scope.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/flow/operators/user_function_checkpoints.hpp"
#include "weir/on_timer_context.hpp"

namespace weir::flow {

/// Every function on a keyed stream runs in this operator: per record it extracts the key,
/// makes it the current key of the keyed state (once a function declared state), and calls
/// f(const In&, keyed_context<K>&, collector<Out>&); ctx.timestamp() is the record's timestamp,
/// which every record it emits takes. The context's timer_service() registers timers of the
/// current key; they fire through f.on_timer(event_time, on_timer_context<K>&, collector<Out>&)
/// (if F has one): event-time timers in process_watermark, before the task forwards the
/// watermark, processing-time timers on the task's processing-time wake-ups.
template <class K, class In, class Out, class KeySelector, class F>
class keyed_process_operator final : public one_input_operator<In, Out>,
                                     private internal_timer_service<K>::triggerable {
public:
  keyed_process_operator(runtime_context ctx, KeySelector key, F f)
    : one_input_operator<In, Out>(std::move(ctx)), key_(std::move(key)), f_(std::move(f)),
      state_(this->context()), kctx_(this->context()), timers_(this->context(), kctx_, *this) {
    this->bind_keyed_state(state_.binding());
  }

  void open() override {
    ckpt_.ensure_initialized(f_, this->context());
    timers_.bind(this->processing_time());
    this->guarded([&] { detail::open_function(f_, this->context()); });
  }
  void close() override { detail::close_function(f_); }

  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    kctx_.add_slot(std::move(slot));
  }

  void push(record_batch<In>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      collector<Out> out{out_buf_.records};
      state_.for_each_keyed(batch, out_buf_, key_, kctx_,
                            [&](const In& r) { f_(r, kctx_, out); });
      this->emit(out_buf_);
      out_buf_.clear();
      kctx_.flush_side_outputs();
    });
  }

  void process_watermark(event_time t) override { timers_.advance_watermark(t); }
  void snapshot_state(state_snapshot_context& ctx) override {
    timers_.snapshot(ctx);
    ckpt_.snapshot(f_, ctx);
  }
  void initialize_state(state_initialization_context& ctx) override {
    timers_.restore(ctx);
    ckpt_.initialize(f_, this->context(), ctx);
  }
  void notify_checkpoint_complete(checkpoint_id id) override { ckpt_.complete(f_, id); }
  void notify_checkpoint_aborted(checkpoint_id id) override { ckpt_.aborted(f_, id); }

private:
  void on_timer(const K& key, event_time t, time_domain domain) override {
    this->guarded([&] { timers_.fire(f_, state_, key, t, domain, out_buf_); });
  }
  void after_timers(time_domain) override {
    this->guarded(
      [&] { timers_.flush(state_, out_buf_, [&](auto& batch) { this->emit(batch); }); });
  }

  KeySelector key_;
  F f_;
  user_function_checkpoints<F> ckpt_;
  keyed_state_scope<K> state_;
  on_timer_context<K> kctx_;
  keyed_timer_scope<K> timers_;
  record_batch<Out> out_buf_;
};

} // namespace weir::flow
