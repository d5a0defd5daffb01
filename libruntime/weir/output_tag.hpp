#pragma once

#include <string>

namespace weir {

/// Names a side output of type `T` (Flink's OutputTag). Two tags with the same id must have
/// the same type.
template <class T>
class output_tag {
public:
  using value_type = T;
  explicit output_tag(std::string id) : id_(std::move(id)) {}
  [[nodiscard]] const std::string& id() const noexcept { return id_; }

private:
  std::string id_;
};

} // namespace weir
