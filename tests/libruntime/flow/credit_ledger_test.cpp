#include <boost/test/unit_test.hpp>

#include "weir/flow/credit_ledger.hpp"

using weir::flow::credit_ledger;

BOOST_AUTO_TEST_SUITE(credit_ledger_test)

BOOST_AUTO_TEST_CASE(sends_nothing_without_credit) {
  credit_ledger ledger{2};
  BOOST_TEST(!ledger.try_take(0));
  BOOST_TEST(!ledger.try_take(1));
  BOOST_TEST(ledger.sent(0) == 0u);
}

BOOST_AUTO_TEST_CASE(takes_exactly_the_granted_credit) {
  credit_ledger ledger{1};
  ledger.grant(0, 3);
  BOOST_TEST(ledger.try_take(0));
  BOOST_TEST(ledger.try_take(0));
  BOOST_TEST(ledger.try_take(0));
  BOOST_TEST(!ledger.try_take(0));
  BOOST_TEST(ledger.sent(0) == 3u);
  BOOST_TEST(ledger.granted(0) == 3u);
}

BOOST_AUTO_TEST_CASE(keeps_channels_independent) {
  credit_ledger ledger{2};
  ledger.grant(1, 1);
  BOOST_TEST(!ledger.try_take(0));
  BOOST_TEST(ledger.try_take(1));
  BOOST_TEST(ledger.available(1) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
