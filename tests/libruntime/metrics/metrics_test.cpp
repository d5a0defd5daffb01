// Metrics as plain classes: user metric groups, the histogram's statistics, the Prometheus
// text writer, the task time meter and the job tracker's checkpoint history.

#include <boost/test/unit_test.hpp>

#include "weir/error.hpp"
#include "weir/flow/job_tracker.hpp"
#include "weir/flow/task_time_meter.hpp"
#include "weir/metrics/metric_group.hpp"
#include "weir/metrics/prometheus_writer.hpp"

using namespace weir;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(metrics_test)

BOOST_AUTO_TEST_CASE(a_metric_group_samples_counters_gauges_and_histograms_in_order) {
  metrics::metric_group g;
  auto& c = g.counter("rejected");
  c.inc();
  c.inc(4);
  BOOST_TEST(&g.counter("rejected") == &c);
  double level = 2.5;
  g.gauge("level", [&] { return level; });
  auto& h = g.histogram("lookup_ns");
  for (int i = 1; i <= 100; ++i)
    h.record(i);
  level = 7;
  auto s = g.sample();
  BOOST_REQUIRE(s.size() == 3u);
  BOOST_TEST(s[0].name == "rejected");
  BOOST_TEST(s[0].value == 5.0);
  BOOST_TEST(s[1].value == 7.0);
  BOOST_TEST(s[2].statistics.count == 100u);
  BOOST_TEST(s[2].statistics.min == 1u);
  BOOST_TEST(s[2].statistics.max == 100u);
  BOOST_TEST(s[2].statistics.p50 == 50u);
  BOOST_TEST(s[2].statistics.mean == 50.5);
}

BOOST_AUTO_TEST_CASE(a_bad_metric_name_or_a_kind_clash_is_an_error_naming_it) {
  metrics::metric_group g;
  g.counter("x");
  try {
    g.histogram("x");
    BOOST_FAIL("expected an error");
  } catch (const weir_exception& e) {
    BOOST_TEST(std::string{e.what()}.find("'x' is a counter") != std::string::npos);
  }
  BOOST_CHECK_THROW(g.counter("has space"), weir_exception);
  BOOST_CHECK_THROW(g.counter("9lives"), weir_exception);
}

BOOST_AUTO_TEST_CASE(prometheus_text_groups_families_and_escapes_label_values) {
  metrics::prometheus_writer w;
  w.counter("weir_a_total", "A things", {{"operator", "Map \"x\"\\y\nz"}}, 3);
  w.gauge("weir_b", "B level", {}, 0.25);
  w.counter("weir_a_total", "A things", {{"operator", "Other"}}, 4);
  metrics::histogram_statistics st{2, 1, 3, 2.0, 1, 3, 3};
  w.summary("weir_c", "C", {{"k", "v"}}, st);
  auto text = w.str();
  BOOST_TEST(text.find("# HELP weir_a_total A things\n# TYPE weir_a_total counter\n"
                       "weir_a_total{operator=\"Map \\\"x\\\"\\\\y\\nz\"} 3\n"
                       "weir_a_total{operator=\"Other\"} 4\n")
             != std::string::npos);
  BOOST_TEST(text.find("weir_b 0.25\n") != std::string::npos);
  BOOST_TEST(text.find("# TYPE weir_c summary\nweir_c{k=\"v\",quantile=\"0.5\"} 1\n")
             != std::string::npos);
  BOOST_TEST(text.find("weir_c_sum{k=\"v\"} 4\nweir_c_count{k=\"v\"} 2\n") != std::string::npos);
  BOOST_TEST(metrics::prometheus_writer::sanitize("a-b.c") == "a_b_c");
}

BOOST_AUTO_TEST_CASE(the_time_meter_splits_busy_idle_and_backpressured_time) {
  flow::task_time_meter m{0ns};
  m.begin(10ns); // 10 idle
  m.end(15ns, true); // 5 busy, then waits for credit
  m.begin(40ns); // 25 backpressured
  m.end(42ns, false); // 2 busy
  auto t = m.read(50ns); // 8 idle so far
  BOOST_TEST(t.busy.count() == 7);
  BOOST_TEST(t.idle.count() == 18);
  BOOST_TEST(t.backpressured.count() == 25);
  BOOST_TEST(!m.backpressured());
}

BOOST_AUTO_TEST_CASE(the_job_tracker_keeps_checkpoint_counts_history_and_exceptions) {
  graph::job_graph plan;
  plan.job_name = "j";
  flow::job_tracker t{"abc", plan, 1000};
  t.checkpoint_triggered(1, false, 1100);
  t.checkpoint_triggered(2, true, 1200);
  t.checkpoint_completed(1, 64, "/tmp/chk-1", 1150);
  t.checkpoint_failed(2, "declined", 1300);
  t.checkpoint_failed(1, "late abort of a completed one", 1400); // ignored
  t.on_exception(error{errc::user_function_failed, "boom"}, 1500, true);
  auto d = t.details(job_status::running, 1, 2000);
  BOOST_TEST(d.id == "abc");
  BOOST_TEST(d.duration_ms() == 1000);
  BOOST_TEST(d.checkpoints.completed == 1u);
  BOOST_TEST(d.checkpoints.failed == 1u);
  BOOST_TEST(d.checkpoints.in_progress == 0u);
  BOOST_REQUIRE(d.checkpoints.history.size() == 2u);
  BOOST_TEST(d.checkpoints.history[0].status == "FAILED"); // newest first
  BOOST_TEST(d.checkpoints.history[1].duration_ms() == 50);
  BOOST_TEST(d.checkpoints.history[1].state_size == 64u);
  BOOST_REQUIRE(d.exceptions.size() == 1u);
  BOOST_TEST(d.exceptions[0].kind == "user_function_failed");
  BOOST_TEST(d.exceptions[0].restarted);
}

BOOST_AUTO_TEST_SUITE_END()
