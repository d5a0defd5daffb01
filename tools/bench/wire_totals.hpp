#pragma once

#include <cstdint>

#include "bench/worker_report.hpp"
#include "weir/actors/task_actor.hpp"

namespace weir::bench {

/// What crossed between processes on task channels (batch frames only: Cap'n Proto bytes of
/// the records and their framing, not CAF's message header or TCP), as counted by
/// weir::actors::wire_statistics() in one process or summed over several.
struct wire_totals {
  std::uint64_t records_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t batches_sent = 0;
  std::uint64_t records_received = 0;
  std::uint64_t bytes_received = 0;

  /// This process's counters now.
  [[nodiscard]] static wire_totals of_this_process() {
    const auto& s = actors::wire_statistics();
    return {s.records_sent.load(), s.bytes_sent.load(), s.batches_sent.load(),
            s.records_received.load(), s.bytes_received.load()};
  }
  /// What a worker reported.
  [[nodiscard]] static wire_totals of(const worker_report& r) {
    return {r.records_sent, r.bytes_sent, r.batches_sent, r.records_received, r.bytes_received};
  }

  /// The counts since `before` (the counters only grow).
  [[nodiscard]] wire_totals since(const wire_totals& before) const {
    return {records_sent - before.records_sent, bytes_sent - before.bytes_sent,
            batches_sent - before.batches_sent, records_received - before.records_received,
            bytes_received - before.bytes_received};
  }
  wire_totals& operator+=(const wire_totals& o) {
    records_sent += o.records_sent;
    bytes_sent += o.bytes_sent;
    batches_sent += o.batches_sent;
    records_received += o.records_received;
    bytes_received += o.bytes_received;
    return *this;
  }
};

} // namespace weir::bench
