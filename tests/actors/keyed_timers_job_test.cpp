// Timers of keyed process functions end to end on the embedded mini cluster: the book's
// pattern, per sensor, on each reading an event-time timer at its timestamp + 100 ms whose
// on_timer emits the number of readings seen so far for the sensor (keyed value state), at
// parallelism 1..3 on both state backends, against a plain loop:
//
//   generate(readings) ─► Timestamps/Watermarks ─hash(sensor)─► KeyedProcess (timers, count)
//     ─► Process (reads the output's timestamp) ─► collect
//
// With a frozen manual clock no periodic watermark is ever emitted, so every timer fires at
// the final watermark, when every reading has been counted: the output is exact. With the
// system clock and a 1 ms interval watermarks come between the records, and what a timer
// counts depends on timing; it must still have counted every reading at or before its time
// (none is late), at most all, and never less than an earlier timer of its sensor.

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;

namespace {

struct reading {
  int sensor = 0;
  long timestamp_ms = 0;
};

constexpr int reading_count = 2000;
constexpr long timer_delay = 100;

/// Ten readings per 100 ms, out of order by 30 ms (bound: 50 ms); readings i and i + 8 of a
/// block share sensor and timestamp, and a timer time may equal the next block's ones, so
/// timers are registered twice.
reading reading_of(std::uint64_t i) {
  auto n = static_cast<long>(i);
  return reading{static_cast<int>(n % 4), 100 * (n / 10) + 30 * (n % 2)};
}

/// (sensor, timer time, readings counted, timestamp of the emitted record)
using fired = std::tuple<int, long, long, long>;

class count_at_timer final : public keyed_process_function<int, reading, std::tuple<int, long, long>> {
public:
  void open(const runtime_context& ctx) override {
    seen_ = &ctx.get_state(value_state_descriptor<long>{"seen"});
  }
  void process_element(const reading& r, keyed_context<int>& ctx,
                       collector<std::tuple<int, long, long>>&) override {
    seen_->update(seen_->value().value_or(0) + 1);
    ctx.timer_service().register_event_time_timer(ctx.timestamp()->value() + timer_delay);
  }
  void on_timer(event_time t, on_timer_context& ctx,
                collector<std::tuple<int, long, long>>& out) override {
    if (ctx.time_domain() != time_domain::event_time)
      throw std::logic_error("a processing-time timer fired");
    out.collect({ctx.get_current_key(), t.value(), seen_->value().value_or(-1)});
  }

private:
  value_state<long>* seen_ = nullptr;
};

std::vector<fired> run(int parallelism, state_backend_kind backend,
                       std::shared_ptr<const time::clock> clock) {
  test::temp_dir dir;
  environment env;
  env.set_parallelism(parallelism).set_batch_size(32).set_auto_watermark_interval(1ms);
  env.set_state_backend(backend).set_state_dir(dir.path().string());
  if (clock)
    env.config().clock = std::move(clock);
  auto out =
    env.generate(reading_count, [slow = !clock](std::uint64_t i) {
         if (slow && i % 100 == 0) // give the periodic watermarks time to come between records
           std::this_thread::sleep_for(2ms);
         return reading_of(i);
       })
      .assign_timestamps_and_watermarks(
        watermark_strategy<reading>::for_bounded_out_of_orderness(50ms)
          .with_timestamp_assigner([](const reading& r) { return r.timestamp_ms; }))
      .key_by([](const reading& r) { return r.sensor; })
      .process(count_at_timer{})
      .process([](const std::tuple<int, long, long>& x, process_context& ctx,
                  collector<fired>& o) {
        auto [sensor, at, count] = x;
        o.collect({sensor, at, count, ctx.timestamp() ? ctx.timestamp()->value() : -1});
      })
      .collect();
  auto result = env.execute("keyed timers");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  return out.values();
}

/// The plain loop: per sensor, every distinct reading time + 100, and the readings of the
/// sensor in all and at or before each time.
struct oracle {
  std::map<int, std::set<long>> timers;
  std::map<int, long> total;
  std::map<int, std::vector<long>> times;

  oracle() {
    for (std::uint64_t i = 0; i < reading_count; ++i) {
      auto r = reading_of(i);
      timers[r.sensor].insert(r.timestamp_ms + timer_delay);
      ++total[r.sensor];
      times[r.sensor].push_back(r.timestamp_ms);
    }
  }
  [[nodiscard]] long at_or_before(int sensor, long t) const {
    long n = 0;
    for (long ts : times.at(sensor))
      n += ts <= t;
    return n;
  }
  /// Every timer fires at the final watermark.
  [[nodiscard]] std::multiset<fired> all_at_the_end() const {
    std::multiset<fired> out;
    for (const auto& [sensor, ts] : timers)
      for (long t : ts)
        out.emplace(sensor, t, total.at(sensor), t);
    return out;
  }
};

const auto backends = {state_backend_kind::heap, state_backend_kind::rocksdb};

} // namespace

BOOST_AUTO_TEST_SUITE(keyed_timers_job_test)

BOOST_AUTO_TEST_CASE(the_final_watermark_fires_every_timer_once_with_its_key_state_and_time) {
  oracle expected;
  for (auto backend : backends)
    for (int p = 1; p <= 3; ++p) {
      auto frozen = std::make_shared<time::manual_clock>(0ms);
      auto got = run(p, backend, frozen);
      std::multiset<fired> got_set(got.begin(), got.end());
      BOOST_TEST((got_set == expected.all_at_the_end()),
                 "parallelism " << p << ", backend " << int(backend) << ": " << got.size()
                                << " timers fired");
    }
}

BOOST_AUTO_TEST_CASE(watermarks_between_records_fire_timers_that_counted_every_earlier_reading) {
  oracle expected;
  long early_in_all = 0;
  for (auto backend : backends)
    for (int p = 1; p <= 3; ++p) {
      auto got = run(p, backend, nullptr);
      std::multiset<std::pair<int, long>> keys;
      std::map<int, long> last_count;
      std::map<int, long> last_time;
      bool ok = true;
      for (const auto& [sensor, at, count, stamp] : got) {
        keys.emplace(sensor, at);
        ok = ok && stamp == at && count >= expected.at_or_before(sensor, at)
             && count <= expected.total.at(sensor) && count >= last_count[sensor]
             && at > last_time[sensor]; // per key in timestamp order
        last_count[sensor] = count;
        last_time[sensor] = at;
      }
      std::multiset<std::pair<int, long>> want;
      for (const auto& [sensor, ts] : expected.timers)
        for (long t : ts)
          want.emplace(sensor, t);
      BOOST_TEST((keys == want), "parallelism " << p << ", backend " << int(backend));
      BOOST_TEST(ok, "parallelism " << p << ", backend " << int(backend));
      long early = 0;
      for (const auto& [sensor, at, count, stamp] : got)
        early += count < expected.total.at(sensor);
      early_in_all += early;
      BOOST_TEST_MESSAGE("parallelism " << p << ", backend " << int(backend) << ": " << early
                                        << " of " << got.size() << " timers fired early");
    }
  BOOST_TEST(early_in_all > 0); // the watermarks did come between the records
}

BOOST_AUTO_TEST_SUITE_END()
