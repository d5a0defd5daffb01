#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "backend_fixture.hpp"

// State TTL on both backends, driven by a manual clock.

using namespace weir;
using namespace std::chrono_literals;
using weir::test::require;

namespace {

template <class Descriptor>
Descriptor with_ttl(Descriptor d, ttl_update_type update = ttl_update_type::on_create_and_write,
                    ttl_state_visibility visibility = ttl_state_visibility::never_return_expired) {
  d.enable_time_to_live(state_ttl_config{10s, update, visibility});
  return d;
}

} // namespace

BOOST_AUTO_TEST_SUITE(state_ttl_test)

BOOST_AUTO_TEST_CASE_TEMPLATE(value_expires_ttl_after_its_last_write, Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* s = require(b->get_state(with_ttl(value_state_descriptor<int>{"v"})));
  require(b->set_current_key(1));
  s->update(1);
  f.clock->advance(9s);
  BOOST_TEST(*s->value() == 1);
  f.clock->advance(1s);
  BOOST_TEST(!s->value().has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(on_create_and_write_ignores_reads, Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* s = require(b->get_state(with_ttl(value_state_descriptor<int>{"v"})));
  require(b->set_current_key(1));
  s->update(1);
  f.clock->advance(6s);
  BOOST_TEST(s->value().has_value());
  f.clock->advance(6s);
  BOOST_TEST(!s->value().has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(on_read_and_write_extends_the_life_on_reads, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* s = require(b->get_state(
    with_ttl(value_state_descriptor<int>{"v"}, ttl_update_type::on_read_and_write)));
  auto* l = require(b->get_state(
    with_ttl(list_state_descriptor<int>{"l"}, ttl_update_type::on_read_and_write)));
  auto* m = require(b->get_state(
    with_ttl(map_state_descriptor<int, int>{"m"}, ttl_update_type::on_read_and_write)));
  require(b->set_current_key(1));
  s->update(1);
  l->add(1);
  m->put(1, 1);
  f.clock->advance(6s);
  BOOST_TEST(s->value().has_value());
  BOOST_TEST(l->get().size() == 1u);
  BOOST_TEST(m->get(1).has_value());
  f.clock->advance(6s);
  BOOST_TEST(*s->value() == 1);
  BOOST_TEST(l->get().size() == 1u);
  BOOST_TEST(m->entries().size() == 1u);
  f.clock->advance(10s);
  BOOST_TEST(!s->value().has_value());
  BOOST_TEST(l->get().empty());
  BOOST_TEST(m->is_empty());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(return_expired_if_not_cleaned_up_returns_it_once, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* s = require(b->get_state(
    with_ttl(value_state_descriptor<int>{"v"}, ttl_update_type::on_create_and_write,
             ttl_state_visibility::return_expired_if_not_cleaned_up)));
  require(b->set_current_key(1));
  s->update(5);
  f.clock->advance(20s);
  BOOST_TEST(*s->value() == 5); // still stored: returned, and cleaned up by this read
  BOOST_TEST(!s->value().has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(list_and_map_elements_expire_one_by_one, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* l = require(b->get_state(with_ttl(list_state_descriptor<int>{"l"})));
  auto* m = require(b->get_state(with_ttl(map_state_descriptor<std::string, int>{"m"})));
  require(b->set_current_key(1));
  l->add(1);
  m->put("old", 1);
  f.clock->advance(5s);
  l->add(2);
  m->put("new", 2);
  f.clock->advance(5s);
  BOOST_TEST((l->get() == std::vector<int>{2}));
  BOOST_TEST(!m->get("old").has_value());
  BOOST_TEST((m->keys() == std::vector<std::string>{"new"}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(expired_accumulators_restart_on_add, Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto* sum = require(b->get_state(with_ttl(reducing_state_descriptor<int>{
    "sum", [](const int& a, const int& v) { return a + v; }})));
  require(b->set_current_key(1));
  sum->add(5);
  f.clock->advance(11s);
  sum->add(1);
  BOOST_TEST(*sum->get() == 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(incremental_cleanup_removes_unread_expired_entries, Backend,
                              test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make({0, 127});
  auto* s = require(b->get_state(with_ttl(value_state_descriptor<int>{"v"})));
  auto* l = require(b->get_state(with_ttl(list_state_descriptor<int>{"l"})));
  auto* m = require(b->get_state(with_ttl(map_state_descriptor<int, int>{"m"})));
  for (int k = 0; k < 50; ++k) {
    require(b->set_current_key(k));
    s->update(k);
    l->add(k);
    m->put(k, k);
  }
  f.clock->advance(5s);
  require(b->set_current_key(0)); // key 0 stays fresh
  s->update(0);
  l->update({0});
  m->put(0, 0);
  f.clock->advance(6s);
  std::size_t removed = 0;
  for (int round = 0; round < 100; ++round)
    removed += b->cleanup_expired(16);
  BOOST_TEST(removed == 3u * 49u);
  b->clear_current_key();
  // A snapshot now holds only key 0's entries.
  auto snap = require(b->snapshot_sync(f.dir.path() / "snap").run());
  BOOST_TEST(snap.entries == 3u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(rejects_a_non_positive_ttl, Backend, test::backends) {
  test::backend_factory<Backend> f;
  auto b = f.make();
  auto d = value_state_descriptor<int>{"v"};
  d.enable_time_to_live(state_ttl_config{0ms});
  auto r = b->get_state(d);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST((r.err().code() == state::errc::invalid_configuration));
}

BOOST_AUTO_TEST_SUITE_END()
