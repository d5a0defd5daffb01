#pragma once

#include <algorithm>
#include <cstddef>

#include "weir/flow/operators/function_operator.hpp"

namespace weir::flow {

/// filter: keeps records for which the predicate holds, compacting the batch in place (and its
/// timestamp column with it, when there is one).
template <class T, class F>
class filter_operator final : public function_operator<T, T, F> {
  using function_operator<T, T, F>::f_;

public:
  filter_operator(runtime_context ctx, F f) : function_operator<T, T, F>(std::move(ctx), std::move(f)) {}

  void push(record_batch<T>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      if (batch.has_timestamps())
        compact_with_timestamps(batch);
      else
        std::erase_if(batch.records, [this](const T& r) { return !static_cast<bool>(f_(r)); });
      this->emit(batch);
    });
  }

private:
  void compact_with_timestamps(record_batch<T>& batch) {
    auto& records = batch.records;
    auto& timestamps = batch.timestamps;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (!static_cast<bool>(f_(std::as_const(records[i]))))
        continue;
      if (kept != i) {
        records[kept] = std::move(records[i]);
        timestamps[kept] = timestamps[i];
      }
      ++kept;
    }
    records.erase(records.begin() + static_cast<std::ptrdiff_t>(kept), records.end());
    timestamps.resize(kept);
  }

};

} // namespace weir::flow
