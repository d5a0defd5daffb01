// Queryable state: a running job's keyed state read from the test thread while it changes.
//
//   paced source (keys k0..k15, until cancelled or paused) ─► key_by(key)
//     ─► process(count per key: value state "count", and reducing, aggregating, list and map
//        states, all queryable) ─► discard
//
//   test thread ── queryable_state_client::get<K, V>("count", key) ─► job master
//     ─► the task owning the key's key group ─► answer
//
// The model is the source's ledger: how many records of each key it has emitted so far. A
// count read for a key never goes backwards across queries and never exceeds what the ledger
// said after the answer came; once the source pauses, every count reaches the ledger's.

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "weir/flow/key_group.hpp"
#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;

namespace {

constexpr int key_count = 16;

std::string key_name(int k) { return "k" + std::to_string(k); }

/// What the source has emitted, shared by the test thread and the source's instances.
struct ledger {
  std::vector<std::atomic<long>> sent = std::vector<std::atomic<long>>(key_count);
  std::atomic<bool> paused{false};
  /// Records each execution attempt emits before it pauses; negative: no limit.
  std::atomic<long> per_attempt{-1};
  /// If not negative: per_attempt for the attempts after the first.
  std::atomic<long> per_later_attempt{-1};
  std::atomic<int> opens{0}; ///< execution attempts that opened the source
};

/// Emits k0, k1, ... k15, k0, ... in bursts of at most 64 per poll until paused or cancelled;
/// counts each record in the ledger before it emits it.
class keyed_source final : public source_function<std::string> {
public:
  explicit keyed_source(std::shared_ptr<ledger> l) : ledger_(std::move(l)) {}
  void open(const runtime_context&) override {
    bool later = ledger_->opens.fetch_add(1) > 0;
    limit_ = later && ledger_->per_later_attempt.load() >= 0 ? ledger_->per_later_attempt.load()
                                                            : ledger_->per_attempt.load();
    emitted_ = 0;
  }
  source_status poll(collector<std::string>& out, std::size_t max_records) override {
    long limit = limit_;
    if (ledger_->paused.load() || (limit >= 0 && emitted_ >= limit))
      return source_status::nothing_available;
    auto n = std::min<long>(static_cast<long>(std::min<std::size_t>(max_records, 64)),
                            limit >= 0 ? limit - emitted_ : 64);
    for (long i = 0; i < n; ++i) {
      int k = next_++ % key_count;
      ledger_->sent[k].fetch_add(1);
      out.collect(key_name(k));
      ++emitted_;
    }
    return source_status::more_available;
  }

private:
  std::shared_ptr<ledger> ledger_;
  long emitted_ = 0;
  long limit_ = -1;
  int next_ = 0;
};

struct average {
  std::pair<long, long> create_accumulator() const { return {0, 0}; }
  std::pair<long, long> add(const long& v, std::pair<long, long> acc) const {
    return {acc.first + v, acc.second + 1};
  }
  double get_result(const std::pair<long, long>& acc) const {
    return acc.second == 0 ? 0.0 : static_cast<double>(acc.first) / acc.second;
  }
};

/// Counts per key in a queryable value state; with `all_kinds`, also keeps a queryable
/// reducing sum, aggregating average, list of the last three counts and map of count parity.
class counter final : public keyed_process_function<std::string, std::string, long> {
public:
  counter(bool all_kinds, std::optional<state::state_ttl_config> ttl = {})
    : all_kinds_(all_kinds), ttl_(ttl) {}
  void open(const runtime_context& ctx) override {
    value_state_descriptor<long> c{"count"};
    c.set_queryable("count");
    if (ttl_)
      c.enable_time_to_live(*ttl_);
    count_ = &ctx.get_state(c);
    if (!all_kinds_)
      return;
    state::reducing_state_descriptor<long> s{"sum", [](const long& a, const long& b) {
                                               return a + b;
                                             }};
    s.set_queryable("sum");
    sum_ = &ctx.get_state(s);
    state::aggregating_state_descriptor<long, std::pair<long, long>, double> a{"avg", average{}};
    a.set_queryable("avg");
    avg_ = &ctx.get_state(a);
    state::list_state_descriptor<long> l{"recent"};
    l.set_queryable("recent");
    recent_ = &ctx.get_state(l);
    state::map_state_descriptor<std::string, long> m{"parity"};
    m.set_queryable("parity");
    parity_ = &ctx.get_state(m);
  }
  void process_element(const std::string&, keyed_context<std::string>&,
                       collector<long>&) override {
    auto n = count_->value().value_or(0) + 1;
    count_->update(n);
    if (!all_kinds_)
      return;
    sum_->add(n);
    avg_->add(n);
    auto r = recent_->get();
    r.push_back(n);
    if (r.size() > 3)
      r.erase(r.begin());
    recent_->update(r);
    auto p = n % 2 == 0 ? std::string{"even"} : std::string{"odd"};
    parity_->put(p, parity_->get(p).value_or(0) + 1);
  }

private:
  bool all_kinds_;
  std::optional<state::state_ttl_config> ttl_;
  value_state<long>* count_ = nullptr;
  state::reducing_state<long>* sum_ = nullptr;
  state::aggregating_state<long, double>* avg_ = nullptr;
  state::list_state<long>* recent_ = nullptr;
  state::map_state<std::string, long>* parity_ = nullptr;
};

class discard final : public sink_function<long> {
public:
  void invoke(const long&) override {}
};

struct running_job {
  std::shared_ptr<ledger> l = std::make_shared<ledger>();
  test::temp_dir dir;
  std::optional<job_client> job;
};

void start(running_job& r, state_backend_kind backend, int parallelism, bool all_kinds,
           std::optional<state::state_ttl_config> ttl = {},
           std::function<void(environment&)> more = {}) {
  environment env;
  env.set_parallelism(parallelism).set_state_backend(backend).set_state_dir(
    r.dir.path().string());
  if (more)
    more(env);
  env.add_source(keyed_source{r.l}, "Keys")
    .key_by([](const std::string& k) { return k; })
    .process(counter{all_kinds, ttl})
    .name("Count")
    .add_sink(discard{});
  r.job = env.execute_async("queryable state test");
}

using clock_type = std::chrono::steady_clock;

/// Queries `key` until `done(answer)` or `within` passed; returns the last answer.
template <class V, class Done>
std::variant<V, error> query_until(const queryable_state_client& q, const std::string& name,
                                   const std::string& key, Done done,
                                   std::chrono::milliseconds within = 5000ms) {
  auto deadline = clock_type::now() + within;
  for (;;) {
    auto a = q.get<std::string, V>(name, key, 1000ms);
    if (done(a) || clock_type::now() > deadline)
      return a;
    std::this_thread::sleep_for(2ms);
  }
}

int owner_of(const std::string& key, int parallelism) {
  auto group = flow::assign_to_key_group(key_hash<std::string>{}(key), 128);
  return flow::operator_index_for_key_group(group, 128, parallelism);
}

/// The job is restarting (the fault may fire before the first query).
bool r_failed(const std::variant<long, error>& a) {
  return std::holds_alternative<error>(a) && std::get<error>(a).code() == errc::job_not_running;
}

std::string describe(const std::variant<long, error>& a) {
  if (auto* e = std::get_if<error>(&a))
    return e->to_string();
  return std::to_string(std::get<long>(a));
}

} // namespace

BOOST_AUTO_TEST_SUITE(queryable_state_test)

BOOST_AUTO_TEST_CASE(counts_read_while_the_job_runs_never_go_back_nor_run_ahead_of_the_source) {
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb}) {
    BOOST_TEST_CONTEXT("backend " << (backend == state_backend_kind::heap ? "heap" : "rocksdb")) {
      running_job r;
      start(r, backend, 2, false);
      auto q = r.job->queryable_state();
      // The state is queryable once the tasks declared it in open().
      auto first = query_until<long>(q, "count", "k0", [](const auto& a) {
        return std::holds_alternative<long>(a);
      });
      BOOST_REQUIRE_MESSAGE(std::holds_alternative<long>(first), describe(first));

      std::vector<long> last(key_count, 0);
      std::set<int> owners_answered;
      std::mt19937 rng{42};
      long answers = 0;
      auto until = clock_type::now() + 1500ms;
      while (clock_type::now() < until) {
        int k = static_cast<int>(rng() % key_count);
        auto a = q.get<std::string, long>("count", key_name(k));
        long sent = r.l->sent[k].load(); // after the answer: the answer cannot exceed it
        if (auto* e = std::get_if<error>(&a)) {
          // A key not reached yet has no value; nothing else may fail while the job runs.
          BOOST_REQUIRE_MESSAGE(e->code() == errc::no_such_key && last[k] == 0,
                                key_name(k) << ": " << e->to_string());
          continue;
        }
        long v = std::get<long>(a);
        BOOST_REQUIRE_MESSAGE(v >= last[k], key_name(k) << " went back from " << last[k]
                                                        << " to " << v);
        BOOST_REQUIRE_MESSAGE(v <= sent, key_name(k) << " reads " << v << " but only " << sent
                                                     << " were sent");
        last[k] = v;
        owners_answered.insert(owner_of(key_name(k), 2));
        ++answers;
      }
      BOOST_TEST(answers > 100);
      BOOST_TEST(owners_answered.size() == 2u); // keys on both subtasks answered

      // Paused, the job drains: every count reaches what was sent.
      r.l->paused = true;
      for (int k = 0; k < key_count; ++k) {
        auto a = query_until<long>(q, "count", key_name(k), [&](const auto& x) {
          return std::holds_alternative<long>(x) && std::get<long>(x) == r.l->sent[k].load();
        });
        BOOST_TEST_CONTEXT(key_name(k)) {
          BOOST_REQUIRE_MESSAGE(std::holds_alternative<long>(a), describe(a));
          BOOST_TEST(std::get<long>(a) == r.l->sent[k].load());
        }
      }
      r.job->cancel();
      (void) r.job->wait();
    }
  }
}

BOOST_AUTO_TEST_CASE(value_reducing_aggregating_list_and_map_states_answer_on_both_backends) {
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb}) {
    BOOST_TEST_CONTEXT("backend " << (backend == state_backend_kind::heap ? "heap" : "rocksdb")) {
      running_job r;
      constexpr long per_key = 10;
      r.l->per_attempt = per_key * key_count; // then the source pauses
      start(r, backend, 2, true);
      auto q = r.job->queryable_state();
      for (int k = 0; k < key_count; ++k) {
        auto key = key_name(k);
        auto c = query_until<long>(q, "count", key, [](const auto& a) {
          return std::holds_alternative<long>(a) && std::get<long>(a) == per_key;
        });
        BOOST_REQUIRE_MESSAGE(std::holds_alternative<long>(c) && std::get<long>(c) == per_key,
                              key << ": " << describe(c));
        auto sum = q.get<std::string, long>("sum", key);
        BOOST_REQUIRE(std::holds_alternative<long>(sum));
        BOOST_TEST(std::get<long>(sum) == per_key * (per_key + 1) / 2);
        auto avg = q.get<std::string, double>("avg", key);
        BOOST_REQUIRE(std::holds_alternative<double>(avg));
        BOOST_TEST(std::get<double>(avg) == (per_key + 1) / 2.0);
        auto recent = q.get<std::string, std::vector<long>>("recent", key);
        BOOST_REQUIRE(std::holds_alternative<std::vector<long>>(recent));
        BOOST_TEST((std::get<std::vector<long>>(recent) == std::vector<long>{8, 9, 10}));
        auto parity = q.get<std::string, std::map<std::string, long>>("parity", key);
        using parity_map = std::map<std::string, long>;
        BOOST_REQUIRE(std::holds_alternative<parity_map>(parity));
        BOOST_TEST((std::get<parity_map>(parity) == parity_map{{"even", 5}, {"odd", 5}}));
        auto pairs = q.get<std::string, std::vector<std::pair<std::string, long>>>("parity",
                                                                                   key);
        using parity_pairs = std::vector<std::pair<std::string, long>>;
        BOOST_TEST(std::holds_alternative<parity_pairs>(pairs));
      }
      r.job->cancel();
      (void) r.job->wait();
    }
  }
}

BOOST_AUTO_TEST_CASE(missing_key_missing_state_wrong_types_and_an_ended_job_get_clear_errors) {
  running_job r;
  start(r, state_backend_kind::heap, 2, false);
  auto q = r.job->queryable_state();
  auto ready = query_until<long>(q, "count", "k1", [](const auto& a) {
    return std::holds_alternative<long>(a);
  });
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<long>(ready), describe(ready));

  auto missing = q.get<std::string, long>("count", "never-sent");
  BOOST_REQUIRE(std::holds_alternative<error>(missing));
  BOOST_TEST(std::get<error>(missing).code() == errc::no_such_key);

  auto no_state = q.get<std::string, long>("counts", "k1");
  BOOST_REQUIRE(std::holds_alternative<error>(no_state));
  BOOST_TEST(std::get<error>(no_state).code() == errc::no_such_state);
  BOOST_TEST(std::get<error>(no_state).message().find("'counts'") != std::string::npos);
  BOOST_TEST(std::get<error>(no_state).message().find("'count'") != std::string::npos,
             std::get<error>(no_state).message()); // lists the names that exist

  auto wrong_key = q.get<int, long>("count", 1);
  BOOST_REQUIRE(std::holds_alternative<error>(wrong_key));
  BOOST_TEST(std::get<error>(wrong_key).code() == errc::type_mismatch);
  const auto& m = std::get<error>(wrong_key).message();
  BOOST_TEST((m.find("std::string") != std::string::npos && m.find("int") != std::string::npos),
             m);
  auto wrong_value = q.get<std::string, std::string>("count", "k1");
  BOOST_REQUIRE(std::holds_alternative<error>(wrong_value));
  BOOST_TEST(std::get<error>(wrong_value).code() == errc::type_mismatch);
  BOOST_TEST(std::get<error>(wrong_value).message().find("long") != std::string::npos);

  r.job->cancel();
  (void) r.job->wait();
  auto ended = q.get<std::string, long>("count", "k1");
  BOOST_REQUIRE(std::holds_alternative<error>(ended));
  BOOST_TEST(std::get<error>(ended).code() == errc::job_not_running);
}

BOOST_AUTO_TEST_CASE(an_expired_value_is_no_such_key) {
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb}) {
    BOOST_TEST_CONTEXT("backend " << (backend == state_backend_kind::heap ? "heap" : "rocksdb")) {
      running_job r;
      r.l->per_attempt = 4 * key_count;
      start(r, backend, 1, false, state::state_ttl_config{300ms});
      auto q = r.job->queryable_state();
      auto seen = query_until<long>(q, "count", "k3", [](const auto& a) {
        return std::holds_alternative<long>(a);
      });
      BOOST_REQUIRE_MESSAGE(std::holds_alternative<long>(seen), describe(seen));
      // Nothing writes any more: 300 ms later the value has expired.
      auto gone = query_until<long>(q, "count", "k3", [](const auto& a) {
        return std::holds_alternative<error>(a);
      });
      BOOST_REQUIRE_MESSAGE(std::holds_alternative<error>(gone), describe(gone));
      BOOST_TEST(std::get<error>(gone).code() == errc::no_such_key);
      r.job->cancel();
      (void) r.job->wait();
    }
  }
}

BOOST_AUTO_TEST_CASE(after_a_restart_the_new_attempt_answers) {
  running_job r;
  r.l->per_later_attempt = 10 * key_count;
  auto faults = std::make_shared<fault_plan>();
  faults->fail_after_records("Count", 0, 2000);
  start(r, state_backend_kind::heap, 2, false, std::nullopt, [&](environment& env) {
    env.set_restart_strategy(restart_strategy::fixed_delay(1, 200ms));
    env.set_fault_plan(faults);
  });
  auto q = r.job->queryable_state();
  auto first = query_until<long>(q, "count", "k5", [](const auto& a) {
    return std::holds_alternative<long>(a) || r_failed(a);
  });
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<long>(first) || r_failed(first), describe(first));
  // Attempt 1 runs unbounded until Count fails; attempt 2 emits 10 records per key and pauses.
  auto deadline = clock_type::now() + 5s;
  while (r.l->opens.load() < 2 && clock_type::now() < deadline) {
    auto a = q.get<std::string, long>("count", "k5");
    if (auto* e = std::get_if<error>(&a)) // a value, or, around the restart, these
      BOOST_REQUIRE_MESSAGE(e->code() == errc::job_not_running || e->code() == errc::no_such_key,
                            e->to_string());
    std::this_thread::sleep_for(1ms);
  }
  BOOST_REQUIRE(r.l->opens.load() >= 2);
  // The old attempt had counted ~2000 / 16 per key on subtask 0 before it failed; the new one
  // counts from scratch (no checkpoints) and stops at 10.
  auto a = query_until<long>(q, "count", "k5", [](const auto& x) {
    return std::holds_alternative<long>(x) && std::get<long>(x) == 10;
  });
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<long>(a), describe(a));
  BOOST_TEST(std::get<long>(a) == 10);
  r.job->cancel();
  auto result = r.job->wait();
  BOOST_TEST(result.restarts().size() == 1u);
}

BOOST_AUTO_TEST_CASE(two_operators_registering_one_name_fail_the_job_naming_both) {
  test::temp_dir dir;
  auto l = std::make_shared<ledger>();
  l->per_attempt = 100;
  environment env;
  env.set_parallelism(1).set_state_dir(dir.path().string());
  auto keyed = env.add_source(keyed_source{l}, "Keys").key_by([](const std::string& k) {
    return k;
  });
  keyed.process(counter{false}).name("First Count").add_sink(discard{});
  keyed.process(counter{false}).name("Second Count").add_sink(discard{});
  auto job = env.execute_async("duplicate queryable name");
  auto result = job.wait();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().code() == errc::invalid_plan);
  const auto& m = result.err().message();
  BOOST_TEST((m.find("First Count") != std::string::npos
              && m.find("Second Count") != std::string::npos && m.find("'count'") != std::string::npos),
             m);
}

BOOST_AUTO_TEST_SUITE_END()
