// Checkpoints of the window operator. Operator level: window operators made by the plan's own
// factory are driven by hand, snapshotted after record m through a fake snapshot context (the
// backend snapshots itself to a directory), and fresh operators (at the same or another
// parallelism, backend or RocksDB cache bound) restore through a fake initialization context
// and take the rest; the rows both halves emit equal those of an uninterrupted run:
//
//   records ─by key group─► Window ×p ─► rows ─ snapshot at m ─► Window ×p' (restored) ─► rows
//
// Job level, on the embedded mini cluster with checkpoints every 5 ms, one injected failure in
// the window operator and restarts from the latest checkpoint:
//
//   generate(i) ─► Slow ─► timestamps (bounded) ─hash(key)─► Window(Aggregate, Process) ─► Results
//
// the window results of every attempt, gathered by (key, window end) since replays re-emit
// them, equal those of the plain loop (which equal a failure-free run's).

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "window_support.hpp"

#include "weir/graph/job_graph.hpp"

using namespace weir;
using namespace weir::test;
using namespace std::chrono_literals;

namespace {

constexpr int max_parallelism = 128;

// -- fake contexts -------------------------------------------------------------------------------

struct keyed_entry {
  std::string part;
  flow::key_group group;
  std::string key;
  std::string value;
};

/// A checkpoint of every instance: the key-grouped entries their snapshot_state wrote, and the
/// directories their backends wrote.
struct checkpoint_image {
  std::vector<keyed_entry> entries;
  std::vector<std::string> backend_dirs;
};

class fake_snapshot_context final : public flow::state_snapshot_context {
public:
  explicit fake_snapshot_context(checkpoint_image& out) : out_(&out) {}
  [[nodiscard]] checkpoint_id checkpoint() const noexcept override { return checkpoint_id{1}; }
  void add_keyed(std::string_view part, flow::key_group group, std::string_view key,
                 std::string_view value) override {
    out_->entries.push_back({std::string{part}, group, std::string{key}, std::string{value}});
  }
  void add_element(std::string_view part, std::string_view) override {
    BOOST_FAIL("a window operator wrote list part " << part);
  }

private:
  checkpoint_image* out_;
};

/// Hands out the entries of the key groups `groups`, from every former instance.
class fake_initialization_context final : public flow::state_initialization_context {
public:
  fake_initialization_context(const checkpoint_image& from, flow::key_group_range groups)
    : from_(&from), groups_(groups) {}
  [[nodiscard]] bool is_restored() const noexcept override { return true; }
  void for_each_keyed(std::string_view part, const keyed_visitor& visit) override {
    for (const auto& e : from_->entries)
      if (e.part == part && groups_.contains(e.group))
        visit(e.group, e.key, e.value);
  }
  [[nodiscard]] std::vector<std::string> elements(std::string_view) override { return {}; }

private:
  const checkpoint_image* from_;
  flow::key_group_range groups_;
};

// -- driving window operators by hand -------------------------------------------------------------

/// Where window state lives: the backend, and RocksDB's window cache bound.
struct config {
  const char* name;
  state_backend_kind backend;
  std::size_t cache = std::size_t{1} << 19;
};
const config on_heap{"heap", state_backend_kind::heap};
const config on_rocksdb{"rocksdb", state_backend_kind::rocksdb};
const config rocksdb_spilling{"rocksdb cache 3", state_backend_kind::rocksdb, 3};
const config rocksdb_uncached{"rocksdb cache 0", state_backend_kind::rocksdb, 0};

/// The factory of the window operator `build(keyed events)` makes, as the plan has it.
template <class Build>
graph::operator_factory window_factory(Build build) {
  environment env;
  auto keyed = env.from_collection(std::vector<event>{{"a", 0, 0}})
                 .key_by([](const event& e) { return e.key; });
  build(keyed).collect();
  auto planned = env.plan();
  if (auto* err = std::get_if<error>(&planned))
    BOOST_FAIL("the window job does not plan: " << err->to_string());
  const auto& plan = std::get<graph::job_graph>(planned);
  for (const auto& n : plan.graph->nodes())
    if (n.name.rfind("Window", 0) == 0)
      return n.make_operator;
  BOOST_FAIL("no window operator in the plan");
  return {};
}

struct row_sink final : flow::input<std::string> {
  rows got;
  void push(flow::record_batch<std::string>& b) override {
    got.insert(got.end(), b.records.begin(), b.records.end());
  }
};

/// `parallelism` instances of a window operator, each fed the records of its key groups, as a
/// keyed exchange would; optionally restored from `restore`.
class window_instances {
public:
  window_instances(const graph::operator_factory& make, int parallelism, const config& c,
                   const std::filesystem::path& dir, const checkpoint_image* restore = nullptr)
    : parallelism_(parallelism), sinks_(static_cast<std::size_t>(parallelism)),
      watermarks_(static_cast<std::size_t>(parallelism), event_time_min.value()) {
    for (int i = 0; i < parallelism; ++i) {
      runtime_context ctx{"Window", i, parallelism, max_parallelism,
                          flow::key_group_range_for_operator(max_parallelism, parallelism, i)};
      state_settings s;
      s.backend = c.backend;
      s.directory = (dir / ("db-" + std::to_string(i))).string();
      s.window_cache_entries = c.cache;
      ctx.set_state_settings(s);
      auto op = make(ctx);
      op->connect_output(static_cast<flow::input<std::string>*>(&sinks_[i]));
      if (restore != nullptr) {
        op->context().keyed_state()->restore_directories = restore->backend_dirs;
        fake_initialization_context init{*restore, ctx.key_groups()};
        op->run_initialize_state(init);
      }
      op->run_open();
      ops_.push_back(std::move(op));
    }
  }
  ~window_instances() {
    for (auto& op : ops_)
      op->run_close();
  }

  /// The record goes to the instance of its key group; then `watermark` to every instance it
  /// is news to.
  void push(const event& e, std::int64_t watermark) {
    auto group = flow::assign_to_key_group(key_hash<std::string>{}(e.key), max_parallelism);
    auto i = flow::operator_index_for_key_group(group, max_parallelism, parallelism_);
    flow::record_batch<event> batch;
    batch.records.push_back(e);
    batch.timestamps.push_back(e.ts);
    static_cast<flow::input<event>*>(ops_[static_cast<std::size_t>(i)]->input_face(0))->push(batch);
    for (std::size_t j = 0; j < ops_.size(); ++j)
      if (watermark > watermarks_[j]) {
        watermarks_[j] = watermark;
        ops_[j]->run_process_watermark(event_time{watermark});
      }
  }

  /// Every instance's snapshot_state, then its backend's snapshot (as the runtime orders them).
  checkpoint_image snapshot(const std::filesystem::path& dir) {
    checkpoint_image out;
    for (std::size_t i = 0; i < ops_.size(); ++i) {
      fake_snapshot_context ctx{out};
      ops_[i]->run_snapshot_state(ctx);
      if (auto& backend = ops_[i]->context().keyed_state()->backend) {
        auto d = dir / ("keyed-" + std::to_string(i));
        auto written = backend->snapshot_sync(d).run();
        if (!written)
          BOOST_FAIL("the backend snapshot failed: " << written.err().to_string());
        out.backend_dirs.push_back(d.string());
      }
    }
    return out;
  }

  /// The final watermark.
  void finish() {
    for (auto& op : ops_)
      op->run_process_watermark(event_time_max);
  }

  [[nodiscard]] rows emitted() const {
    rows out;
    for (const auto& s : sinks_)
      out.insert(out.end(), s.got.begin(), s.got.end());
    return out;
  }

private:
  int parallelism_;
  std::vector<row_sink> sinks_;
  std::vector<std::int64_t> watermarks_;
  std::vector<std::unique_ptr<flow::operator_base>> ops_;
};

constexpr std::int64_t bound = 10;

/// Five keys, timestamps rising by 0..6 ms and out of order by up to 8 ms (within the bound:
/// nothing is late), so that sessions (gap 5) both split and merge out of order.
std::vector<event> test_events() {
  std::vector<event> out;
  std::uint64_t x = 12345;
  std::int64_t t = 100;
  for (int i = 0; i < 150; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    t += static_cast<std::int64_t>((x >> 33) % 7);
    const auto back = static_cast<std::int64_t>((x >> 40) % 9);
    out.push_back({std::string(1, static_cast<char>('a' + (x >> 50) % 5)), t - back,
                   static_cast<double>(i % 7 + 1)});
  }
  return out;
}

/// Punctuated watermark after each record: max timestamp so far - bound - 1.
std::vector<std::int64_t> watermarks_of(const std::vector<event>& events) {
  std::vector<std::int64_t> out;
  std::int64_t max = event_time_min.value() / 2;
  for (const auto& e : events) {
    max = std::max(max, e.ts);
    out.push_back(max - bound - 1);
  }
  return out;
}

rows uninterrupted(const graph::operator_factory& make, const std::vector<event>& events) {
  temp_dir dir;
  auto wms = watermarks_of(events);
  rows out;
  {
    window_instances run{make, 1, on_heap, dir.path()};
    for (std::size_t i = 0; i < events.size(); ++i)
      run.push(events[i], wms[i]);
    run.finish();
    out = run.emitted();
  }
  return sorted(out);
}

/// The parts the snapshots of a test wrote.
std::set<std::string> parts_written;

/// An entry keyed by a record key (a timer's key starts with it) is in that key's key group.
void check_key_groups(const checkpoint_image& image) {
  for (const auto& e : image.entries) {
    parts_written.insert(e.part);
    if (e.part == "windows-in-backend")
      continue; // keyed by window, in the key group of the values it counts
    byte_reader in{std::string_view{e.key}};
    std::string key;
    in.read(key);
    BOOST_TEST_REQUIRE(in.ok());
    BOOST_TEST(e.group.value
                 == flow::assign_to_key_group(key_hash<std::string>{}(key), max_parallelism).value,
               e.part << " entry of key " << key << " in key group " << e.group.value);
  }
}

/// Records [0, m) on `from` at parallelism `p`, a checkpoint, records [m, end) on fresh
/// instances restored from it on `to` at parallelism `q`.
rows interrupted(const graph::operator_factory& make, const std::vector<event>& events,
                 std::size_t m, const config& from, int p, const config& to, int q) {
  temp_dir dir;
  auto wms = watermarks_of(events);
  rows out;
  checkpoint_image image;
  {
    window_instances before{make, p, from, dir.path() / "before"};
    for (std::size_t i = 0; i < m; ++i)
      before.push(events[i], wms[i]);
    image = before.snapshot(dir.path() / "chk-1");
    check_key_groups(image);
    out = before.emitted();
  }
  window_instances after{make, q, to, dir.path() / "after", &image};
  for (std::size_t i = m; i < events.size(); ++i)
    after.push(events[i], wms[i]);
  after.finish();
  auto rest = after.emitted();
  out.insert(out.end(), rest.begin(), rest.end());
  return sorted(out);
}

struct restore_case {
  config from;
  int p;
  config to;
  int q;
};

/// Incremental windows (the typed table): the same configuration at the same and other
/// parallelisms, and across backends and cache bounds (a savepoint restored with other
/// settings), so that table, cache, spilled and uncached values meet each other.
const std::vector<restore_case> incremental_cases = {
  {on_heap, 1, on_heap, 1},
  {on_heap, 2, on_heap, 3},
  {on_rocksdb, 3, on_rocksdb, 1},
  {rocksdb_spilling, 1, rocksdb_spilling, 1},
  {rocksdb_spilling, 2, rocksdb_spilling, 3},
  {rocksdb_uncached, 3, rocksdb_uncached, 1},
  {on_heap, 2, rocksdb_spilling, 2},
  {rocksdb_spilling, 2, on_heap, 1},
  {rocksdb_spilling, 1, on_rocksdb, 2},
  {rocksdb_uncached, 3, rocksdb_spilling, 2},
  {on_rocksdb, 1, rocksdb_uncached, 3},
  {rocksdb_uncached, 2, on_heap, 2},
};

/// Windows whose contents are keyed state only (lists, merging window sets, evictors).
const std::vector<restore_case> backend_cases = {
  {on_heap, 2, on_heap, 3},
  {on_rocksdb, 3, on_rocksdb, 1},
  {on_heap, 1, on_rocksdb, 2},
  {on_rocksdb, 2, on_heap, 1},
};

/// Every restore case at a few cut points gives the uninterrupted run's rows.
void check_restores(const graph::operator_factory& make, const std::vector<restore_case>& cases) {
  parts_written.clear();
  const auto events = test_events();
  const auto expected = uninterrupted(make, events);
  BOOST_TEST_REQUIRE(expected.size() > 10u);
  for (const auto& rc : cases)
    for (std::size_t m : {std::size_t{41}, std::size_t{97}}) {
      auto got = interrupted(make, events, m, rc.from, rc.p, rc.to, rc.q);
      BOOST_TEST((got == expected), rc.from.name << " P=" << rc.p << " -> " << rc.to.name
                                                  << " P=" << rc.q << ", cut at " << m << ": "
                                                  << got.size() << " rows, want "
                                                  << expected.size());
    }
}

event sum_events(const event& x, const event& y) {
  return event{x.key, std::max(x.ts, y.ts), x.value + y.value};
}

/// Flink's AggregateFunction for an average, with merge (for sessions).
struct average {
  struct acc {
    double sum = 0;
    std::int64_t count = 0;
  };
  acc create_accumulator() const { return {}; }
  acc add(const event& e, acc a) const {
    a.sum += e.value;
    ++a.count;
    return a;
  }
  double get_result(const acc& a) const { return a.count ? a.sum / a.count : 0; }
  acc merge(acc a, acc b) const { return {a.sum + b.sum, a.count + b.count}; }
};

/// "key window result" per firing of an aggregate.
struct show_result {
  template <class W>
  void operator()(const std::string& key, window_context<W>& ctx, const std::vector<double>& r,
                  collector<std::string>& out) const {
    out.collect(key + " " + show_window(ctx.window()) + " " + show_value(r.at(0)));
  }
};

} // namespace

template <>
struct weir::codec<average::acc> {
  static void encode(byte_writer& out, const average::acc& a) {
    out.write(a.sum);
    out.write(a.count);
  }
  static void decode(byte_reader& in, average::acc& a) { in.read(a.sum) && in.read(a.count); }
};

BOOST_AUTO_TEST_SUITE(window_checkpoint_test)

// -- operator level -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(tumbling_reduce_restores_its_heap_table_cache_and_spilled_windows) {
  check_restores(window_factory([](auto keyed) {
    return keyed.window(tumbling_event_time_windows::of(10ms))
      .template reduce<std::string>(sum_events, show_contents{});
  }), incremental_cases);
  BOOST_TEST((parts_written == std::set<std::string>{"window-timers", "window-contents",
                                                      "windows-in-backend"}));
}

BOOST_AUTO_TEST_CASE(sliding_aggregate_restores_every_window_an_element_is_in) {
  check_restores(window_factory([](auto keyed) {
    return keyed.window(sliding_event_time_windows::of(20ms, 5ms))
      .template aggregate<std::string>(average{}, show_result{});
  }), incremental_cases);
}

BOOST_AUTO_TEST_CASE(session_process_restores_merging_window_sets_and_their_lists) {
  check_restores(window_factory([](auto keyed) {
    return keyed.window(event_time_session_windows::with_gap(5ms))
      .template process<std::string>(show_contents{});
  }), backend_cases);
  BOOST_TEST((parts_written == std::set<std::string>{"window-timers"}));
}

BOOST_AUTO_TEST_CASE(session_aggregate_restores_accumulators_that_merge) {
  check_restores(window_factory([](auto keyed) {
    return keyed.window(event_time_session_windows::with_gap(5ms))
      .template aggregate<std::string>(average{}, show_result{});
  }), backend_cases);
}

BOOST_AUTO_TEST_CASE(count_window_reduce_restores_its_count_and_global_window_values) {
  check_restores(window_factory([](auto keyed) {
    return keyed.count_window(4).template reduce<std::string>(sum_events, show_contents{});
  }), incremental_cases);
  // A global window has no cleanup timer, and a count trigger none either.
  BOOST_TEST((parts_written == std::set<std::string>{"window-contents", "windows-in-backend"}));
}

BOOST_AUTO_TEST_CASE(sliding_count_window_restores_its_evictor_list) {
  check_restores(window_factory([](auto keyed) {
    return keyed.count_window(3, 2).template process<std::string>(show_contents{});
  }), backend_cases);
}

// -- job level ------------------------------------------------------------------------------------

namespace {

constexpr std::uint64_t job_records = 60'000;
constexpr int job_keys = 7;

struct reading {
  int key = 0;
  std::int64_t ts = 0;
  std::int64_t value = 0;
};

/// Timestamps rise by 1 ms per record, out of order by up to 8 ms (bound 20: nothing late).
reading reading_of(std::uint64_t i) {
  auto n = static_cast<std::int64_t>(i);
  return reading{static_cast<int>(i % job_keys), n - 4 * (n % 3), n % 10};
}

/// (sum, count)
struct sum_count {
  using acc = std::pair<std::int64_t, std::int64_t>;
  acc create_accumulator() const { return {0, 0}; }
  acc add(const reading& r, acc a) const { return {a.first + r.value, a.second + 1}; }
  acc get_result(const acc& a) const { return a; }
};

using window_result = std::tuple<int, std::int64_t, std::int64_t, std::int64_t>;
using result_map = std::map<std::pair<int, std::int64_t>, std::pair<std::int64_t, std::int64_t>>;

/// Tumbling windows of 100 ms: (key, window end) -> (sum, count), by the plain loop.
result_map expected_results() {
  result_map out;
  for (std::uint64_t i = 0; i < job_records; ++i) {
    auto r = reading_of(i);
    auto end = window_start_with_offset(r.ts, 0, 100) + 100;
    auto& [sum, count] = out[{r.key, end}];
    sum += r.value;
    ++count;
  }
  return out;
}

/// Up to 5 windows where `got` differs from `want`, for the failure message.
std::string differences(const result_map& got, const result_map& want) {
  std::string out;
  int n = 0;
  for (const auto& [kw, v] : want) {
    auto it = got.find(kw);
    if (it != got.end() && it->second == v)
      continue;
    if (n++ == 5)
      break;
    out += " (key " + std::to_string(kw.first) + ", end " + std::to_string(kw.second) + "): "
           + (it == got.end() ? std::string{"missing"}
                              : std::to_string(it->second.first) + "/"
                                  + std::to_string(it->second.second))
           + " want " + std::to_string(v.first) + "/" + std::to_string(v.second) + ";";
  }
  return out;
}

/// The subtask of the window operator at `parallelism` that gets key 0, and how many records
/// it gets in all.
std::pair<int, std::uint64_t> busy_subtask(int parallelism) {
  auto owner = [&](int key) {
    return flow::operator_index_for_key_group(
      flow::assign_to_key_group(key_hash<int>{}(key), max_parallelism), max_parallelism,
      parallelism);
  };
  std::uint64_t records = 0;
  for (int k = 0; k < job_keys; ++k)
    if (owner(k) == owner(0))
      records += job_records / job_keys;
  return {owner(0), records};
}

/// Every result as it arrives, from every attempt (collect() keeps only what the last attempt
/// finished with), keyed by (key, window end): a replay of a result lands on its first copy.
struct result_sink final : sink_function<window_result> {
  struct shared {
    std::mutex mtx;
    result_map results;
    bool consistent = true;
  };
  std::shared_ptr<shared> to = std::make_shared<shared>();
  void invoke(const window_result& r) override {
    const auto& [key, end, sum, count] = r;
    std::lock_guard lock{to->mtx};
    auto [it, fresh] = to->results.try_emplace({key, end}, sum, count);
    to->consistent = to->consistent && (fresh || it->second == std::pair{sum, count});
  }
};

struct job_run {
  result_map results;
  bool consistent = false;
  std::size_t restarts = 0;
  std::size_t restored = 0;
  std::string restored_from;
};

job_run run_window_job(int parallelism, const config& c, std::shared_ptr<fault_plan> faults) {
  temp_dir dir;
  environment env;
  env.set_parallelism(parallelism).set_batch_size(64).set_auto_watermark_interval(1ms);
  env.set_state_backend(c.backend).set_state_dir((dir.path() / "db").string());
  env.set_window_cache_entries(c.cache);
  env.enable_checkpointing(std::chrono::milliseconds{5});
  env.checkpoint_config().directory = (dir.path() / "checkpoints").string();
  env.set_restart_strategy(weir::restart_strategy::fixed_delay(10, std::chrono::milliseconds{0}));
  if (faults)
    env.set_fault_plan(faults);
  result_sink sink;
  env.generate(job_records, [](std::uint64_t i) { return reading_of(i); })
      .map([](const reading& r) {
        if (r.ts % 400 == 0) // records take a while, so that checkpoints complete meanwhile
          std::this_thread::sleep_for(200us);
        return r;
      })
      .name("Slow")
      .assign_timestamps_and_watermarks(
        watermark_strategy<reading>::for_bounded_out_of_orderness(20ms)
          .with_timestamp_assigner([](const reading& r) { return r.ts; }))
      .key_by([](const reading& r) { return r.key; })
      .window(tumbling_event_time_windows::of(100ms))
      .aggregate<window_result>(
        sum_count{}, [](const int& key, window_context<time_window>& ctx,
                        const std::vector<sum_count::acc>& r, collector<window_result>& o) {
          o.collect({key, ctx.window().end, r.at(0).first, r.at(0).second});
        })
      .uid("windows")
      .add_sink(sink, "Results");
  auto result = env.execute("window checkpoints");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  job_run run;
  run.results = sink.to->results;
  run.consistent = sink.to->consistent;
  run.restarts = result.restarts().size();
  for (const auto& r : result.restarts()) {
    run.restored += r.restored_checkpoint.has_value();
    run.restored_from += r.restored_checkpoint ? " chk-" + std::to_string(r.restored_checkpoint->value())
                                               : std::string{" scratch"};
  }
  return run;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_failure_free_window_job_gives_the_plain_loops_results) {
  const auto expected = expected_results();
  for (const auto& c : {on_heap, on_rocksdb}) {
    auto run = run_window_job(2, c, nullptr);
    BOOST_TEST(run.consistent);
    BOOST_TEST(run.restarts == 0u);
    BOOST_TEST((run.results == expected), c.name << ": " << run.results.size() << " windows");
  }
}

BOOST_AUTO_TEST_CASE(a_window_job_that_fails_restores_its_windows_and_gives_the_same_results) {
  const auto expected = expected_results();
  std::size_t restored = 0;
  for (const auto& c : {on_heap, on_rocksdb, config{"rocksdb cache 64", state_backend_kind::rocksdb, 64}})
    for (int p = 1; p <= 3; ++p) {
      auto faults = std::make_shared<fault_plan>(11 + p);
      auto [subtask, records] = busy_subtask(p);
      faults->fail_after_records("Window(Aggregate, Process)", subtask, records / 2);
      auto run = run_window_job(p, c, faults);
      BOOST_TEST(faults->fired() == 1u, c.name << " P=" << p);
      BOOST_TEST(run.restarts == 1u, c.name << " P=" << p);
      BOOST_TEST(run.consistent, c.name << " P=" << p << ": a replay changed a window's result");
      BOOST_TEST((run.results == expected),
                 c.name << " P=" << p << ", restored from" << run.restored_from << ": "
                        << run.results.size() << " windows, want " << expected.size() << ";"
                        << differences(run.results, expected));
      BOOST_TEST_MESSAGE(c.name << " P=" << p << ": restarted from" << run.restored_from);
      restored += run.restored;
    }
  // Timing decides whether a checkpoint completed before each failure; over 9 failures some
  // did, so window state was restored, not only recomputed from the start.
  BOOST_TEST(restored > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
