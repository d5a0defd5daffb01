// The protocol ledgers of actor sources and sinks (issue 14) as plain classes: producers never
// get more demand than the source can buffer, grants go out in bulk, and a sink never has more
// unacknowledged batches in flight than its window.

#include <boost/test/unit_test.hpp>

#include <map>
#include <random>

#include "weir/flow/demand_ledger.hpp"

using namespace weir;
using namespace weir::flow;

namespace {

std::uint64_t granted_to(const std::vector<demand_ledger::grant>& grants,
                         demand_ledger::producer_id p) {
  std::uint64_t n = 0;
  for (const auto& g : grants)
    if (g.producer == p)
      n += g.records;
  return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(demand_ledger_test)

BOOST_AUTO_TEST_CASE(a_single_producer_gets_the_whole_buffer_and_no_more) {
  demand_ledger d{1000};
  auto first = d.open(7);
  BOOST_TEST(granted_to(first, 7) == 1000u);
  BOOST_TEST(!d.accept(7, 600));
  BOOST_TEST(!d.accept(7, 400));
  auto over = d.accept(7, 1);
  BOOST_REQUIRE(over.has_value());
  BOOST_TEST(over->message().find("had granted it 0") != std::string::npos);
  BOOST_TEST(d.buffered() == 1000u);
  BOOST_TEST(d.outstanding() == 0u);
}

BOOST_AUTO_TEST_CASE(grants_go_out_in_bulk_once_half_the_share_is_used) {
  demand_ledger d{1000};
  (void) d.open(1);
  BOOST_TEST(!d.accept(1, 400)); // 600 outstanding: more than half of 1000
  BOOST_TEST(d.consumed(400).empty());
  BOOST_TEST(!d.accept(1, 100)); // 500 outstanding: half
  auto top_up = d.consumed(100);
  BOOST_REQUIRE(top_up.size() == 1u);
  BOOST_TEST(top_up[0].records == 500u); // back to the full share
  BOOST_TEST(d.outstanding(1) == 1000u);
}

BOOST_AUTO_TEST_CASE(producers_share_the_buffer_and_a_closing_one_gives_its_demand_back) {
  demand_ledger d{1000};
  BOOST_TEST(granted_to(d.open(1), 1) == 1000u);
  // The second producer finds the buffer promised to the first: it waits.
  BOOST_TEST(granted_to(d.open(2), 2) == 0u);
  BOOST_TEST(!d.accept(1, 1000));
  // As the task drains, the second gets up to its share (500), the first nothing (its share
  // is now 500 and it has none outstanding, so it gets the rest).
  auto grants = d.consumed(1000);
  BOOST_TEST(granted_to(grants, 1) + granted_to(grants, 2) == 1000u);
  BOOST_TEST(d.outstanding(1) <= 500u);
  BOOST_TEST(d.outstanding(2) <= 500u);
  auto after_close = d.close(1);
  BOOST_TEST(d.producers() == 1u);
  BOOST_TEST(d.outstanding(2) == 1000u); // topped up to the whole buffer again
  BOOST_TEST(granted_to(after_close, 2) > 0u);
}

BOOST_AUTO_TEST_CASE(an_unknown_producer_is_refused) {
  demand_ledger d{10};
  auto err = d.accept(3, 1);
  BOOST_REQUIRE(err.has_value());
  BOOST_TEST(err->message().find("without opening") != std::string::npos);
  BOOST_TEST(d.close(3).empty());
}

BOOST_AUTO_TEST_CASE(random_traffic_never_overfills_the_buffer_and_loses_no_demand) {
  std::mt19937 rng{14};
  for (int round = 0; round < 200; ++round) {
    const std::uint64_t capacity = 1 + rng() % 5000;
    demand_ledger d{capacity};
    std::map<demand_ledger::producer_id, std::uint64_t> may_send; // the producers' view
    auto apply = [&](const std::vector<demand_ledger::grant>& grants) {
      for (const auto& g : grants) {
        BOOST_TEST(g.records > 0u);
        may_send[g.producer] += g.records;
      }
    };
    for (int step = 0; step < 300; ++step) {
      const auto event = rng() % 4;
      switch (event) {
        case 0: { // a producer opens
          auto p = static_cast<demand_ledger::producer_id>(rng() % 6);
          may_send.try_emplace(p, 0);
          apply(d.open(p));
          break;
        }
        case 1: { // a producer sends part of its demand
          if (may_send.empty())
            break;
          auto it = std::next(may_send.begin(), static_cast<long>(rng() % may_send.size()));
          if (it->second == 0)
            break;
          auto n = 1 + rng() % it->second;
          BOOST_TEST_REQUIRE(!d.accept(it->first, n));
          it->second -= n;
          break;
        }
        case 2: // the task drains
          apply(d.consumed(rng() % (d.buffered() + 1)));
          break;
        case 3: { // a producer closes
          if (may_send.empty())
            break;
          auto it = std::next(may_send.begin(), static_cast<long>(rng() % may_send.size()));
          auto p = it->first;
          may_send.erase(it);
          apply(d.close(p));
          break;
        }
      }
      std::uint64_t promised = 0;
      for (const auto& [p, n] : may_send) {
        BOOST_TEST(d.outstanding(p) == n);
        promised += n;
      }
      BOOST_TEST_REQUIRE(d.buffered() + d.outstanding() <= capacity);
      BOOST_TEST_REQUIRE(d.outstanding() == promised);
      // Nobody waits while there is room: after the ledger hands out demand (open, consumed,
      // close), unless less than half a producer's share of the buffer is neither buffered
      // nor promised, every producer has demand. (Between those, a producer that sent all it
      // had waits for the task.)
      const auto free = capacity - d.buffered() - d.outstanding();
      const auto share = std::max<std::uint64_t>(1, capacity / std::max<std::size_t>(1, may_send.size()));
      if (event != 1 && free * 2 >= share)
        for (const auto& [p, n] : may_send)
          BOOST_TEST(n > 0u);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_ack_window_bounds_the_batches_in_flight) {
  ack_window w{3};
  BOOST_TEST(w.can_send());
  BOOST_TEST(w.next() == 1u);
  BOOST_TEST(w.next() == 2u);
  BOOST_TEST(w.next() == 3u);
  BOOST_TEST(!w.can_send());
  BOOST_TEST(std::get<std::uint64_t>(w.ack(2)) == 2u); // cumulative
  BOOST_TEST(w.in_flight() == 1u);
  BOOST_TEST(w.can_send());
  BOOST_TEST(std::get<std::uint64_t>(w.ack(1)) == 0u); // late duplicate
  BOOST_TEST(std::get<std::uint64_t>(w.ack(2)) == 0u);
  auto bad = w.ack(9);
  BOOST_REQUIRE(std::holds_alternative<error>(bad));
  BOOST_TEST(std::get<error>(bad).message().find("only 3 were sent") != std::string::npos);
  BOOST_TEST(std::get<std::uint64_t>(w.ack(3)) == 1u);
  BOOST_TEST(w.in_flight() == 0u);
  BOOST_TEST(w.acknowledged() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
