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
/// ends, so instances do not contend per record.
template <class T>
class collect_sink final : public sink_operator<T> {
public:
  collect_sink(runtime_context ctx, std::shared_ptr<collect_target<T>> target)
    : sink_operator<T>(std::move(ctx)), target_(std::move(target)) {}

  void finish() override {
    std::lock_guard guard{target_->mtx};
    auto& v = target_->values;
    v.insert(v.end(), std::make_move_iterator(local_.begin()), std::make_move_iterator(local_.end()));
    local_.clear();
  }

protected:
  void write(std::vector<T>& batch) override {
    local_.insert(local_.end(), std::make_move_iterator(batch.begin()),
                  std::make_move_iterator(batch.end()));
  }

private:
  std::shared_ptr<collect_target<T>> target_;
  std::vector<T> local_;
};

} // namespace weir::flow
