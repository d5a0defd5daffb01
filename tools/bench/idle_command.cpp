#include "bench/idle_command.hpp"

#include <sys/resource.h>

#include <atomic>
#include <memory>
#include <ostream>
#include <thread>

#include "bench/report_line.hpp"
#include "weir/weir.hpp"

namespace weir::bench {

namespace {

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec)
         + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

class idle_source final : public source_function<long> {
public:
  explicit idle_source(std::shared_ptr<std::atomic<long>> polls) : polls_(std::move(polls)) {}
  source_status poll(collector<long>&, std::size_t) override {
    polls_->fetch_add(1, std::memory_order_relaxed);
    return source_status::nothing_available;
  }

private:
  std::shared_ptr<std::atomic<long>> polls_;
};

} // namespace

int run_idle_command(const idle_options& options, std::ostream& out, std::ostream& err) {
  auto polls = std::make_shared<std::atomic<long>>(0);
  environment env;
  env.set_worker_threads(options.worker_threads);
  env.config().source_idle_backoff_max = options.backoff_max;
  env.add_source(idle_source{polls}, "Idle Source").print();
  auto client = env.execute_async("idle");
  std::this_thread::sleep_for(options.warm_up);
  auto cpu_before = process_cpu_seconds();
  auto polls_before = polls->load();
  auto wall_before = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(options.measure);
  auto cpu = process_cpu_seconds() - cpu_before;
  auto polled = polls->load() - polls_before;
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  client.cancel();
  auto result = client.wait();
  if (result.err().code() != errc::cancelled) {
    err << "weir-bench idle: the job ended on its own: " << result.err().to_string() << '\n';
    return 1;
  }
  report_line line;
  line.add("cpu_percent", 100.0 * cpu / wall, "%.3f")
    .add("polls_per_sec", static_cast<double>(polled) / wall, "%.1f")
    .add("seconds", wall, "%.3f")
    .add("backoff_max_ms", static_cast<std::int64_t>(options.backoff_max.count()));
  out << line.str() << '\n';
  return 0;
}

} // namespace weir::bench
