// Every setting has an upper bound; a value beyond it is an error that names the setting, the
// bound and the fix, returned when the job is planned (before execute() starts an actor system
// or allocates a channel).

#include <boost/test/unit_test.hpp>

#include <functional>
#include <limits>
#include <string>

#include "weir/configuration.hpp"

using namespace weir;

namespace {

/// The error validate() reports for `cfg`, which must be one.
error rejected(const configuration& cfg) {
  auto err = cfg.validate();
  BOOST_REQUIRE(err.has_value());
  BOOST_TEST((err->code() == errc::invalid_configuration));
  return *err;
}

bool mentions(const error& e, const std::string& text) {
  bool found = e.message().find(text) != std::string::npos;
  BOOST_TEST_INFO("message: " << e.message());
  return found;
}

} // namespace

BOOST_AUTO_TEST_SUITE(configuration_test)

BOOST_AUTO_TEST_CASE(the_defaults_are_valid) { BOOST_TEST(!configuration{}.validate()); }

BOOST_AUTO_TEST_CASE(every_bound_itself_is_accepted) {
  configuration c;
  c.parallelism = c.max_parallelism = configuration::parallelism_limit;
  c.batch_size = configuration::batch_size_limit;
  c.credits_per_channel = 16; // 16 * 65536 = 2^20 records in flight, the bound
  c.buffer_timeout = configuration::buffer_timeout_limit;
  c.worker_threads = configuration::worker_threads_limit;
  auto err = c.validate();
  BOOST_TEST(!err, (err ? err->message() : ""));
  configuration credits;
  credits.credits_per_channel = configuration::credits_per_channel_limit;
  BOOST_TEST(!credits.validate());
}

BOOST_AUTO_TEST_CASE(a_parallelism_beyond_32768_names_the_setter_and_the_range) {
  configuration c;
  c.parallelism = 40000;
  c.max_parallelism = 128;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "set_parallelism"));
  BOOST_TEST(mentions(e, "1..32768"));
  BOOST_TEST(mentions(e, "40000"));
  c.parallelism = -1;
  BOOST_TEST(mentions(rejected(c), "set_parallelism"));
}

BOOST_AUTO_TEST_CASE(a_max_parallelism_beyond_32768_is_refused) {
  configuration c;
  c.max_parallelism = 32769;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "set_max_parallelism"));
  BOOST_TEST(mentions(e, "1..32768 key groups"));
}

BOOST_AUTO_TEST_CASE(a_huge_batch_size_is_refused_with_its_bound_not_a_huge_number) {
  configuration c;
  c.batch_size = std::numeric_limits<std::size_t>::max();
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "set_batch_size"));
  BOOST_TEST(mentions(e, "1..65536 records"));
  c.batch_size = 0;
  BOOST_TEST(mentions(rejected(c), "set_batch_size"));
}

BOOST_AUTO_TEST_CASE(credits_beyond_1024_or_zero_are_refused) {
  configuration c;
  c.credits_per_channel = 1025;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "set_credits_per_channel"));
  BOOST_TEST(mentions(e, "1..1024 batches"));
  c.credits_per_channel = 0;
  BOOST_TEST(mentions(rejected(c), "never let a batch be sent"));
}

BOOST_AUTO_TEST_CASE(credits_times_batch_size_is_bounded_per_channel) {
  configuration c;
  c.credits_per_channel = 1024;
  c.batch_size = 65536;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "67108864 records in flight"));
  BOOST_TEST(mentions(e, "1048576"));
  BOOST_TEST(mentions(e, "set_credits_per_channel or set_batch_size"));
}

BOOST_AUTO_TEST_CASE(batches_between_processes_default_to_four_local_ones_within_the_bounds) {
  configuration c;
  BOOST_TEST(c.effective_remote_batch_size() == 4096u);
  c.batch_size = 65536;
  BOOST_TEST(c.effective_remote_batch_size() == 65536u);
  c.batch_size = 1024;
  c.credits_per_channel = 1024; // 1024 x 1024 records is the in-flight bound already
  BOOST_TEST(c.effective_remote_batch_size() == 1024u);
  BOOST_TEST(!c.validate());
  c.credits_per_channel = 4;
  c.remote_batch_size = 512; // never below the local batch size
  BOOST_TEST(c.effective_remote_batch_size() == 1024u);
  c.remote_batch_size = 65537;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "set_remote_batch_size"));
  BOOST_TEST(mentions(e, "0..65536"));
  c.remote_batch_size = 65536;
  c.credits_per_channel = 64;
  BOOST_TEST(mentions(rejected(c), "between processes"));
}

BOOST_AUTO_TEST_CASE(a_buffer_timeout_beyond_an_hour_or_negative_is_refused) {
  configuration c;
  c.buffer_timeout = std::chrono::milliseconds::max();
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "set_buffer_timeout"));
  BOOST_TEST(mentions(e, "0..3600000 ms"));
  c.buffer_timeout = std::chrono::milliseconds{-1};
  BOOST_TEST(mentions(rejected(c), "set_buffer_timeout"));
}

BOOST_AUTO_TEST_CASE(more_than_1024_worker_threads_are_refused) {
  configuration c;
  c.worker_threads = 1'000'000;
  auto e = rejected(c);
  BOOST_TEST(mentions(e, "set_worker_threads"));
  BOOST_TEST(mentions(e, "0..1024 threads"));
}

BOOST_AUTO_TEST_SUITE_END()
