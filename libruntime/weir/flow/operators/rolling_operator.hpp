#pragma once

#include <unordered_map>

#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/codec/codecs.hpp"
#include "weir/flow/key_group.hpp"
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

  /// The accumulators are keyed state kept on the heap: a checkpoint writes them by key group
  /// (part "rolling"), so that they restore at any parallelism.
  void snapshot_state(state_snapshot_context& ctx) override {
    if (acc_.empty())
      return;
    if constexpr (has_codec<K> && has_codec<T>) {
      std::string key;
      std::string value;
      int max_parallelism = this->context().max_number_of_parallel_subtasks();
      for (const auto& [k, v] : acc_) {
        key.clear();
        value.clear();
        encode(k, key);
        encode(v, value);
        ctx.add_keyed("rolling", assign_to_key_group(key_hash<K>{}(k), max_parallelism), key,
                      value);
      }
    } else {
      this->fail(errc::invalid_plan,
                 "its rolling aggregation cannot be checkpointed: the key or record type has no "
                 "weir::codec; specialize weir::codec for both (see the README)");
    }
  }
  void initialize_state(state_initialization_context& ctx) override {
    if constexpr (has_codec<K> && has_codec<T>) {
      ctx.for_each_keyed("rolling", [&](key_group, std::string_view key, std::string_view value) {
        auto k = decode<K>(key);
        auto v = decode<T>(value);
        if (!k || !v)
          this->fail(errc::state_error, "a restored rolling aggregation does not decode with "
                                        "the job's codecs: its types changed since the "
                                        "checkpoint");
        acc_.insert_or_assign(std::move(*k), std::move(*v));
      });
    }
  }

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
