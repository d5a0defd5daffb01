#include "weir/job_details.hpp"

namespace weir {

std::uint64_t vertex_details::records_in() const noexcept {
  std::uint64_t n = 0;
  for (const auto& s : subtasks)
    if (!s.operators.empty())
      n += s.operators.front().records_in;
  return n;
}

std::uint64_t vertex_details::records_out() const noexcept {
  std::uint64_t n = 0;
  for (const auto& s : subtasks)
    if (!s.operators.empty())
      n += s.operators.back().records_out;
  return n;
}

const vertex_details* job_details::vertex(int id) const noexcept {
  for (const auto& v : vertices)
    if (v.id == id)
      return &v;
  return nullptr;
}

} // namespace weir
