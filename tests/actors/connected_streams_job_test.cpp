// Connected streams with rich function classes and keyed state shared by both inputs (the
// book's ReadingFilter, with the readings that arrive before their switch buffered in keyed
// state so that the result does not depend on how the inputs interleave):
//
//   readings ─► key_by(sensor) ─┐
//                               ├─► co_flat_map(reading_filter) / process(...) ─► collect
//   switches ─► key_by(sensor) ─┘    (keyed state per sensor, shared by both inputs)
//
// The oracle is a plain loop: the readings of every sensor that has a switch.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;

namespace {

using reading = std::pair<std::string, int>; // sensor, value
using switch_on = std::string;               // sensor

std::vector<reading> readings() {
  std::vector<reading> out;
  for (int i = 0; i < 4000; ++i)
    out.emplace_back("s" + std::to_string((i * 7919) % 53), i);
  return out;
}

/// Every third sensor stays switched off; some switches come twice.
std::vector<switch_on> switches() {
  std::vector<switch_on> out;
  for (int s = 0; s < 53; ++s)
    if (s % 3 != 0) {
      out.push_back("s" + std::to_string(s));
      if (s % 5 == 0)
        out.push_back("s" + std::to_string(s));
    }
  return out;
}

std::vector<reading> oracle() {
  const auto all = switches();
  const std::set<std::string> on(all.begin(), all.end());
  std::vector<reading> out;
  for (const auto& r : readings())
    if (on.contains(r.first))
      out.push_back(r);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<reading> sorted(const collected<reading>& c) {
  std::vector<reading> out(c.begin(), c.end());
  std::sort(out.begin(), out.end());
  return out;
}

/// The ReadingFilter's keyed state: a sensor's readings are forwarded once its switch arrived;
/// earlier ones wait in the list. Both inputs reach the same two states of the current sensor.
class switch_buffer {
public:
  void open(const runtime_context& ctx) {
    enabled_ = &ctx.get_state(value_state_descriptor<bool>{"enabled"});
    pending_ = &ctx.get_state(list_state_descriptor<reading>{"pending"});
  }
  void on_reading(const reading& r, collector<reading>& out) {
    if (enabled_->value().value_or(false))
      out.collect(r);
    else
      pending_->add(r);
  }
  /// False if the sensor was switched on already.
  bool on_switch(collector<reading>& out) {
    if (enabled_->value().value_or(false))
      return false;
    enabled_->update(true);
    for (const auto& r : pending_->get())
      out.collect(r);
    pending_->clear();
    return true;
  }

private:
  value_state<bool>* enabled_ = nullptr;
  list_state<reading>* pending_ = nullptr;
};

/// One co_flat_map_function object per instance serves both inputs.
class reading_filter final : public co_flat_map_function<reading, switch_on, reading> {
public:
  void open(const runtime_context& ctx) override { state_.open(ctx); }
  void flat_map1(const reading& r, collector<reading>& out) override { state_.on_reading(r, out); }
  void flat_map2(const switch_on&, collector<reading>& out) override { (void) state_.on_switch(out); }

private:
  switch_buffer state_;
};

/// The same as a keyed_co_process_function, which also sees the current key (checked against
/// the record's) and reports every repeated switch on a side output.
class keyed_reading_filter final
  : public keyed_co_process_function<std::string, reading, switch_on, reading> {
public:
  explicit keyed_reading_filter(output_tag<std::string> duplicates)
    : duplicates_(std::move(duplicates)) {}
  void open(const runtime_context& ctx) override { state_.open(ctx); }
  void process_element1(const reading& r, context& ctx, collector<reading>& out) override {
    check_key(ctx, r.first);
    state_.on_reading(r, out);
  }
  void process_element2(const switch_on& s, context& ctx, collector<reading>& out) override {
    check_key(ctx, s);
    if (!state_.on_switch(out))
      ctx.output(duplicates_, s);
  }

private:
  // Fails the job (Boost.Test is not for the task threads).
  static void check_key(const context& ctx, const std::string& expected) {
    if (ctx.get_current_key() != expected)
      throw std::logic_error("current key " + ctx.get_current_key() + ", expected " + expected);
  }

  output_tag<std::string> duplicates_;
  switch_buffer state_;
};

auto sensor_of_reading = [](const reading& r) { return r.first; };
auto sensor_of_switch = [](const switch_on& s) { return s; };

} // namespace

BOOST_AUTO_TEST_SUITE(connected_streams_job_test)

BOOST_AUTO_TEST_CASE(keyed_state_is_shared_by_both_inputs_per_key_at_any_parallelism) {
  const auto expected = oracle();
  for (int p = 1; p <= 4; ++p) {
    environment env;
    env.set_parallelism(p).set_batch_size(64);
    auto r = env.from_collection(readings()).key_by(sensor_of_reading);
    auto s = env.from_collection(switches()).key_by(sensor_of_switch);
    auto out = r.connect(s).co_flat_map(reading_filter{}).collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    BOOST_TEST((sorted(out) == expected), "parallelism " << p);
  }
}

BOOST_AUTO_TEST_CASE(key_by_on_connected_streams_partitions_both_inputs_by_key_on_rocksdb) {
  const auto expected = oracle();
  for (int p : {1, 3}) {
    test::temp_dir dir;
    environment env;
    env.set_parallelism(p).set_state_backend(state_backend_kind::rocksdb)
      .set_state_dir(dir.path().string());
    auto out = env.from_collection(readings())
                 .connect(env.from_collection(switches()))
                 .key_by(sensor_of_reading, sensor_of_switch)
                 .co_flat_map(reading_filter{})
                 .collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    BOOST_TEST((sorted(out) == expected), "parallelism " << p);
  }
}

BOOST_AUTO_TEST_CASE(a_keyed_co_process_function_sees_the_key_and_emits_side_outputs) {
  const auto expected = oracle();
  std::multiset<std::string> expected_duplicates;
  for (int s = 0; s < 53; ++s)
    if (s % 3 != 0 && s % 5 == 0)
      expected_duplicates.insert("s" + std::to_string(s));
  for (int p = 1; p <= 4; ++p) {
    environment env;
    env.set_parallelism(p);
    const output_tag<std::string> duplicates{"duplicate-switches"};
    auto filtered = env.from_collection(readings())
                      .key_by(sensor_of_reading)
                      .connect(env.from_collection(switches()).key_by(sensor_of_switch))
                      .process(keyed_reading_filter{duplicates});
    auto out = filtered.collect();
    auto dups = filtered.get_side_output(duplicates).collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    BOOST_TEST((sorted(out) == expected), "parallelism " << p);
    BOOST_TEST((std::multiset<std::string>(dups.begin(), dups.end()) == expected_duplicates));
  }
}

BOOST_AUTO_TEST_CASE(one_co_map_object_serves_both_inputs_with_shared_members) {
  // A non-keyed co_map_function: each parallel instance is one object whose members both
  // inputs update; close() reports them.
  struct tally {
    std::mutex m;
    std::vector<std::tuple<int, long, long>> per_instance; // subtask, first, second
  };
  class counting final : public co_map_function<int, std::string, long> {
  public:
    explicit counting(std::shared_ptr<tally> t) : tally_(std::move(t)) {}
    void open(const runtime_context& ctx) override { subtask_ = ctx.index_of_this_subtask(); }
    long map1(const int& v) override {
      ++first_;
      return v;
    }
    long map2(const std::string& s) override {
      ++second_;
      return static_cast<long>(s.size());
    }
    void close() override {
      std::lock_guard lock{tally_->m};
      tally_->per_instance.emplace_back(subtask_, first_, second_);
    }

  private:
    std::shared_ptr<tally> tally_;
    int subtask_ = -1;
    long first_ = 0;
    long second_ = 0;
  };
  auto t = std::make_shared<tally>();
  environment env;
  env.set_parallelism(3);
  std::vector<int> ints(300, 1);
  auto out = env.from_collection(ints)
               .connect(env.from_collection(std::vector<std::string>(30, "ab")).broadcast())
               .co_map(counting{t})
               .collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  long sum = 0;
  for (long v : out)
    sum += v;
  BOOST_TEST(sum == 300 * 1 + 3 * 30 * 2);
  BOOST_REQUIRE(t->per_instance.size() == 3u);
  long first = 0;
  for (const auto& [subtask, f, s] : t->per_instance) {
    first += f;
    BOOST_TEST(s == 30); // every instance got every broadcast record, in the same object
  }
  BOOST_TEST(first == 300);
}

BOOST_AUTO_TEST_CASE(a_co_process_function_emits_side_outputs_from_both_inputs) {
  class splitter final : public co_process_function<int, std::string, int> {
  public:
    explicit splitter(output_tag<std::string> words) : words_(std::move(words)) {}
    void process_element1(const int& v, context&, collector<int>& out) override {
      out.collect(v);
    }
    void process_element2(const std::string& s, context& ctx, collector<int>&) override {
      ctx.output(words_, s);
    }

  private:
    output_tag<std::string> words_;
  };
  environment env;
  env.set_parallelism(2);
  const output_tag<std::string> words{"words"};
  auto main = env.from_collection(std::vector<int>{1, 2, 3})
                .connect(env.from_collection(std::vector<std::string>{"a", "b"}))
                .process(splitter{words});
  auto ints = main.collect();
  auto strings = main.get_side_output(words).collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(ints.size() == 3u);
  BOOST_TEST(strings.size() == 2u);
}

BOOST_AUTO_TEST_CASE(rich_map_filter_and_flat_map_classes_open_before_and_close_after) {
  struct lifecycle {
    std::atomic<int> opened{0};
    std::atomic<int> closed{0};
  };
  auto life = std::make_shared<lifecycle>();
  class scale final : public rich_map_function<int, long> {
  public:
    explicit scale(std::shared_ptr<lifecycle> l) : life_(std::move(l)) {}
    void open(const runtime_context& ctx) override {
      factor_ = 10;
      ++life_->opened;
      // On a keyed stream the class may keep keyed state.
      if (ctx.keyed_state() != nullptr)
        seen_ = &ctx.get_state(value_state_descriptor<long>{"seen"});
    }
    long map(const int& v) override {
      if (seen_ != nullptr)
        seen_->update(seen_->value().value_or(0) + 1);
      return static_cast<long>(v) * factor_;
    }
    void close() override { ++life_->closed; }

  private:
    std::shared_ptr<lifecycle> life_;
    long factor_ = 0; // 0 until open() ran
    value_state<long>* seen_ = nullptr;
  };
  class even final : public rich_filter_function<long> {
  public:
    bool filter(const long& v) override { return v % 20 == 0; }
  };
  class twice final : public rich_flat_map_function<long, long> {
  public:
    void flat_map(const long& v, collector<long>& out) override {
      out.collect(v);
      out.collect(v);
    }
  };
  environment env;
  env.set_parallelism(2);
  auto input = env.generate(100, [](std::uint64_t i) { return int(i); });
  auto plain = input.map(scale{life}).filter(even{}).flat_map(twice{}).collect();
  auto keyed = input.key_by([](const int& v) { return v % 7; })
                 .map(scale{life})
                 .key_by([](const long& v) { return v % 3; })
                 .filter(even{})
                 .key_by([](const long& v) { return v; })
                 .flat_map(twice{})
                 .collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  long expected = 0;
  for (int i = 0; i < 100; i += 2)
    expected += 2L * i * 10;
  for (const auto* out : {&plain, &keyed}) {
    long sum = 0;
    for (long v : *out)
      sum += v;
    BOOST_TEST(out->size() == 100u);
    BOOST_TEST(sum == expected);
  }
  BOOST_TEST(life->opened == 4); // two instances of each scale
  BOOST_TEST(life->closed == 4);
}

BOOST_AUTO_TEST_SUITE_END()
