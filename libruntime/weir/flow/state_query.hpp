#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace weir::flow {

/// One question to a job's queryable state, as it travels from a queryable_state_client to
/// the job master and on to the task that owns the key: everything in bytes and names, so
/// that a client in another process can ask it too.
struct state_query {
  std::string name;       ///< the queryable name (state_descriptor::set_queryable)
  std::string key;        ///< the key's weir::codec encoding
  std::uint64_t key_hash = 0; ///< weir::key_hash of the key: picks its key group
  std::string key_type;   ///< readable name of the key type the client encoded
  std::string value_type; ///< readable name of the value type the client will decode
};

/// The names of the types a queryable state answers with: its key type and the value types
/// a client may decode its answers as (a map state answers as a vector of pairs, a std::map
/// or a std::unordered_map, which encode alike).
struct queryable_state_types {
  std::string key_type;
  std::vector<std::string> value_types;
};

/// Whether a client asking for (`key_type`, `value_type`) may read queryable state `name` of
/// `types`: the empty string if so, else the message of a type_mismatch error, which names
/// both.
[[nodiscard]] std::string check_query_types(std::string_view name,
                                            const queryable_state_types& types,
                                            std::string_view key_type,
                                            std::string_view value_type);

} // namespace weir::flow
