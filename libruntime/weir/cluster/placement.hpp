#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "weir/error.hpp"

namespace weir::cluster {

/// A process that offers task slots: a worker, or the coordinator when it offers slots.
struct slot_offer {
  std::string node; ///< how logs and errors name it, e.g. "worker 2 (127.0.0.1:40123)"
  int slots = 0;
};

/// Where each slot of a job goes. A job needs as many slots as its highest parallelism: slot
/// s runs subtask s of every vertex (Flink's slot sharing), so a chain's instances and the
/// instances that exchange forward channels stay together. Slots are spread evenly over the
/// offers (Flink's cluster.evenly-spread-out-slots): slot 0 to the first offer, slot 1 to the
/// second, ..., skipping offers that are full.
struct slot_assignment {
  /// For each slot s (0 .. required-1), the index of the offer that hosts it.
  std::vector<std::size_t> offer_of_slot;
  /// Slots each offer hosts.
  std::vector<int> slots_used;
};

/// Places `required` slots on `offers` (in the order given). An error (errc::invalid_configuration)
/// if the offers have fewer free slots in total: it names the count needed, the count offered
/// per node and the fix (more workers, or more --weir-slots).
[[nodiscard]] std::variant<slot_assignment, error>
place_slots(int required, const std::vector<slot_offer>& offers);

} // namespace weir::cluster
