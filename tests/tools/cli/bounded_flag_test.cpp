// How Weir's programs read numeric flags (tools/cli): counts never wrap or saturate, and every
// message names the flag and its real bounds.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "cli/bounded_integer.hpp"
#include "cli/bounded_real.hpp"

using namespace weir::cli;

namespace {

/// Parses `args` (after the program name) into an app with --parallelism in 1..32768 and
/// --top in 0..1000000; returns CLI11's message, or "" if they parsed.
std::string parse(std::vector<std::string> args, int* parallelism = nullptr,
                  std::size_t* top = nullptr) {
  CLI::App app{"test"};
  int p = 2;
  std::size_t t = 10;
  double rate = 0;
  add_bounded_option(app, "--parallelism", p, 1, 32768, "instances");
  add_bounded_option(app, "--top", t, 0, 1'000'000, "words");
  app.add_option("--rate", rate, "events/s")->check(bounded_real(0, 1e12));
  std::vector<const char*> argv{"prog"};
  for (const auto& a : args)
    argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  if (parallelism != nullptr)
    *parallelism = p;
  if (top != nullptr)
    *top = t;
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(bounded_flag_test)

BOOST_AUTO_TEST_CASE(values_within_bounds_parse_as_decimal) {
  int p = 0;
  std::size_t top = 0;
  BOOST_TEST(parse({"--parallelism", "32768", "--top", "0"}, &p, &top) == "");
  BOOST_TEST(p == 32768);
  BOOST_TEST(top == 0u);
  BOOST_TEST(parse({"--parallelism", "010", "--top=+7"}, &p, &top) == ""); // not octal
  BOOST_TEST(p == 10);
  BOOST_TEST(top == 7u);
}

BOOST_AUTO_TEST_CASE(a_negative_count_is_an_error_naming_the_flag_not_a_wrapped_value) {
  auto msg = parse({"--top", "-3"});
  BOOST_TEST(msg == "--top: must be an integer in 0..1000000, not '-3'");
  BOOST_TEST(parse({"--parallelism", "-1"})
             == "--parallelism: must be an integer in 1..32768, not '-1'");
}

BOOST_AUTO_TEST_CASE(an_out_of_range_number_is_an_error_not_saturated) {
  BOOST_TEST(parse({"--top", "18446744073709551616"})
             == "--top: must be an integer in 0..1000000, not '18446744073709551616'");
  BOOST_TEST(parse({"--parallelism", "99999999999999999999999999"}).find("1..32768")
             != std::string::npos);
  BOOST_TEST(parse({"--parallelism", "32769"}).find("--parallelism") != std::string::npos);
  BOOST_TEST(parse({"--parallelism", "0"}).find("1..32768") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_that_is_not_a_decimal_integer_is_refused) {
  for (std::string bad : {"", "1.5", "0x10", "1e3", " 4", "4 ", "+", "-", "2k"})
    BOOST_TEST(parse({"--parallelism", bad}).find("--parallelism: must be an integer in")
                 == 0u,
               "'" << bad << "'");
}

BOOST_AUTO_TEST_CASE(bounds_at_the_edges_of_64_bits_are_exact) {
  constexpr auto i64min = std::numeric_limits<std::int64_t>::min();
  constexpr auto u64max = std::numeric_limits<std::uint64_t>::max();
  BOOST_TEST(!bounded_integer_problem("18446744073709551615", 0, u64max));
  BOOST_TEST(bounded_integer_problem("18446744073709551616", 0, u64max).has_value());
  BOOST_TEST(!bounded_integer_problem("-9223372036854775808", i64min, 0));
  BOOST_TEST(bounded_integer_problem("-9223372036854775809", i64min, 0).has_value());
  BOOST_TEST(!bounded_integer_problem("-0", 0, 5));
  BOOST_TEST(bounded_integer_problem("-5", -4, 5).value()
             == "must be an integer in -4..5, not '-5'");
  BOOST_TEST(canonical_integer("-007") == "-7");
  BOOST_TEST(canonical_integer("+000") == "0");
}

BOOST_AUTO_TEST_CASE(a_number_flag_shows_its_bounds_briefly_and_refuses_infinity) {
  BOOST_TEST(parse({"--rate", "1e400"}) == "--rate: must be a number in 0..1e+12, not '1e400'");
  BOOST_TEST(parse({"--rate", "-1"}).find("0..1e+12") != std::string::npos);
  BOOST_TEST(parse({"--rate", "nan"}).find("--rate") == 0u);
  BOOST_TEST(parse({"--rate", "2.5e6"}) == "");
}

BOOST_AUTO_TEST_SUITE_END()
