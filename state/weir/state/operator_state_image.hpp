#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "weir/state/operator_state_mode.hpp"

namespace weir::state {

/// The encoded operator states of one operator instance: what a snapshot copies on the
/// task's thread, what the snapshot file holds, and what a restore hands each new
/// instance after repartitioning. List elements are entries with an empty key; broadcast
/// map entries carry the encoded map key and value.
struct operator_state_image {
  struct entry {
    std::string key;
    std::string value;
    friend bool operator==(const entry&, const entry&) = default;
  };
  struct state {
    std::string name;
    operator_state_mode mode = operator_state_mode::split_distribute;
    std::vector<entry> entries;
  };

  int subtask_index = 0;
  int parallelism = 1;
  std::vector<state> states;
  /// The file it was read from (empty if it was not), for error messages.
  std::filesystem::path file;
};

} // namespace weir::state
