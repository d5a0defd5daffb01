// The job master and its tasks on CAF's deterministic scheduler: cancel and failure stop every
// task (source cancel(), then close() of every function) before the job completes, so that
// wait() never returns while user code may still run.
//
//   unbounded source ─► map ─rebalance─► sink (2 instances)
//        task 0                        tasks 1, 2

#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include "weir/actors/actor_system_setup.hpp"
#include "weir/actors/job_completion.hpp"
#include "weir/actors/job_master.hpp"
#include "weir/actors/type_ids.hpp"
#include "weir/weir.hpp"

using namespace weir;
using namespace weir::actors;

namespace {

using trace_log = std::shared_ptr<std::vector<std::string>>;

/// Emits a few records per poll forever, with a pause between polls (nothing_available), so
/// that the deterministic scheduler runs out of work between the source's timers.
class endless_source final : public source_function<int> {
public:
  explicit endless_source(trace_log log) : log_(std::move(log)) {}
  source_status poll(collector<int>& out, std::size_t) override {
    for (int i = 0; i < 3; ++i)
      out.collect(next_++);
    return source_status::nothing_available;
  }
  void cancel() override { log_->push_back("source cancel"); }
  void close() override { log_->push_back("source close"); }

private:
  trace_log log_;
  int next_ = 0;
};

class tracing_sink final : public sink_function<int> {
public:
  tracing_sink(trace_log log, int fail_at) : log_(std::move(log)), fail_at_(fail_at) {}
  void open(const runtime_context& ctx) override { subtask_ = ctx.index_of_this_subtask(); }
  void invoke(const int& x) override {
    if (x == fail_at_)
      throw std::runtime_error("sink rejected " + std::to_string(x));
  }
  void close() override { log_->push_back("sink close " + std::to_string(subtask_ + 1)); }

private:
  trace_log log_;
  int fail_at_;
  int subtask_ = 0;
};

struct fixture {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;
  trace_log log = std::make_shared<std::vector<std::string>>();
  std::shared_ptr<job_completion> completion = std::make_shared<job_completion>();
  caf::actor master;

  fixture() {
    register_types(cfg);
    cfg.set("scheduler.policy", caf::atom("testing"));
    cfg.set("logger.verbosity", caf::atom("quiet"));
    sys = std::make_unique<caf::actor_system>(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
  }

  void deploy(int sink_fails_at = -1) {
    environment env;
    env.set_batch_size(2).set_buffer_timeout(std::chrono::milliseconds{1});
    env.add_source(endless_source{log}, "Endless")
      .map([](const int& x) { return x; })
      .rebalance()
      .add_sink(tracing_sink{log, sink_fails_at}, "Tracing Sink")
      .set_parallelism(2);
    auto plan = std::make_shared<const graph::job_graph>(std::get<graph::job_graph>(env.plan()));
    master = spawn_job_master(*sys, plan, completion, std::chrono::milliseconds{1000});
  }

  /// Runs until nothing is left to do, advancing time by 1 ms when only timers remain, at
  /// most `rounds` times; returns the log as it was when the job completed (empty if not).
  std::vector<std::string> run_until_completed(int rounds) {
    std::vector<std::string> at_completion;
    for (int r = 0; r < rounds && !completion->done(); ++r) {
      while (sched->try_run_once())
        if (completion->done() && at_completion.empty())
          at_completion = *log;
      if (completion->done() && at_completion.empty())
        at_completion = *log;
      sched->advance_time(std::chrono::milliseconds{1});
    }
    return at_completion;
  }

  ~fixture() {
    caf::anon_send_exit(master, caf::exit_reason::user_shutdown);
    sched->run();
  }
};

std::size_t count(const std::vector<std::string>& log, const std::string& entry) {
  return static_cast<std::size_t>(std::count(log.begin(), log.end(), entry));
}

} // namespace

BOOST_AUTO_TEST_SUITE(job_master_test)

BOOST_FIXTURE_TEST_CASE(cancel_completes_only_after_every_task_cancelled_and_closed, fixture) {
  deploy();
  run_until_completed(20); // the job runs for 20 ms of simulated time
  BOOST_TEST(!completion->done());
  BOOST_TEST(log->empty());
  caf::anon_send(master, cancel_atom::value);
  auto at_completion = run_until_completed(10);
  BOOST_REQUIRE(completion->done());
  // when the job completed, the source had been cancelled then closed, and both sinks closed
  BOOST_TEST(count(at_completion, "source cancel") == 1u);
  BOOST_TEST(count(at_completion, "source close") == 1u);
  BOOST_TEST(count(at_completion, "sink close 1") == 1u);
  BOOST_TEST(count(at_completion, "sink close 2") == 1u);
  BOOST_TEST(at_completion.size() == 4u);
  auto cancel = std::find(at_completion.begin(), at_completion.end(), "source cancel");
  auto close = std::find(at_completion.begin(), at_completion.end(), "source close");
  BOOST_TEST((cancel < close));
  auto result = completion->wait();
  BOOST_TEST((result.err().code() == errc::cancelled));
  // nothing runs afterwards: no more user calls, however long the scheduler goes on
  run_until_completed(5);
  BOOST_TEST(*log == at_completion);
}

BOOST_FIXTURE_TEST_CASE(a_failing_sink_stops_every_task_before_the_job_completes, fixture) {
  deploy(/*sink_fails_at=*/7);
  auto at_completion = run_until_completed(100);
  BOOST_REQUIRE(completion->done());
  BOOST_TEST(count(at_completion, "source cancel") == 1u);
  BOOST_TEST(count(at_completion, "source close") == 1u);
  BOOST_TEST(count(at_completion, "sink close 1") == 1u);
  BOOST_TEST(count(at_completion, "sink close 2") == 1u);
  auto result = completion->wait();
  BOOST_TEST((result.err().code() == errc::user_function_failed));
  BOOST_TEST(result.err().message().find("operator 'Tracing Sink' (subtask ") == 0u);
  BOOST_TEST(result.err().message().find("/2) failed: sink rejected 7") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
