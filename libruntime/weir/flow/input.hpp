#pragma once

#include <cstddef>
#include <vector>

#include "weir/flow/record_batch.hpp"

namespace weir::flow {

/// A consumer of record batches inside an operator chain: the next operator, a channel writer
/// or a fan-out. One virtual call per batch, not per record. The batch's records and timestamp
/// column travel together as one record_batch (one pointer to pass, one swap to hand both on);
/// a consumer that forwards records keeps the column aligned with them. `push` may modify,
/// move from or swap either vector; the caller clears the batch afterwards and must not rely on
/// its contents.
template <class T>
class input {
public:
  virtual ~input() = default;
  virtual void push(record_batch<T>& batch) = 0;
};

/// Delivers one batch to several consumers: copies (records and timestamps) for all but the
/// last, which may consume the original in place.
template <class T>
class fanout final : public input<T> {
public:
  void add(input<T>* consumer) { consumers_.push_back(consumer); }
  [[nodiscard]] std::size_t size() const noexcept { return consumers_.size(); }

  void push(record_batch<T>& batch) override {
    for (std::size_t i = 0; i + 1 < consumers_.size(); ++i) {
      scratch_.records.assign(batch.records.begin(), batch.records.end());
      scratch_.timestamps.assign(batch.timestamps.begin(), batch.timestamps.end());
      consumers_[i]->push(scratch_);
      scratch_.clear();
    }
    if (!consumers_.empty())
      consumers_.back()->push(batch);
  }

private:
  std::vector<input<T>*> consumers_;
  record_batch<T> scratch_;
};

/// Consumer that drops everything (an output nobody reads).
template <class T>
class discarding_input final : public input<T> {
public:
  void push(record_batch<T>&) override {}
};

} // namespace weir::flow
