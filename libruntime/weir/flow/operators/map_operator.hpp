#pragma once

#include <type_traits>
#include <utility>

#include "weir/flow/operators/function_operator.hpp"

namespace weir::flow {

/// map: one record in, one out, with the input's timestamp. A map to the same type rewrites the
/// batch in place; to another type the timestamp column changes batches by a swap.
template <class In, class Out, class F>
class map_operator final : public function_operator<In, Out, F> {
  using function_operator<In, Out, F>::f_;

public:
  map_operator(runtime_context ctx, F f)
    : function_operator<In, Out, F>(std::move(ctx), std::move(f)) {}

  void push(record_batch<In>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      if constexpr (std::is_same_v<In, Out>) {
        for (auto& r : batch.records)
          r = f_(std::as_const(r));
        this->emit(batch);
      } else {
        out_buf_.records.reserve(batch.size());
        for (const auto& r : batch.records)
          out_buf_.records.push_back(f_(r));
        // The caller clears the input afterwards: its column moves here, and our empty one
        // (with its capacity) goes back.
        out_buf_.timestamps.swap(batch.timestamps);
        this->emit(out_buf_);
        out_buf_.clear();
      }
    });
  }

private:
  record_batch<Out> out_buf_;
};

} // namespace weir::flow
