// A task actor on CAF's deterministic scheduler, its only peer a recorder that plays both the
// downstream task and the job master:
//
//   [generate(10) ─► map] ══batches══► recorder
//         ▲                              │
//         └───────── credit_msg ─────────┘  (sent by the test)

#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include "weir/actors/actor_system_setup.hpp"
#include "weir/actors/task_actor.hpp"
#include "weir/actors/type_ids.hpp"
#include "weir/weir.hpp"

using namespace weir;
using namespace weir::actors;

namespace {

struct deterministic_system {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;

  deterministic_system() {
    register_types(cfg);
    cfg.set("scheduler.policy", caf::atom("testing"));
    cfg.set("logger.verbosity", caf::atom("quiet"));
    sys = std::make_unique<caf::actor_system>(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
  }
};

caf::behavior recorder(caf::event_based_actor*, std::shared_ptr<std::vector<std::string>> log) {
  return {
    [=](const open_channel_msg& m) { log->push_back("open " + std::to_string(m.receiver_channel)); },
    [=](const batch_msg& m) { log->push_back("batch " + std::to_string(m.batch->size())); },
    [=](const control_msg& m) {
      log->push_back(m.control.is(flow::control_event::kind::end_of_stream)
                       ? std::string{"eos"}
                       : m.control.time() == event_time_max ? std::string{"watermark max"}
                                                            : m.control.to_string());
    },
    [=](const task_finished_msg& m) {
      log->push_back("finished " + std::to_string(m.metrics.at(0).records_out));
    },
    [=](const task_failed_msg& m) { log->push_back("failed " + m.message); },
  };
}

struct fixture : deterministic_system {
  std::shared_ptr<std::vector<std::string>> log = std::make_shared<std::vector<std::string>>();
  caf::actor rec;
  caf::actor task;

  template <class F>
  void deploy(F build) {
    environment env;
    env.set_batch_size(4).set_credits_per_channel(2);
    build(env);
    auto plan = std::make_shared<const graph::job_graph>(std::get<graph::job_graph>(env.plan()));
    rec = sys->spawn(recorder, log);
    task = spawn_task(*sys, plan, 0, 0, {output_route{rec, 7}}, rec);
  }

  std::string trace() const {
    std::string out;
    for (const auto& s : *log)
      out += (out.empty() ? "" : ", ") + s;
    return out;
  }
};

void source_to_rebalance(environment& env) {
  env.generate(10, [](std::uint64_t i) { return int(i); })
    .map([](const int& x) { return x; })
    .rebalance()
    .print();
}

} // namespace

BOOST_AUTO_TEST_SUITE(task_actor_test)

BOOST_FIXTURE_TEST_CASE(greets_its_receiver_and_sends_nothing_without_credit, fixture) {
  deploy(source_to_rebalance);
  sched->run();
  BOOST_TEST(trace() == "open 7");
}

BOOST_FIXTURE_TEST_CASE(sends_one_batch_per_credit_then_end_of_stream, fixture) {
  deploy(source_to_rebalance);
  sched->run();
  caf::anon_send(task, credit_msg{0, 1, {}});
  sched->run();
  BOOST_TEST(trace() == "open 7, batch 4");
  caf::anon_send(task, credit_msg{0, 1, {}});
  sched->run();
  BOOST_TEST(trace() == "open 7, batch 4, batch 4");
  caf::anon_send(task, credit_msg{0, 5, {}});
  sched->run();
  BOOST_TEST(trace() == "open 7, batch 4, batch 4, batch 2, watermark max, eos, finished 10");
}

BOOST_FIXTURE_TEST_CASE(flushes_a_partial_batch_when_the_buffer_timeout_fires, fixture) {
  struct trickle final : source_function<int> {
    int sent = 0;
    source_status poll(collector<int>& out, std::size_t) override {
      if (sent == 0) {
        out.collect(1);
        ++sent;
      }
      return source_status::nothing_available;
    }
  };
  deploy([](environment& env) {
    env.set_buffer_timeout(std::chrono::milliseconds{5});
    env.add_source(trickle{}).rebalance().print();
  });
  caf::anon_send(task, credit_msg{0, 2, {}});
  sched->run();
  BOOST_TEST(trace() == "open 7");
  sched->advance_time(std::chrono::milliseconds{5});
  sched->run();
  BOOST_TEST(trace() == "open 7, batch 1");
  caf::anon_send_exit(task, caf::exit_reason::user_shutdown);
  sched->run();
}

BOOST_FIXTURE_TEST_CASE(reports_a_failing_user_function_to_the_master, fixture) {
  deploy([](environment& env) {
    env.generate(3, [](std::uint64_t i) { return int(i); })
      .map([](const int&) -> int { throw std::runtime_error("boom"); })
      .name("Exploder")
      .rebalance()
      .print();
  });
  sched->run();
  caf::anon_send(task, credit_msg{0, 1, {}});
  sched->run();
  BOOST_TEST(trace() == "open 7, failed operator 'Exploder' (subtask 1/1) failed: boom");
}

BOOST_AUTO_TEST_SUITE_END()
