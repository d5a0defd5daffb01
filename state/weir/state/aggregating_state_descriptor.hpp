#pragma once

#include <functional>
#include <string>
#include <utility>

#include "weir/state/aggregating_state.hpp"
#include "weir/state/state_descriptor.hpp"
#include "weir/state/state_kind.hpp"

namespace weir::state {

/// Declares an aggregating_state<In, Out> whose per-key accumulator is an Acc (which needs a
/// weir::codec), with Flink's AggregateFunction trio: create_accumulator() -> Acc,
/// add(const In&, Acc) -> Acc, get_result(const Acc&) -> Out. Pass any object that has those
/// members, or three callables.
template <class In, class Acc, class Out>
class aggregating_state_descriptor : public state_descriptor {
public:
  using state_type = aggregating_state<In, Out>;
  using accumulator_type = Acc;
  static constexpr state_kind kind = state_kind::aggregating;

  aggregating_state_descriptor(std::string name, std::function<Acc()> create,
                               std::function<Acc(const In&, Acc)> add,
                               std::function<Out(const Acc&)> result)
    : state_descriptor(std::move(name)), create_(std::move(create)), add_(std::move(add)),
      result_(std::move(result)) {}

  template <class F>
    requires requires(F f, const In& in, Acc acc) {
      { f.create_accumulator() } -> std::convertible_to<Acc>;
      { f.add(in, std::move(acc)) } -> std::convertible_to<Acc>;
      { f.get_result(acc) } -> std::convertible_to<Out>;
    }
  aggregating_state_descriptor(std::string name, F function)
    : aggregating_state_descriptor(
      std::move(name), [function]() mutable { return function.create_accumulator(); },
      [function](const In& in, Acc acc) mutable { return function.add(in, std::move(acc)); },
      [function](const Acc& acc) mutable { return function.get_result(acc); }) {}

  [[nodiscard]] Acc create_accumulator() const { return create_(); }
  [[nodiscard]] Acc add(const In& value, Acc acc) const { return add_(value, std::move(acc)); }
  [[nodiscard]] Out get_result(const Acc& acc) const { return result_(acc); }

private:
  std::function<Acc()> create_;
  std::function<Acc(const In&, Acc)> add_;
  std::function<Out(const Acc&)> result_;
};

} // namespace weir::state
