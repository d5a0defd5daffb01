#include "weir/flow/state_query.hpp"

namespace weir::flow {

std::string check_query_types(std::string_view name, const queryable_state_types& types,
                              std::string_view key_type, std::string_view value_type) {
  bool key_ok = key_type == types.key_type;
  bool value_ok = false;
  for (const auto& v : types.value_types)
    value_ok = value_ok || v == value_type;
  if (key_ok && value_ok)
    return {};
  std::string held = types.value_types.empty() ? std::string{"?"} : types.value_types.front();
  return "queryable state '" + std::string{name} + "' has keys of type " + types.key_type
         + " and values of type " + held + ", but the query asked for keys of type "
         + std::string{key_type} + " and values of type " + std::string{value_type}
         + "; call get<" + types.key_type + ", " + held + ">";
}

} // namespace weir::flow
