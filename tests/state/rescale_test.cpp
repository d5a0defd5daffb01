#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

#include "backend_fixture.hpp"

// Rescaling through snapshots:
//
//   parallelism 2:  [kg 0..63] [kg 64..127]  --snapshot-->  dir0, dir1
//   restore from {dir0, dir1} at parallelism 1, 3 and 4: instance i keeps its key groups
//
// Every key's state must be found in exactly one instance, unchanged.

using namespace weir;
using weir::test::require;

namespace {

constexpr int max_parallelism = 128;
constexpr int keys = 500;

std::string key_name(int k) { return "key-" + std::to_string(k); }

struct states {
  value_state<int>* value;
  list_state<std::string>* list;
  map_state<int, double>* map;
};

states declare(state::keyed_state_backend& b) {
  return {require(b.get_state(value_state_descriptor<int>{"value"})),
          require(b.get_state(list_state_descriptor<std::string>{"list"})),
          require(b.get_state(map_state_descriptor<int, double>{"map"}))};
}

// Routes a key as the keyed stream does: to the instance owning its key group.
int owner(const std::string& key, int parallelism) {
  auto group = flow::assign_to_key_group(key_hash<std::string>{}(key), max_parallelism);
  return flow::operator_index_for_key_group(group, max_parallelism, parallelism);
}

template <class Backend, class Target>
void rescale_from_two_to(int parallelism) {
  test::backend_factory<Backend> source_factory;
  test::backend_factory<Target> target_factory;
  std::vector<std::filesystem::path> dirs;
  for (int i = 0; i < 2; ++i) {
    auto b = source_factory.make(flow::key_group_range_for_operator(max_parallelism, 2, i),
                                 max_parallelism);
    auto s = declare(*b);
    for (int k = 0; k < keys; ++k) {
      auto key = key_name(k);
      if (owner(key, 2) != i)
        continue;
      require(b->set_current_key(key));
      s.value->update(k);
      s.list->add_all({key, "x"});
      s.map->put(k, k * 0.5);
      s.map->put(-k - 1, 1.0);
    }
    dirs.push_back(source_factory.dir.path() / ("snap-" + std::to_string(i)));
    (void)require(b->snapshot_sync(dirs.back()).run());
  }
  std::map<int, int> found;
  for (int i = 0; i < parallelism; ++i) {
    auto range = flow::key_group_range_for_operator(max_parallelism, parallelism, i);
    auto b = target_factory.make(range, max_parallelism);
    require(b->restore(dirs));
    auto s = declare(*b);
    for (int k = 0; k < keys; ++k) {
      auto key = key_name(k);
      auto group = flow::assign_to_key_group(key_hash<std::string>{}(key), max_parallelism);
      if (!range.contains(group))
        continue;
      require(b->set_current_key(key));
      auto v = s.value->value();
      if (!v)
        continue;
      ++found[k];
      BOOST_TEST(*v == k);
      BOOST_TEST((s.list->get() == std::vector<std::string>{key, "x"}));
      BOOST_TEST(*s.map->get(k) == k * 0.5);
      BOOST_TEST(*s.map->get(-k - 1) == 1.0);
      BOOST_TEST(s.map->entries().size() == 2u);
    }
  }
  BOOST_TEST(found.size() == static_cast<std::size_t>(keys));
  for (const auto& [k, n] : found)
    BOOST_TEST(n == 1);
}

} // namespace

BOOST_AUTO_TEST_SUITE(rescale_test)

BOOST_AUTO_TEST_CASE_TEMPLATE(restores_every_key_exactly_once_at_parallelism_1_3_and_4,
                              Backend, test::backends) {
  for (int p : {1, 3, 4})
    rescale_from_two_to<Backend, Backend>(p);
}

BOOST_AUTO_TEST_CASE(restores_heap_snapshots_into_rocksdb_and_back) {
  rescale_from_two_to<test::heap_backend, test::rocksdb_backend>(3);
  rescale_from_two_to<test::rocksdb_backend, test::heap_backend>(3);
}

BOOST_AUTO_TEST_SUITE_END()
