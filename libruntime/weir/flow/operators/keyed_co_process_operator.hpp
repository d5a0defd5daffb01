#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/keyed_state_scope.hpp"
#include "weir/flow/keyed_timer_scope.hpp"
#include "weir/flow/two_input_operator.hpp"
#include "weir/on_timer_context.hpp"

namespace weir::flow {

/// Every function of two connected keyed streams runs in this operator. A record of either
/// input is processed with its key (`key1` of an A, `key2` of a B) current, in one keyed state
/// binding: both inputs' records with equal keys see the same state, which the function
/// declares in open() through runtime_context::get_state. Both inputs arrive partitioned by key
/// group with this operator's max parallelism, so equal keys meet in one instance. `F` has
/// process_element1(const A&, keyed_context<K>&, collector<Out>&) and process_element2(const
/// B&, ...), and may have on_timer(event_time, on_timer_context<K>&, collector<Out>&): timers
/// registered through the context's timer_service() fire there, with their key current, as in
/// keyed_process_operator (event time in process_watermark, processing time on the task's
/// wake-ups).
template <class K, class A, class B, class Out, class KeySelector1, class KeySelector2, class F>
class keyed_co_process_operator final : public two_input_operator<A, B, Out>,
                                        private internal_timer_service<K>::triggerable {
public:
  keyed_co_process_operator(runtime_context ctx, KeySelector1 key1, KeySelector2 key2, F f)
    : two_input_operator<A, B, Out>(std::move(ctx)), key1_(std::move(key1)),
      key2_(std::move(key2)), f_(std::move(f)), state_(this->context()),
      kctx_(this->context()), timers_(this->context(), kctx_, *this) {
    this->bind_keyed_state(state_.binding());
  }

  void open() override {
    timers_.bind(this->processing_time());
    this->guarded([&] { detail::open_function(f_, this->context()); });
  }
  void close() override { detail::close_function(f_); }

  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    kctx_.add_slot(std::move(slot));
  }

  void process_watermark(event_time t) override { timers_.advance_watermark(t); }
  void snapshot_state(state_snapshot_context& ctx) override { timers_.snapshot(ctx); }
  void initialize_state(state_initialization_context& ctx) override { timers_.restore(ctx); }

protected:
  void process_first(const record_batch<A>& batch, record_batch<Out>& out) override {
    collector<Out> c{out.records};
    state_.for_each_keyed(batch, out, key1_, kctx_,
                          [&](const A& r) { f_.process_element1(r, kctx_, c); });
  }
  void process_second(const record_batch<B>& batch, record_batch<Out>& out) override {
    collector<Out> c{out.records};
    state_.for_each_keyed(batch, out, key2_, kctx_,
                          [&](const B& r) { f_.process_element2(r, kctx_, c); });
  }
  void after_batch() override { kctx_.flush_side_outputs(); }

private:
  void on_timer(const K& key, event_time t, time_domain domain) override {
    this->guarded([&] { timers_.fire(f_, state_, key, t, domain, timer_buf_); });
  }
  void after_timers(time_domain) override {
    this->guarded(
      [&] { timers_.flush(state_, timer_buf_, [&](auto& batch) { this->emit(batch); }); });
  }

  KeySelector1 key1_;
  KeySelector2 key2_;
  F f_;
  keyed_state_scope<K> state_;
  on_timer_context<K> kctx_;
  keyed_timer_scope<K> timers_;
  record_batch<Out> timer_buf_;
};

} // namespace weir::flow
