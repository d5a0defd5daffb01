// Broadcast state (Flink's broadcast state pattern), end to end on the mini cluster:
//
//   from_collection(rules) ─► broadcast(rules) ───────────┐
//                                                          ├─► connect ─► process ─►
//                                                          collect
//   from_collection(events) ─► key_by(key) (or rebalance) ─┘
//
// The two inputs interleave differently in every run, so the functions are symmetric
// joins: an event and a rule meet in whichever of them arrives second. Their output is
// then the same for every interleaving, and equal to a plain loop over all events and
// rules. Every event must meet every rule in its own instance, so this also checks that
// every instance receives every broadcast record and keeps its own copy of the broadcast
// state.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <tuple>
#include <vector>

#include "weir/weir.hpp"

using namespace weir;

namespace {

using event = std::pair<int, int>;               // key, value
using rule = std::pair<std::string, int>;        // name, divisor: matches values it divides
using match = std::tuple<int, int, std::string>; // key, sequence number within the key, rule

const map_state_descriptor<std::string, int> rules_desc{"rules"};

std::vector<event> events() {
  std::vector<event> out;
  for (int i = 0; i < 2000; ++i)
    out.emplace_back(i % 37, (i * 7919) % 1009);
  return out;
}

std::vector<rule> rules() {
  return {{"two", 2}, {"three", 3}, {"seven", 7}, {"eleven", 11}};
}

/// The oracle: every event against every rule, sequence numbers counted per key.
std::vector<match> expected_matches() {
  std::vector<match> out;
  std::map<int, int> seq;
  for (auto [key, value] : events()) {
    int n = ++seq[key];
    for (const auto& [name, divisor] : rules())
      if (value % divisor == 0)
        out.emplace_back(key, n, name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Numbers each key's events in keyed state and matches them with the broadcast rules.
class rule_matcher final : public keyed_broadcast_process_function<int, event, rule, match> {
public:
  void open(const runtime_context& ctx) override {
    seq_ = &ctx.get_state(value_state_descriptor<int>{"seq"});
  }

  void process_element(const event& e, read_only_context& ctx, collector<match>& out) override {
    int n = seq_->value().value_or(0) + 1;
    seq_->update(n);
    seen_.emplace_back(ctx.get_current_key(), n, e.second);
    for (const auto& [name, divisor] : ctx.get_broadcast_state(rules_desc).immutable_entries())
      if (e.second % divisor == 0)
        out.collect({ctx.get_current_key(), n, name});
  }

  void process_broadcast_element(const rule& r, context& ctx, collector<match>& out) override {
    ctx.get_broadcast_state(rules_desc).put(r.first, r.second);
    for (const auto& [key, n, value] : seen_)
      if (value % r.second == 0)
        out.collect({key, n, r.first});
  }

private:
  value_state<int>* seq_ = nullptr;
  std::vector<std::tuple<int, int, int>> seen_; // this instance's events so far
};

template <class T>
std::vector<T> sorted(const collected<T>& c) {
  auto v = c.values();
  std::sort(v.begin(), v.end());
  return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(broadcast_state_job_test)

BOOST_AUTO_TEST_CASE(
  a_keyed_broadcast_function_matches_every_event_with_every_rule_at_any_parallelism) {
  auto expected = expected_matches();
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb})
    for (int p = 1; p <= 3; ++p) {
      environment env;
      env.set_parallelism(p).set_state_backend(backend).set_batch_size(16);
      auto broadcast_rules = env.from_collection(rules()).broadcast(rules_desc);
      auto out = env.from_collection(events())
                   .key_by([](const event& e) { return e.first; })
                   .connect(broadcast_rules)
                   .process(rule_matcher{})
                   .collect();
      auto result = env.execute();
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      BOOST_TEST(sorted(out) == expected, "parallelism " << p);
    }
}

BOOST_AUTO_TEST_CASE(
  a_broadcast_function_of_two_lambdas_joins_a_non_keyed_stream_at_any_parallelism) {
  std::vector<std::pair<int, std::string>> expected;
  for (int v = 0; v < 3000; ++v)
    for (const auto& [name, divisor] : rules())
      if (v % divisor == 0)
        expected.emplace_back(v, name);
  std::sort(expected.begin(), expected.end());
  const list_state_descriptor<int> seen_desc{"seen"};
  for (int p = 1; p <= 3; ++p) {
    environment env;
    env.set_parallelism(p).set_batch_size(16);
    auto broadcast_rules = env.from_collection(rules()).broadcast(rules_desc);
    auto out =
      env.generate(3000, [](std::uint64_t i) { return static_cast<int>(i); })
        .rebalance()
        .connect(broadcast_rules)
        .process(
          [&](const int& v, read_only_broadcast_context& ctx,
              collector<std::pair<int, std::string>>& out) {
            // the instance's events so far, in its operator state, shared by
            // both lambdas
            ctx.runtime().get_list_state(seen_desc).add(v);
            for (const auto& [name, divisor] :
                 ctx.get_broadcast_state(rules_desc).immutable_entries())
              if (v % divisor == 0)
                out.collect({v, name});
          },
          [&](const rule& r, broadcast_context& ctx, collector<std::pair<int, std::string>>& out) {
            ctx.get_broadcast_state(rules_desc).put(r.first, r.second);
            for (int v : ctx.runtime().get_list_state(seen_desc).get())
              if (v % r.second == 0)
                out.collect({v, r.first});
          })
        .collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    BOOST_TEST(sorted(out) == expected, "parallelism " << p);
  }
}

BOOST_AUTO_TEST_CASE(every_instance_receives_every_broadcast_record) {
  for (int p = 1; p <= 3; ++p) {
    environment env;
    env.set_parallelism(p);
    auto broadcast_rules = env.from_collection(rules()).broadcast(rules_desc);
    auto out =
      env.from_elements({0})
        .connect(broadcast_rules)
        .process(
          [](const int&, read_only_broadcast_context&, collector<std::pair<int, std::size_t>>&) {},
          [](const rule& r, broadcast_context& ctx, collector<std::pair<int, std::size_t>>& out) {
            auto& state = ctx.get_broadcast_state(rules_desc);
            state.put(r.first, r.second);
            out.collect({ctx.runtime().index_of_this_subtask(), state.size()});
          })
        .collect();
    BOOST_REQUIRE(env.execute().ok());
    std::map<int, std::size_t> largest;
    for (auto [subtask, size] : out)
      largest[subtask] = std::max(largest[subtask], size);
    BOOST_TEST(out.size() == rules().size() * static_cast<std::size_t>(p));
    BOOST_TEST(largest.size() == static_cast<std::size_t>(p));
    for (auto [subtask, size] : largest)
      BOOST_TEST(size == rules().size(), "subtask " << subtask);
  }
}

BOOST_AUTO_TEST_CASE(a_broadcast_state_not_declared_by_broadcast_fails_the_job_naming_it) {
  environment env;
  auto broadcast_rules = env.from_collection(rules()).broadcast(rules_desc);
  env.from_elements({1})
    .connect(broadcast_rules)
    .process([](const int&, read_only_broadcast_context&, collector<int>&) {},
             [](const rule&, broadcast_context& ctx, collector<int>&) {
               (void)ctx.get_broadcast_state(map_state_descriptor<std::string, int>{"other"});
             })
    .print();
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().message().find("'other'") != std::string::npos);
  BOOST_TEST(result.err().message().find("broadcast(...)") != std::string::npos);
  BOOST_TEST(result.err().message().find("Co-Process-Broadcast") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(keyed_state_in_process_broadcast_element_fails_the_job) {
  struct reads_keyed_state final : keyed_broadcast_process_function<int, event, rule, int> {
    value_state<int>* seq = nullptr;
    void open(const runtime_context& ctx) override {
      seq = &ctx.get_state(value_state_descriptor<int>{"seq"});
    }
    void process_element(const event&, read_only_context&, collector<int>&) override {}
    void process_broadcast_element(const rule&, context&, collector<int>&) override {
      (void)seq->value();
    }
  };
  environment env;
  auto broadcast_rules = env.from_collection(rules()).broadcast(rules_desc);
  env.from_collection(events())
    .key_by([](const event& e) { return e.first; })
    .connect(broadcast_rules)
    .process(reads_keyed_state{})
    .print();
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().message().find("process_broadcast_element") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
