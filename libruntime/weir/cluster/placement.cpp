#include "weir/cluster/placement.hpp"

#include <algorithm>

namespace weir::cluster {

namespace {

std::string slots_text(long long n) {
  return std::to_string(n) + (n == 1 ? " task slot" : " task slots");
}

} // namespace

std::variant<slot_assignment, error> place_slots(int required,
                                                 const std::vector<slot_offer>& offers) {
  slot_assignment out;
  out.slots_used.assign(offers.size(), 0);
  if (required <= 0)
    return out;
  long long offered = 0;
  for (const auto& o : offers)
    offered += std::max(o.slots, 0);
  if (offered < required) {
    std::string msg = "the job needs " + slots_text(required)
                      + " (its highest parallelism), but the cluster offers "
                      + std::to_string(offered);
    std::string per_node;
    for (const auto& o : offers) {
      per_node += per_node.empty() ? ": " : ", ";
      per_node += o.node + ": " + std::to_string(std::max(o.slots, 0));
    }
    msg += per_node.empty() ? " (no node offers slots)" : per_node;
    msg += "; start more workers or give them more slots (--weir-slots / WEIR_SLOTS)";
    return error{errc::invalid_configuration, std::move(msg)};
  }
  // Round-robin from the offer after the one that took the last slot; since enough slots are
  // free in total, the inner search always finds one.
  out.offer_of_slot.reserve(static_cast<std::size_t>(required));
  std::size_t next = 0;
  for (int s = 0; s < required; ++s) {
    while (out.slots_used[next] >= offers[next].slots)
      next = (next + 1) % offers.size();
    out.offer_of_slot.push_back(next);
    ++out.slots_used[next];
    next = (next + 1) % offers.size();
  }
  return out;
}

} // namespace weir::cluster
