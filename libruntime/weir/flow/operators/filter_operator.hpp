#pragma once

#include <algorithm>

#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"

namespace weir::flow {

/// filter: keeps records for which the predicate holds, compacting the batch in place.
template <class T, class F>
class filter_operator final : public one_input_operator<T, T> {
public:
  filter_operator(runtime_context ctx, F f) : one_input_operator<T, T>(std::move(ctx)), f_(std::move(f)) {}

  void open() override { detail::open_function(f_, this->context()); }
  void close() override { detail::close_function(f_); }

  void push(std::vector<T>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      std::erase_if(batch, [this](const T& r) { return !static_cast<bool>(f_(r)); });
      this->emit(batch);
    });
  }

private:
  F f_;
};

} // namespace weir::flow
