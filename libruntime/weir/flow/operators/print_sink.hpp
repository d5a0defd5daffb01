#pragma once

#include <cstdio>
#include <mutex>
#include <sstream>

#include "weir/flow/operators/sink_operator.hpp"
#include "weir/record_format.hpp"

namespace weir::flow {

/// Lines from parallel print sinks never interleave within a line.
std::mutex& stdout_mutex();

/// print(): one line per record on stdout; with parallelism above one each line starts with
/// "N> ", N the 1-based subtask, as in Flink; print(identifier) prefixes "identifier:N> "
/// (or "identifier> " at parallelism one).
template <class T>
class print_sink final : public sink_operator<T> {
public:
  print_sink(runtime_context ctx, std::string identifier = {})
    : sink_operator<T>(std::move(ctx)), identifier_(std::move(identifier)) {}

protected:
  void write(std::vector<T>& batch) override {
    buf_.str({});
    auto& ctx = this->context();
    bool parallel = ctx.number_of_parallel_subtasks() > 1;
    for (const auto& r : batch) {
      if (!identifier_.empty())
        buf_ << identifier_ << (parallel ? ":" : "> ");
      if (parallel)
        buf_ << (ctx.index_of_this_subtask() + 1) << "> ";
      format_record(buf_, r);
      buf_ << '\n';
    }
    auto text = buf_.str();
    std::lock_guard guard{stdout_mutex()};
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }

private:
  std::string identifier_;
  std::ostringstream buf_;
};

} // namespace weir::flow
