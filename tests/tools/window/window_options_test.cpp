// What weir-window refuses before running: flags the assigner cannot use, named with the fix.

#include <boost/test/unit_test.hpp>

#include <string>

#include "window/window_options.hpp"

using namespace weir::window;

namespace {

window_options with(assigner_kind a) {
  window_options o;
  o.assigner = a;
  return o;
}

std::string problem(const window_options& o) {
  auto p = o.validate();
  return p ? *p : "";
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(window_options_test)

BOOST_AUTO_TEST_CASE(accepts_what_each_assigner_needs) {
  auto t = with(assigner_kind::tumbling);
  t.size = 10;
  t.offset = -9;
  t.allowed_lateness_ms = 5;
  t.purging = true;
  BOOST_TEST(problem(t) == "");
  auto s = with(assigner_kind::sliding);
  s.size = 10;
  s.slide = 20; // gaps between windows are allowed, as in Flink
  s.offset = 19;
  BOOST_TEST(problem(s) == "");
  auto g = with(assigner_kind::session);
  g.gap = 1;
  g.late_output = "late.csv";
  BOOST_TEST(problem(g) == "");
  auto c = with(assigner_kind::count);
  c.size = 3;
  c.slide = 1;
  BOOST_TEST(problem(c) == "");
}

BOOST_AUTO_TEST_CASE(names_the_missing_flag) {
  BOOST_TEST(starts_with(problem(with(assigner_kind::tumbling)),
                         "--size: required with --assigner tumbling"));
  auto s = with(assigner_kind::sliding);
  s.size = 10;
  BOOST_TEST(starts_with(problem(s), "--slide: required with --assigner sliding"));
  BOOST_TEST(starts_with(problem(with(assigner_kind::session)),
                         "--gap: required with --assigner session"));
  BOOST_TEST(starts_with(problem(with(assigner_kind::count)),
                         "--size: required with --assigner count"));
}

BOOST_AUTO_TEST_CASE(refuses_flags_the_assigner_cannot_use) {
  auto t = with(assigner_kind::tumbling);
  t.size = 10;
  t.slide = 5;
  BOOST_TEST(starts_with(problem(t), "--slide: tumbling windows do not slide"));
  t.slide.reset();
  t.gap = 5;
  BOOST_TEST(starts_with(problem(t), "--gap: only session windows have a gap"));
  auto g = with(assigner_kind::session);
  g.gap = 5;
  g.size = 10;
  BOOST_TEST(starts_with(problem(g), "--size: session windows have no fixed size"));
  auto c = with(assigner_kind::count);
  c.size = 3;
  c.allowed_lateness_ms = 0;
  BOOST_TEST(starts_with(problem(c), "--allowed-lateness-ms: count windows fire on element"));
  c.allowed_lateness_ms.reset();
  c.purging = true;
  BOOST_TEST(starts_with(problem(c), "--purging: count windows choose their own trigger"));
  c.purging = false;
  c.late_output = "late.csv";
  BOOST_TEST(starts_with(problem(c), "--late-output: no record is late for a count window"));
}

BOOST_AUTO_TEST_CASE(offsets_lie_strictly_within_the_size_or_slide) {
  auto t = with(assigner_kind::tumbling);
  t.size = 10;
  t.offset = 10;
  BOOST_TEST(problem(t) == "--offset: must lie strictly between -size and size (-10 and 10 ms), "
                           "not 10");
  auto s = with(assigner_kind::sliding);
  s.size = 10;
  s.slide = 5;
  s.offset = -5;
  BOOST_TEST(starts_with(problem(s), "--offset: must lie strictly between -slide and slide"));
}

BOOST_AUTO_TEST_CASE(late_output_is_not_the_output) {
  auto t = with(assigner_kind::tumbling);
  t.size = 10;
  t.output = "out.csv";
  t.late_output = "out.csv";
  BOOST_TEST(starts_with(problem(t), "--late-output: must be another file than --output"));
}

BOOST_AUTO_TEST_SUITE_END()
