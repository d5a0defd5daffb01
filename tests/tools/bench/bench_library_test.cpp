// The library under bin/weir-bench: its measuring pieces, and the claim every figure rests on,
// that the Weir job computes exactly what the plain loop computes.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "bench/checkpoint_summary.hpp"
#include "bench/keyed_window_baseline.hpp"
#include "bench/keyed_window_command.hpp"
#include "bench/keyed_window_checkpoint_command.hpp"
#include "bench/keyed_window_job.hpp"
#include "bench/keyed_window_options.hpp"
#include "bench/latency_histogram.hpp"
#include "bench/local_cluster.hpp"
#include "bench/report_line.hpp"
#include "bench/stateless_baseline.hpp"
#include "bench/stateless_job.hpp"
#include "bench/stateless_options.hpp"
#include "bench/worker_process.hpp"
#include "bench/worker_report.hpp"
#include "weir/cluster_config.hpp"
#include "weir/test/temp_dir.hpp"

using namespace weir::bench;

BOOST_AUTO_TEST_SUITE(bench_library_test)

BOOST_AUTO_TEST_CASE(histogram_quantiles_are_within_two_percent_of_exact_ones) {
  std::mt19937_64 rng{7};
  std::lognormal_distribution<double> dist{12.0, 1.0}; // ~160 µs median, long tail
  std::vector<std::uint64_t> values;
  latency_histogram h;
  for (int i = 0; i < 100000; ++i) {
    auto v = static_cast<std::uint64_t>(dist(rng));
    values.push_back(v);
    h.record(static_cast<std::int64_t>(v));
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.99}) {
    auto exact = static_cast<double>(values[static_cast<std::size_t>(q * (values.size() - 1))]);
    auto approx = static_cast<double>(h.quantile(q));
    BOOST_TEST(std::abs(approx - exact) / exact < 0.02, "q=" << q << " exact " << exact
                                                               << " histogram " << approx);
  }
  BOOST_TEST(h.count() == 100000u);
}

BOOST_AUTO_TEST_CASE(merged_histograms_count_both_sides) {
  latency_histogram a, b;
  a.record(100);
  b.record(1000000);
  b.record(-5); // counts as 0
  a.merge(b);
  BOOST_TEST(a.count() == 3u);
  BOOST_TEST(latency_histogram{}.quantile(0.5) == 0u);
}

BOOST_AUTO_TEST_CASE(a_checkpoint_summary_has_mean_median_and_max_of_trigger_to_completion) {
  // Triggered at 1000 ms, completed 10, 30 and 20 ms later (completion in ns).
  std::vector<checkpoint_sample> samples{{"job", 1, 1000, 1'010'000'000, 100, 110},
                                         {"job", 2, 1000, 1'030'000'000, 300, 310},
                                         {"job", 3, 1000, 1'020'000'000, 200, 210}};
  auto s = checkpoint_summary::of(samples);
  BOOST_TEST(s.count == 3u);
  BOOST_TEST(s.mean_ms == 20.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(s.median_ms == 20.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(s.max_ms == 30.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(s.max_bytes == 300u);
  BOOST_TEST(s.max_disk_bytes == 310u);
  BOOST_TEST(checkpoint_summary::of({}).count == 0u);
}

BOOST_AUTO_TEST_CASE(the_keyed_window_job_with_checkpoints_computes_what_it_computes_without) {
  weir::test::temp_dir dir;
  keyed_window_options o;
  o.workload = {2'000'000, 100, 10};
  o.checkpoint_interval = std::chrono::milliseconds{5};
  o.checkpoint_dir = dir.path().string();
  std::ostringstream out;
  std::ostringstream err;
  BOOST_TEST(run_keyed_window_checkpoint_command(o, bench_mode::compare, out, err) == 0,
             err.str());
  BOOST_TEST(out.str().find("match=yes") != std::string::npos, out.str());
  BOOST_TEST(out.str().find("checkpoint_ratio=") != std::string::npos, out.str());
}

BOOST_AUTO_TEST_CASE(a_report_line_is_space_separated_key_value_pairs_in_order) {
  report_line line;
  line.add("events_per_sec", std::uint64_t{12}).add("checksum", 1.5, "%.9e").add("mode", "weir");
  BOOST_TEST(line.str() == "events_per_sec=12 checksum=1.500000000e+00 mode=weir");
}

BOOST_AUTO_TEST_CASE(the_weir_job_matches_the_plain_loop_at_random_settings) {
  std::mt19937 rng{11};
  for (int round = 0; round < 6; ++round) {
    stateless_options o;
    o.workload.events = std::uniform_int_distribution<std::uint64_t>(0, 200000)(rng);
    o.workload.keys = std::uniform_int_distribution<std::uint64_t>(1, 500)(rng);
    o.parallelism = std::uniform_int_distribution<int>(1, 3)(rng);
    o.rebalance = round % 2 == 1;
    o.batch_size = std::vector<std::size_t>{1, 7, 256, 1024}[static_cast<std::size_t>(round % 4)];
    o.credits = static_cast<std::uint32_t>(1 + round % 3);
    BOOST_REQUIRE(!o.validate());
    auto plain = run_baseline(o);
    auto weir = run_weir(o);
    BOOST_REQUIRE(!weir.failure);
    BOOST_TEST(weir.totals.results == plain.totals.results);
    BOOST_TEST(weir.totals.checksum_units == plain.totals.checksum_units);
  }
}

BOOST_AUTO_TEST_CASE(the_cross_all_job_matches_the_plain_loop) {
  for (int p : {2, 3, 4}) {
    stateless_options o;
    o.workload = {100'003, static_cast<std::uint64_t>(60 * p), 7};
    o.parallelism = p;
    o.cross_all = true;
    o.batch_size = 100;
    BOOST_REQUIRE(!o.validate());
    auto plain = run_baseline(o);
    auto weir = run_weir(o);
    BOOST_REQUIRE(!weir.failure);
    BOOST_TEST(weir.totals.results == plain.totals.results);
    BOOST_TEST(weir.totals.checksum_units == plain.totals.checksum_units);
  }
}

BOOST_AUTO_TEST_CASE(cross_all_is_refused_when_the_key_does_not_name_the_instance) {
  stateless_options o;
  o.parallelism = 3;
  o.workload.keys = 1000;
  o.cross_all = true;
  auto problem = o.validate();
  BOOST_REQUIRE(problem);
  BOOST_TEST(problem->find("--keys 1002") != std::string::npos, *problem);
  o.workload.keys = 999;
  BOOST_TEST(!o.validate());
  o.rebalance = true;
  BOOST_TEST(o.validate().has_value());
}

BOOST_AUTO_TEST_CASE(a_worker_report_reads_back_what_it_wrote_among_other_output) {
  worker_report r;
  r.job_ok = true;
  r.results = 12;
  r.checksum_units = -34;
  r.sink_instances = 2;
  r.records_sent = 5;
  r.bytes_sent = 160;
  r.batches_sent = 1;
  r.records_received = 7;
  r.bytes_received = 224;
  r.peak_rss_mb = 21.5;
  auto output = "something else\nweir-bench-workers job=ok\n" + r.line() + "\ntrailing\n";
  auto back = worker_report::parse(output);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->line() == r.line());
  BOOST_TEST(back->checksum_units == -34);
  BOOST_TEST(back->records_received == 7u);
}

BOOST_AUTO_TEST_CASE(a_worker_report_with_a_missing_or_bad_field_is_no_report) {
  worker_report r;
  auto line = r.line();
  BOOST_TEST(!worker_report::parse(""));
  BOOST_TEST(!worker_report::parse(line.substr(0, line.find(" bytes_sent"))));
  auto bad = line;
  bad.replace(bad.find("results=0"), 9, "results=x");
  BOOST_TEST(!worker_report::parse(bad));
  BOOST_TEST(worker_report::parse(line)->job_ok == false);
}

BOOST_AUTO_TEST_CASE(a_worker_process_hands_back_its_stdout_and_exit_code) {
  auto started = worker_process::start("/bin/sh", {"-c", "echo one; echo two >&1; exit 3"});
  BOOST_REQUIRE(std::holds_alternative<worker_process>(started));
  auto status = std::get<worker_process>(started).finish(std::chrono::seconds{10});
  BOOST_TEST(status.exited);
  BOOST_TEST(status.code == 3);
  BOOST_TEST(!status.timed_out);
  BOOST_TEST(status.output == "one\ntwo\n");
}

BOOST_AUTO_TEST_CASE(a_worker_process_still_running_at_the_deadline_is_killed) {
  auto started = worker_process::start("/bin/sh", {"-c", "echo started; exec sleep 30"});
  BOOST_REQUIRE(std::holds_alternative<worker_process>(started));
  auto begin = std::chrono::steady_clock::now();
  auto status = std::get<worker_process>(started).finish(std::chrono::milliseconds{200});
  BOOST_TEST(status.timed_out);
  BOOST_TEST(!status.exited);
  BOOST_TEST(status.signal == 9);
  BOOST_TEST(status.output == "started\n");
  BOOST_TEST((std::chrono::steady_clock::now() - begin < std::chrono::seconds{10}));
  BOOST_TEST(std::holds_alternative<weir::error>(
    worker_process::start("/nonexistent/weir-bench", {})));
}

BOOST_AUTO_TEST_CASE(a_local_clusters_workers_read_their_role_from_the_flags_it_adds) {
  local_cluster_options lo;
  lo.processes = 3;
  lo.slots_per_process = 2;
  lo.program_args = {"stateless", "--events", "5"};
  auto prepared = local_cluster::prepare(lo);
  BOOST_REQUIRE(std::holds_alternative<local_cluster>(prepared));
  const auto& cluster = std::get<local_cluster>(prepared);
  auto coordinator = cluster.coordinator_config();
  BOOST_TEST(!coordinator.validate());
  BOOST_TEST(coordinator.workers == 2);
  BOOST_TEST(coordinator.effective_slots() == 2);

  // What a worker's weir::init does with its arguments.
  auto args = cluster.worker_args();
  std::vector<char*> argv{const_cast<char*>("weir-bench")};
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(argv.size()) - 1;
  weir::cluster_config worker;
  BOOST_REQUIRE(!worker.apply_args(argc, argv.data()));
  BOOST_TEST(!worker.validate());
  BOOST_TEST((worker.role == weir::cluster_role::worker));
  BOOST_TEST(worker.join_port == cluster.port());
  BOOST_TEST(worker.effective_slots() == 2);
  BOOST_TEST(argc == 4);
  BOOST_TEST(std::string{argv[3]} == "5");

  lo.processes = 1;
  BOOST_TEST(std::holds_alternative<weir::error>(local_cluster::prepare(lo)));
}

namespace {

/// The keyed window workload the slow, obvious way: every reading kept per (key, window),
/// averaged at the end, in the readings' order.
stateless_totals keyed_window_oracle(const keyed_window_options& o) {
  std::map<std::pair<std::uint64_t, std::int64_t>, std::vector<double>> windows;
  const auto size = o.window_size.count();
  for (std::uint64_t i = 0; i < o.workload.events; ++i) {
    auto c = to_celsius(make_reading(i, o.workload));
    windows[{c.key, c.ts_ms / size}].push_back(c.c);
  }
  stateless_totals t;
  for (const auto& [at, values] : windows) {
    double sum = 0;
    for (double v : values)
      sum += v;
    ++t.results;
    t.checksum_units += std::llround(sum / static_cast<double>(values.size()) * 1e6);
  }
  return t;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_keyed_window_loop_emits_one_average_per_key_and_window) {
  std::mt19937 rng{5};
  for (int round = 0; round < 12; ++round) {
    keyed_window_options o;
    o.workload.events = std::uniform_int_distribution<std::uint64_t>(0, 30000)(rng);
    o.workload.keys = std::uniform_int_distribution<std::uint64_t>(1, 300)(rng);
    o.workload.events_per_ms = std::uniform_int_distribution<std::uint64_t>(1, 20)(rng);
    o.window_size = std::chrono::milliseconds{std::uniform_int_distribution<int>(1, 1500)(rng)};
    BOOST_REQUIRE(!o.validate());
    auto expected = keyed_window_oracle(o);
    auto plain = run_keyed_window_baseline(o);
    BOOST_TEST(plain.totals.results == expected.results, "round " << round);
    BOOST_TEST(plain.totals.checksum_units == expected.checksum_units, "round " << round);
  }
}

BOOST_AUTO_TEST_CASE(the_default_keyed_window_workload_has_ten_readings_per_key_and_window) {
  keyed_window_options o;
  o.workload.events = 50000; // 5 windows of 1000 keys
  auto plain = run_keyed_window_baseline(o);
  BOOST_TEST(plain.totals.results == 5000u);
  BOOST_TEST(plain.totals.checksum_units == keyed_window_oracle(o).checksum_units);
}

BOOST_AUTO_TEST_CASE(the_keyed_window_job_matches_the_plain_loop_on_heap_and_rocksdb) {
  weir::test::temp_dir dir;
  for (auto backend : {weir::state_backend_kind::heap, weir::state_backend_kind::rocksdb}) {
    for (int parallelism : {1, 2, 3}) {
      keyed_window_options o;
      o.workload.events = 30000; // 3 windows of 1000 keys, 10 readings each
      o.parallelism = parallelism;
      o.backend = backend;
      o.state_dir = dir.path().string();
      o.batch_size = parallelism == 3 ? 7 : 1024;
      BOOST_REQUIRE(!o.validate());
      std::ostringstream out, err;
      auto code = run_keyed_window_command(o, bench_mode::compare, out, err);
      BOOST_TEST(code == 0, out.str() << err.str());
      BOOST_TEST(out.str().find(" results=3000 ") != std::string::npos, out.str());
      BOOST_TEST(out.str().find(" match=yes ") != std::string::npos, out.str());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_paced_keyed_window_run_reports_the_latency_of_each_window_result) {
  keyed_window_options o;
  o.workload = {30000, 100, 100}; // 300 ms of event time, paced at 100k events/s: 0.3 s
  o.window_size = std::chrono::milliseconds{100};
  o.rate = 100000;
  o.watermark_interval = std::chrono::milliseconds{5};
  auto run = run_keyed_window_weir(o);
  BOOST_REQUIRE(!run.failure);
  BOOST_TEST(run.totals.results == 300u);
  // The last window closes on the final watermark, not on a record: no latency for it.
  BOOST_TEST(run.totals.latency.count() == 200u);
  BOOST_TEST(run.totals.latency.quantile(0.5) < 5'000'000'000u); // ns
}

BOOST_AUTO_TEST_SUITE_END()
