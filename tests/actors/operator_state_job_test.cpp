// Operator (non-keyed) list state reached from user functions, end to end:
//
//   generate(n) ─► process(list state per instance) ─► collect
//
// Checkpoints come later, so restoring is specified at the backend level
// (tests/state/operator_state_test.cpp); here the state must be per parallel instance and
// reachable from functions of non-keyed and keyed streams and from sources.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "weir/weir.hpp"

using namespace weir;

namespace {

/// Buffers every record in operator list state and emits (subtask, buffered count, sum).
class buffering final : public process_function<int, std::tuple<int, int, long>> {
public:
  void open(const runtime_context& ctx) override {
    buffer_ = &ctx.get_list_state(list_state_descriptor<int>{"buffer"});
    subtask_ = ctx.index_of_this_subtask();
  }
  void process_element(const int& v, process_context&,
                       collector<std::tuple<int, int, long>>& out) override {
    buffer_->add(v);
    long sum = 0;
    auto all = buffer_->get();
    for (int x : all)
      sum += x;
    out.collect({subtask_, static_cast<int>(all.size()), sum});
  }

private:
  list_state<int>* buffer_ = nullptr;
  int subtask_ = 0;
};

/// A bounded source that keeps its position in union list state, as Flink's sources keep
/// their offsets.
class counting_source final : public source_function<int> {
public:
  void open(const runtime_context& ctx) override {
    offset_ = &ctx.get_union_list_state(list_state_descriptor<int>{"offset"});
  }
  source_status poll(collector<int>& out, std::size_t) override {
    auto at = offset_->get();
    int next = at.empty() ? 0 : at.front();
    if (next == 10)
      return source_status::end_of_input;
    out.collect(next);
    offset_->update({next + 1});
    return source_status::more_available;
  }

private:
  list_state<int>* offset_ = nullptr;
};

} // namespace

BOOST_AUTO_TEST_SUITE(operator_state_job_test)

BOOST_AUTO_TEST_CASE(a_function_on_a_non_keyed_stream_keeps_one_list_per_parallel_instance) {
  const int n = 3000;
  for (int p = 1; p <= 3; ++p) {
    environment env;
    env.set_parallelism(p);
    auto out = env.generate(n, [](std::uint64_t i) { return static_cast<int>(i); })
                 .rebalance()
                 .process(buffering{})
                 .collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    // Per instance, the list grew by one with every record: counts 1..n_i, and the last
    // sum covers every record the instance saw; over all instances that is every record.
    std::map<int, std::vector<int>> counts;
    std::map<int, long> last_sum;
    for (auto [subtask, count, sum] : out) {
      counts[subtask].push_back(count);
      last_sum[subtask] = std::max(last_sum[subtask], sum); // sums only grow
    }
    int total = 0;
    long sum = 0;
    for (auto& [subtask, c] : counts) {
      std::sort(c.begin(), c.end());
      for (std::size_t i = 0; i < c.size(); ++i)
        BOOST_TEST(c[i] == static_cast<int>(i) + 1);
      total += static_cast<int>(c.size());
      sum += last_sum[subtask];
    }
    BOOST_TEST(counts.size() == static_cast<std::size_t>(p));
    BOOST_TEST(total == n);
    BOOST_TEST(sum == static_cast<long>(n) * (n - 1) / 2);
  }
}

BOOST_AUTO_TEST_CASE(operator_state_in_a_keyed_function_belongs_to_the_instance_not_the_key) {
  struct counter {
    list_state<int>* seen = nullptr;
    void open(const runtime_context& ctx) {
      seen = &ctx.get_list_state(list_state_descriptor<int>{"seen"});
    }
    int operator()(const int& v) {
      seen->add(v);
      return static_cast<int>(seen->get().size());
    }
  };
  environment env;
  auto out = env.from_collection(std::vector<int>{1, 2, 3, 4, 5, 6})
               .key_by([](const int& v) { return v % 3; })
               .map(counter{})
               .collect();
  BOOST_REQUIRE(env.execute().ok());
  auto v = out.values();
  std::sort(v.begin(), v.end());
  BOOST_TEST((v == std::vector<int>{1, 2, 3, 4, 5, 6}));
}

BOOST_AUTO_TEST_CASE(a_source_keeps_its_position_in_union_list_state) {
  environment env;
  auto out = env.add_source(counting_source{}).collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  auto v = out.values();
  std::sort(v.begin(), v.end());
  BOOST_TEST((v == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

BOOST_AUTO_TEST_CASE(one_operator_state_as_split_and_as_union_list_fails_the_job_naming_both) {
  struct confused {
    void open(const runtime_context& ctx) {
      (void)ctx.get_list_state(list_state_descriptor<int>{"x"});
      (void)ctx.get_union_list_state(list_state_descriptor<int>{"x"});
    }
    int operator()(const int& v) { return v; }
  };
  environment env;
  env.from_elements({1}).map(confused{}).name("Confused").print();
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().message().find("'x'") != std::string::npos);
  BOOST_TEST(result.err().message().find("'Confused'") != std::string::npos);
  BOOST_TEST(result.err().message().find("union list") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
