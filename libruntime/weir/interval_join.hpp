#pragma once

#include <chrono>
#include <string>
#include <type_traits>
#include <utility>

#include "weir/error.hpp"
#include "weir/interval_joined.hpp"
#include "weir/keyed_stream.hpp"

namespace weir {

/// The first step of an interval join of two keyed streams (Flink's KeyedStream.IntervalJoin),
/// from keyed_stream::interval_join: `between(lower, upper)` gives the interval, relative to a
/// left element's timestamp, in which right elements join it. Event time only: both streams
/// need timestamps (assign_timestamps_and_watermarks). Elements with equal keys meet in one
/// parallel instance.
template <class K, class A, class B, class KeySelector1, class KeySelector2>
class interval_join {
public:
  interval_join(environment* env, int left, KeySelector1 key1, int right, KeySelector2 key2)
    : env_(env), left_(left), right_(right), key1_(std::move(key1)), key2_(std::move(key2)) {}

  /// A left element a and a right element b with equal keys join when
  /// b.ts ∈ [a.ts + lower, a.ts + upper] (either bound may be negative). Throws a
  /// weir_exception (errc::invalid_plan) naming both bounds if lower > upper.
  interval_joined<K, A, B, KeySelector1, KeySelector2> between(std::chrono::milliseconds lower,
                                                               std::chrono::milliseconds upper) {
    if (lower > upper)
      throw weir_exception(error(
        errc::invalid_plan, "interval_join: between(lower, upper) needs lower <= upper, got lower "
                              + std::to_string(lower.count()) + " ms and upper "
                              + std::to_string(upper.count()) + " ms"));
    return {env_, left_, key1_, right_, key2_, {lower.count(), upper.count(), true, true}};
  }

private:
  environment* env_;
  int left_;
  int right_;
  KeySelector1 key1_;
  KeySelector2 key2_;
};

template <class K, class T, class KeySelector>
template <class K2, class U, class KeySelector2>
auto keyed_stream<K, T, KeySelector>::interval_join(
  const keyed_stream<K2, U, KeySelector2>& other) {
  static_assert(std::is_same_v<K, K2>,
                "weir: interval_join needs one key type on both sides (elements with equal keys "
                "meet in one instance); key both streams by the same type");
  return weir::interval_join<K, T, U, KeySelector, KeySelector2>{
    &this->env(), this->id(), key_, other.id(), other.key_selector()};
}

} // namespace weir
