#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weir/broadcast_context.hpp"
#include "weir/broadcast_state_declarations.hpp"
#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/timestamp_propagation.hpp"
#include "weir/flow/two_input_operator.hpp"
#include "weir/process_context.hpp"
#include "weir/read_only_broadcast_context.hpp"

namespace weir::flow {

/// A non-keyed stream (input 0) connected with a broadcast stream (input 1). `F` has
/// process_element(const A&, read_only_broadcast_context&, collector<Out>&) and
/// process_broadcast_element(const B&, broadcast_context&, collector<Out>&); the
/// broadcast state lives in this instance's operator state backend.
template <class A, class B, class Out, class F>
class broadcast_process_operator final : public two_input_operator<A, B, Out> {
public:
  broadcast_process_operator(runtime_context ctx, F f,
                             std::shared_ptr<const broadcast_state_declarations> declared)
    : two_input_operator<A, B, Out>(std::move(ctx)), f_(std::move(f)),
      declared_(std::move(declared)), side_(this->context()), read_only_(side_, *declared_),
      read_write_(side_, *declared_) {}

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
    for_each_propagating_timestamps(batch, out, side_,
                                    [&](const A& r) { f_.process_element(r, read_only_, c); });
  }
  void process_second(const record_batch<B>& batch, record_batch<Out>& out) override {
    collector<Out> c{out.records};
    for_each_propagating_timestamps(batch, out, side_, [&](const B& r) {
      f_.process_broadcast_element(r, read_write_, c);
    });
  }
  void after_batch() override { side_.flush_side_outputs(); }

private:
  F f_;
  std::shared_ptr<const broadcast_state_declarations> declared_;
  process_context side_;
  read_only_broadcast_context read_only_;
  broadcast_context read_write_;
};

} // namespace weir::flow
