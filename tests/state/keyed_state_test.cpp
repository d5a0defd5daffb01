#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

#include "backend_fixture.hpp"

// The state types, on both backends (one suite body, instantiated per backend).

using namespace weir;
using weir::test::require;

BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::state::errc)

namespace {

struct sum_count {
  std::pair<long, long> create_accumulator() const { return {0, 0}; }
  std::pair<long, long> add(const int& v, std::pair<long, long> acc) const {
    return {acc.first + v, acc.second + 1};
  }
  double get_result(const std::pair<long, long>& acc) const {
    return acc.second == 0 ? 0.0 : static_cast<double>(acc.first) / acc.second;
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(keyed_state_test)

BOOST_AUTO_TEST_CASE_TEMPLATE(value_state_is_scoped_to_the_current_key, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* count = require(b->get_state(value_state_descriptor<long>{"count"}));
  require(b->set_current_key(std::string{"alice"}));
  BOOST_TEST(!count->value().has_value());
  count->update(1);
  require(b->set_current_key(std::string{"bob"}));
  BOOST_TEST(!count->value().has_value());
  count->update(10);
  require(b->set_current_key(std::string{"alice"}));
  BOOST_TEST(*count->value() == 1);
  count->update(*count->value() + 1);
  BOOST_TEST(*count->value() == 2);
  count->clear();
  BOOST_TEST(!count->value().has_value());
  require(b->set_current_key(std::string{"bob"}));
  BOOST_TEST(*count->value() == 10);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(list_state_appends_replaces_and_clears, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* list = require(b->get_state(list_state_descriptor<std::string>{"events"}));
  require(b->set_current_key(7));
  BOOST_TEST(list->get().empty());
  list->add("a");
  list->add_all({"b", "c"});
  BOOST_TEST((list->get() == std::vector<std::string>{"a", "b", "c"}));
  list->update({"x"});
  BOOST_TEST((list->get() == std::vector<std::string>{"x"}));
  require(b->set_current_key(8));
  BOOST_TEST(list->get().empty());
  require(b->set_current_key(7));
  list->update({});
  BOOST_TEST(list->get().empty());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(map_state_puts_gets_removes_and_iterates, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* m = require(b->get_state(map_state_descriptor<std::string, int>{"by_word"}));
  require(b->set_current_key(1));
  BOOST_TEST(m->is_empty());
  m->put("x", 1);
  m->put("y", 2);
  m->put("x", 3);
  BOOST_TEST(*m->get("x") == 3);
  BOOST_TEST(!m->get("z").has_value());
  BOOST_TEST(m->contains("y"));
  auto entries = m->entries();
  std::sort(entries.begin(), entries.end());
  BOOST_TEST((entries == std::vector<std::pair<std::string, int>>{{"x", 3}, {"y", 2}}));
  m->remove("x");
  BOOST_TEST((m->keys() == std::vector<std::string>{"y"}));
  require(b->set_current_key(2));
  BOOST_TEST(m->is_empty());
  m->put("other", 9);
  require(b->set_current_key(1));
  m->clear();
  BOOST_TEST(m->is_empty());
  require(b->set_current_key(2));
  BOOST_TEST((m->values() == std::vector<int>{9}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(reducing_state_folds_added_values, Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* max = require(b->get_state(reducing_state_descriptor<int>{
    "max", [](const int& a, const int& v) { return std::max(a, v); }}));
  require(b->set_current_key(std::string{"k"}));
  BOOST_TEST(!max->get().has_value());
  for (int v : {3, 9, 4})
    max->add(v);
  BOOST_TEST(*max->get() == 9);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(aggregating_state_keeps_an_accumulator, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* avg = require(b->get_state(
    aggregating_state_descriptor<int, std::pair<long, long>, double>{"avg", sum_count{}}));
  require(b->set_current_key(std::string{"k"}));
  BOOST_TEST(!avg->get().has_value());
  for (int v : {1, 2, 6})
    avg->add(v);
  BOOST_TEST(*avg->get() == 3.0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(namespaces_separate_values_of_one_key, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* s = require(b->get_state(value_state_descriptor<int>{"per_window"}));
  require(b->set_current_key(1));
  s->set_current_namespace("w1");
  s->update(1);
  s->set_current_namespace("w2");
  BOOST_TEST(!s->value().has_value());
  s->update(2);
  s->set_current_namespace("w1");
  BOOST_TEST(*s->value() == 1);
  s->set_current_namespace("");
  BOOST_TEST(!s->value().has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(declaring_a_name_again_returns_the_same_state, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* a = require(b->get_state(value_state_descriptor<int>{"s"}));
  auto* again = require(b->get_state(value_state_descriptor<int>{"s"}));
  BOOST_TEST(a == again);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(declaring_a_name_with_another_type_is_an_error, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  (void)require(b->get_state(value_state_descriptor<int>{"s"}));
  auto other_type = b->get_state(value_state_descriptor<std::string>{"s"});
  BOOST_REQUIRE(!other_type.ok());
  BOOST_TEST(other_type.err().code() == state::errc::incompatible_state);
  BOOST_TEST(other_type.err().message().find("'s'") != std::string::npos);
  auto other_kind = b->get_state(list_state_descriptor<int>{"s"});
  BOOST_REQUIRE(!other_kind.ok());
  BOOST_TEST(other_kind.err().code() == state::errc::incompatible_state);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(access_outside_a_keyed_context_is_an_error, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* s = require(b->get_state(value_state_descriptor<int>{"s"}));
  try {
    (void)s->value();
    BOOST_FAIL("value() without a current key did not fail");
  } catch (const state::state_exception& e) {
    BOOST_TEST(e.state_err().code() == state::errc::no_current_key);
    BOOST_TEST(std::string{e.what()}.find("outside a keyed context") != std::string::npos);
  }
  require(b->set_current_key(1));
  s->update(1);
  b->clear_current_key();
  BOOST_CHECK_THROW(s->update(2), state::state_exception);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(rejects_key_groups_it_does_not_own, Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make({0, 63});
  auto r = b->set_current_key(flow::key_group{64}, "k");
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.err().code() == state::errc::key_group_out_of_range);
  BOOST_TEST(!b->has_current_key());
}

BOOST_AUTO_TEST_SUITE_END()
