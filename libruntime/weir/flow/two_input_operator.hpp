#pragma once

#include <vector>

#include "weir/collector.hpp"
#include "weir/flow/input.hpp"
#include "weir/flow/operator_base.hpp"

namespace weir::flow {

/// Base of operators with two inputs (co-functions, broadcast process functions): owns the two
/// input faces, the output and its batch; subclasses process one input batch at a time into a
/// collector. One virtual call per batch.
template <class A, class B, class Out>
class two_input_operator : public operator_base {
public:
  explicit two_input_operator(runtime_context ctx)
    : operator_base(std::move(ctx)), first_(this), second_(this) {}

  void* input_face(int side) override {
    return side == 0 ? static_cast<void*>(static_cast<input<A>*>(&first_))
                     : static_cast<void*>(static_cast<input<B>*>(&second_));
  }
  void connect_output(void* target) override { out_ = static_cast<input<Out>*>(target); }

protected:
  virtual void process_first(std::vector<A>& batch, collector<Out>& out) = 0;
  virtual void process_second(std::vector<B>& batch, collector<Out>& out) = 0;
  /// After each batch's main output went downstream (e.g. to flush side outputs).
  virtual void after_batch() {}

private:
  template <class X, bool First>
  struct face final : input<X> {
    explicit face(two_input_operator* o) : self(o) {}
    void push(std::vector<X>& batch) override { self->template on_batch<First>(batch); }
    two_input_operator* self;
  };

  template <bool First, class X>
  void on_batch(std::vector<X>& batch) {
    records_in += batch.size();
    guarded([&] {
      collector<Out> out{buf_};
      if constexpr (First)
        process_first(batch, out);
      else
        process_second(batch, out);
      if (!buf_.empty()) {
        records_out += buf_.size();
        out_->push(buf_);
        buf_.clear();
      }
      after_batch();
    });
  }

  face<A, true> first_;
  face<B, false> second_;
  discarding_input<Out> discard_;
  input<Out>* out_ = &discard_;
  std::vector<Out> buf_;
};

} // namespace weir::flow
