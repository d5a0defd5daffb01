#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "weir/flow/operators/sink_operator.hpp"

namespace weir::flow {

/// Shared by all instances of one collect() sink; the client reads it after the job ended.
template <class T>
struct collect_target {
  std::mutex mtx;
  std::vector<T> values;
};

/// collect(): gathers records locally and appends them to the shared vector when its input
/// ends, or when the task stops otherwise (a failure, a cancel), so instances do not contend
/// per record. What every execution attempt emitted is kept: after a restart the records
/// replayed from the restored checkpoint are in it twice (collect() is at-least-once; an
/// exactly-once sink gives exact output under failures).
template <class T>
class collect_sink final : public sink_operator<T> {
public:
  collect_sink(runtime_context ctx, std::shared_ptr<collect_target<T>> target)
    : sink_operator<T>(std::move(ctx)), target_(std::move(target)) {}

  void finish() override { hand_over(); }
  void close() override { hand_over(); }

protected:
  void write(std::vector<T>& batch) override {
    local_.insert(local_.end(), std::make_move_iterator(batch.begin()),
                  std::make_move_iterator(batch.end()));
  }

private:
  void hand_over() {
    if (local_.empty())
      return;
    std::lock_guard guard{target_->mtx};
    auto& v = target_->values;
    v.insert(v.end(), std::make_move_iterator(local_.begin()), std::make_move_iterator(local_.end()));
    local_.clear();
  }

  std::shared_ptr<collect_target<T>> target_;
  std::vector<T> local_;
};

} // namespace weir::flow
