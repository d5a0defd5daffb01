// The output stage of weir-window: rows parsed from CSV, firings numbered and sorted.

#include <boost/test/unit_test.hpp>

#include <string>
#include <variant>
#include <vector>

#include "window/record_parser.hpp"
#include "window/window_rows.hpp"

using namespace weir::window;

BOOST_AUTO_TEST_SUITE(window_rows_test)

BOOST_AUTO_TEST_CASE(numbers_the_firings_of_each_window_in_emission_order_then_sorts) {
  std::vector<window_firing> emitted{
    {"b", 0, 10, 1}, {"a", 10, 20, 2}, {"a", 0, 10, 3}, {"b", 0, 10, 4}, {"a", 0, 10, 5},
    {"a", -10, 0, 6}};
  std::vector<window_row> expected{{"a", -10, 0, 0, 6}, {"a", 0, 10, 0, 3}, {"a", 0, 10, 1, 5},
                                   {"a", 10, 20, 0, 2}, {"b", 0, 10, 0, 1}, {"b", 0, 10, 1, 4}};
  BOOST_TEST((number_firings(assigner_kind::tumbling, emitted) == expected));
}

BOOST_AUTO_TEST_CASE(numbers_count_window_firings_per_key) {
  std::vector<window_firing> emitted{{"b", 0, 0, 1}, {"a", 0, 0, 2}, {"b", 0, 0, 3}};
  std::vector<window_row> expected{{"a", 0, 0, 0, 2}, {"b", 0, 0, 0, 1}, {"b", 1, 1, 1, 3}};
  BOOST_TEST((number_firings(assigner_kind::count, emitted) == expected));
}

BOOST_AUTO_TEST_CASE(prints_doubles_as_the_shortest_round_trip) {
  BOOST_TEST(format_double(0.1 + 0.2) == "0.30000000000000004");
  BOOST_TEST(format_double(2.0) == "2");
  BOOST_TEST(format_double(-1.5) == "-1.5");
  BOOST_TEST(to_csv(window_row{"k", -5, 5, 2, 0.5}) == "k,-5,5,2,0.5");
  BOOST_TEST(to_csv(window_record{"k", 7, 1e21}) == "k,7,1e+21");
}

BOOST_AUTO_TEST_CASE(parses_rows_and_says_what_is_wrong_with_a_line) {
  record_parser p;
  BOOST_TEST(std::holds_alternative<std::monostate>(p.next("key,timestamp_ms,value")));
  auto r = p.next(" a , -3 , 2.5\r");
  BOOST_REQUIRE(std::holds_alternative<window_record>(r));
  BOOST_TEST((std::get<window_record>(r) == window_record{"a", -3, 2.5}));
  BOOST_TEST(std::holds_alternative<std::monostate>(p.next("   ")));
  auto reason = [&](std::string_view line) {
    auto parsed = p.next(line);
    return std::holds_alternative<malformed_line>(parsed)
             ? std::get<malformed_line>(parsed).describe()
             : std::string("accepted");
  };
  BOOST_TEST(reason("key,timestamp_ms,value")
             == "line 4: timestamp_ms 'timestamp_ms' is not an integer (milliseconds) in "
                "'key,timestamp_ms,value'");
  BOOST_TEST(reason("a,1,2,3") == "line 5: expected 3 fields key,timestamp_ms,value, found 4 in "
                                  "'a,1,2,3'");
  BOOST_TEST(reason(",1,2") == "line 6: the key is empty in ',1,2'");
  BOOST_TEST(reason("\"a\",1,2").find("line 7: the key holds a quote") == 0);
  BOOST_TEST(reason("a,1.5,2") == "line 8: timestamp_ms '1.5' is not an integer (milliseconds) "
                                  "in 'a,1.5,2'");
  BOOST_TEST(reason("a,4611686018427387905,2").find("line 9: timestamp_ms '4611686018427387905' "
                                                    "is out of range") == 0);
  BOOST_TEST(reason("a,1,nan") == "line 10: value 'nan' is not a finite number in 'a,1,nan'");
  BOOST_TEST(reason("a,1,1e999") == "line 11: value '1e999' is not a finite number in "
                                    "'a,1,1e999'");
  BOOST_TEST(reason("a,1,x") == "line 12: value 'x' is not a number in 'a,1,x'");
}

BOOST_AUTO_TEST_SUITE_END()
