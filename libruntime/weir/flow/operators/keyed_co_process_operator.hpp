#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/keyed_state_scope.hpp"
#include "weir/flow/two_input_operator.hpp"
#include "weir/keyed_context.hpp"

namespace weir::flow {

/// Every function of two connected keyed streams runs in this operator. A record of either
/// input is processed with its key (`key1` of an A, `key2` of a B) current, in one keyed state
/// binding: both inputs' records with equal keys see the same state, which the function
/// declares in open() through runtime_context::get_state. Both inputs arrive partitioned by key
/// group with this operator's max parallelism, so equal keys meet in one instance. `F` has
/// process_element1(const A&, keyed_context<K>&, collector<Out>&) and process_element2(const
/// B&, ...). The keyed_context is where timer_service() will go with event time.
template <class K, class A, class B, class Out, class KeySelector1, class KeySelector2, class F>
class keyed_co_process_operator final : public two_input_operator<A, B, Out> {
public:
  keyed_co_process_operator(runtime_context ctx, KeySelector1 key1, KeySelector2 key2, F f)
    : two_input_operator<A, B, Out>(std::move(ctx)), key1_(std::move(key1)),
      key2_(std::move(key2)), f_(std::move(f)), state_(this->context()),
      kctx_(this->context()) {
    this->bind_keyed_state(state_.binding());
  }

  void open() override {
    this->guarded([&] { detail::open_function(f_, this->context()); });
  }
  void close() override { detail::close_function(f_); }

  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    kctx_.add_slot(std::move(slot));
  }

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
  KeySelector1 key1_;
  KeySelector2 key2_;
  F f_;
  keyed_state_scope<K> state_;
  keyed_context<K> kctx_;
};

} // namespace weir::flow
