// Timers of a keyed_co_process_function end to end: the book's ReadingFilter. Switch commands
// {sensor, duration} enable forwarding of a sensor's readings and set an event-time timer at
// command time + duration (a later command only extends it: the earlier timer is deleted);
// on_timer disables forwarding and reports the switch-off on a side output:
//
//   switches (p 1) ─► Timestamps/Watermarks (p 1) ─hash(sensor)─┐
//                                                               ├─► KeyedCoProcess (p 1..3)
//   readings (p 1) ─► Timestamps/Watermarks (p 1) ─hash(sensor)─┘   (ReadingFilter, timers)
//                                                         ─► collect; switched-off ─► collect
//
// Which readings are forwarded depends on the order in which the two inputs reach the
// operator, which no watermark fixes: event time orders timers, not records of two inputs. So
// the test fixes the one thing that varies, and nothing else:
// - every switch is processed before the first reading is emitted (the readings source returns
//   nothing_available until the filter has counted them all), and all switches precede all
//   readings in event time;
// - the switch stream's watermark jumps past every timer with its first command (its commands
//   are the whole schedule), so that after the switches event time is the readings' watermark
//   alone; the first command's sensor is commanded again last, so every instance with
//   switches has seen that watermark (channels are FIFO) before its last switch;
// - the readings come from one instance with a punctuated watermark = timestamp − 1 after each
//   batch of one record, so each instance sees Flink's per-record punctuated watermarks.
// Then the output is Flink's, and a plain loop computes it: the timers due before a reading
// (time <= the watermark it follows) fire first. At parallelism 1..3, heap and RocksDB.

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;

namespace {

struct reading {
  int sensor = 0;
  long timestamp_ms = 0;
  long value = 0;
  friend auto operator<=>(const reading&, const reading&) = default;
};

struct switch_command {
  int sensor = 0;
  long timestamp_ms = 0;
  long duration_ms = 0;
};

constexpr int sensors = 8;
constexpr int reading_count = 2000;
/// Past every timer and reading: the end of the switch schedule.
constexpr long schedule_end = 1'000'000;

/// Reading i at time i (0..1999), sensors in a scrambled round.
reading reading_of(int i) {
  return reading{(i * 5) % sensors, i, 7L * i};
}

/// Switch-off times (command time + duration), all commands before time 0: sensor 0 at 300
/// (commanded again last, with an earlier end: no change), 1 at 900 then 500 (kept at 900),
/// 2 at 200 then 1200 (extended), 3 and 7 never on, 4 at −10 (off after the first watermark),
/// 5 at 5000 (off at the final watermark), 6 at 1000 exactly.
std::vector<switch_command> switches() {
  return {{0, -100, 400}, {1, -90, 990},  {2, -80, 280}, {4, -70, 60},  {5, -60, 5060},
          {1, -50, 550},  {6, -40, 1040}, {2, -30, 1230}, {0, -20, 80}};
}

/// Flink's punctuated watermarks: readings timestamp − 1 after each, switches the schedule's end.
class reading_watermarks final : public watermark_generator<reading> {
public:
  void on_event(const reading&, event_time t, watermark_output& out) override {
    out.emit_watermark(event_time{t.value() - 1});
  }
  void on_periodic_emit(watermark_output&) override {}
};
class schedule_watermarks final : public watermark_generator<switch_command> {
public:
  void on_event(const switch_command&, event_time, watermark_output& out) override {
    out.emit_watermark(event_time{schedule_end});
  }
  void on_periodic_emit(watermark_output&) override {}
};

/// The readings, held back until `switches_seen` reaches `switch_total` (a test gate, so the
/// inputs' order is fixed; it never blocks the task).
class gated_readings final : public source_function<reading> {
public:
  gated_readings(std::shared_ptr<std::atomic<int>> switches_seen, int switch_total)
    : switches_seen_(std::move(switches_seen)), switch_total_(switch_total) {}
  source_status poll(collector<reading>& out, std::size_t max_records) override {
    if (switches_seen_->load() < switch_total_)
      return source_status::nothing_available;
    for (std::size_t n = 0; n < max_records && next_ < reading_count; ++n)
      out.collect(reading_of(next_++));
    return next_ < reading_count ? source_status::more_available : source_status::end_of_input;
  }

private:
  std::shared_ptr<std::atomic<int>> switches_seen_;
  int switch_total_;
  int next_ = 0;
};

using switched_off = std::pair<int, long>; // sensor, timer time

/// The book's ReadingFilter on event time.
class reading_filter final
  : public keyed_co_process_function<int, reading, switch_command, reading> {
public:
  reading_filter(output_tag<switched_off> off, std::shared_ptr<std::atomic<int>> switches_seen)
    : off_(std::move(off)), switches_seen_(std::move(switches_seen)) {}
  void open(const runtime_context& ctx) override {
    forwarding_ = &ctx.get_state(value_state_descriptor<bool>{"forwarding-enabled"});
    timer_ = &ctx.get_state(value_state_descriptor<long>{"disable-timer"});
  }
  void process_element1(const reading& r, context& ctx, collector<reading>& out) override {
    check_key(ctx, r.sensor);
    if (forwarding_->value().value_or(false))
      out.collect(r);
  }
  void process_element2(const switch_command& s, context& ctx, collector<reading>&) override {
    check_key(ctx, s.sensor);
    forwarding_->update(true);
    const long end = ctx.timestamp()->value() + s.duration_ms;
    const auto current = timer_->value();
    if (!current || end > *current) {
      if (current)
        ctx.timer_service().delete_event_time_timer(event_time{*current});
      ctx.timer_service().register_event_time_timer(event_time{end});
      timer_->update(end);
    }
    ++*switches_seen_;
  }
  void on_timer(event_time t, on_timer_context& ctx, collector<reading>&) override {
    if (ctx.time_domain() != time_domain::event_time || timer_->value() != t.value())
      throw std::logic_error("unexpected timer " + std::to_string(t.value()));
    forwarding_->clear();
    timer_->clear();
    ctx.output(off_, switched_off{ctx.get_current_key(), t.value()});
  }

private:
  // Fails the job (Boost.Test is not for the task threads).
  static void check_key(const context& ctx, int expected) {
    if (ctx.get_current_key() != expected)
      throw std::logic_error("current key " + std::to_string(ctx.get_current_key()));
  }

  output_tag<switched_off> off_;
  std::shared_ptr<std::atomic<int>> switches_seen_;
  value_state<bool>* forwarding_ = nullptr;
  value_state<long>* timer_ = nullptr;
};

struct outcome {
  std::multiset<reading> forwarded;
  std::multiset<switched_off> off;
};

outcome run(int parallelism, state_backend_kind backend) {
  test::temp_dir dir;
  environment env;
  env.set_parallelism(parallelism).set_batch_size(1);
  env.set_state_backend(backend).set_state_dir(dir.path().string());
  const auto commands = switches();
  auto seen = std::make_shared<std::atomic<int>>(0);
  const output_tag<switched_off> off{"switched-off"};
  auto command_stream =
    env.from_collection(commands)
      .set_parallelism(1)
      .assign_timestamps_and_watermarks(
        watermark_strategy<switch_command>::for_generator(schedule_watermarks{})
          .with_timestamp_assigner([](const switch_command& s) { return s.timestamp_ms; }))
      .set_parallelism(1)
      .key_by([](const switch_command& s) { return s.sensor; });
  auto filtered =
    env.add_source(gated_readings{seen, static_cast<int>(commands.size())}, "readings")
      .set_parallelism(1)
      .assign_timestamps_and_watermarks(
        watermark_strategy<reading>::for_generator(reading_watermarks{})
          .with_timestamp_assigner([](const reading& r) { return r.timestamp_ms; }))
      .set_parallelism(1)
      .key_by([](const reading& r) { return r.sensor; })
      .connect(command_stream)
      .process(reading_filter{off, seen});
  auto out = filtered.collect();
  auto offs = filtered.get_side_output(off).collect();
  auto result = env.execute("reading filter");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  return {{out.begin(), out.end()}, {offs.begin(), offs.end()}};
}

/// The plain loop, Flink's semantics: every switch first; then per reading, the timers due at
/// the watermark before it fire (in time order), then the reading is filtered; the final
/// watermark fires the rest.
outcome oracle() {
  std::map<int, bool> forwarding;
  std::map<int, long> timer; // at most one per sensor: a later end deletes the earlier
  for (const auto& s : switches()) {
    forwarding[s.sensor] = true;
    const long end = s.timestamp_ms + s.duration_ms;
    if (!timer.contains(s.sensor) || end > timer[s.sensor])
      timer[s.sensor] = end;
  }
  outcome out;
  auto fire_until = [&](long watermark) {
    std::multimap<long, int> due;
    for (const auto& [sensor, t] : timer)
      if (t <= watermark)
        due.emplace(t, sensor);
    for (const auto& [t, sensor] : due) {
      forwarding.erase(sensor);
      timer.erase(sensor);
      out.off.emplace(sensor, t);
    }
  };
  for (int i = 0; i < reading_count; ++i) {
    auto r = reading_of(i);
    if (i > 0)
      fire_until(reading_of(i - 1).timestamp_ms - 1);
    if (forwarding[r.sensor])
      out.forwarded.insert(r);
  }
  fire_until(schedule_end);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(reading_filter_job_test)

BOOST_AUTO_TEST_CASE(forwards_a_sensors_readings_from_its_switch_until_its_event_time_timer) {
  const auto expected = oracle();
  // The schedule covers the cases it claims to: some readings of every switched sensor but
  // 4 pass, some of 0, 1, 2 and 6 are cut off, and sensor 5 switches off at the end.
  BOOST_REQUIRE(expected.off.size() == 6u);
  BOOST_REQUIRE(expected.forwarded.size() > 600u);
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb})
    for (int p = 1; p <= 3; ++p) {
      auto got = run(p, backend);
      BOOST_TEST((got.forwarded == expected.forwarded),
                 "parallelism " << p << ", backend " << int(backend) << ": "
                                << got.forwarded.size() << " of " << expected.forwarded.size()
                                << " readings forwarded");
      BOOST_TEST((got.off == expected.off), "parallelism " << p << ", backend " << int(backend));
    }
}

BOOST_AUTO_TEST_SUITE_END()
