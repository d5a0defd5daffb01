#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "weir/broadcast_state_declarations.hpp"
#include "weir/environment.hpp"

namespace weir::state {
template <class K, class V>
class map_state_descriptor;
} // namespace weir::state

namespace weir {

namespace detail {
template <class D>
struct is_map_state_descriptor : std::false_type {};
template <class K, class V>
struct is_map_state_descriptor<state::map_state_descriptor<K, V>> : std::true_type {};
} // namespace detail

/// A stream whose records go to every parallel instance of the operator it is connected
/// to, together with the broadcast states that operator keeps (Flink's BroadcastStream).
/// Made by data_stream::broadcast(descriptors...); its only use is connect() from a
/// data_stream or a keyed_stream. Cheap to copy.
template <class T>
class broadcast_stream {
public:
  using value_type = T;

  broadcast_stream(environment* env, int id,
                   std::shared_ptr<const broadcast_state_declarations> states)
    : env_(env), id_(id), states_(std::move(states)) {}

  [[nodiscard]] int id() const noexcept { return id_; }
  [[nodiscard]] environment& env() const noexcept { return *env_; }
  [[nodiscard]] const std::shared_ptr<const broadcast_state_declarations>&
  broadcast_state_declarations_ptr() const noexcept {
    return states_;
  }

private:
  environment* env_;
  int id_;
  std::shared_ptr<const broadcast_state_declarations> states_;
};

} // namespace weir
