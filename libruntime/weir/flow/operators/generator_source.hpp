#pragma once

#include <cstdint>

#include "weir/flow/source_operator.hpp"

namespace weir::flow {

/// Range [first, last) of `count` indices that instance `subtask` of `parallelism` produces.
struct index_split {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  static index_split of(std::uint64_t count, int subtask, int parallelism) {
    auto p = static_cast<unsigned __int128>(parallelism);
    return {static_cast<std::uint64_t>(count * static_cast<unsigned __int128>(subtask) / p),
            static_cast<std::uint64_t>(count * static_cast<unsigned __int128>(subtask + 1) / p)};
  }
};

/// generate(count, fn): record i is fn(i); the index range is split evenly over instances.
template <class T, class F>
class generator_source final : public typed_source_operator<T> {
public:
  generator_source(runtime_context ctx, std::uint64_t count, F fn)
    : typed_source_operator<T>(std::move(ctx)), fn_(std::move(fn)) {
    auto s = index_split::of(count, this->context().index_of_this_subtask(),
                             this->context().number_of_parallel_subtasks());
    next_ = s.first;
    last_ = s.last;
  }

protected:
  source_status produce(collector<T>& out, std::size_t max_records) override {
    auto end = next_ + std::min<std::uint64_t>(max_records, last_ - next_);
    for (; next_ < end; ++next_)
      out.collect(fn_(next_));
    return next_ == last_ ? source_status::end_of_input : source_status::more_available;
  }

private:
  F fn_;
  std::uint64_t next_ = 0;
  std::uint64_t last_ = 0;
};

} // namespace weir::flow
