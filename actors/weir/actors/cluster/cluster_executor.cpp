// execute() as the coordinator or a worker of a cluster of processes that all run the same
// program, over CAF's middleman.

#include "weir/actors/cluster/cluster_executor.hpp"

#include <unistd.h>

#include <chrono>
#include <map>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/openssl/publish.hpp>
#include <caf/openssl/remote_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "weir/actors/actor_system_setup.hpp"
#include "weir/actors/cluster/resource_manager.hpp"
#include "weir/actors/cluster/task_manager.hpp"
#include "weir/actors/job_inspector.hpp"
#include "weir/actors/job_master.hpp"
#include "weir/actors/rest_registration.hpp"
#include "weir/actors/type_ids.hpp"
#include "weir/cluster/plan_fingerprint.hpp"
#include "weir/detail/type_name.hpp"
#include "weir/flow/operators/collect_sink.hpp"
#include "weir/logger.hpp"

namespace weir::actors {

void configure_network(caf::actor_system_config& cfg, const cluster_config& cluster) {
  cfg.load<caf::io::middleman>();
  cfg.set("middleman.heartbeat-interval", caf::timespan{cluster.heartbeat_interval});
  cfg.set("middleman.connection-timeout", caf::timespan{cluster.heartbeat_timeout});
  if (cluster.tls()) {
    cfg.load<caf::openssl::manager>();
    cfg.set("openssl.certificate", cluster.tls_certificate);
    cfg.set("openssl.key", cluster.tls_key);
    if (!cluster.tls_ca_file.empty())
      cfg.set("openssl.cafile", cluster.tls_ca_file);
  }
}

namespace {

std::shared_ptr<spdlog::logger> log() {
  static auto l = logger("weir.cluster");
  return l;
}

std::string endpoint(const std::string& host, std::uint16_t port) {
  return host + ":" + std::to_string(port);
}

std::string this_process() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0)
    host[0] = '\0';
  return std::string{host} + " pid " + std::to_string(getpid());
}

/// Every record type that may cross between nodes needs a codec: the records of every edge
/// but a forward one (whose two ends share a slot), and of every collect() sink (its records
/// travel to the coordinator).
std::optional<error> check_codecs(const graph::job_graph& jg) {
  for (const auto& e : jg.edges)
    if (e.partitioner != flow::partitioner_kind::forward && e.type && !e.type->can_encode())
      return error{errc::invalid_plan,
                   "the edge from '" + jg.vertices[e.source_vertex].name + "' to '"
                     + jg.vertices[e.target_vertex].name + "' carries records of type "
                     + detail::demangle(e.type->name())
                     + ", which has no weir::codec; in a cluster, records between nodes are "
                       "encoded: specialise weir::codec<T> for it (weir/codec/codec.hpp)"};
  for (const auto& n : jg.graph->nodes())
    if (n.process_local)
      return error{errc::invalid_plan,
                   "'" + n.name + "' talks to actors of this process (from_actor / to_actor), "
                     "which runs only in the embedded mini cluster for now: run the job "
                     "without --weir-role / WEIR_ROLE"};
  for (const auto& n : jg.graph->nodes())
    if (n.collected && !n.collected->can_encode())
      return error{errc::invalid_plan,
                   "collect() sink '" + n.name + "' gathers records of type "
                     + detail::demangle(n.collected->type_name())
                     + ", which has no weir::codec; in a cluster they travel to the "
                       "coordinator: specialise weir::codec<T> for it, or write them to a file"};
  return std::nullopt;
}

/// The actor system of a cluster node, with the config it was made from (which must outlive
/// it: members are destroyed in reverse order, the system first).
struct cluster_node {
  std::unique_ptr<caf::actor_system_config> cfg;
  std::unique_ptr<caf::actor_system> sys;
};

cluster_node make_node(const configuration& config) {
  cluster_node node;
  node.cfg = std::make_unique<caf::actor_system_config>();
  configure_scheduler(*node.cfg, config);
  configure_network(*node.cfg, config.cluster);
  node.sys = std::make_unique<caf::actor_system>(*node.cfg);
  return node;
}

caf::expected<std::uint16_t> publish(caf::actor_system& sys, const cluster_config& cluster,
                                     const caf::actor& whom, std::uint16_t port) {
  const char* in = cluster.bind_address.empty() ? nullptr : cluster.bind_address.c_str();
  if (cluster.tls())
    return caf::openssl::publish(whom, port, in, true);
  return sys.middleman().publish(whom, port, in, true);
}

caf::expected<caf::actor> connect(caf::actor_system& sys, const cluster_config& cluster,
                                  const std::string& host, std::uint16_t port) {
  if (cluster.tls())
    return caf::openssl::remote_actor<caf::actor>(sys, host, port);
  return sys.middleman().remote_actor(host, port);
}

/// Splits "host:port" (the last colon separates them).
std::pair<std::string, std::uint16_t> split_endpoint(const std::string& e) {
  auto colon = e.rfind(':');
  if (colon == std::string::npos)
    return {e, 0};
  return {e.substr(0, colon), static_cast<std::uint16_t>(std::stoul(e.substr(colon + 1)))};
}

/// A job client whose job failed before anything ran (bad address, plan without codecs).
job_client failed_job(const graph::job_graph& plan, error err) {
  return job_client::failed(plan.job_name, std::move(err));
}

class coordinator_job final : public job_client::job_handle {
public:
  coordinator_job(std::shared_ptr<const graph::job_graph> plan, const configuration& config,
                  cluster_node node, caf::actor rm,
                  std::map<int, std::shared_ptr<flow::collect_target_base>> collect_targets)
    : node_(std::move(node)), completion_(std::make_shared<job_completion>()),
      rm_(std::move(rm)), collect_targets_(std::move(collect_targets)) {
    completion_->set_job_id(random_job_id());
    master_ = spawn_job_master(*node_.sys, std::move(plan), completion_, config.cancellation_interval,
                               rm_);
  }

  ~coordinator_job() override {
    if (!completion_->done())
      cancel();
    (void) wait();
    retire_from_rest(completion_->job_id(), completion_->final_details());
    caf::anon_send_exit(rm_, caf::exit_reason::user_shutdown);
    master_ = nullptr;
    rm_ = nullptr;
    node_.sys.reset();
  }

  void cancel() override { caf::anon_send(master_, cancel_atom::value); }
  std::string job_id() const override { return completion_->job_id(); }
  std::variant<job_details, error> details(std::chrono::milliseconds timeout) override {
    return inspect_job(*node_.sys, master_, *completion_, timeout);
  }

  job_execution_result wait() override {
    auto result = completion_->wait();
    std::lock_guard guard{finish_mtx_};
    if (!finished_) {
      finished_ = true;
      finish(result);
    }
    if (collect_error_ && result)
      result.set_error(*collect_error_);
    return result;
  }

  std::variant<std::string, error> trigger_savepoint(std::string directory, bool stop) override {
    return request_savepoint(*node_.sys, master_, *completion_, std::move(directory), stop);
  }

private:
  /// Ends the workers and adds what their collect() sinks gathered to the program's.
  void finish(const job_execution_result& result) {
    job_done_msg done;
    if (!result) {
      done.failed = true;
      done.code = static_cast<std::int32_t>(result.err().code());
      done.message = result.err().message();
    }
    caf::scoped_actor self{*node_.sys};
    self->request(rm_, std::chrono::seconds{30}, finish_atom::value, std::move(done))
      .receive(
        [&](collected_msg& c) {
          for (auto& part : c.parts) {
            auto it = collect_targets_.find(part.node);
            if (it == collect_targets_.end())
              continue;
            if (auto err = it->second->append_encoded(part.bytes); err && !collect_error_)
              collect_error_ = err;
          }
        },
        [&](const caf::error& err) {
          log()->warn("the workers did not answer at the job's end: {}",
                      node_.sys->render(err));
        });
  }

  cluster_node node_;
  std::shared_ptr<job_completion> completion_;
  caf::actor rm_;
  caf::actor master_;
  std::map<int, std::shared_ptr<flow::collect_target_base>> collect_targets_;
  std::mutex finish_mtx_;
  bool finished_ = false;
  std::optional<error> collect_error_;
};

class worker_job final : public job_client::job_handle {
public:
  worker_job(cluster_node node, std::shared_ptr<job_completion> completion, caf::actor manager)
    : node_(std::move(node)), completion_(std::move(completion)), manager_(std::move(manager)) {}

  ~worker_job() override {
    if (!completion_->done())
      cancel();
    (void) completion_->wait();
    manager_ = nullptr;
    node_.sys.reset();
  }

  void cancel() override { caf::anon_send(manager_, cancel_atom::value); }
  job_execution_result wait() override { return completion_->wait(); }
  std::variant<std::string, error> trigger_savepoint(std::string, bool) override {
    return error{errc::invalid_configuration,
                 "savepoints are taken by the coordinator's job client, not a worker's"};
  }

private:
  cluster_node node_;
  std::shared_ptr<job_completion> completion_;
  caf::actor manager_;
};

} // namespace

job_client launch_coordinator_job(graph::job_graph plan, const configuration& config) {
  const auto& cluster = config.cluster;
  if (auto err = check_codecs(plan))
    return failed_job(plan, *err);
  auto fingerprint = cluster::plan_fingerprint::of(plan);
  std::map<int, std::shared_ptr<flow::collect_target_base>> targets;
  for (const auto& n : plan.graph->nodes())
    if (n.collected)
      targets[n.id] = n.collected;
  auto shared = std::make_shared<const graph::job_graph>(std::move(plan));

  auto node = make_node(config);
  auto& sys = node.sys;
  caf::actor local_manager;
  auto local_slots = cluster.effective_slots();
  auto listen = endpoint(cluster.bind_address, cluster.port);
  if (local_slots > 0)
    local_manager = spawn_task_manager(*sys, shared, std::make_shared<job_completion>(),
                                       "this process");
  auto rm = spawn_resource_manager(*sys, cluster, fingerprint, listen, local_manager,
                                   local_slots);
  auto port = publish(*sys, cluster, rm, cluster.port);
  if (!port) {
    caf::anon_send_exit(rm, caf::exit_reason::user_shutdown);
    if (local_manager)
      caf::anon_send_exit(local_manager, caf::exit_reason::user_shutdown);
    return failed_job(*shared,
                      error{errc::invalid_configuration,
                            "the coordinator cannot listen on " + listen + ": "
                              + sys->render(port.error())
                              + "; choose a free port (--weir-port / WEIR_PORT) or address "
                                "(--weir-bind / WEIR_BIND)"});
  }
  log()->info("coordinator of job '{}' listens on {} ({}), waits for {} worker(s); plan {}",
              shared->job_name, listen, cluster.tls() ? "TLS" : "plain TCP", cluster.workers,
              fingerprint.hex());
  auto job =
    std::make_shared<coordinator_job>(shared, config, std::move(node), rm, std::move(targets));
  if (auto err = serve_on_rest(job, config)) {
    job->cancel();
    return failed_job(*shared, std::move(*err));
  }
  return job_client{std::move(job)};
}

job_client launch_worker_job(graph::job_graph plan, const configuration& config) {
  const auto& cluster = config.cluster;
  auto fingerprint = cluster::plan_fingerprint::of(plan);
  auto shared = std::make_shared<const graph::job_graph>(std::move(plan));
  auto coordinator_name = endpoint(cluster.join_host, cluster.join_port);

  auto node = make_node(config);
  auto& sys = node.sys;
  auto completion = std::make_shared<job_completion>();
  auto manager = spawn_task_manager(*sys, shared, completion, coordinator_name);
  auto fail = [&](error err) {
    caf::anon_send_exit(manager, caf::exit_reason::user_shutdown);
    return failed_job(*shared, std::move(err));
  };
  // The worker's own endpoint: the other workers connect to it (direct routes between
  // workers; CAF would otherwise relay their batches through the coordinator).
  auto port = publish(*sys, cluster, manager, cluster.port);
  if (!port)
    return fail(error{errc::invalid_configuration,
                      "the worker cannot listen on "
                        + endpoint(cluster.bind_address, cluster.port) + ": "
                        + sys->render(port.error())
                        + "; choose a free port (--weir-port) or address (--weir-bind)"});
  auto own = endpoint(cluster.bind_address.empty() ? "127.0.0.1" : cluster.bind_address, *port);

  // Join, retrying while the coordinator is not up yet.
  auto deadline = std::chrono::steady_clock::now() + cluster.registration_timeout;
  caf::expected<caf::actor> rm = caf::sec::cannot_connect_to_node;
  for (;;) {
    rm = connect(*sys, cluster, cluster.join_host, cluster.join_port);
    if (rm || std::chrono::steady_clock::now() >= deadline)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
  }
  if (!rm) {
    auto why = sys->render(rm.error());
    // A plain worker at a TLS coordinator (or the other way round) fails in the handshake.
    auto tls_hint = why.find("handshake") != std::string::npos
                      ? std::string{cluster.tls() ? "; the coordinator may not use TLS, or "
                                                    "does not trust this worker's certificate"
                                                  : "; if the coordinator uses TLS, give this "
                                                    "worker --weir-tls-certificate and "
                                                    "--weir-tls-key too"}
                      : std::string{};
    return fail(error{errc::io_error,
                      "cannot reach the coordinator at " + coordinator_name + " within "
                        + std::to_string(cluster.registration_timeout.count()) + " ms (" + why
                        + ")" + tls_hint
                        + "; start the coordinator first, check --weir-join / WEIR_JOIN, or "
                          "raise --weir-registration-timeout-ms"});
  }

  register_worker_msg hello;
  hello.wire_version = cluster::wire_version;
  hello.token = cluster.token;
  hello.fingerprint = fingerprint.hash;
  hello.plan_description = fingerprint.description;
  hello.slots = cluster.effective_slots();
  hello.endpoint = own;
  hello.process = this_process();
  hello.task_manager = manager;
  std::optional<register_reply_msg> reply;
  std::string no_answer;
  {
    caf::scoped_actor self{*sys};
    self->request(*rm, std::chrono::seconds{30}, std::move(hello))
      .receive([&](register_reply_msg& r) { reply = std::move(r); },
               [&](const caf::error& err) { no_answer = sys->render(err); });
  }
  if (!reply)
    return fail(error{errc::io_error, "the coordinator at " + coordinator_name
                                        + " did not answer the registration: " + no_answer});
  if (!reply->accepted)
    return fail(error{errc::invalid_configuration, reply->reason});
  for (const auto& peer : reply->peers) {
    auto [host, peer_port] = split_endpoint(peer);
    if (auto reached = connect(*sys, cluster, host, peer_port); !reached)
      return fail(error{errc::io_error, "cannot reach the worker at " + peer + " ("
                                          + sys->render(reached.error())
                                          + "); every worker must reach every other: check "
                                            "their --weir-bind addresses and firewalls"});
  }
  caf::anon_send(manager, caf::monitor_atom::value, *rm);
  caf::anon_send(*rm, worker_ready_msg{reply->worker});
  log()->info("worker {} joined the coordinator at {} with {} slot(s); listens on {}",
              reply->worker, coordinator_name, cluster.effective_slots(), own);

  return job_client{std::make_shared<worker_job>(std::move(node), completion, manager)};
}

} // namespace weir::actors
