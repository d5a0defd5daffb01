#pragma once

#include <vector>

#include "weir/flow/input.hpp"
#include "weir/flow/operator_base.hpp"

namespace weir::flow {

/// Base of operators with two inputs (co-functions, broadcast process functions): owns the two
/// input faces, the output and its batch; subclasses process one input batch at a time into
/// the output batch, every output record with the timestamp of the input record that produced
/// it (for_each_propagating_timestamps). One virtual call per batch.
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
  /// Appends the records (and, if `batch` has timestamps, their timestamps) that `batch` of the
  /// first input produces to `out`.
  virtual void process_first(const record_batch<A>& batch, record_batch<Out>& out) = 0;
  virtual void process_second(const record_batch<B>& batch, record_batch<Out>& out) = 0;
  /// After each batch's main output went downstream (e.g. to flush side outputs).
  virtual void after_batch() {}
  /// Pushes a non-empty batch of what the operator produced outside an input batch (timers)
  /// downstream and counts it.
  void emit(record_batch<Out>& batch) {
    if (batch.empty())
      return;
    records_out += batch.size();
    out_->push(batch);
  }

private:
  template <class X, bool First>
  struct face final : input<X> {
    explicit face(two_input_operator* o) : self(o) {}
    void push(record_batch<X>& batch) override { self->template on_batch<First>(batch); }
    two_input_operator* self;
  };

  template <bool First, class X>
  void on_batch(record_batch<X>& batch) {
    records_in += batch.size();
    guarded([&] {
      if constexpr (First)
        process_first(batch, buf_);
      else
        process_second(batch, buf_);
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
  record_batch<Out> buf_;
};

} // namespace weir::flow
