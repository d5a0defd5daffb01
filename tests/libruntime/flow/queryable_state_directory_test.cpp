// The job master's directory of queryable states and a task's table of them, as plain
// classes: routing by key group, the errors a client gets, and duplicate names.

#include <boost/test/unit_test.hpp>

#include <string>
#include <variant>

#include "weir/flow/key_group.hpp"
#include "weir/flow/queryable_state_directory.hpp"
#include "weir/flow/queryable_state_table.hpp"

using namespace weir;
using namespace weir::flow;

namespace {

queryable_state_directory::registration reg(int vertex, int subtask, std::string op = "Count") {
  return {"count", vertex, subtask, std::move(op), {"std::string", {"long"}}, 128, 2};
}

state_query query(std::uint64_t hash, std::string key_type = "std::string",
                  std::string value_type = "long") {
  return {"count", "k", hash, std::move(key_type), std::move(value_type)};
}

/// A hash whose key group subtask `s` of 2 owns.
std::uint64_t hash_owned_by(int s) {
  for (std::uint64_t h = 0;; ++h)
    if (operator_index_for_key_group(assign_to_key_group(h, 128), 128, 2) == s)
      return h;
}

} // namespace

BOOST_AUTO_TEST_SUITE(queryable_state_directory_test)

BOOST_AUTO_TEST_CASE(routes_a_key_to_the_subtask_owning_its_key_group) {
  queryable_state_directory d;
  BOOST_REQUIRE(!d.add(reg(1, 0)));
  BOOST_REQUIRE(!d.add(reg(1, 1)));
  for (int s = 0; s < 2; ++s) {
    auto h = hash_owned_by(s);
    auto r = d.route(query(h));
    BOOST_REQUIRE(std::holds_alternative<queryable_state_directory::target>(r));
    const auto& t = std::get<queryable_state_directory::target>(r);
    BOOST_TEST(t.vertex == 1);
    BOOST_TEST(t.subtask == s);
    BOOST_TEST(t.group.value == assign_to_key_group(h, 128).value);
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_name_lists_the_names_that_exist) {
  queryable_state_directory d;
  BOOST_REQUIRE(!d.add(reg(1, 0)));
  auto q = query(1);
  q.name = "counts";
  auto r = d.route(q);
  BOOST_REQUIRE(std::holds_alternative<error>(r));
  BOOST_TEST(std::get<error>(r).code() == errc::no_such_state);
  BOOST_TEST(std::get<error>(r).message().find("'count'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_types_name_both) {
  queryable_state_directory d;
  BOOST_REQUIRE(!d.add(reg(1, 0)));
  auto r = d.route(query(1, "int", "long"));
  BOOST_REQUIRE(std::holds_alternative<error>(r));
  BOOST_TEST(std::get<error>(r).code() == errc::type_mismatch);
  const auto& m = std::get<error>(r).message();
  BOOST_TEST((m.find("int") != std::string::npos && m.find("std::string") != std::string::npos));
}

BOOST_AUTO_TEST_CASE(a_subtask_that_has_not_declared_the_state_has_no_such_key) {
  queryable_state_directory d;
  BOOST_REQUIRE(!d.add(reg(1, 0)));
  auto r = d.route(query(hash_owned_by(1)));
  BOOST_REQUIRE(std::holds_alternative<error>(r));
  BOOST_TEST(std::get<error>(r).code() == errc::no_such_key);
}

BOOST_AUTO_TEST_CASE(during_a_restart_a_known_name_is_job_not_running_until_registered_again) {
  queryable_state_directory d;
  BOOST_REQUIRE(!d.add(reg(1, 0)));
  d.new_attempt();
  auto r = d.route(query(hash_owned_by(0)));
  BOOST_REQUIRE(std::holds_alternative<error>(r));
  BOOST_TEST(std::get<error>(r).code() == errc::job_not_running);
  BOOST_REQUIRE(!d.add(reg(1, 0)));
  BOOST_TEST(std::holds_alternative<queryable_state_directory::target>(
    d.route(query(hash_owned_by(0)))));
}

BOOST_AUTO_TEST_CASE(a_name_registered_by_two_operators_is_an_invalid_plan_naming_both) {
  queryable_state_directory d;
  BOOST_REQUIRE(!d.add(reg(1, 0, "First")));
  auto err = d.add(reg(2, 0, "Second"));
  BOOST_REQUIRE(err.has_value());
  BOOST_TEST(err->code() == errc::invalid_plan);
  BOOST_TEST((err->message().find("First") != std::string::npos
              && err->message().find("Second") != std::string::npos));
}

BOOST_AUTO_TEST_CASE(a_task_table_answers_reads_and_refuses_a_second_owner) {
  queryable_state_table t;
  int registered = 0;
  t.on_register([&](const queryable_state_entry&) { ++registered; });
  int a = 0;
  int b = 0;
  queryable_state_entry e;
  e.name = "count";
  e.state_name = "count";
  e.operator_name = "First";
  e.owner = &a;
  e.types = {"std::string", {"long"}};
  e.key_groups = {0, 63};
  e.read = [](key_group, std::string_view key, std::string& out) {
    if (key == "missing")
      return false;
    out = "value";
    return true;
  };
  BOOST_REQUIRE(!t.add(e));
  BOOST_REQUIRE(!t.add(e)); // declared again by the same operator: nothing new
  BOOST_TEST(registered == 1);
  auto value = t.query("count", key_group{3}, "k", "std::string", "long");
  BOOST_REQUIRE(std::holds_alternative<std::string>(value));
  BOOST_TEST(std::get<std::string>(value) == "value");
  auto missing = t.query("count", key_group{3}, "missing", "std::string", "long");
  BOOST_REQUIRE(std::holds_alternative<error>(missing));
  BOOST_TEST(std::get<error>(missing).code() == errc::no_such_key);
  auto other = e;
  other.owner = &b;
  other.operator_name = "Second";
  auto dup = t.add(other);
  BOOST_REQUIRE(dup.has_value());
  BOOST_TEST(dup->code() == errc::invalid_plan);
  BOOST_TEST(dup->message().find("Second") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
