#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "weir/checkpoint/checkpoint_metadata.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/key_hash.hpp"
#include "weir/state/make_keyed_state_backend.hpp"
#include "weir/state/keyed_state_backends.hpp"
#include "weir/state/operator_state_backend.hpp"
#include "weir/test/temp_dir.hpp"

namespace weir::test {

/// A completed checkpoint on disk, written by the state layer as the tasks of this job would
/// write it, with its _metadata:
///
///   source-1 (parallelism 1)           counter (parallelism 2, max parallelism 128)
///     subtask 0: operator_state          subtask 0, heap:    keyed  count, seen; extras timers
///       offsets (split list) 3 entries   subtask 1, RocksDB: keyed  count, seen
///       splits (union list)  1 entry
///
/// Keys 0..199 each have a `count` (value of long) and one `seen` entry (map std::string ->
/// int); subtask 0's extras hold a `timers` list of two elements for each of its keys.
struct checkpoint_fixture {
  static constexpr int keys = 200;
  static constexpr int max_parallelism = 128;

  temp_dir dir;
  std::filesystem::path chk = dir.path() / "9f1c0e" / "chk-3";
  checkpoint::checkpoint_metadata meta;
  /// Keys owned by counter's subtasks 0 and 1.
  int owned[2] = {0, 0};

  checkpoint_fixture() {
    meta.job_id = "9f1c0e";
    meta.job_name = "word count";
    meta.id = checkpoint_id{3};
    meta.timestamp_ms = 1'700'000'000'123;

    state::operator_state_backend source{0, 1};
    auto* offsets = must(source.get_list_state(list_state_descriptor<long>{"offsets"}));
    for (long o : {10L, 20L, 30L})
      offsets->add(o);
    must(source.get_union_list_state(list_state_descriptor<std::string>{"splits"}))
      ->add("lines.txt");
    auto op_snap = must(source.snapshot_sync(chk / "source-1/0/operator").run());
    add("source-1", "Source: lines", 1, max_parallelism, {0, {1, 0}, "", "source-1/0/operator", "", "", {}, {}, op_snap.bytes});

    for (int i = 0; i < 2; ++i) {
      auto range = flow::key_group_range_for_operator(max_parallelism, 2, i);
      auto kind = i == 0 ? state::backend_kind::heap : state::backend_kind::rocksdb;
      auto keyed = backend(kind, range);
      auto extras = backend(state::backend_kind::heap, range);
      auto* count = must(keyed->get_state(value_state_descriptor<long>{"count"}));
      auto* seen = must(keyed->get_state(map_state_descriptor<std::string, int>{"seen"}));
      auto* timers = must(extras->get_state(list_state_descriptor<long>{"timers"}));
      for (int k = 0; k < keys; ++k) {
        if (!range.contains(flow::assign_to_key_group(key_hash<int>{}(k), max_parallelism)))
          continue;
        ++owned[i];
        must(keyed->set_current_key(k));
        count->update(k * 10L);
        seen->put("w" + std::to_string(k), k);
        if (i == 0) {
          must(extras->set_current_key(k));
          timers->add(1000L + k);
          timers->add(2000L + k);
        }
      }
      const std::string base = "counter/" + std::to_string(i);
      auto k_snap = must(keyed->snapshot_sync(chk / (base + "/keyed")).run());
      std::uint64_t bytes = k_snap.bytes;
      std::string extras_path;
      if (i == 0) {
        bytes += must(extras->snapshot_sync(chk / (base + "/extras")).run()).bytes;
        extras_path = base + "/extras";
      }
      add("counter", "Keyed Aggregation", 2, max_parallelism,
          {i, range, base + "/keyed", "", extras_path, "", {}, {}, bytes});
    }
    if (auto e = checkpoint::write_metadata(meta, chk))
      throw std::runtime_error(e->to_string());
  }

  /// The snapshot file of a part directory relative to chk.
  [[nodiscard]] std::filesystem::path file(const std::string& part, const char* name) const {
    return chk / part / name;
  }

private:
  std::shared_ptr<state::manual_clock> clock_ =
    std::make_shared<state::manual_clock>(std::chrono::milliseconds{1'000'000});
  temp_dir rocksdb_dir_;

  void add(const std::string& id, const std::string& name, int parallelism, int max_par,
           checkpoint::subtask_state s) {
    checkpoint::task_snapshot t;
    t.parts.push_back({id, name, parallelism, max_par, std::move(s)});
    meta.add(t);
  }

  std::unique_ptr<state::keyed_state_backend> backend(state::backend_kind kind,
                                                      flow::key_group_range range) {
    state::keyed_state_backend_config config{range, max_parallelism, clock_};
    state::rocksdb_backend_options options;
    options.directory = rocksdb_dir_.path();
    options.block_cache_bytes = 1 << 20;
    options.write_buffer_bytes = 1 << 20;
    return must(state::make_keyed_state_backend(kind, config, options));
  }

  template <class T>
  static T must(state::result<T> r) {
    if (!r)
      throw std::runtime_error(r.err().to_string());
    return std::move(*r);
  }
  static void must(state::result<void> r) {
    if (!r)
      throw std::runtime_error(r.err().to_string());
  }
};

} // namespace weir::test
