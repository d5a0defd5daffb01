#pragma once

#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/input.hpp"
#include "weir/flow/operator_base.hpp"

namespace weir::flow {

/// co_flat_map over connected streams: F1 handles the first input, F2 the second, each as
/// f(const X&, collector<Out>&). co_map is built on it by the API.
template <class A, class B, class Out, class F1, class F2>
class co_flat_map_operator final : public operator_base {
  template <class X, class F>
  struct face final : input<X> {
    face(co_flat_map_operator* o, F f) : self(o), fn(std::move(f)) {}
    void push(std::vector<X>& batch) override {
      self->records_in += batch.size();
      self->guarded([&] {
        collector<Out> out{self->buf_};
        for (const auto& r : batch)
          fn(r, out);
        self->emit();
      });
    }
    co_flat_map_operator* self;
    F fn;
  };

public:
  co_flat_map_operator(runtime_context ctx, F1 f1, F2 f2)
    : operator_base(std::move(ctx)), first_(this, std::move(f1)), second_(this, std::move(f2)) {}

  void open() override {
    detail::open_function(first_.fn, context());
    detail::open_function(second_.fn, context());
  }
  void close() override {
    detail::close_function(first_.fn);
    detail::close_function(second_.fn);
  }

  void* input_face(int side) override {
    return side == 0 ? static_cast<void*>(static_cast<input<A>*>(&first_))
                     : static_cast<void*>(static_cast<input<B>*>(&second_));
  }
  void connect_output(void* target) override { out_ = static_cast<input<Out>*>(target); }

private:
  void emit() {
    if (buf_.empty())
      return;
    records_out += buf_.size();
    out_->push(buf_);
    buf_.clear();
  }

  face<A, F1> first_;
  face<B, F2> second_;
  discarding_input<Out> discard_;
  input<Out>* out_ = &discard_;
  std::vector<Out> buf_;
};

} // namespace weir::flow
