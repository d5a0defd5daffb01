#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "weir/state/error.hpp"

namespace weir::state {

/// A value or the error that prevented it (std::expected is C++23). `result<void>` carries
/// only the error.
template <class T>
class [[nodiscard]] result {
public:
  template <class U>
    requires std::is_constructible_v<T, U&&>
  result(U&& value) : v_(std::in_place_index<0>, std::forward<U>(value)) {}
  result(error err) : v_(std::in_place_index<1>, std::move(err)) {}

  [[nodiscard]] bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] T& value() & { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(v_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  [[nodiscard]] const error& err() const { return std::get<1>(v_); }

private:
  std::variant<T, error> v_;
};

template <>
class [[nodiscard]] result<void> {
public:
  result() = default;
  result(error err) : err_(std::move(err)), failed_(true) {}
  [[nodiscard]] bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] const error& err() const { return err_; }

private:
  error err_;
  bool failed_ = false;
};

} // namespace weir::state
