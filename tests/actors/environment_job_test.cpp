// What the environment does around a job: unique default operator names in the result, a
// second execute() after the first consumed the graph, and the worker thread setting.
//
//   generate ─► key_by ─► sum ─► key_by ─► sum ─► collect
//         └──► key_by ─► sum.name("Totals") ─► collect

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "weir/weir.hpp"

using namespace weir;

BOOST_AUTO_TEST_SUITE(environment_job_test)

BOOST_AUTO_TEST_CASE(operators_sharing_a_default_name_are_counted_apart_in_the_result) {
  environment env;
  env.set_parallelism(2);
  auto key = [](const long& x) { return x % 5; };
  auto numbers = env.generate(1000, [](std::uint64_t i) { return long(i); });
  auto first = numbers.key_by(key).sum();
  auto second = first.filter([](const long& x) { return x % 2 == 0; }).key_by(key).sum();
  second.collect();
  numbers.key_by(key).sum().name("Totals").collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(result.records_in("Keyed Aggregation") == 1000u);
  BOOST_TEST(result.records_in("Keyed Aggregation (2)") == result.records_out("Filter"));
  BOOST_TEST(result.records_in("Keyed Aggregation (2)") < 1000u);
  BOOST_TEST(result.records_in("Totals") == 1000u);
}

BOOST_AUTO_TEST_CASE(a_second_execute_without_new_sinks_says_the_graph_was_consumed) {
  environment env;
  auto out = env.from_collection(std::vector<int>{1, 2, 3}).collect();
  BOOST_REQUIRE(env.execute().ok());
  BOOST_TEST(out.size() == 3u);
  auto again = env.execute();
  BOOST_REQUIRE(!again.ok());
  BOOST_TEST((again.err().code() == errc::invalid_plan));
  BOOST_TEST(again.err().message().find("No operators defined in streaming topology")
             != std::string::npos);
  BOOST_TEST(again.err().message().find("execute() already ran") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_sink_added_to_an_old_stream_after_execute_runs_its_inputs_again) {
  environment env;
  auto doubled = env.from_collection(std::vector<int>{1, 2, 3}).map([](const int& x) {
    return 2 * x;
  });
  auto first = doubled.collect();
  BOOST_REQUIRE(env.execute().ok());
  auto second = doubled.collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(first.size() == 3u); // the first job's sink is not run again
  BOOST_TEST(second.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_job_runs_on_one_worker_thread) {
  environment env;
  env.set_parallelism(3).set_worker_threads(1);
  auto out = env.generate(5000, [](std::uint64_t i) { return int(i); })
               .rebalance()
               .map([](const int& x) { return x + 1; })
               .collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(out.size() == 5000u);
}

BOOST_AUTO_TEST_SUITE_END()
