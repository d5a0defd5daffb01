#include "weir/actors/cluster/resource_manager.hpp"

#include <chrono>
#include <vector>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "weir/actors/type_ids.hpp"
#include "weir/cluster/placement.hpp"
#include "weir/logger.hpp"

namespace weir::actors {

namespace {

using clock_type = std::chrono::steady_clock;

std::shared_ptr<spdlog::logger> log() {
  static auto l = logger("weir.cluster");
  return l;
}

struct worker_entry {
  int number = 0;
  caf::actor manager;
  std::string endpoint;
  std::string process;
  int slots = 0;
  bool ready = false;
  bool alive = true;
  [[nodiscard]] std::string name() const {
    return "worker " + std::to_string(number) + " (" + endpoint + ")";
  }
};

struct pending_allocation {
  caf::response_promise promise;
  allocate_slots_msg request;
  clock_type::time_point deadline;
};

struct rm_state {
  cluster_config config;
  cluster::plan_fingerprint fingerprint;
  std::string listen;
  caf::actor local_manager;
  int local_slots = 0;
  std::vector<worker_entry> workers;
  std::vector<pending_allocation> pending;
  std::vector<std::string> refusals; ///< why workers were refused, for the timeout error
  clock_type::time_point started;
  int lost = 0;
  bool finishing = false;
  static inline const char* name = "weir.resource_manager";
};

using rm_self = caf::stateful_actor<rm_state>;

/// Compares without an early exit, so that the time taken does not tell how much matched
/// (only whether the lengths differ).
bool same_token(const std::string& a, const std::string& b) {
  if (a.size() != b.size())
    return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

int ready_workers(const rm_state& st) {
  int n = 0;
  for (const auto& w : st.workers)
    n += w.alive && w.ready ? 1 : 0;
  return n;
}

/// The slots of an allocation, or why it cannot be served (now).
std::variant<slots_msg, error> try_place(const rm_state& st, int required) {
  std::vector<cluster::slot_offer> offers;
  std::vector<caf::actor> managers;
  if (st.local_manager && st.local_slots > 0) {
    offers.push_back({"the coordinator (" + st.listen + ")", st.local_slots});
    managers.push_back(st.local_manager);
  }
  for (const auto& w : st.workers)
    if (w.alive && w.ready) {
      offers.push_back({w.name(), w.slots});
      managers.push_back(w.manager);
    }
  auto placed = cluster::place_slots(required, offers);
  if (auto* err = std::get_if<error>(&placed))
    return *err;
  const auto& a = std::get<cluster::slot_assignment>(placed);
  slots_msg out;
  for (auto offer : a.offer_of_slot) {
    out.managers.push_back(managers[offer]);
    out.names.push_back(offers[offer].node);
  }
  return out;
}

/// Serves the allocations that can be served now; with `expire`, fails those whose time is up.
void serve(rm_self* self, bool expire) {
  auto& st = self->state;
  auto now = clock_type::now();
  std::vector<pending_allocation> waiting;
  for (auto& p : st.pending) {
    bool enough_workers = !p.request.first || ready_workers(st) >= st.config.workers;
    if (enough_workers) {
      auto placed = try_place(st, p.request.required);
      if (auto* slots = std::get_if<slots_msg>(&placed)) {
        p.promise.deliver(std::move(*slots));
        continue;
      }
      if (p.request.first) { // every expected worker is there: waiting will not help
        p.promise.deliver(slots_msg{{}, {}, std::get<error>(placed).message()});
        continue;
      }
    }
    if (expire && now >= p.deadline) {
      std::string why;
      if (p.request.first) {
        why = "only " + std::to_string(ready_workers(st)) + " of "
              + std::to_string(st.config.workers) + " workers joined the coordinator at "
              + st.listen + " within " + std::to_string(st.config.registration_timeout.count())
              + " ms; start the missing ones with --weir-role worker --weir-join " + st.listen
              + " (or raise --weir-registration-timeout-ms)";
        for (const auto& r : st.refusals)
          why += "; refused: " + r;
      } else {
        why = std::get<error>(try_place(st, p.request.required)).message() + " (after "
              + std::to_string(st.lost) + " lost worker(s), no worker joined within "
              + std::to_string(st.config.slot_wait_timeout.count())
              + " ms: --weir-slot-wait-timeout-ms)";
      }
      p.promise.deliver(slots_msg{{}, {}, why});
      continue;
    }
    waiting.push_back(std::move(p));
  }
  st.pending = std::move(waiting);
}

register_reply_msg refuse(rm_self* self, const register_worker_msg& m, std::string why_here,
                          std::string why_there) {
  auto& st = self->state;
  log()->warn("refused a worker ({}, endpoint {}): {}", m.process, m.endpoint, why_here);
  st.refusals.push_back(m.process + " at " + m.endpoint + ": " + why_here);
  register_reply_msg out;
  out.accepted = false;
  out.reason = "the coordinator at " + st.listen + " refused this worker: " + why_there;
  return out;
}

caf::behavior rm_behavior(rm_self* self, cluster_config config,
                          cluster::plan_fingerprint fingerprint, std::string listen,
                          caf::actor local_manager, int local_slots) {
  auto& st = self->state;
  st.config = std::move(config);
  st.fingerprint = std::move(fingerprint);
  st.listen = std::move(listen);
  st.local_manager = std::move(local_manager);
  st.local_slots = local_slots;
  st.started = clock_type::now();
  self->set_down_handler([=](const caf::down_msg& dm) {
    auto& s = self->state;
    for (auto& w : s.workers)
      if (w.alive && w.manager.address() == dm.source) {
        w.alive = false;
        ++s.lost;
        if (!s.finishing)
          log()->warn("lost {} ({}): {}", w.name(), w.process,
                      dm.reason == caf::exit_reason::remote_link_unreachable
                        ? std::string{"the connection broke or heartbeats stopped"}
                        : self->system().render(dm.reason));
      }
  });
  return {
    [=](register_worker_msg& m) -> register_reply_msg {
      auto& s = self->state;
      if (m.wire_version != cluster::wire_version)
        return refuse(self, m,
                      "it speaks wire version " + std::to_string(m.wire_version) + ", this "
                        "coordinator " + std::to_string(cluster::wire_version),
                      "it runs Weir wire version " + std::to_string(m.wire_version)
                        + ", the coordinator " + std::to_string(cluster::wire_version)
                        + "; build every node from the same Weir");
      if (!same_token(m.token, s.config.token)) {
        if (s.config.token.empty())
          return refuse(self, m, "it presented a cluster token, and this coordinator has none",
                        "this worker presented a cluster token, but the coordinator has none; "
                        "give every process the same token (WEIR_CLUSTER_TOKEN or "
                        "--weir-token-file)");
        return refuse(self, m,
                      m.token.empty() ? "it presented no cluster token"
                                      : "its cluster token is wrong",
                      std::string{m.token.empty() ? "this worker presented no cluster token"
                                                  : "this worker's cluster token is wrong"}
                        + "; give every process the same token (WEIR_CLUSTER_TOKEN or "
                          "--weir-token-file)");
      }
      cluster::plan_fingerprint theirs{m.fingerprint, m.plan_description};
      if (m.fingerprint != s.fingerprint.hash) {
        auto diff = cluster::plan_fingerprint::difference(s.fingerprint, theirs)
                      .value_or("the descriptions match but the fingerprints differ");
        auto both = "the worker built job graph " + theirs.hex() + ", the coordinator "
                    + s.fingerprint.hex() + " (" + diff + ")";
        return refuse(self, m, both,
                      both + "; run the same program with the same flags on every process");
      }
      if (m.slots < 1 || !m.task_manager)
        return refuse(self, m, "it offers no slots", "a worker must offer --weir-slots >= 1");
      worker_entry w;
      w.number = static_cast<int>(s.workers.size()) + 1;
      w.manager = m.task_manager;
      w.endpoint = m.endpoint;
      w.process = m.process;
      w.slots = m.slots;
      register_reply_msg out;
      out.accepted = true;
      out.worker = w.number;
      out.coordinator = caf::actor_cast<caf::actor>(self);
      for (const auto& other : s.workers)
        if (other.alive)
          out.peers.push_back(other.endpoint);
      self->monitor(w.manager);
      log()->info("{} ({}) registered with {} slot(s)", w.name(), w.process, w.slots);
      s.workers.push_back(std::move(w));
      return out;
    },
    [=](const worker_ready_msg& m) {
      auto& s = self->state;
      for (auto& w : s.workers)
        if (w.number == m.worker && w.alive) {
          w.ready = true;
          log()->info("{} is ready ({} of {} workers)", w.name(), ready_workers(s),
                      s.config.workers);
        }
      serve(self, false);
    },
    [=](allocate_slots_msg& m) -> caf::result<slots_msg> {
      auto& s = self->state;
      auto promise = self->make_response_promise<slots_msg>();
      auto wait = m.first ? s.config.registration_timeout - std::chrono::duration_cast<
                                                              std::chrono::milliseconds>(
                                                              clock_type::now() - s.started)
                          : s.config.slot_wait_timeout;
      wait = std::max(wait, std::chrono::milliseconds{0});
      s.pending.push_back(pending_allocation{promise, m, clock_type::now() + wait});
      serve(self, false);
      if (!s.pending.empty())
        self->delayed_send(self, wait + std::chrono::milliseconds{1}, expire_atom::value);
      return promise;
    },
    [=](expire_atom) { serve(self, true); },
    [=](finish_atom, job_done_msg& done) -> caf::result<collected_msg> {
      auto& s = self->state;
      s.finishing = true;
      for (auto& p : s.pending)
        p.promise.deliver(slots_msg{{}, {}, "the job ended"});
      s.pending.clear();
      auto promise = self->make_response_promise<collected_msg>();
      auto gathered = std::make_shared<collected_msg>();
      auto left = std::make_shared<int>(0);
      std::vector<caf::actor> managers;
      for (const auto& w : s.workers)
        if (w.alive)
          managers.push_back(w.manager);
      if (s.local_manager)
        managers.push_back(s.local_manager);
      *left = static_cast<int>(managers.size());
      if (*left == 0) {
        promise.deliver(collected_msg{});
        return promise;
      }
      for (auto& mgr : managers)
        self->request(mgr, std::chrono::seconds{10}, done)
          .then(
            [=](collected_msg& c) mutable {
              for (auto& p : c.parts)
                gathered->parts.push_back(std::move(p));
              self->send(mgr, finish_atom::value); // answered: it may leave
              if (--*left == 0)
                promise.deliver(std::move(*gathered));
            },
            [=](caf::error&) mutable {
              self->send(mgr, finish_atom::value);
              if (--*left == 0)
                promise.deliver(std::move(*gathered));
            });
      return promise;
    },
  };
}

} // namespace

caf::actor spawn_resource_manager(caf::actor_system& sys, cluster_config config,
                                  cluster::plan_fingerprint fingerprint, std::string listen,
                                  caf::actor local_manager, int local_slots) {
  return sys.spawn(rm_behavior, std::move(config), std::move(fingerprint), std::move(listen),
                   std::move(local_manager), local_slots);
}

} // namespace weir::actors
