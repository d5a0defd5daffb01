#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

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

/// The index ranges a source instance still has to emit: its share at the start, and in a
/// checkpoint its position, as splits that a restore at another parallelism deals out evenly
/// over the new instances (what Flink's split-based sources do).
class index_splits {
public:
  static constexpr const char* part = "weir.source-splits";

  explicit index_splits(index_split initial) : ranges_{initial} {}

  /// Writes the ranges not yet emitted, the current one from its next index.
  /// A finished source writes one empty range: its state says "done", so that a restore
  /// does not mistake it for a source without state and start it over.
  void snapshot(state_snapshot_context& ctx) const {
    auto add = [&](std::uint64_t first, std::uint64_t last) {
      char bytes[16];
      std::memcpy(bytes, &first, 8);
      std::memcpy(bytes + 8, &last, 8);
      ctx.add_element(part, std::string_view{bytes, 16});
    };
    for (auto i = current_; i < ranges_.size(); ++i)
      add(ranges_[i].first, ranges_[i].last);
    if (current_ >= ranges_.size())
      add(0, 0);
  }
  /// Takes this instance's share of a restored position.
  void restore(state_initialization_context& ctx) {
    if (!ctx.is_restored())
      return;
    ranges_.clear();
    current_ = 0;
    for (const auto& e : ctx.elements(part)) {
      index_split r;
      if (e.size() != 16)
        continue;
      std::memcpy(&r.first, e.data(), 8);
      std::memcpy(&r.last, e.data() + 8, 8);
      ranges_.push_back(r);
    }
  }
  /// Calls emit(i) for up to `max` indices in order; true when every range is done.
  template <class Emit>
  bool emit(std::size_t max, Emit&& emit) {
    while (max > 0 && current_ < ranges_.size()) {
      auto& r = ranges_[current_];
      auto end = r.first + std::min<std::uint64_t>(max, r.last - r.first);
      max -= static_cast<std::size_t>(end - r.first);
      for (; r.first < end; ++r.first)
        emit(r.first);
      if (r.first == r.last)
        ++current_;
    }
    return current_ == ranges_.size();
  }

private:
  std::vector<index_split> ranges_;
  std::size_t current_ = 0;
};

/// generate(count, fn): record i is fn(i); the index range is split evenly over instances.
/// A checkpoint records which indices are still to come.
template <class T, class F>
class generator_source final : public typed_source_operator<T> {
public:
  generator_source(runtime_context ctx, std::uint64_t count, F fn)
    : typed_source_operator<T>(std::move(ctx)), fn_(std::move(fn)),
      splits_(index_split::of(count, this->context().index_of_this_subtask(),
                              this->context().number_of_parallel_subtasks())) {}

  void snapshot_state(state_snapshot_context& ctx) override { splits_.snapshot(ctx); }
  void initialize_state(state_initialization_context& ctx) override { splits_.restore(ctx); }

protected:
  source_status produce(collector<T>& out, std::size_t max_records) override {
    return splits_.emit(max_records, [&](std::uint64_t i) { out.collect(fn_(i)); })
             ? source_status::end_of_input
             : source_status::more_available;
  }

private:
  F fn_;
  index_splits splits_;
};

} // namespace weir::flow
