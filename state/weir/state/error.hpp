#pragma once

#include <string>
#include <utility>

#include "weir/state/errc.hpp"

namespace weir::state {

/// A state error: a code and a message naming the state, key group or file and the fix.
class error {
public:
  error() = default;
  error(errc code, std::string message) : code_(code), message_(std::move(message)) {}

  [[nodiscard]] errc code() const noexcept { return code_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  /// "<code>: <message>"
  [[nodiscard]] std::string to_string() const;

private:
  errc code_ = errc::io_error;
  std::string message_;
};

} // namespace weir::state
