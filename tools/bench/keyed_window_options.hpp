#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "bench/workload.hpp"
#include "weir/configuration.hpp"
#include "weir/state_backend_kind.hpp"

namespace weir::bench {

/// Everything `weir-bench keyed-window` can vary. The plain loop reads only `workload` and
/// `window_size`; the other fields map one to one onto weir::configuration.
struct keyed_window_options {
  /// Events, keys and event-time density. Defaults: 10,000,000 events, 1000 keys, 10 events
  /// per ms (so a 1 s window holds 10,000 events, 10 per key).
  workload_params workload{10'000'000, 1000, 10};
  /// Size of the tumbling event-time windows, in ms. Default: 1000.
  std::chrono::milliseconds window_size{1000};
  /// Parallel instances of every operator. Default: 1.
  int parallelism = 1;
  /// Where the window contents live. Default: heap.
  state_backend_kind backend = state_backend_kind::heap;
  /// Parent directory of the RocksDB instances; empty = Weir's default
  /// (`<temp>/weir-rocksdb`). Default: empty.
  std::string state_dir;
  /// RocksDB: window values kept on the heap before the oldest windows move to RocksDB
  /// (configuration::window_cache_entries). Default: Weir's.
  std::size_t window_cache_entries = configuration{}.window_cache_entries;
  /// Records per batch. Default: 1024 (Weir's default).
  std::size_t batch_size = 1024;
  /// Buffer timeout in ms. Default: 100 (Weir's default).
  std::chrono::milliseconds buffer_timeout{100};
  /// Credits (batches in flight) per channel. Default: 4 (Weir's default).
  std::uint32_t credits = 4;
  /// Period of the monotonous watermark generator, in ms (auto_watermark_interval). Default:
  /// 200 (Weir's and Flink's default).
  std::chrono::milliseconds watermark_interval{200};
  /// Total source rate in events per second; 0 = as fast as possible. A positive rate paces
  /// the source on the wall clock and measures the latency of every window result (see
  /// window_result_sink). Default: 0.
  double rate = 0;
  /// Scheduler threads of the mini cluster; 0 = Weir's default. Default: 0.
  std::size_t worker_threads = 0;
  /// Exactly-once checkpoints every this many ms; 0 = none. `weir-bench keyed-window` with a
  /// positive interval runs the job without and then with checkpoints and reports both.
  /// Default: 0.
  std::chrono::milliseconds checkpoint_interval{0};
  /// Parent of the run's checkpoint directory; the job writes `<job id>/chk-<n>/` there.
  /// Empty = Weir's default (`<temp>/weir-checkpoints`). The command sets a fresh
  /// subdirectory of the user's --checkpoint-dir (or of the temp dir). Default: empty.
  std::string checkpoint_dir;
  /// Unaligned checkpoints (checkpoint_config::unaligned). Default: false.
  bool unaligned = false;

  /// The first invalid field, named as its command-line flag with the accepted range.
  [[nodiscard]] std::optional<std::string> validate() const;
};

} // namespace weir::bench
