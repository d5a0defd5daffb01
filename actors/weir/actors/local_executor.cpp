// The embedded mini cluster: execute() without cluster flags runs the whole job in this
// process, on one actor system per job.

#include <thread>
#include <variant>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "weir/actors/actor_system_setup.hpp"
#include "weir/actors/cluster/cluster_executor.hpp"
#include "weir/actors/job_inspector.hpp"
#include "weir/actors/job_master.hpp"
#include "weir/actors/queryable_state_router.hpp"
#include "weir/actors/rest_registration.hpp"
#include "weir/actors/type_ids.hpp"
#include "weir/executor.hpp"

namespace weir::actors {

void register_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::weir_actors>();
}

void configure_scheduler(caf::actor_system_config& cfg, const configuration& config) {
  register_types(cfg);
  auto threads = config.worker_threads != 0
                   ? config.worker_threads
                   : std::max<std::size_t>(2, std::thread::hardware_concurrency());
  cfg.set("scheduler.max-threads", threads);
  cfg.set("logger.verbosity", caf::atom("quiet"));
  // CAF's idle workers poll their queue 100 times, then 500 times 50 µs apart, before they
  // sleep on a condition variable that a new job wakes. An idle source asks for a poll every
  // few ms, so with the defaults a worker never reaches the sleep and an idle job burns ~14%
  // of a core; without the 50 µs naps it is about 1% (cancellation_test, weir-bench idle).
  cfg.set("work-stealing.moderate-poll-attempts", std::size_t{0});
  // CAF 0.17 lets an actor run as long as its mailbox has messages; a source task always has
  // its next poll queued, so with as many busy sources as threads the job master's
  // checkpoint triggers and the acknowledgements would wait for the end of the input. A
  // bound makes every actor yield its thread after this many messages.
  cfg.set("scheduler.max-throughput", std::size_t{64});
}

namespace {

class local_job final : public job_client::job_handle {
public:
  local_job(graph::job_graph plan, const configuration& config)
    : completion_(std::make_shared<job_completion>()) {
    completion_->set_job_id(random_job_id());
    configure_scheduler(cfg_, config);
    sys_ = std::make_unique<caf::actor_system>(cfg_);
    master_ = spawn_job_master(*sys_, std::make_shared<const graph::job_graph>(std::move(plan)),
                               completion_, config.cancellation_interval);
    router_ = std::make_unique<queryable_state_router>(*sys_, master_, completion_);
  }

  // Dropping the client cancels and waits. The completion is set only after every task actor
  // stopped; destroying the actor system then also joins its threads.
  ~local_job() override {
    if (!completion_->done())
      cancel();
    (void) completion_->wait();
    retire_from_rest(completion_->job_id(), completion_->final_details());
    router_.reset();
    master_ = nullptr;
    sys_.reset();
  }

  void cancel() override { caf::anon_send(master_, cancel_atom::value); }
  job_execution_result wait() override { return completion_->wait(); }
  std::variant<std::string, error> trigger_savepoint(std::string directory, bool stop) override {
    return request_savepoint(*sys_, master_, *completion_, std::move(directory), stop);
  }
  std::variant<std::string, error> query_state(const flow::state_query& query,
                                               std::chrono::milliseconds timeout) override {
    return router_->query(query, timeout);
  }
  std::string job_id() const override { return completion_->job_id(); }
  std::variant<job_details, error> details(std::chrono::milliseconds timeout) override {
    return inspect_job(*sys_, master_, *completion_, timeout);
  }

private:
  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  std::shared_ptr<job_completion> completion_;
  caf::actor master_;
  std::unique_ptr<queryable_state_router> router_; ///< holds task handles: dropped first
};

} // namespace
} // namespace weir::actors

namespace weir::detail {

job_client launch_local_job(graph::job_graph plan, const configuration& config) {
  auto name = plan.job_name;
  auto job = std::make_shared<actors::local_job>(std::move(plan), config);
  if (auto err = actors::serve_on_rest(job, config)) {
    job->cancel();
    return job_client::failed(name, std::move(*err));
  }
  return job_client{std::move(job)};
}

job_client launch_job(graph::job_graph plan, const configuration& config) {
  switch (config.cluster.role) {
    case cluster_role::coordinator:
      return actors::launch_coordinator_job(std::move(plan), config);
    case cluster_role::worker:
      return actors::launch_worker_job(std::move(plan), config);
    case cluster_role::embedded:
      break;
  }
  return launch_local_job(std::move(plan), config);
}

} // namespace weir::detail
