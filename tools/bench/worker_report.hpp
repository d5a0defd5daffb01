#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weir::bench {

/// What a worker process of `weir-bench ... --processes N` computed and sent, written by the
/// worker as one line on its stdout and read by the coordinator (the process that started it)
/// once the job ended: the partial totals of the counting sink instances that ran there, and
/// the worker's weir::actors::wire_statistics(). The coordinator adds its own to get the
/// job's totals.
struct worker_report {
  /// The first word of the line, so that other output on the worker's stdout is skipped.
  static constexpr std::string_view tag = "weir-bench-worker";

  bool job_ok = false;
  std::uint64_t results = 0;
  std::int64_t checksum_units = 0;
  /// Counting sink instances that reported (finish() ran) in the worker.
  std::uint64_t sink_instances = 0;
  std::uint64_t records_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t batches_sent = 0;
  std::uint64_t records_received = 0;
  std::uint64_t bytes_received = 0;
  /// Peak resident set size of the worker in MiB; negative = unknown.
  double peak_rss_mb = -1;

  /// `weir-bench-worker job=ok results=.. checksum_units=.. ...`, without a newline.
  [[nodiscard]] std::string line() const;
  /// The report in the first line of `output` that starts with the tag, or nothing if there
  /// is none or a field is missing or not a number.
  [[nodiscard]] static std::optional<worker_report> parse(std::string_view output);
};

} // namespace weir::bench
