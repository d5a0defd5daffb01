#include "bench/query_latency_command.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <thread>
#include <vector>

#include "bench/latency_histogram.hpp"
#include "bench/report_line.hpp"
#include "weir/weir.hpp"

namespace weir::bench {

namespace {

/// Counts records per key in a value state queryable as "count".
class query_counter final : public keyed_process_function<std::uint64_t, std::uint64_t, long> {
public:
  void open(const runtime_context& ctx) override {
    value_state_descriptor<long> d{"count"};
    d.set_queryable("count");
    count_ = &ctx.get_state(d);
  }
  void process_element(const std::uint64_t&, keyed_context<std::uint64_t>&,
                       collector<long>&) override {
    count_->update(count_->value().value_or(0) + 1);
  }

private:
  value_state<long>* count_ = nullptr;
};

class discard_sink final : public sink_function<long> {
public:
  void invoke(const long&) override {}
};

job_client launch(const query_latency_options& o) {
  environment env;
  env.set_worker_threads(o.worker_threads);
  env.set_parallelism(o.parallelism).set_state_backend(o.backend);
  auto keys = o.keys;
  env.generate(o.events, [keys](std::uint64_t i) { return i % keys; })
    .key_by([](const std::uint64_t& k) { return k; })
    .process(query_counter{})
    .name("Count")
    .add_sink(discard_sink{});
  return env.execute_async("query-latency");
}

struct query_totals {
  std::mutex lock;
  latency_histogram answered;
  std::uint64_t failed = 0;
  std::string first_failure;
};

} // namespace

int run_query_latency_command(const query_latency_options& o, std::ostream& out,
                              std::ostream& err) {
  using clock = std::chrono::steady_clock;
  // A short warm-up (page faults, allocator, RocksDB's first instance), so that the job's
  // two timed runs start alike.
  auto warm = o;
  warm.events = std::max<std::uint64_t>(1, o.events / 10);
  (void) launch(warm).wait();
  // The job alone, before and after the queried run (the machine's load drifts; the mean of
  // the two brackets the queried run).
  auto run_plain = [&]() -> std::optional<double> {
    auto t0 = clock::now();
    auto plain = launch(o).wait();
    if (!plain.ok()) {
      err << "weir-bench query-latency: the job failed: " << plain.err().to_string() << '\n';
      return std::nullopt;
    }
    return std::chrono::duration<double>(clock::now() - t0).count();
  };
  auto plain_before = run_plain();
  if (!plain_before)
    return 1;

  // The job while clients query it until it ends.
  query_totals totals;
  std::atomic<bool> stop{false};
  auto t1 = clock::now();
  auto job = launch(o);
  std::vector<std::thread> clients;
  for (int t = 0; t < o.query_threads; ++t)
    clients.emplace_back([&, t] {
      auto q = job.queryable_state();
      std::mt19937_64 rng{static_cast<std::uint64_t>(t) + 1};
      latency_histogram h;
      std::uint64_t failed = 0;
      std::string first_failure;
      while (!stop.load(std::memory_order_relaxed)) {
        auto key = rng() % o.keys;
        auto start = clock::now();
        auto a = q.get<std::uint64_t, long>("count", key);
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - start);
        if (auto* e = std::get_if<error>(&a)) {
          // Before the tasks declared the state, and once the job ended, queries are refused.
          if (e->code() == errc::no_such_state || e->code() == errc::job_not_running)
            continue;
          if (e->code() != errc::no_such_key) {
            if (failed++ == 0)
              first_failure = e->to_string();
            continue;
          }
        }
        h.record(ns.count());
      }
      std::lock_guard guard{totals.lock};
      totals.answered.merge(h);
      totals.failed += failed;
      if (totals.first_failure.empty())
        totals.first_failure = first_failure;
    });
  auto queried = job.wait();
  double queried_s = std::chrono::duration<double>(clock::now() - t1).count();
  stop = true;
  for (auto& c : clients)
    c.join();
  auto plain_after = run_plain();
  if (!plain_after)
    return 1;
  double plain_s = (*plain_before + *plain_after) / 2;
  if (!queried.ok()) {
    err << "weir-bench query-latency: the job failed: " << queried.err().to_string() << '\n';
    return 1;
  }
  if (totals.failed > 0) {
    err << "weir-bench query-latency: " << totals.failed
        << " queries failed; the first: " << totals.first_failure << '\n';
    return 1;
  }
  auto events = static_cast<double>(o.events);
  report_line line;
  line.add("events", o.events)
    .add("keys", o.keys)
    .add("parallelism", o.parallelism)
    .add("backend", o.backend == state_backend_kind::heap ? "heap" : "rocksdb")
    .add("query_threads", o.query_threads)
    .add("queries", totals.answered.count())
    .add("p50_us", static_cast<double>(totals.answered.quantile(0.5)) / 1e3, "%.1f")
    .add("p99_us", static_cast<double>(totals.answered.quantile(0.99)) / 1e3, "%.1f")
    .add("queries_per_sec", static_cast<double>(totals.answered.count()) / queried_s, "%.0f")
    .add("events_per_sec", events / queried_s, "%.0f")
    .add("events_per_sec_unqueried", events / plain_s, "%.0f")
    .add("ratio", plain_s / queried_s, "%.3f");
  out << line.str() << '\n';
  return 0;
}

} // namespace weir::bench
