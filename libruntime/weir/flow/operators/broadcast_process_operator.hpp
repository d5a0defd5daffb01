#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weir/broadcast_context.hpp"
#include "weir/broadcast_state_declarations.hpp"
#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/input.hpp"
#include "weir/flow/operator_base.hpp"
#include "weir/process_context.hpp"
#include "weir/read_only_broadcast_context.hpp"

namespace weir::flow {

/// A non-keyed stream (input 0) connected with a broadcast stream (input 1). `F` has
/// process_element(const A&, read_only_broadcast_context&, collector<Out>&) and
/// process_broadcast_element(const B&, broadcast_context&, collector<Out>&); the
/// broadcast state lives in this instance's operator state backend.
template <class A, class B, class Out, class F>
class broadcast_process_operator final : public operator_base {
  struct data_face final : input<A> {
    explicit data_face(broadcast_process_operator* o) : self(o) {}
    void push(std::vector<A>& batch) override {
      self->records_in += batch.size();
      self->guarded([&] {
        collector<Out> out{self->buf_};
        for (const auto& r : batch)
          self->f_.process_element(r, self->read_only_, out);
        self->emit();
      });
    }
    broadcast_process_operator* self;
  };
  struct broadcast_face final : input<B> {
    explicit broadcast_face(broadcast_process_operator* o) : self(o) {}
    void push(std::vector<B>& batch) override {
      self->records_in += batch.size();
      self->guarded([&] {
        collector<Out> out{self->buf_};
        for (const auto& r : batch)
          self->f_.process_broadcast_element(r, self->read_write_, out);
        self->emit();
      });
    }
    broadcast_process_operator* self;
  };

public:
  broadcast_process_operator(runtime_context ctx, F f,
                             std::shared_ptr<const broadcast_state_declarations> declared)
    : operator_base(std::move(ctx)), f_(std::move(f)), declared_(std::move(declared)),
      side_(context()), read_only_(side_, *declared_), read_write_(side_, *declared_), data_(this),
      broadcast_(this) {}

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
  void emit() {
    if (!buf_.empty()) {
      records_out += buf_.size();
      out_->push(buf_);
      buf_.clear();
    }
    side_.flush_side_outputs();
  }

  F f_;
  std::shared_ptr<const broadcast_state_declarations> declared_;
  process_context side_;
  read_only_broadcast_context read_only_;
  broadcast_context read_write_;
  data_face data_;
  broadcast_face broadcast_;
  discarding_input<Out> discard_;
  input<Out>* out_ = &discard_;
  std::vector<Out> buf_;
};

} // namespace weir::flow
