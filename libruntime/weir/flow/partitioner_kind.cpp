#include "weir/flow/partitioner_kind.hpp"

namespace weir::flow {

const char* to_string(partitioner_kind kind) noexcept {
  switch (kind) {
    case partitioner_kind::forward: return "FORWARD";
    case partitioner_kind::rebalance: return "REBALANCE";
    case partitioner_kind::rescale: return "RESCALE";
    case partitioner_kind::shuffle: return "SHUFFLE";
    case partitioner_kind::broadcast: return "BROADCAST";
    case partitioner_kind::key_group: return "HASH";
    case partitioner_kind::custom: return "CUSTOM";
  }
  return "?";
}

bool is_pointwise(partitioner_kind kind) noexcept {
  return kind == partitioner_kind::forward || kind == partitioner_kind::rescale;
}

std::vector<int> connected_receivers(partitioner_kind kind, int senders, int receivers,
                                     int sender) {
  std::vector<int> out;
  if (kind == partitioner_kind::forward) {
    out.push_back(sender);
  } else if (kind == partitioner_kind::rescale) {
    // Flink's POINTWISE pattern: with more senders than receivers each sender feeds one
    // receiver; with fewer, each sender feeds a contiguous block of receivers.
    if (senders >= receivers) {
      out.push_back(static_cast<int>(static_cast<long>(sender) * receivers / senders));
    } else {
      int first = static_cast<int>(static_cast<long>(sender) * receivers / senders);
      int last = static_cast<int>(static_cast<long>(sender + 1) * receivers / senders);
      for (int r = first; r < last; ++r)
        out.push_back(r);
    }
  } else {
    for (int r = 0; r < receivers; ++r)
      out.push_back(r);
  }
  return out;
}

} // namespace weir::flow
