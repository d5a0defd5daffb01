#pragma once

#include <memory>
#include <string>

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/keyed_state_scope.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/keyed_context.hpp"

namespace weir::flow {

/// Every function on a keyed stream runs in this operator: per record it extracts the key,
/// makes it the current key of the keyed state (once a function declared state), and calls
/// f(const In&, keyed_context<K>&, collector<Out>&); ctx.timestamp() is the record's timestamp,
/// which every record it emits takes.
template <class K, class In, class Out, class KeySelector, class F>
class keyed_process_operator final : public one_input_operator<In, Out> {
public:
  keyed_process_operator(runtime_context ctx, KeySelector key, F f)
    : one_input_operator<In, Out>(std::move(ctx)), key_(std::move(key)), f_(std::move(f)),
      state_(this->context()), kctx_(this->context()) {
    this->bind_keyed_state(state_.binding());
  }

  void open() override {
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

private:
  KeySelector key_;
  F f_;
  keyed_state_scope<K> state_;
  keyed_context<K> kctx_;
  record_batch<Out> out_buf_;
};

} // namespace weir::flow
