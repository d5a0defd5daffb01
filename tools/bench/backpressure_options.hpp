#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace weir::bench {

/// Everything `weir-bench checkpoint-backpressure` can vary: a source that is always ahead of
/// a sink that sleeps per batch, so that every channel into the sinks holds all the batches
/// its credits allow when a checkpoint is triggered.
struct backpressure_options {
  /// Parallel instances of every operator; each sink instance reads P channels. Default: 2.
  int parallelism = 2;
  /// Records per batch; also how many records the sink takes between two sleeps.
  /// Default: 1024 (Weir's default).
  std::size_t batch_size = 1024;
  /// Credits (batches in flight) per channel. Default: 4 (Weir's default).
  std::uint32_t credits = 4;
  /// How long the sink sleeps after every `batch_size` records, in µs. Default: 10,000
  /// (10 ms, so a sink instance takes about 100,000 records/s).
  std::chrono::microseconds sink_sleep{10'000};
  /// Wall time the job runs before it is cancelled, in s. Default: 10.
  std::chrono::seconds duration{10};
  /// Checkpoint interval, in ms. Default: 1000.
  std::chrono::milliseconds checkpoint_interval{1000};
  /// Unaligned checkpoints. Default: false (aligned).
  bool unaligned = false;
  /// Parent of the run's checkpoint directory (a fresh subdirectory, removed afterwards);
  /// empty = the temp dir. Default: empty.
  std::string checkpoint_dir;
  /// Scheduler threads of the mini cluster. Default: 4: a sleeping sink holds its thread, and
  /// on 2 threads two sleeping sinks would leave none for the source and the job master
  /// (threads that sleep cost no CPU).
  std::size_t worker_threads = 4;

  /// The first invalid field, named as its flag with the accepted range.
  [[nodiscard]] std::optional<std::string> validate() const;
};

} // namespace weir::bench
