#pragma once

#include "weir/flow/input.hpp"
#include "weir/flow/operator_base.hpp"

namespace weir::flow {

/// Base of the sinks: an operator with one input and no output. Subclasses implement
/// `write(batch)`.
template <class T>
class sink_operator : public operator_base, public input<T> {
public:
  using operator_base::operator_base;

  void* input_face(int side) override { return side == 0 ? static_cast<input<T>*>(this) : nullptr; }

  /// Sinks write the records and ignore their timestamps.
  void push(record_batch<T>& batch) final {
    records_in += batch.size();
    guarded([&] { write(batch.records); });
  }

protected:
  virtual void write(std::vector<T>& batch) = 0;
};

} // namespace weir::flow
