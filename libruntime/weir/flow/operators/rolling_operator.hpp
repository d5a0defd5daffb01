#pragma once

#include <unordered_map>

#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/key_hash.hpp"

namespace weir::flow {

/// Rolling aggregation on a keyed stream (reduce, sum, min, max, min_by, max_by): keeps one
/// accumulated record per key and emits it after every input record, with the timestamp of
/// that input record. `Combine` is called as
/// combine(T& accumulator, const T& record). State stays on this task's heap until the state
/// backends take it over.
template <class K, class T, class KeySelector, class Combine>
class rolling_operator final : public one_input_operator<T, T> {
public:
  rolling_operator(runtime_context ctx, KeySelector key, Combine combine)
    : one_input_operator<T, T>(std::move(ctx)), key_(std::move(key)),
      combine_(std::move(combine)) {}

  void open() override { detail::open_function(combine_, this->context()); }
  void close() override { detail::close_function(combine_); }

  void push(record_batch<T>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      // Each record becomes its key's accumulation in place, keeping its own timestamp.
      for (auto& r : batch.records) {
        auto [it, inserted] = acc_.try_emplace(key_(r), r);
        if (!inserted) {
          combine_(it->second, std::as_const(r));
          r = it->second;
        }
      }
      this->emit(batch);
    });
  }

private:
  KeySelector key_;
  Combine combine_;
  std::unordered_map<K, T, key_hasher<K>> acc_;
};

} // namespace weir::flow
