#pragma once

#include <optional>
#include <string>
#include <typeindex>
#include <utility>
#include <vector>

namespace weir {

/// The broadcast states a broadcast stream declares (the descriptors given to
/// data_stream::broadcast): the only ones its broadcast process function may ask for, as
/// in Flink. Shared, read-only, by the stream and every instance of the connected
/// operator.
class broadcast_state_declarations {
public:
  void add(std::string name, std::type_index descriptor_type) {
    entries_.emplace_back(std::move(name), descriptor_type);
  }

  /// Why the state `name`, asked for with a descriptor of `descriptor_type`, may not be
  /// used; nullopt if it may.
  [[nodiscard]] std::optional<std::string> check(const std::string& name,
                                                 std::type_index descriptor_type) const {
    std::string declared;
    for (const auto& [n, type] : entries_) {
      if (n == name)
        return type == descriptor_type
          ? std::nullopt
          : std::optional<std::string>{
            "broadcast state '" + name
            + "' is asked for with a descriptor of other key or value types "
              "than the "
              "one given to broadcast(); use the same descriptor"};
      declared += (declared.empty() ? "'" : ", '") + n + "'";
    }
    return "broadcast state '" + name
      + "' was not declared: pass its descriptor to "
        "broadcast(...) of the broadcast stream (declared: "
      + declared + ")";
  }

private:
  std::vector<std::pair<std::string, std::type_index>> entries_;
};

} // namespace weir
