// A job needs as many slots as its highest parallelism; place_slots spreads them round-robin
// over the nodes that offer slots, and a shortfall is an error that lists every node's offer.

#include <boost/test/unit_test.hpp>

#include <vector>

#include "weir/cluster/placement.hpp"

using namespace weir;
using namespace weir::cluster;

namespace {

slot_assignment placed(int required, const std::vector<slot_offer>& offers) {
  auto result = place_slots(required, offers);
  if (auto* err = std::get_if<error>(&result))
    BOOST_FAIL("unexpected error: " + err->to_string());
  return std::get<slot_assignment>(result);
}

using offers_t = std::vector<slot_offer>;
using slots_t = std::vector<std::size_t>;
using used_t = std::vector<int>;

} // namespace

BOOST_AUTO_TEST_SUITE(placement_test)

BOOST_AUTO_TEST_CASE(slots_are_spread_evenly_over_the_offers) {
  auto a = placed(5, offers_t{{"worker 1", 4}, {"worker 2", 4}, {"worker 3", 4}});
  BOOST_TEST(a.offer_of_slot == (slots_t{0, 1, 2, 0, 1}), boost::test_tools::per_element());
  BOOST_TEST(a.slots_used == (used_t{2, 2, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(full_offers_are_skipped) {
  auto a = placed(5, offers_t{{"worker 1", 1}, {"worker 2", 3}, {"worker 3", 1}});
  BOOST_TEST(a.offer_of_slot == (slots_t{0, 1, 2, 1, 1}), boost::test_tools::per_element());
  BOOST_TEST(a.slots_used == (used_t{1, 3, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(offers_of_zero_slots_get_none) {
  auto a = placed(3, offers_t{{"coordinator", 0}, {"worker 1", 2}, {"worker 2", 2}});
  BOOST_TEST(a.offer_of_slot == (slots_t{1, 2, 1}), boost::test_tools::per_element());
  BOOST_TEST(a.slots_used == (used_t{0, 2, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_job_that_needs_no_slots_gets_an_empty_assignment) {
  auto a = placed(0, offers_t{{"worker 1", 2}});
  BOOST_TEST(a.offer_of_slot.empty());
  BOOST_TEST(a.slots_used == (used_t{0}), boost::test_tools::per_element());
  BOOST_TEST(placed(-1, offers_t{}).offer_of_slot.empty());
}

BOOST_AUTO_TEST_CASE(exactly_enough_slots_fill_every_offer) {
  auto a = placed(3, offers_t{{"worker 1", 2}, {"worker 2", 1}});
  BOOST_TEST(a.offer_of_slot == (slots_t{0, 1, 0}), boost::test_tools::per_element());
  BOOST_TEST(a.slots_used == (used_t{2, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_shortfall_names_the_need_every_nodes_offer_and_the_fix) {
  auto result = place_slots(4, offers_t{{"worker 1 (127.0.0.1:4000)", 2},
                                        {"worker 2 (127.0.0.1:4001)", 1}});
  BOOST_REQUIRE(std::holds_alternative<error>(result));
  const auto& err = std::get<error>(result);
  BOOST_TEST((err.code() == errc::invalid_configuration));
  BOOST_TEST(err.message()
             == "the job needs 4 task slots (its highest parallelism), but the cluster offers "
                "3: worker 1 (127.0.0.1:4000): 2, worker 2 (127.0.0.1:4001): 1; start more "
                "workers or give them more slots (--weir-slots / WEIR_SLOTS)");
}

BOOST_AUTO_TEST_CASE(no_offers_at_all_is_a_shortfall) {
  auto result = place_slots(1, offers_t{});
  BOOST_REQUIRE(std::holds_alternative<error>(result));
  BOOST_TEST(std::get<error>(result).message().find("needs 1 task slot (")
             != std::string::npos);
  BOOST_TEST(std::get<error>(result).message().find("no node offers slots")
             != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
