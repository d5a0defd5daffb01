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
#include "weir/flow/input.hpp"
#include "weir/flow/operator_base.hpp"
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
class keyed_broadcast_process_operator final : public operator_base {
  struct data_face final : input<A> {
    explicit data_face(keyed_broadcast_process_operator* o) : self(o) {}
    void push(std::vector<A>& batch) override { self->on_data(batch); }
    keyed_broadcast_process_operator* self;
  };
  struct broadcast_face final : input<B> {
    explicit broadcast_face(keyed_broadcast_process_operator* o) : self(o) {}
    void push(std::vector<B>& batch) override { self->on_broadcast(batch); }
    keyed_broadcast_process_operator* self;
  };

public:
  keyed_broadcast_process_operator(runtime_context ctx, KeySelector key, F f,
                                   std::shared_ptr<const broadcast_state_declarations> declared)
    : operator_base(std::move(ctx)), key_(std::move(key)), f_(std::move(f)),
      declared_(std::move(declared)), state_(context()),
      side_(context()), read_only_(side_, *declared_), read_write_(side_, *declared_), data_(this),
      broadcast_(this) {
    bind_keyed_state(state_.binding());
  }

  void open() override {
    guarded([&] { detail::open_function(f_, context()); });
  }
  void close() override { detail::close_function(f_); }

  void* input_face(int side) override {
    return side == 0 ? static_cast<void*>(static_cast<input<A>*>(&data_))
                     : static_cast<void*>(static_cast<input<B>*>(&broadcast_));
  }
  void connect_output(void* target) override { out_ = static_cast<input<Out>*>(target); }
  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    side_.add_slot(std::move(slot));
  }

private:
  void on_data(std::vector<A>& batch) {
    records_in += batch.size();
    guarded([&] {
      collector<Out> out{buf_};
      for (const auto& r : batch) {
        const K key = key_(r);
        state_.set_current_key(key);
        read_only_.set_current_key(&key);
        f_.process_element(r, read_only_, out);
      }
      read_only_.set_current_key(nullptr);
      state_.after_batch(batch.size());
      emit();
    });
  }

  void on_broadcast(std::vector<B>& batch) {
    records_in += batch.size();
    guarded([&] {
      state_.clear_current_key();
      collector<Out> out{buf_};
      for (const auto& r : batch)
        f_.process_broadcast_element(r, read_write_, out);
      emit();
    });
  }

  void emit() {
    if (!buf_.empty()) {
      records_out += buf_.size();
      out_->push(buf_);
      buf_.clear();
    }
    side_.flush_side_outputs();
  }

  KeySelector key_;
  F f_;
  std::shared_ptr<const broadcast_state_declarations> declared_;
  keyed_state_scope<K> state_;
  process_context side_;
  keyed_read_only_broadcast_context<K> read_only_;
  broadcast_context read_write_;
  data_face data_;
  broadcast_face broadcast_;
  discarding_input<Out> discard_;
  input<Out>* out_ = &discard_;
  std::vector<Out> buf_;
};

} // namespace weir::flow
