#pragma once

#include <memory>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "weir/broadcast_context.hpp"
#include "weir/broadcast_state_declarations.hpp"
#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/timestamp_propagation.hpp"
#include "weir/flow/two_input_operator.hpp"
#include "weir/keyed_read_only_broadcast_context.hpp"
#include "weir/flow/keyed_state_scope.hpp"
#include "weir/process_context.hpp"

namespace weir::flow {

/// A keyed stream (input 0) connected with a broadcast stream (input 1). Per data record
/// it makes the record's key current for keyed state (as keyed_process_operator does) and
/// calls `F::process_element(const A&, keyed_read_only_broadcast_context<K>&,
/// collector<Out>&)`; per broadcast record it leaves the keyed context, so keyed state
/// access fails, and calls `F::process_broadcast_element(const B&, broadcast_context&,
/// collector<Out>&)`.
template <class K, class A, class B, class Out, class KeySelector, class F>
class keyed_broadcast_process_operator final : public two_input_operator<A, B, Out> {
public:
  keyed_broadcast_process_operator(runtime_context ctx, KeySelector key, F f,
                                   std::shared_ptr<const broadcast_state_declarations> declared)
    : two_input_operator<A, B, Out>(std::move(ctx)), key_(std::move(key)), f_(std::move(f)),
      declared_(std::move(declared)), state_(this->context()), side_(this->context()),
      read_only_(side_, *declared_), read_write_(side_, *declared_) {
    this->bind_keyed_state(state_.binding());
  }

  void open() override {
    this->guarded([&] { detail::open_function(f_, this->context()); });
  }
  void close() override { detail::close_function(f_); }

  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    side_.add_slot(std::move(slot));
  }

protected:
  void process_first(const record_batch<A>& batch, record_batch<Out>& out) override {
    collector<Out> c{out.records};
    state_.for_each_keyed(batch, out, key_, read_only_, side_,
                          [&](const A& r) { f_.process_element(r, read_only_, c); });
  }
  void process_second(const record_batch<B>& batch, record_batch<Out>& out) override {
    state_.clear_current_key();
    collector<Out> c{out.records};
    for_each_propagating_timestamps(batch, out, side_, [&](const B& r) {
      f_.process_broadcast_element(r, read_write_, c);
    });
  }
  void after_batch() override { side_.flush_side_outputs(); }

private:
  KeySelector key_;
  F f_;
  std::shared_ptr<const broadcast_state_declarations> declared_;
  keyed_state_scope<K> state_;
  process_context side_;
  keyed_read_only_broadcast_context<K> read_only_;
  broadcast_context read_write_;
};

} // namespace weir::flow
