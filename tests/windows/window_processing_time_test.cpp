// Processing-time windows (tumbling and session) on an injected manual clock, each case on the
// heap and on RocksDB, against rows written by hand from Flink's semantics. A scripted source
// sets the clock before each element and waits until the window operator has taken it (a
// counting trigger wrapped around the default one says so), so the clock each element is
// filed under is exact. A row is "key window contents @timestamp".

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "window_support.hpp"

using namespace weir;
using namespace weir::test;
using namespace std::chrono_literals;

namespace {

/// Shared between the test's source, trigger and sink (they run on task threads).
struct pt_progress {
  std::atomic<int> seen{0};  ///< elements the window operator took
  std::atomic<int> fired{0}; ///< rows the window emitted
  std::atomic<bool> timed_out{false};
};

/// Delegates to `Inner`, counting the elements the window operator hands it.
template <class Inner>
struct counting_trigger {
  Inner inner;
  std::shared_ptr<pt_progress> progress;
  template <class T, class W>
  trigger_result on_element(const T& e, std::int64_t ts, const W& w, trigger_context& ctx) {
    auto r = inner.on_element(e, ts, w, ctx);
    ++progress->seen;
    return r;
  }
  template <class W>
  trigger_result on_event_time(std::int64_t t, const W& w, trigger_context& ctx) {
    return inner.on_event_time(t, w, ctx);
  }
  template <class W>
  trigger_result on_processing_time(std::int64_t t, const W& w, trigger_context& ctx) {
    return inner.on_processing_time(t, w, ctx);
  }
  template <class W>
  void clear(const W& w, trigger_context& ctx) {
    inner.clear(w, ctx);
  }
  [[nodiscard]] bool can_merge() const { return inner.can_merge(); }
  template <class W>
  void on_merge(const W& w, trigger_context& ctx) {
    inner.on_merge(w, ctx);
  }
};

struct pt_step {
  std::int64_t now = 0; ///< the clock before the element
  event element;
};

/// Sets the manual clock, emits one element, and waits until the window operator took it
/// before the next step; at the end sets the clock to `final_now` and waits for `fired` rows
/// (at most 10 s) before ending the input: processing-time timers do not fire at end of input.
class scripted_source final : public source_function<event> {
public:
  scripted_source(std::vector<pt_step> steps, std::int64_t final_now, int rows,
                  std::shared_ptr<time::manual_clock> clock, std::shared_ptr<pt_progress> progress)
    : steps_(std::move(steps)), final_now_(final_now), rows_(rows), clock_(std::move(clock)),
      progress_(std::move(progress)) {}

  source_status poll(collector<event>& out, std::size_t) override {
    if (progress_->seen.load() < next_)
      return source_status::nothing_available;
    if (next_ < static_cast<int>(steps_.size())) {
      clock_->set(std::chrono::milliseconds{steps_[next_].now});
      out.collect(steps_[next_].element);
      ++next_;
      return source_status::more_available;
    }
    clock_->set(std::chrono::milliseconds{final_now_});
    return end_(progress_->fired, rows_, progress_->timed_out);
  }

private:
  std::vector<pt_step> steps_;
  std::int64_t final_now_;
  int rows_;
  std::shared_ptr<time::manual_clock> clock_;
  std::shared_ptr<pt_progress> progress_;
  int next_ = 0;
  end_once_fired end_;
};

template <class Assigner>
rows run_processing_time(state_backend_kind backend, Assigner assigner,
                         std::vector<pt_step> steps, std::int64_t final_now, int expected_rows) {
  temp_dir dir;
  auto env = window_test_env(backend, dir);
  env.set_batch_size(1);
  auto clock = std::make_shared<time::manual_clock>(std::chrono::milliseconds{steps.front().now});
  env.config().clock = clock;
  auto progress = std::make_shared<pt_progress>();
  auto fired = env.add_source(scripted_source{std::move(steps), final_now, expected_rows, clock,
                                              progress})
                 .key_by([](const event& e) { return e.key; })
                 .window(assigner)
                 .trigger(counting_trigger<decltype(assigner.default_trigger())>{
                   assigner.default_trigger(), progress})
                 .template process<std::string>(show_contents{});
  auto out = stamped(fired)
               .process([progress](const std::string& s, process_context&,
                                   collector<std::string>& o) {
                 ++progress->fired;
                 o.collect(s);
               })
               .collect();
  auto result = env.execute("processing time windows");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(!progress->timed_out.load(), "the windows did not fire within 10 s");
  return sorted(out.values());
}

} // namespace

BOOST_AUTO_TEST_SUITE(window_processing_time_test)

BOOST_AUTO_TEST_CASE(processing_time_windows_follow_the_injected_clock) {
  // tumbling 10 ms of processing time; each element is filed by the clock when the window
  // operator takes it, not by its timestamp (the events carry none):
  //   now 100: a v1;  now 103: a v2;  now 105: b v4  -> [100,110)
  //   now 112: a v8 -> [110,120);  then the clock reaches 125: all three windows fire
  //   (ProcessingTimeTrigger at maxTimestamp), their records stamped maxTimestamp.
  for (auto backend : backends) {
    BOOST_TEST_CONTEXT("backend " << backend_name(backend)) {
      auto got = run_processing_time(
        backend, tumbling_processing_time_windows::of(10ms),
        {{100, {"a", 0, 1}}, {103, {"a", 0, 2}}, {105, {"b", 0, 4}}, {112, {"a", 0, 8}}}, 125, 3);
      BOOST_TEST(got == sorted({"a [100,110) 1,2 @109", "b [100,110) 4 @109",
                                "a [110,120) 8 @119"}),
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(processing_time_session_windows_merge_by_the_clock) {
  // gap 5 ms of processing time: a at 100 and 103 -> [100,105) and [103,108) merge into
  // [100,108); a at 106 -> [106,111) overlaps it: [100,111); a at 120 -> [120,125) apart.
  // (Each element comes before the clock reaches its session's maxTimestamp: one at or after
  // it races the session's timer, in Flink too (an element at 104 raced [100,105)'s timer at
  // 104); hence no touching case here.)
  for (auto backend : backends) {
    BOOST_TEST_CONTEXT("backend " << backend_name(backend)) {
      auto got = run_processing_time(
        backend, processing_time_session_windows::with_gap(5ms),
        {{100, {"a", 0, 1}}, {103, {"a", 0, 2}}, {106, {"a", 0, 4}}, {120, {"a", 0, 8}}}, 130, 2);
      // The merged contents' order is not defined: sort them.
      for (auto& r : got) {
        auto at = r.find(' ', 2);
        auto end = r.find(' ', at + 1);
        auto vals = r.substr(at + 1, end - at - 1);
        std::vector<std::string> parts;
        for (std::size_t p = 0, q; p <= vals.size(); p = q + 1) {
          q = vals.find(',', p);
          if (q == std::string::npos)
            q = vals.size();
          parts.push_back(vals.substr(p, q - p));
        }
        std::sort(parts.begin(), parts.end());
        std::string joined;
        for (const auto& s : parts)
          joined += (joined.empty() ? "" : ",") + s;
        r = r.substr(0, at + 1) + joined + r.substr(end);
      }
      BOOST_TEST(got == sorted({"a [100,111) 1,2,4 @110", "a [120,125) 8 @124"}),
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
