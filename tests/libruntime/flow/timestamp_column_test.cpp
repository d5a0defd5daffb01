// The timestamp column through every hop of a chain, operator by operator: each operator is
// driven directly with a record_batch and its output captured by a recording input.
//
//   batch{records, timestamps} ─► operator ─► recording_input (records + timestamps)

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/api.hpp"
#include "weir/flow/operators/co_process_operator.hpp"
#include "weir/flow/operators/filter_operator.hpp"
#include "weir/flow/operators/flat_map_operator.hpp"
#include "weir/flow/operators/keyed_process_operator.hpp"
#include "weir/flow/operators/map_operator.hpp"
#include "weir/flow/operators/process_operator.hpp"
#include "weir/flow/operators/rolling_operator.hpp"
#include "weir/flow/source_operator.hpp"
#include "weir/flow/operator_failure.hpp"

using namespace weir;
using namespace weir::flow;

namespace {

using stamps = std::vector<std::int64_t>;

/// The end of the chain under test: keeps every batch it was handed, both columns.
template <class T>
struct recording_input final : input<T> {
  void push(record_batch<T>& batch) override {
    records.insert(records.end(), batch.records.begin(), batch.records.end());
    timestamps.insert(timestamps.end(), batch.timestamps.begin(), batch.timestamps.end());
    column_sizes.emplace_back(batch.records.size(), batch.timestamps.size());
  }
  std::vector<T> records;
  stamps timestamps;
  std::vector<std::pair<std::size_t, std::size_t>> column_sizes;
};

runtime_context test_context() { return runtime_context{"op", 0, 1, 128, {0, 127}}; }

template <class Op, class T>
void connect(Op& op, recording_input<T>& out) {
  op.connect_output(static_cast<input<T>*>(&out));
  op.run_open();
}

/// A source emitting `values`, stamped `stamp(v)` unless `stamp` is null.
class stamping_source final : public typed_source_operator<int> {
public:
  stamping_source(std::vector<int> values, std::int64_t (*stamp)(int), bool mix = false)
    : typed_source_operator<int>(test_context()), values_(std::move(values)), stamp_(stamp),
      mix_(mix) {}

protected:
  source_status produce(collector<int>& out, std::size_t) override {
    for (int v : values_)
      if (stamp_ != nullptr && !(mix_ && v == values_.front()))
        out.collect_with_timestamp(v, event_time{stamp_(v)});
      else
        out.collect(v);
    return source_status::end_of_input;
  }

private:
  std::vector<int> values_;
  std::int64_t (*stamp_)(int);
  bool mix_;
};

std::int64_t hundred_times(int v) { return 100 * v; }

} // namespace

BOOST_AUTO_TEST_SUITE(timestamp_column_test)

BOOST_AUTO_TEST_CASE(a_source_collecting_with_timestamps_emits_the_column) {
  stamping_source src{{1, 2, 3}, &hundred_times};
  recording_input<int> out;
  src.connect_output(static_cast<input<int>*>(&out));
  src.emit(10);
  BOOST_TEST(out.records == (std::vector<int>{1, 2, 3}));
  BOOST_TEST(out.timestamps == (stamps{100, 200, 300}));
}

BOOST_AUTO_TEST_CASE(a_source_collecting_without_timestamps_emits_an_empty_column) {
  stamping_source src{{1, 2, 3}, nullptr};
  recording_input<int> out;
  src.connect_output(static_cast<input<int>*>(&out));
  src.emit(10);
  BOOST_TEST(out.records == (std::vector<int>{1, 2, 3}));
  BOOST_TEST(out.timestamps.empty());
}

BOOST_AUTO_TEST_CASE(a_poll_mixing_records_with_and_without_timestamps_fails_the_source) {
  stamping_source src{{1, 2, 3}, &hundred_times, true};
  recording_input<int> out;
  src.connect_output(static_cast<input<int>*>(&out));
  BOOST_CHECK_THROW(src.emit(10), operator_failure);
  BOOST_TEST(out.records.empty());
}

BOOST_AUTO_TEST_CASE(map_keeps_each_timestamp_with_its_record) {
  auto same = [](const int& x) { return x + 1; };
  map_operator<int, int, decltype(same)> in_place{test_context(), same};
  recording_input<int> out1;
  connect(in_place, out1);
  record_batch<int> b1{{1, 2}, {10, 20}};
  in_place.push(b1);
  BOOST_TEST(out1.records == (std::vector<int>{2, 3}));
  BOOST_TEST(out1.timestamps == (stamps{10, 20}));

  auto other = [](const int& x) { return std::to_string(x); };
  map_operator<int, std::string, decltype(other)> to_string{test_context(), other};
  recording_input<std::string> out2;
  connect(to_string, out2);
  record_batch<int> b2{{1, 2}, {10, 20}};
  to_string.push(b2);
  record_batch<int> b3{{3}};
  to_string.push(b3);
  BOOST_TEST(out2.records == (std::vector<std::string>{"1", "2", "3"}));
  BOOST_TEST(out2.timestamps == (stamps{10, 20}));
  BOOST_TEST((out2.column_sizes == std::vector<std::pair<std::size_t, std::size_t>>{{2, 2},
                                                                                   {1, 0}}));
}

BOOST_AUTO_TEST_CASE(filter_compacts_records_and_timestamps_together) {
  auto even = [](const int& x) { return x % 2 == 0; };
  filter_operator<int, decltype(even)> op{test_context(), even};
  recording_input<int> out;
  connect(op, out);
  record_batch<int> stamped{{1, 2, 3, 4, 6}, {10, 20, 30, 40, 60}};
  op.push(stamped);
  BOOST_TEST(out.records == (std::vector<int>{2, 4, 6}));
  BOOST_TEST(out.timestamps == (stamps{20, 40, 60}));
  record_batch<int> plain{{7, 8}};
  op.push(plain);
  BOOST_TEST((out.column_sizes.back() == std::pair<std::size_t, std::size_t>{1, 0}));
}

BOOST_AUTO_TEST_CASE(flat_map_gives_every_output_the_timestamp_of_its_input) {
  auto repeat = [](const int& x, collector<int>& out) {
    for (int i = 0; i < x; ++i)
      out.collect(x);
  };
  flat_map_operator<int, int, decltype(repeat)> op{test_context(), repeat};
  recording_input<int> out;
  connect(op, out);
  record_batch<int> stamped{{2, 0, 3}, {20, 0, 30}};
  op.push(stamped);
  BOOST_TEST(out.records == (std::vector<int>{2, 2, 3, 3, 3}));
  BOOST_TEST(out.timestamps == (stamps{20, 20, 30, 30, 30}));
  record_batch<int> plain{{1}};
  op.push(plain);
  BOOST_TEST((out.column_sizes.back() == std::pair<std::size_t, std::size_t>{1, 0}));
}

BOOST_AUTO_TEST_CASE(collect_with_timestamp_in_an_operator_keeps_the_input_timestamp) {
  auto restamp = [](const int& x, collector<int>& out) {
    out.collect_with_timestamp(x, event_time{999});
  };
  flat_map_operator<int, int, decltype(restamp)> op{test_context(), restamp};
  recording_input<int> out;
  connect(op, out);
  record_batch<int> stamped{{1, 2}, {10, 20}};
  op.push(stamped);
  BOOST_TEST(out.timestamps == (stamps{10, 20}));
  record_batch<int> plain{{3}};
  op.push(plain);
  BOOST_TEST((out.column_sizes.back() == std::pair<std::size_t, std::size_t>{1, 0}));
}

BOOST_AUTO_TEST_CASE(process_reads_the_timestamp_and_side_outputs_carry_it) {
  output_tag<std::string> odd{"odd"};
  std::vector<std::optional<event_time>> seen;
  auto fn = [&](const int& x, process_context& ctx, collector<int>& out) {
    seen.push_back(ctx.timestamp());
    if (x % 2 != 0)
      ctx.output(odd, std::to_string(x));
    else
      out.collect(x);
  };
  process_operator<int, int, decltype(fn)> op{test_context(), fn};
  recording_input<int> out;
  recording_input<std::string> side;
  op.connect_side_output("odd", std::make_unique<side_slot<std::string>>("odd", &side));
  connect(op, out);
  record_batch<int> stamped{{1, 2, 3}, {10, 20, 30}};
  op.push(stamped);
  BOOST_TEST(out.timestamps == (stamps{20}));
  BOOST_TEST(side.records == (std::vector<std::string>{"1", "3"}));
  BOOST_TEST(side.timestamps == (stamps{10, 30}));
  record_batch<int> plain{{5, 6}};
  op.push(plain);
  BOOST_TEST((seen == std::vector<std::optional<event_time>>{event_time{10}, event_time{20},
                                                             event_time{30}, std::nullopt,
                                                             std::nullopt}));
  BOOST_TEST((side.column_sizes.back() == std::pair<std::size_t, std::size_t>{1, 0}));
  BOOST_TEST((out.column_sizes.back() == std::pair<std::size_t, std::size_t>{1, 0}));
}

BOOST_AUTO_TEST_CASE(a_keyed_process_function_reads_the_timestamp_of_each_record) {
  auto key = [](const int& x) { return x % 2; };
  auto fn = [](const int& x, keyed_context<int>& ctx, collector<std::int64_t>& out) {
    out.collect(ctx.timestamp() ? ctx.timestamp()->value() + ctx.get_current_key() : -1);
    out.collect(x);
  };
  keyed_process_operator<int, int, std::int64_t, decltype(key), decltype(fn)> op{
    test_context(), key, fn};
  recording_input<std::int64_t> out;
  connect(op, out);
  record_batch<int> stamped{{1, 2}, {10, 20}};
  op.push(stamped);
  BOOST_TEST(out.records == (std::vector<std::int64_t>{11, 1, 20, 2}));
  BOOST_TEST(out.timestamps == (stamps{10, 10, 20, 20}));
  record_batch<int> plain{{3}};
  op.push(plain);
  BOOST_TEST(out.records.back() == 3);
  BOOST_TEST(out.records[out.records.size() - 2] == -1);
  BOOST_TEST((out.column_sizes.back() == std::pair<std::size_t, std::size_t>{2, 0}));
}

BOOST_AUTO_TEST_CASE(a_rolling_aggregation_emits_with_the_timestamp_of_the_input) {
  auto key = [](const int& x) { return x % 2; };
  auto sum = [](int& acc, const int& x) { acc += x; };
  rolling_operator<int, int, decltype(key), decltype(sum)> op{test_context(), key, sum};
  recording_input<int> out;
  connect(op, out);
  record_batch<int> stamped{{1, 3, 2}, {10, 30, 20}};
  op.push(stamped);
  BOOST_TEST(out.records == (std::vector<int>{1, 4, 2}));
  BOOST_TEST(out.timestamps == (stamps{10, 30, 20}));
}

BOOST_AUTO_TEST_CASE(connected_streams_stamp_outputs_per_input) {
  struct fn {
    void process_element1(const int& x, process_context& ctx, collector<int>& out) {
      out.collect(x);
      out.collect(static_cast<int>(ctx.timestamp().value_or(event_time{-1}).value()));
    }
    void process_element2(const std::string& s, process_context& ctx, collector<int>& out) {
      out.collect(static_cast<int>(s.size()));
      out.collect(static_cast<int>(ctx.timestamp().value_or(event_time{-1}).value()));
    }
  };
  co_process_operator<int, std::string, int, fn> op{test_context(), fn{}};
  recording_input<int> out;
  connect(op, out);
  record_batch<int> first{{7}, {70}};
  static_cast<input<int>*>(op.input_face(0))->push(first);
  record_batch<std::string> second{{"ab"}};
  static_cast<input<std::string>*>(op.input_face(1))->push(second);
  BOOST_TEST(out.records == (std::vector<int>{7, 70, 2, -1}));
  BOOST_TEST(out.timestamps == (stamps{70, 70}));
  BOOST_TEST((out.column_sizes == std::vector<std::pair<std::size_t, std::size_t>>{{2, 2},
                                                                                  {2, 0}}));
}

BOOST_AUTO_TEST_CASE(a_fanout_hands_every_consumer_both_columns) {
  fanout<int> f;
  recording_input<int> a;
  recording_input<int> b;
  f.add(&a);
  f.add(&b);
  record_batch<int> stamped{{1, 2}, {10, 20}};
  f.push(stamped);
  BOOST_TEST(a.timestamps == (stamps{10, 20}));
  BOOST_TEST(b.timestamps == (stamps{10, 20}));
  BOOST_TEST(a.records == b.records);
}

BOOST_AUTO_TEST_CASE(recycling_a_batch_clears_both_columns_and_keeps_capacity) {
  typed_batch<int> b{{1, 2, 3}, {10, 20, 30}};
  batch_base& erased = b;
  erased.clear();
  BOOST_TEST(b.records.empty());
  BOOST_TEST(b.timestamps.empty());
  BOOST_TEST(b.timestamps.capacity() >= 3u);
  BOOST_TEST(erased.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
