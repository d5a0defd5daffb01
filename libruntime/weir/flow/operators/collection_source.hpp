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
    : typed_source_operator<T>(std::move(ctx)), values_(std::move(values)) {
    auto s = index_split::of(values_->size(), this->context().index_of_this_subtask(),
                             this->context().number_of_parallel_subtasks());
    next_ = s.first;
    last_ = s.last;
  }

protected:
  source_status produce(collector<T>& out, std::size_t max_records) override {
    auto end = next_ + std::min<std::uint64_t>(max_records, last_ - next_);
    for (; next_ < end; ++next_)
      out.collect((*values_)[next_]);
    return next_ == last_ ? source_status::end_of_input : source_status::more_available;
  }

private:
  std::shared_ptr<const std::vector<T>> values_;
  std::uint64_t next_ = 0;
  std::uint64_t last_ = 0;
};

} // namespace weir::flow
