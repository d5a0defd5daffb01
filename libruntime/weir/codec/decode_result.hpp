#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "weir/codec/codec_error.hpp"

namespace weir {

/// A decoded value or the codec_error that prevented it (std::expected is C++23).
template <class T>
class [[nodiscard]] decode_result {
public:
  decode_result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  decode_result(codec_error err) : v_(std::in_place_index<1>, err) {}

  [[nodiscard]] bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// The value; only when ok().
  [[nodiscard]] T& value() & { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(v_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error; only when !ok().
  [[nodiscard]] const codec_error& error() const { return std::get<1>(v_); }

private:
  std::variant<T, codec_error> v_;
};

} // namespace weir
