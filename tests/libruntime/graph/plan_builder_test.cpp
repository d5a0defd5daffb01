#include <boost/test/unit_test.hpp>

#include "weir/api.hpp"

using namespace weir;

namespace {

graph::job_graph plan_of(environment& env) {
  auto p = env.plan();
  if (auto* err = std::get_if<error>(&p))
    BOOST_FAIL("unexpected plan error: " + err->to_string());
  return std::get<graph::job_graph>(std::move(p));
}

error error_of(environment& env) {
  auto p = env.plan();
  BOOST_REQUIRE(std::holds_alternative<error>(p));
  return std::get<error>(p);
}

} // namespace

BOOST_AUTO_TEST_SUITE(plan_builder_test)

// generate ─► map ─► filter ─► print   (all parallelism 2: one chain)
BOOST_AUTO_TEST_CASE(chains_forward_edges_of_equal_parallelism_into_one_task) {
  environment env;
  env.set_parallelism(2);
  env.generate(10, [](std::uint64_t i) { return int(i); })
    .map([](const int& x) { return x + 1; })
    .filter([](const int& x) { return x > 2; })
    .print();
  auto jg = plan_of(env);
  BOOST_TEST(jg.vertices.size() == 1u);
  BOOST_TEST(jg.vertices[0].name == "Generator Source -> Map -> Filter -> Print to Std. Out");
  BOOST_TEST(jg.edges.empty());
  BOOST_TEST(jg.task_count() == 2);
}

BOOST_AUTO_TEST_CASE(a_rebalance_or_key_by_breaks_the_chain) {
  environment env;
  env.set_parallelism(2);
  env.generate(10, [](std::uint64_t i) { return int(i); })
    .rebalance()
    .map([](const int& x) { return x; })
    .key_by([](const int& x) { return x % 3; })
    .sum()
    .print();
  auto jg = plan_of(env);
  BOOST_TEST(jg.vertices.size() == 3u);
  BOOST_REQUIRE(jg.edges.size() == 2u);
  BOOST_TEST((jg.edges[0].partitioner == flow::partitioner_kind::rebalance));
  BOOST_TEST((jg.edges[1].partitioner == flow::partitioner_kind::key_group));
  BOOST_TEST(jg.vertices[2].name == "Keyed Aggregation -> Print to Std. Out");
}

BOOST_AUTO_TEST_CASE(a_change_of_parallelism_defaults_to_rebalance) {
  environment env;
  env.set_parallelism(2);
  auto s = env.generate(10, [](std::uint64_t i) { return int(i); });
  s.map([](const int& x) { return x; }).set_parallelism(3).print();
  auto jg = plan_of(env);
  BOOST_REQUIRE(jg.edges.size() == 2u);
  BOOST_TEST((jg.edges[0].partitioner == flow::partitioner_kind::rebalance));
  BOOST_TEST(jg.input_channels(1, 0).size() == 2u);
  BOOST_TEST(jg.output_channels(0, 0).size() == 3u);
}

BOOST_AUTO_TEST_CASE(disable_chaining_and_start_new_chain_split_chains) {
  environment env;
  env.generate(10, [](std::uint64_t i) { return int(i); })
    .map([](const int& x) { return x; })
    .disable_chaining()
    .filter([](const int&) { return true; })
    .map([](const int& x) { return x; })
    .start_new_chain()
    .print();
  auto jg = plan_of(env);
  BOOST_TEST(jg.vertices.size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_union_gives_its_consumer_one_input_edge_per_stream) {
  environment env;
  auto a = env.from_collection(std::vector<int>{1, 2});
  auto b = env.from_collection(std::vector<int>{3});
  a.union_with(b).map([](const int& x) { return x; }).print();
  auto jg = plan_of(env);
  BOOST_TEST(jg.vertices.size() == 3u);
  BOOST_TEST(jg.vertices[2].in_edges.size() == 2u);
}

BOOST_AUTO_TEST_CASE(connect_feeds_the_second_stream_into_input_one) {
  environment env;
  auto a = env.from_collection(std::vector<int>{1});
  auto b = env.from_collection(std::vector<std::string>{"x"});
  a.connect(b).co_map([](const int& x) { return x; }, [](const std::string& s) { return int(s.size()); }).print();
  auto jg = plan_of(env);
  BOOST_REQUIRE(jg.edges.size() == 2u);
  BOOST_TEST(jg.edges[0].target_side == 0);
  BOOST_TEST(jg.edges[1].target_side == 1);
}

BOOST_AUTO_TEST_CASE(rejects_parallelism_zero) {
  environment env;
  env.set_parallelism(0);
  env.from_collection(std::vector<int>{1}).print();
  auto err = error_of(env);
  BOOST_TEST((err.code() == errc::invalid_configuration));
  BOOST_TEST(err.message().find("parallelism is 0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_max_parallelism_below_an_operators_parallelism) {
  environment env;
  env.set_max_parallelism(4);
  env.generate(3, [](std::uint64_t i) { return i; }).map([](const std::uint64_t& x) { return x; })
    .set_parallelism(8)
    .print();
  auto err = error_of(env);
  BOOST_TEST(err.message().find("above the max parallelism 4") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_forward_between_different_parallelism) {
  environment env;
  env.set_parallelism(2);
  env.generate(3, [](std::uint64_t i) { return i; }).forward().map([](const std::uint64_t& x) { return x; })
    .set_parallelism(1)
    .print();
  auto err = error_of(env);
  BOOST_TEST((err.code() == errc::invalid_plan));
  BOOST_TEST(err.message().find("needs equal parallelism") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_a_missing_input_file_before_running) {
  environment env;
  env.read_text_file("/nonexistent/weir/input.txt").print();
  auto err = error_of(env);
  BOOST_TEST((err.code() == errc::missing_input));
  BOOST_TEST(err.message().find("/nonexistent/weir/input.txt") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_a_job_without_sink) {
  environment env;
  env.from_collection(std::vector<int>{1}).map([](const int& x) { return x; });
  BOOST_TEST(error_of(env).message().find("no sink") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_two_operators_with_one_uid) {
  environment env;
  auto s = env.from_collection(std::vector<int>{1});
  s.map([](const int& x) { return x; }).uid("parse").print();
  s.filter([](const int&) { return true; }).uid("parse").print();
  BOOST_TEST(error_of(env).message().find("share the uid 'parse'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(settings_on_a_partitioning_are_refused_with_a_clear_error) {
  environment env;
  auto s = env.from_collection(std::vector<int>{1}).rebalance();
  BOOST_CHECK_THROW(s.set_parallelism(2), weir_exception);
}

BOOST_AUTO_TEST_CASE(rejects_parallelism_zero_or_negative_on_an_operator_naming_it) {
  for (int p : {0, -2}) {
    environment env;
    env.from_collection(std::vector<int>{1}).map([](const int& x) { return x; }).name("Parse")
      .set_parallelism(p)
      .print();
    auto err = error_of(env);
    BOOST_TEST((err.code() == errc::invalid_configuration));
    BOOST_TEST(err.message().find("operator 'Parse' has parallelism " + std::to_string(p))
               != std::string::npos);
    BOOST_TEST(err.message().find("set_parallelism takes 1 or more") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(rejects_max_parallelism_zero_on_an_operator_naming_it) {
  environment env;
  env.from_collection(std::vector<int>{1}).map([](const int& x) { return x; })
    .set_max_parallelism(0)
    .print();
  auto err = error_of(env);
  BOOST_TEST((err.code() == errc::invalid_configuration));
  BOOST_TEST(err.message().find("operator 'Map' has max parallelism 0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_parallelism_zero_on_a_sink) {
  environment env;
  env.from_collection(std::vector<int>{1}).print().set_parallelism(0);
  auto err = error_of(env);
  BOOST_TEST(err.message().find("'Print to Std. Out' has parallelism 0") != std::string::npos);
}

// generate ─► key_by ─► sum ─► key_by ─► sum ─► print
//                  └─► sum.name("Totals") ─► print
BOOST_AUTO_TEST_CASE(operators_sharing_a_default_name_get_numbered_names_in_the_plan) {
  environment env;
  auto s = env.generate(10, [](std::uint64_t i) { return int(i); });
  auto key = [](const int& x) { return x % 2; };
  s.key_by(key).sum().key_by(key).sum().print();
  s.key_by(key).sum().name("Totals").print();
  auto jg = plan_of(env);
  std::vector<std::string> names;
  for (const auto& n : jg.graph->nodes())
    if (!n.is_virtual())
      names.push_back(n.name);
  BOOST_TEST((names
              == std::vector<std::string>{"Generator Source", "Keyed Aggregation",
                                          "Keyed Aggregation (2)", "Print to Std. Out", "Totals",
                                          "Print to Std. Out (2)"}));
}

BOOST_AUTO_TEST_CASE(a_default_name_never_takes_a_name_the_program_gave) {
  environment env;
  auto s = env.from_collection(std::vector<int>{1});
  s.map([](const int& x) { return x; }).print();
  s.map([](const int& x) { return x; }).name("Map").print();
  s.map([](const int& x) { return x; }).name("Map").print(); // given twice: left as is
  auto jg = plan_of(env);
  std::vector<std::string> names;
  for (const auto& n : jg.graph->nodes())
    if (n.kind == graph::node_kind::operation)
      names.push_back(n.name);
  BOOST_TEST((names == std::vector<std::string>{"Map (2)", "Map", "Map"}));
}

BOOST_AUTO_TEST_CASE(a_side_output_of_an_operator_that_cannot_emit_one_is_an_invalid_plan) {
  environment env;
  const output_tag<int> odd{"odd"};
  auto mapped = env.from_collection(std::vector<int>{1}).map([](const int& x) { return x; });
  mapped.print();
  mapped.get_side_output(odd).print();
  auto err = error_of(env);
  BOOST_TEST((err.code() == errc::invalid_plan));
  BOOST_TEST(err.message().find("get_side_output(\"odd\") reads from 'Map'") != std::string::npos);
  BOOST_TEST(err.message().find("only process functions emit them") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_side_output_of_a_process_function_is_planned_as_a_tagged_edge) {
  environment env;
  const output_tag<int> odd{"odd"};
  auto main = env.from_collection(std::vector<int>{1}).process(
    [&odd](const int& x, process_context& ctx, collector<int>& out) {
      if (x % 2 != 0)
        ctx.output(odd, x);
      else
        out.collect(x);
    });
  main.print();
  main.get_side_output(odd).print();
  auto jg = plan_of(env);
  BOOST_REQUIRE(jg.vertices.size() == 1u);
  bool tagged = false;
  for (const auto& link : jg.vertices[0].links)
    tagged |= link.tag == "odd";
  BOOST_TEST(tagged);
}

BOOST_AUTO_TEST_CASE(a_side_output_read_from_a_keyed_process_function_is_accepted) {
  environment env;
  const output_tag<int> odd{"odd"};
  auto main = env.from_collection(std::vector<int>{1})
                .key_by([](const int& x) { return x; })
                .process([&odd](const int& x, keyed_context<int>& ctx, collector<int>&) {
                  ctx.output(odd, x);
                });
  main.get_side_output(odd).print();
  auto jg = plan_of(env);
  BOOST_REQUIRE(!jg.edges.empty());
}

BOOST_AUTO_TEST_CASE(a_second_plan_after_execute_consumed_the_graph_says_so) {
  environment env;
  env.from_collection(std::vector<int>{1}).print();
  env.stream_graph().mark_executed(); // what execute() does once it took the plan
  auto err = error_of(env);
  BOOST_TEST((err.code() == errc::invalid_plan));
  BOOST_TEST(err.message().find("No operators defined in streaming topology") != std::string::npos);
  BOOST_TEST(err.message().find("execute() already ran") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_sink_added_after_execute_reruns_only_what_it_reads_from) {
  environment env;
  auto s = env.from_collection(std::vector<int>{1}).map([](const int& x) { return x; });
  s.filter([](const int&) { return true; }).print();
  env.stream_graph().mark_executed();
  s.print();
  auto jg = plan_of(env);
  BOOST_REQUIRE(jg.vertices.size() == 1u);
  BOOST_TEST(jg.vertices[0].name == "Collection Source -> Map -> Print to Std. Out");
}

BOOST_AUTO_TEST_SUITE_END()
