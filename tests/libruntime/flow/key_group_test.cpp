#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "weir/flow/key_group.hpp"
#include "weir/key_hash.hpp"

using namespace weir::flow;

BOOST_AUTO_TEST_SUITE(key_group_test)

BOOST_AUTO_TEST_CASE(ranges_are_contiguous_disjoint_and_cover_all_key_groups) {
  for (int max_p : {1, 7, 128, 1000})
    for (int p = 1; p <= std::min(max_p, 9); ++p) {
      std::uint32_t next = 0;
      for (int i = 0; i < p; ++i) {
        auto r = key_group_range_for_operator(max_p, p, i);
        BOOST_TEST(r.first == next);
        BOOST_TEST(r.size() >= 1u);
        next = r.last + 1;
      }
      BOOST_TEST(next == static_cast<std::uint32_t>(max_p));
    }
}

BOOST_AUTO_TEST_CASE(the_owner_of_a_key_group_is_the_instance_whose_range_holds_it) {
  for (int max_p : {128, 10})
    for (int p = 1; p <= 8 && p <= max_p; ++p)
      for (int g = 0; g < max_p; ++g) {
        auto owner = operator_index_for_key_group(key_group{static_cast<std::uint32_t>(g)}, max_p, p);
        BOOST_TEST(key_group_range_for_operator(max_p, p, owner)
                     .contains(key_group{static_cast<std::uint32_t>(g)}));
      }
}

BOOST_AUTO_TEST_CASE(matches_flinks_range_formula) {
  // Flink: start = ceil(i * maxP / p), end = ((i + 1) * maxP - 1) / p
  auto r = key_group_range_for_operator(128, 3, 1);
  BOOST_TEST(r.first == 43u);
  BOOST_TEST(r.last == 85u);
}

BOOST_AUTO_TEST_CASE(spreads_sequential_integer_keys_over_key_groups) {
  std::vector<int> hits(128, 0);
  for (int k = 0; k < 12800; ++k)
    ++hits[assign_to_key_group(weir::key_hash<int>{}(k), 128).value];
  for (int h : hits) {
    BOOST_TEST(h > 50);
    BOOST_TEST(h < 150);
  }
}

BOOST_AUTO_TEST_CASE(assigns_the_same_key_to_the_same_group_every_time) {
  auto a = assign_to_key_group(weir::key_hash<std::string>{}("sensor-7"), 128);
  auto b = assign_to_key_group(weir::key_hash<std::string>{}("sensor-7"), 128);
  BOOST_TEST(a.value == b.value);
  BOOST_TEST(a.value < 128u);
}

BOOST_AUTO_TEST_SUITE_END()
