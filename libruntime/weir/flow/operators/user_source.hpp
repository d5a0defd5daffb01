#pragma once

#include "weir/flow/source_operator.hpp"

namespace weir::flow {

/// add_source(S): each instance owns a copy of the user's source_function.
template <class T, class S>
class user_source final : public typed_source_operator<T> {
public:
  user_source(runtime_context ctx, S source)
    : typed_source_operator<T>(std::move(ctx)), source_(std::move(source)) {}
  void open() override { this->guarded([&] { source_.open(this->context()); }); }
  void close() override { source_.close(); }
  void cancel() override { source_.cancel(); }

protected:
  source_status produce(collector<T>& out, std::size_t max_records) override {
    return source_.poll(out, max_records);
  }

private:
  S source_;
};

} // namespace weir::flow
