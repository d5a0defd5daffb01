#pragma once

#include <cstddef>
#include <vector>

namespace weir::flow {

/// A consumer of record batches inside an operator chain: the next operator, a channel writer
/// or a fan-out. One virtual call per batch, not per record. `push` may modify, move from or
/// swap the vector; the caller clears it afterwards and must not rely on its contents.
template <class T>
class input {
public:
  virtual ~input() = default;
  virtual void push(std::vector<T>& batch) = 0;
};

/// Delivers one batch to several consumers: copies for all but the last, which may consume
/// the original in place.
template <class T>
class fanout final : public input<T> {
public:
  void add(input<T>* consumer) { consumers_.push_back(consumer); }
  [[nodiscard]] std::size_t size() const noexcept { return consumers_.size(); }

  void push(std::vector<T>& batch) override {
    for (std::size_t i = 0; i + 1 < consumers_.size(); ++i) {
      scratch_.assign(batch.begin(), batch.end());
      consumers_[i]->push(scratch_);
      scratch_.clear();
    }
    if (!consumers_.empty())
      consumers_.back()->push(batch);
  }

private:
  std::vector<input<T>*> consumers_;
  std::vector<T> scratch_;
};

/// Consumer that drops everything (an output nobody reads).
template <class T>
class discarding_input final : public input<T> {
public:
  void push(std::vector<T>&) override {}
};

} // namespace weir::flow
