#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace weir::graph {
struct job_graph;
}

namespace weir::cluster {

/// Version of what crosses between nodes (the Cap'n Proto schemas and the cluster protocol).
/// Nodes of different versions refuse each other.
inline constexpr std::uint32_t wire_version = 1;

/// What identifies the job a process built: a canonical description of its job graph (one
/// line per vertex and edge: names, operator ids, parallelism, max parallelism, record
/// types, partitioners, chaining) and its 64-bit hash (FNV-1a), which also covers
/// wire_version. Two processes that ran the same program with the same flags get the same
/// fingerprint.
struct plan_fingerprint {
  std::uint64_t hash = 0;
  std::string description;

  [[nodiscard]] static plan_fingerprint of(const graph::job_graph& plan);

  /// Null if equal; else a message naming the first line where `worker` differs from
  /// `coordinator` ("line <n>: coordinator: <line>; worker: <line>", or "coordinator has
  /// <n> lines, worker has <m>" when one description is a prefix of the other), for the
  /// refusal of a worker.
  [[nodiscard]] static std::optional<std::string> difference(const plan_fingerprint& coordinator,
                                                             const plan_fingerprint& worker);
  /// 16 hex digits.
  [[nodiscard]] std::string hex() const;
};

} // namespace weir::cluster
