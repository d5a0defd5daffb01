// Timestamps as a column, end to end on the embedded mini cluster: a source stamps its records,
// and every record, however it was mapped, filtered, multiplied, keyed or sent to a side output,
// arrives with the timestamp of the source record it came from.
//
//   stamped source ─► map(x*2) ─► filter(not /5) ─► flat_map(v, v+1) ─► key_by(v%7) ─► process ─► collect
//                                                                                      │ (reads ctx.timestamp())
//                                                                                      └─ side output "odd" ─rebalance─► process ─► collect

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "weir/weir.hpp"

using namespace weir;

namespace {

constexpr int record_count = 2000;

/// Event time of source record `x`: epoch milliseconds, distinct per record.
std::int64_t stamp_of(int x) { return 1'700'000'000'000 + 3 * static_cast<std::int64_t>(x); }

/// Emits its share of 0..record_count-1, each with stamp_of(x) (Flink's
/// SourceContext::collectWithTimestamp), a few records per poll.
class stamped_source final : public source_function<int> {
public:
  void open(const runtime_context& ctx) override {
    next_ = ctx.index_of_this_subtask();
    step_ = ctx.number_of_parallel_subtasks();
  }
  source_status poll(collector<int>& out, std::size_t max_records) override {
    for (std::size_t n = 0; n < std::min<std::size_t>(max_records, 37) && next_ < record_count;
         ++n, next_ += step_)
      out.collect_with_timestamp(next_, event_time{stamp_of(next_)});
    return next_ < record_count ? source_status::more_available : source_status::end_of_input;
  }

private:
  int next_ = 0;
  int step_ = 1;
};

/// A record as the last operators saw it: its value and ctx.timestamp() there.
using observed = std::pair<std::int64_t, std::optional<event_time>>;

struct job_outputs {
  std::optional<collected<observed>> main;
  std::optional<collected<observed>> odd;
};

/// The topology of the diagram above, over `source`.
job_outputs build(data_stream<int> source) {
  output_tag<std::int64_t> odd_tag{"odd"};
  auto processed =
    source.map([](const int& x) { return static_cast<std::int64_t>(x) * 2; })
      .filter([](const std::int64_t& v) { return (v / 2) % 5 != 0; })
      .flat_map<std::int64_t>([](const std::int64_t& v, collector<std::int64_t>& out) {
        out.collect(v);
        out.collect(v + 1);
      })
      .key_by([](const std::int64_t& v) { return v % 7; })
      .process<observed>(
        [odd_tag](const std::int64_t& v, keyed_context<std::int64_t>& ctx,
                  collector<observed>& out) {
          if (v % 2 != 0)
            ctx.output(odd_tag, v);
          out.collect({v, ctx.timestamp()});
        });
  job_outputs outputs;
  outputs.main = processed.collect();
  outputs.odd = processed.get_side_output(odd_tag)
                  .rebalance()
                  .process<observed>([](const std::int64_t& v, process_context& ctx,
                                        collector<observed>& out) {
                    out.collect({v, ctx.timestamp()});
                  })
                  .collect();
  return outputs;
}

/// The source records that survive the filter.
std::vector<int> surviving() {
  std::vector<int> out;
  for (int x = 0; x < record_count; ++x)
    if (x % 5 != 0)
      out.push_back(x);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(timestamp_column_job_test)

BOOST_AUTO_TEST_CASE(every_record_keeps_its_source_timestamp_through_the_chain) {
  for (int parallelism = 1; parallelism <= 3; ++parallelism) {
    BOOST_TEST_CONTEXT("parallelism " << parallelism) {
      environment env;
      env.set_parallelism(parallelism).set_batch_size(16);
      auto source = env.add_source(stamped_source{}, "Stamped Source");
      source.set_parallelism(parallelism);
      auto out = build(source);
      auto result = env.execute("timestamps");
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());

      auto expected_main = std::size_t{2} * surviving().size();
      BOOST_TEST(out.main->size() == expected_main);
      BOOST_TEST(out.odd->size() == surviving().size());
      std::size_t wrong = 0;
      for (const auto& [v, ts] : out.main->values())
        if (ts != event_time{stamp_of(static_cast<int>(v / 2))})
          ++wrong;
      for (const auto& [v, ts] : out.odd->values())
        if (v % 2 == 0 || ts != event_time{stamp_of(static_cast<int>(v / 2))})
          ++wrong;
      BOOST_TEST(wrong == 0u);
      std::vector<int> seen;
      for (const auto& [v, ts] : out.odd->values())
        seen.push_back(static_cast<int>(v / 2));
      std::sort(seen.begin(), seen.end());
      BOOST_TEST(seen == surviving());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_job_without_timestamps_keeps_the_column_empty) {
  for (int parallelism = 1; parallelism <= 3; ++parallelism) {
    BOOST_TEST_CONTEXT("parallelism " << parallelism) {
      environment env;
      env.set_parallelism(parallelism).set_batch_size(16);
      auto out = build(env.generate(record_count, [](std::uint64_t i) { return int(i); }));
      auto result = env.execute("no timestamps");
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      BOOST_TEST(out.main->size() == 2 * surviving().size());
      BOOST_TEST(out.odd->size() == surviving().size());
      std::size_t stamped = 0;
      for (const auto& [v, ts] : out.main->values())
        stamped += ts.has_value() ? 1 : 0;
      for (const auto& [v, ts] : out.odd->values())
        stamped += ts.has_value() ? 1 : 0;
      BOOST_TEST(stamped == 0u);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
