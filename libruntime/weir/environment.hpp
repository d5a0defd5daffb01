#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "weir/configuration.hpp"
#include "weir/executor.hpp"
#include "weir/graph/job_graph.hpp"
#include "weir/graph/stream_graph.hpp"
#include "weir/inlet.hpp"
#include "weir/job_client.hpp"
#include "weir/job_execution_result.hpp"

namespace weir {

template <class T>
class data_stream;

/// Entry point of a Weir program (Flink's StreamExecutionEnvironment): holds the
/// configuration, creates sources, and runs the graph built from them. Not thread-safe;
/// build a job from one thread. As in Flink, execute() consumes what was built: a second
/// execute() runs only the sinks added since (and what they read from), and without any it
/// fails with "No operators defined in streaming topology".
class environment {
public:
  /// An environment with the default settings and this process's cluster settings
  /// (weir::init's --weir-* flags, else the WEIR_* variables; embedded without either).
  environment() { adopt_process_cluster(); }
  /// An environment with `config`; its `cluster` field is used as given.
  explicit environment(configuration config) : config_(std::move(config)) {}

  // -- configuration ---------------------------------------------------------------------------
  [[nodiscard]] configuration& config() noexcept { return config_; }
  [[nodiscard]] const configuration& config() const noexcept { return config_; }
  environment& set_parallelism(int p) { config_.parallelism = p; return *this; }
  environment& set_max_parallelism(int p) { config_.max_parallelism = p; return *this; }
  environment& set_batch_size(std::size_t records) { config_.batch_size = records; return *this; }
  environment& set_buffer_timeout(std::chrono::milliseconds t) {
    config_.buffer_timeout = t;
    return *this;
  }
  /// How often timestamp assigners emit periodic watermarks (0 = never). Default 200 ms.
  environment& set_auto_watermark_interval(std::chrono::milliseconds interval) {
    config_.auto_watermark_interval = interval;
    return *this;
  }
  environment& set_state_backend(state_backend_kind kind) {
    config_.state_backend = kind;
    return *this;
  }
  environment& set_state_dir(std::string dir) {
    config_.state_dir = std::move(dir);
    return *this;
  }
  /// RocksDB: values of incremental windows kept on the heap before the oldest windows move
  /// to RocksDB (configuration::window_cache_entries).
  environment& set_window_cache_entries(std::size_t values) {
    config_.window_cache_entries = values;
    return *this;
  }
  /// Records per batch on channels between processes of a cluster; 0 = 4 × batch size.
  environment& set_remote_batch_size(std::size_t records) {
    config_.remote_batch_size = records;
    return *this;
  }
  environment& set_credits_per_channel(std::uint32_t batches) {
    config_.credits_per_channel = batches;
    return *this;
  }
  /// Scheduler threads of the embedded mini cluster; 0 = one per core (the default).
  environment& set_worker_threads(std::size_t threads) {
    config_.worker_threads = threads;
    return *this;
  }

  // -- fault tolerance -------------------------------------------------------------------------
  /// Takes a checkpoint every `interval` (Flink's enableCheckpointing); the rest of the
  /// settings are in checkpoint_config().
  environment& enable_checkpointing(std::chrono::milliseconds interval,
                                    checkpointing_mode mode = checkpointing_mode::exactly_once) {
    config_.checkpointing.interval = interval;
    config_.checkpointing.mode = mode;
    return *this;
  }
  [[nodiscard]] weir::checkpoint_config& checkpoint_config() noexcept {
    return config_.checkpointing;
  }
  /// What a failure leads to (Flink's setRestartStrategy).
  environment& set_restart_strategy(restart_strategy strategy) {
    config_.restart = std::move(strategy);
    return *this;
  }
  /// Starts the job from a savepoint or a retained checkpoint's chk-<n> directory (Flink's
  /// `flink run -s PATH`), matching operators by uid.
  environment& set_savepoint_restore(std::string path, bool allow_non_restored_state = false) {
    config_.savepoint_path = std::move(path);
    config_.allow_non_restored_state = allow_non_restored_state;
    return *this;
  }
  /// Injects the faults of `plan` into the job (tests of recovery).
  environment& set_fault_plan(std::shared_ptr<fault_plan> plan) {
    config_.faults = std::move(plan);
    return *this;
  }

  // -- sources ---------------------------------------------------------------------------------
  /// Emits the elements in order (non-parallel, as in Flink).
  template <class T>
  data_stream<T> from_collection(std::vector<T> values);
  template <class T>
  data_stream<T> from_elements(std::initializer_list<T> values) {
    return from_collection(std::vector<T>(values));
  }
  /// Emits fn(i) for i in [0, count), split evenly across the source's parallel instances.
  template <class F>
  auto generate(std::uint64_t count, F fn) -> data_stream<std::invoke_result_t<F&, std::uint64_t>>;
  /// One record per line of the file at `path`; parallel instances split it by byte range.
  data_stream<std::string> read_text_file(std::string path);
  /// A user source_function; each parallel instance gets a copy. Parallelism defaults to 1.
  template <class S>
  data_stream<typename S::value_type> add_source(S source, std::string name = "Custom Source");
  /// An actor source: the stream of what threads and actors put into the returned inlet,
  /// named `name` (non-parallel). Use it as `auto [stream, in] = env.from_actor<T>("orders")`.
  /// The stream ends when the inlet is closed; see weir::inlet for backpressure, ordering and
  /// what checkpoints guarantee.
  template <class T>
  std::pair<data_stream<T>, inlet<T>> from_actor(std::string name, inlet_options options = {});

  // -- running -------------------------------------------------------------------------------
  /// Runs the job on the embedded mini cluster and blocks until a bounded job ends. The
  /// result holds the error if the job could not start or failed.
  [[nodiscard]] job_execution_result execute(std::string job_name = "Weir Streaming Job");
  /// Starts the job and returns at once; the client cancels it or waits for it.
  [[nodiscard]] job_client execute_async(std::string job_name = "Weir Streaming Job");
  /// The physical plan execute() would deploy, or the error it would report.
  [[nodiscard]] std::variant<graph::job_graph, error> plan(std::string job_name = "plan") const;

  // -- for the typed API -------------------------------------------------------------------------
  [[nodiscard]] graph::stream_graph& stream_graph() noexcept { return graph_; }

private:
  void adopt_process_cluster() {
    const auto& c = process_cluster_config();
    if (const auto* cluster = std::get_if<cluster_config>(&c))
      config_.cluster = *cluster;
    else
      cluster_error_ = std::get<error>(c);
  }

  configuration config_;
  graph::stream_graph graph_;
  /// A bad WEIR_* variable or --weir-* flag: execute() fails with it.
  std::optional<error> cluster_error_;
};

// execute() is inline so that the reference to the actor layer's launch_local_job comes from
// the program that runs the job; libruntime itself never depends on the actors.
inline job_client environment::execute_async(std::string job_name) {
  auto plan = this->plan(job_name);
  // As in Flink, what was built is consumed by the execution, whether it started or not; the
  // plan runs its own copy of the graph, so the program may go on building the next job.
  graph_.mark_executed();
  if (cluster_error_)
    return job_client::failed(std::move(job_name), *cluster_error_);
  if (auto* err = std::get_if<error>(&plan))
    return job_client::failed(std::move(job_name), std::move(*err));
  return detail::launch_job(std::move(std::get<graph::job_graph>(plan)), config_);
}

inline job_execution_result environment::execute(std::string job_name) {
  return execute_async(std::move(job_name)).wait();
}

} // namespace weir
