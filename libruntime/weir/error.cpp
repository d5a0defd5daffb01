#include "weir/error.hpp"

#include <ostream>

namespace weir {

const char* to_string(errc code) noexcept {
  switch (code) {
    case errc::invalid_configuration: return "invalid_configuration";
    case errc::invalid_plan: return "invalid_plan";
    case errc::missing_input: return "missing_input";
    case errc::user_function_failed: return "user_function_failed";
    case errc::io_error: return "io_error";
    case errc::state_error: return "state_error";
    case errc::wire_error: return "wire_error";
    case errc::cancelled: return "cancelled";
    case errc::internal: return "internal";
    case errc::no_such_key: return "no_such_key";
    case errc::no_such_state: return "no_such_state";
    case errc::job_not_running: return "job_not_running";
    case errc::type_mismatch: return "type_mismatch";
    case errc::timeout: return "timeout";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, errc code) { return out << to_string(code); }

std::string error::to_string() const {
  return std::string{weir::to_string(code_)} + ": " + message_;
}

} // namespace weir
