#pragma once

#include "weir/flow/input.hpp"
#include "weir/flow/operator_base.hpp"

namespace weir::flow {

/// Base of operators with one input of `In` and a main output of `Out`.
template <class In, class Out>
class one_input_operator : public operator_base, public input<In> {
public:
  using operator_base::operator_base;

  void* input_face(int side) override { return side == 0 ? static_cast<input<In>*>(this) : nullptr; }
  void connect_output(void* target) override { out_ = static_cast<input<Out>*>(target); }

protected:
  /// Pushes a non-empty batch (records with their aligned timestamp column) downstream and
  /// counts it.
  void emit(record_batch<Out>& batch) {
    if (batch.empty())
      return;
    records_out += batch.size();
    out_->push(batch);
  }

  input<Out>* out_ = &discard_;

private:
  discarding_input<Out> discard_;
};

} // namespace weir::flow
