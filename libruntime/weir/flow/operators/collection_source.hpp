#pragma once

#include <memory>
#include <vector>

#include "weir/flow/operators/generator_source.hpp"

namespace weir::flow {

/// from_collection: emits the elements in order; with parallelism above one each instance
/// takes a contiguous share.
template <class T>
class collection_source final : public typed_source_operator<T> {
public:
  collection_source(runtime_context ctx, std::shared_ptr<const std::vector<T>> values)
    : typed_source_operator<T>(std::move(ctx)), values_(std::move(values)),
      splits_(index_split::of(values_->size(), this->context().index_of_this_subtask(),
                              this->context().number_of_parallel_subtasks())) {}

  void snapshot_state(state_snapshot_context& ctx) override { splits_.snapshot(ctx); }
  void initialize_state(state_initialization_context& ctx) override { splits_.restore(ctx); }

protected:
  source_status produce(collector<T>& out, std::size_t max_records) override {
    return splits_.emit(max_records, [&](std::uint64_t i) { out.collect((*values_)[i]); })
             ? source_status::end_of_input
             : source_status::more_available;
  }

private:
  std::shared_ptr<const std::vector<T>> values_;
  index_splits splits_;
};

} // namespace weir::flow
