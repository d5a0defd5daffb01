#pragma once

#include "weir/flow/operators/sink_operator.hpp"

namespace weir::flow {

/// add_sink(S): each instance owns a copy of the user's sink_function.
template <class T, class S>
class user_sink final : public sink_operator<T> {
public:
  user_sink(runtime_context ctx, S sink) : sink_operator<T>(std::move(ctx)), sink_(std::move(sink)) {}
  void open() override { this->guarded([&] { sink_.open(this->context()); }); }
  void finish() override { this->guarded([&] { sink_.finish(); }); }
  void close() override { sink_.close(); }

protected:
  void write(std::vector<T>& batch) override {
    for (const auto& r : batch)
      sink_.invoke(r);
  }

private:
  S sink_;
};

} // namespace weir::flow
