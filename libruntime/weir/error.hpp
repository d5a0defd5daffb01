#pragma once

#include <iosfwd>
#include <string>
#include <utility>

namespace weir {

/// Error domain of the Weir runtime. Errors are values: the library never exits, and the actor
/// layer turns these into messages a supervisor can act on.
enum class errc {
  invalid_configuration, ///< an environment or operator setting is out of range
  invalid_plan,          ///< the job graph cannot be turned into a physical plan
  missing_input,         ///< an input file or resource does not exist or cannot be read
  user_function_failed,  ///< a user function threw
  io_error,              ///< reading or writing a file or directory failed
  state_error,           ///< a state backend failed (RocksDB, snapshot, stored bytes)
  wire_error,            ///< bytes did not decode with a codec (corrupt or foreign input)
  cancelled,             ///< the job was cancelled by its client
  internal,              ///< a bug in Weir
  // Answers of queryable state (queryable_state_client); appended so existing codes keep
  // their numbers on the wire.
  no_such_key,           ///< the queried key has no value in that state (or it expired)
  no_such_state,         ///< no operator of the job registered that queryable state name
  job_not_running,       ///< the job finished, failed, was cancelled, or is (re)starting
  type_mismatch,         ///< the key or value type asked for is not the state's
  timeout,               ///< no answer within the time allowed
};

/// Returns the lower-case name of `code`, e.g. "invalid_configuration".
const char* to_string(errc code) noexcept;

/// Writes to_string(code).
std::ostream& operator<<(std::ostream& out, errc code);

/// An error with a domain code and a message that names the input and the fix.
class error {
public:
  error() = default;
  error(errc code, std::string message) : code_(code), message_(std::move(message)) {}

  [[nodiscard]] errc code() const noexcept { return code_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

  /// "<code>: <message>"
  [[nodiscard]] std::string to_string() const;

private:
  errc code_ = errc::internal;
  std::string message_;
};

/// Thrown by API calls that cannot return a value (a builder misuse, an execute() failure
/// requested as an exception), and by the runtime inside a task where a return value would be
/// dropped (state handles, plan checks that need the running operator). Carries the error
/// value, so that a task failure keeps its kind: the task turns a weir_exception into a failure
/// with the same code, and any other exception from user code into user_function_failed.
class weir_exception : public std::exception {
public:
  explicit weir_exception(error err) : err_(std::move(err)), what_(err_.to_string()) {}
  [[nodiscard]] const error& err() const noexcept { return err_; }
  const char* what() const noexcept override { return what_.c_str(); }

private:
  error err_;
  std::string what_;
};

} // namespace weir
