// checkpoint_config::validate() refuses every field out of range with a message that names the
// field, the value and the range, as configuration::validate() does.

#include <boost/test/unit_test.hpp>

#include <string>

#include "weir/checkpoint_config.hpp"

using namespace weir;
using std::chrono::milliseconds;

namespace {

error rejected(const checkpoint_config& cfg) {
  auto err = cfg.validate();
  BOOST_REQUIRE(err.has_value());
  BOOST_TEST((err->code() == errc::invalid_configuration));
  return *err;
}

bool mentions(const error& e, const std::string& text) {
  BOOST_TEST_INFO("message: " << e.message());
  return e.message().find(text) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(checkpoint_config_test)

BOOST_AUTO_TEST_CASE(the_defaults_are_valid_and_off) {
  checkpoint_config c;
  BOOST_TEST(!c.validate());
  BOOST_TEST(!c.enabled());
}

BOOST_AUTO_TEST_CASE(every_bound_itself_is_accepted) {
  checkpoint_config low;
  low.interval = milliseconds{0};
  low.timeout = milliseconds{1};
  low.min_pause = milliseconds{0};
  low.max_concurrent = 1;
  low.tolerable_failed = 0;
  low.retained = 1;
  BOOST_TEST(!low.validate());
  checkpoint_config high;
  high.interval = milliseconds{86'400'000 * 365L};
  high.timeout = milliseconds{86'400'000};
  high.min_pause = milliseconds{86'400'000};
  high.max_concurrent = 16;
  high.tolerable_failed = 1'000'000;
  high.retained = 1000;
  high.unaligned = true; // with the default exactly_once
  auto err = high.validate();
  BOOST_TEST(!err, (err ? err->message() : ""));
}

BOOST_AUTO_TEST_CASE(a_negative_interval_is_refused_and_zero_means_off) {
  checkpoint_config c;
  c.interval = milliseconds{-1};
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "checkpoint interval is -1 ms"));
  BOOST_TEST(mentions(e, "checkpoint_config::interval"));
  BOOST_TEST(mentions(e, "0 turning checkpointing off"));
}

BOOST_AUTO_TEST_CASE(timeout_lies_in_one_ms_to_a_day) {
  checkpoint_config c;
  c.timeout = milliseconds{0};
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "checkpoint timeout is 0 ms"));
  BOOST_TEST(mentions(e, "1..86400000 ms"));
  BOOST_TEST(mentions(e, "checkpoint_config::timeout"));
  c.timeout = milliseconds{86'400'001};
  BOOST_TEST(mentions(rejected(c), "86400001 ms"));
}

BOOST_AUTO_TEST_CASE(min_pause_lies_in_zero_to_a_day) {
  checkpoint_config c;
  c.min_pause = milliseconds{-3};
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "min pause between checkpoints is -3 ms"));
  BOOST_TEST(mentions(e, "0..86400000 ms"));
  BOOST_TEST(mentions(e, "checkpoint_config::min_pause"));
  c.min_pause = milliseconds{86'400'001};
  BOOST_TEST(mentions(rejected(c), "checkpoint_config::min_pause"));
}

BOOST_AUTO_TEST_CASE(max_concurrent_lies_in_1_to_16) {
  checkpoint_config c;
  c.max_concurrent = 0;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "max concurrent checkpoints is 0"));
  BOOST_TEST(mentions(e, "1..16"));
  BOOST_TEST(mentions(e, "checkpoint_config::max_concurrent"));
  c.max_concurrent = 17;
  BOOST_TEST(mentions(rejected(c), "is 17"));
}

BOOST_AUTO_TEST_CASE(tolerable_failed_lies_in_0_to_a_million) {
  checkpoint_config c;
  c.tolerable_failed = -1;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "tolerable failed checkpoints is -1"));
  BOOST_TEST(mentions(e, "0..1000000"));
  BOOST_TEST(mentions(e, "checkpoint_config::tolerable_failed"));
  c.tolerable_failed = 1'000'001;
  BOOST_TEST(mentions(rejected(c), "1000001"));
}

BOOST_AUTO_TEST_CASE(retained_lies_in_1_to_1000) {
  checkpoint_config c;
  c.retained = 0;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "retained checkpoints is 0"));
  BOOST_TEST(mentions(e, "1..1000"));
  BOOST_TEST(mentions(e, "checkpoint_config::retained"));
  c.retained = 1001;
  BOOST_TEST(mentions(rejected(c), "1001"));
}

BOOST_AUTO_TEST_CASE(unaligned_checkpoints_need_exactly_once) {
  checkpoint_config c;
  c.unaligned = true;
  c.mode = checkpointing_mode::at_least_once;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "unaligned"));
  BOOST_TEST(mentions(e, "at_least_once"));
  BOOST_TEST(mentions(e, "exactly_once"));
  c.unaligned = false;
  BOOST_TEST(!c.validate());
}

BOOST_AUTO_TEST_SUITE_END()
