// assign_timestamps_and_watermarks end to end on the embedded mini cluster: the timestamps a
// strategy assigns reach a keyed process function after a network shuffle, at any
// parallelism, and a job with periodic watermarks ends normally.
//
//   generate(readings) ─► Timestamps/Watermarks ─► key_by(sensor) ─► process (ctx.timestamp()) ─► collect

#include <boost/test/unit_test.hpp>

#include <map>
#include <tuple>
#include <vector>

#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;

namespace {

struct reading {
  int sensor = 0;
  long timestamp_ms = 0;
};

constexpr int reading_count = 3000;

/// Out of order by up to 40 ms: reading i is at 1000 * (i / 10) + (i * 37) % 41 ms.
reading reading_of(std::uint64_t i) {
  auto n = static_cast<long>(i);
  return reading{static_cast<int>(n % 7), 1000 * (n / 10) + (n * 37) % 41};
}

} // namespace

BOOST_AUTO_TEST_SUITE(event_time_job_test)

BOOST_AUTO_TEST_CASE(assigned_timestamps_reach_a_keyed_process_function_at_any_parallelism) {
  std::multiset<std::tuple<int, long, long>> expected;
  for (std::uint64_t i = 0; i < reading_count; ++i) {
    auto r = reading_of(i);
    expected.emplace(r.sensor, r.timestamp_ms, r.timestamp_ms);
  }
  for (int p = 1; p <= 3; ++p) {
    environment env;
    env.set_parallelism(p).set_batch_size(64).set_auto_watermark_interval(1ms);
    auto out =
      env.generate(reading_count, reading_of)
        .assign_timestamps_and_watermarks(
          watermark_strategy<reading>::for_bounded_out_of_orderness(50ms)
            .with_timestamp_assigner([](const reading& r) { return r.timestamp_ms; }))
        .key_by([](const reading& r) { return r.sensor; })
        .process([](const reading& r, process_context& ctx,
                    collector<std::tuple<int, long, long>>& o) {
          o.collect({r.sensor, r.timestamp_ms, ctx.timestamp() ? ctx.timestamp()->value() : -1});
        })
        .collect();
    auto result = env.execute("event time");
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    std::multiset<std::tuple<int, long, long>> got(out.values().begin(), out.values().end());
    BOOST_TEST((got == expected), "parallelism " << p);
    BOOST_TEST(result.records_in("Timestamps/Watermarks") == std::uint64_t{reading_count});
  }
}

BOOST_AUTO_TEST_CASE(an_auto_watermark_interval_out_of_range_names_the_setting) {
  environment env;
  env.set_auto_watermark_interval(-1ms);
  (void) env.generate(3, [](std::uint64_t i) { return long(i); })
    .assign_timestamps_and_watermarks(watermark_strategy<long>::for_monotonous_timestamps())
    .print();
  auto result = env.execute();
  BOOST_TEST((result.err().code() == errc::invalid_configuration));
  BOOST_TEST(result.err().message().find("set_auto_watermark_interval") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
