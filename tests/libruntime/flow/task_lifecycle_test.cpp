// The lifecycle of one task without actors: open, idle back-off, a poll that blocks too long,
// cancel and close. One chain, driven through a recording transport:
//
//   scripted source ─► map (rich: open/close) ─► sink (rich: open/close)     one task
//
// Every user call appends to a shared trace, so the tests assert the order of calls.

#include <boost/test/unit_test.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "weir/api.hpp"
#include "weir/graph/task_builder.hpp"
#include "weir/test/recording_transport.hpp"

using namespace weir;
using namespace std::chrono_literals;
using weir::test::recording_transport;

namespace {

using trace_log = std::shared_ptr<std::vector<std::string>>;

/// Plays `script`: a positive n emits n records, 0 is nothing_available, -1 ends the input.
/// After the script it keeps saying nothing_available. `block` advances the injected clock in
/// each poll, standing in for a poll that blocks.
class scripted_source final : public source_function<int> {
public:
  scripted_source(trace_log log, std::vector<int> script,
                  std::shared_ptr<time::manual_clock> clock = {}, std::chrono::milliseconds block = {})
    : log_(std::move(log)), script_(std::move(script)), clock_(std::move(clock)), block_(block) {}
  void open(const runtime_context&) override { log_->push_back("source open"); }
  source_status poll(collector<int>& out, std::size_t) override {
    log_->push_back("source poll");
    if (clock_)
      clock_->advance(block_);
    int step = next_ < script_.size() ? script_[next_++] : 0;
    if (step < 0)
      return source_status::end_of_input;
    for (int i = 0; i < step; ++i)
      out.collect(i);
    return step == 0 ? source_status::nothing_available : source_status::more_available;
  }
  void cancel() override { log_->push_back("source cancel"); }
  void close() override { log_->push_back("source close"); }

private:
  trace_log log_;
  std::vector<int> script_;
  std::size_t next_ = 0;
  std::shared_ptr<time::manual_clock> clock_;
  std::chrono::milliseconds block_;
};

struct rich_map {
  trace_log log;
  bool throw_in_open = false;
  bool throw_in_close = false;
  void open(const runtime_context&) {
    log->push_back("map open");
    if (throw_in_open)
      throw std::runtime_error("no connection");
  }
  int operator()(const int& x) const { return x; }
  void close() {
    log->push_back("map close");
    if (throw_in_close)
      throw std::runtime_error("flush failed");
  }
};

class tracing_sink final : public sink_function<int> {
public:
  explicit tracing_sink(trace_log log) : log_(std::move(log)) {}
  void open(const runtime_context&) override { log_->push_back("sink open"); }
  void invoke(const int&) override {}
  void close() override { log_->push_back("sink close"); }

private:
  trace_log log_;
};

struct chain_job {
  trace_log log = std::make_shared<std::vector<std::string>>();
  graph::job_graph plan;

  explicit chain_job(std::vector<int> script, rich_map map = {},
                     std::shared_ptr<time::manual_clock> clock = {},
                     std::chrono::milliseconds block = {}) {
    environment env;
    env.set_batch_size(8);
    env.config().source_idle_backoff_max = 2ms;
    env.config().clock = clock;
    map.log = log;
    env.add_source(scripted_source{log, std::move(script), clock, block}, "Scripted")
      .map(map)
      .name("Rich Map")
      .add_sink(tracing_sink{log});
    plan = std::get<graph::job_graph>(env.plan());
  }

  [[nodiscard]] std::string trace() const {
    std::string out;
    for (const auto& s : *log)
      out += (out.empty() ? "" : ", ") + s;
    return out;
  }
};

std::vector<long> micros(const std::vector<std::chrono::microseconds>& ds) {
  std::vector<long> out;
  for (auto d : ds)
    out.push_back(static_cast<long>(d.count()));
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(task_lifecycle_test)

BOOST_AUTO_TEST_CASE(the_chain_is_in_one_task) {
  chain_job job{std::vector<int>{-1}};
  BOOST_TEST(job.plan.vertices.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_idle_source_backs_off_exponentially_to_the_bound_and_resets_on_data) {
  chain_job job{std::vector<int>{0, 0, 0, 0, 0, 0, 3, 0, 0}};
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  for (int i = 0; i < 9; ++i)
    task->on_poll();
  // open asks for the first poll at once; then 100, 200, ... µs up to the 2 ms bound; the
  // records of the 7th poll reset the pause, and the empty poll right after them in the same
  // activation waits 100 µs again.
  BOOST_TEST(micros(t.poll_delays)
                == (std::vector<long>{0, 100, 200, 400, 800, 1600, 2000, 100, 200, 400}),
              boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_wake_makes_a_backing_off_source_poll_at_once_and_is_ignored_otherwise) {
  chain_job job{std::vector<int>{0, 0, 0, 4, 0}};
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  task->on_wake(); // the first poll is already due at once: nothing to add
  task->on_poll(); // empty: waits 100 us
  task->on_poll(); // empty: waits 200 us
  task->on_wake(); // records arrived: poll now, and the back-off starts over
  task->on_wake(); // a second wake while that poll is due adds nothing
  task->on_poll(); // empty
  task->on_poll(); // records, then empty in the same activation
  BOOST_TEST(micros(t.poll_delays) == (std::vector<long>{0, 100, 200, 0, 100, 100}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_poll_that_blocks_beyond_the_bound_fails_naming_the_source_and_how_long) {
  auto clock = std::make_shared<time::manual_clock>();
  chain_job job{{5, 5, 5}, rich_map{}, clock, 6000ms};
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  try {
    task->on_poll();
    BOOST_FAIL("a poll that blocked for 6 s did not fail");
  } catch (const flow::operator_failure& e) {
    BOOST_TEST(e.err().code() == errc::user_function_failed);
    BOOST_TEST(e.err().message()
               == "operator 'Scripted' (subtask 1/1) failed: poll() blocked for 6000 ms, longer "
                  "than the bound of 5000 ms (configuration::source_poll_timeout); a source "
                  "must not wait in poll(): return nothing_available and it is polled again "
                  "shortly");
  }
  task->cancel();
  task->on_poll(); // a cancelled task never polls again
  BOOST_TEST(job.trace()
             == "source open, map open, sink open, source poll, source cancel, source close, "
                "map close, sink close");
}

BOOST_AUTO_TEST_CASE(cancel_calls_the_source_cancel_then_closes_every_operator_once_upstream_first) {
  chain_job job{std::vector<int>{2, 0}};
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  task->on_poll();
  task->cancel();
  task->cancel();
  task->on_poll();
  BOOST_TEST(job.trace()
             == "source open, map open, sink open, source poll, source poll, source cancel, "
                "source close, map close, sink close");
  BOOST_TEST(task->done());
}

BOOST_AUTO_TEST_CASE(a_finished_task_closes_every_operator_once_and_cancel_adds_nothing) {
  chain_job job{std::vector<int>{2, -1}};
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  task->on_poll();
  BOOST_TEST(task->done());
  task->cancel();
  BOOST_TEST(job.trace()
             == "source open, map open, sink open, source poll, source poll, source close, "
                "map close, sink close");
}

BOOST_AUTO_TEST_CASE(a_throwing_open_names_the_operator_and_only_opened_operators_close) {
  chain_job job{std::vector<int>{-1}, rich_map{nullptr, true, false}};
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  try {
    task->open();
    BOOST_FAIL("open() did not fail");
  } catch (const flow::operator_failure& e) {
    BOOST_TEST(e.err().code() == errc::user_function_failed);
    BOOST_TEST(e.err().message() == "operator 'Rich Map' (subtask 1/1) failed: no connection");
  }
  task->cancel();
  // the sink was never opened, so it is not closed; the map whose open threw is
  BOOST_TEST(job.trace() == "source open, map open, source cancel, source close, map close");
}

BOOST_AUTO_TEST_CASE(a_throwing_close_still_closes_the_others_and_reports_the_first) {
  chain_job job{std::vector<int>{0}, rich_map{nullptr, false, true}};
  recording_transport t;
  auto task = graph::build_task(job.plan, 0, 0, t);
  task->open();
  try {
    task->cancel();
    BOOST_FAIL("a close() that throws was not reported");
  } catch (const flow::operator_failure& e) {
    BOOST_TEST(e.err().message() == "operator 'Rich Map' (subtask 1/1) failed: flush failed");
  }
  BOOST_TEST(job.trace()
             == "source open, map open, sink open, source cancel, source close, map close, "
                "sink close");
}

BOOST_AUTO_TEST_CASE(the_poll_bound_counts_the_poll_not_the_chained_operators_after_it) {
  // A slow map chained to the source takes 2 s of the injected clock per record; the source's
  // own poll takes none. That is a slow job, not a blocking source.
  auto clock = std::make_shared<time::manual_clock>();
  auto log = std::make_shared<std::vector<std::string>>();
  environment env;
  env.set_batch_size(4);
  env.config().clock = clock;
  env.add_source(scripted_source{log, {4, -1}}, "Scripted")
    .map([clock](const int& x) {
      clock->advance(2000ms);
      return x;
    })
    .add_sink(tracing_sink{log});
  auto plan = std::get<graph::job_graph>(env.plan());
  recording_transport t;
  auto task = graph::build_task(plan, 0, 0, t);
  task->open();
  BOOST_CHECK_NO_THROW(task->on_poll());
  BOOST_TEST(task->done());
}

BOOST_AUTO_TEST_SUITE_END()
