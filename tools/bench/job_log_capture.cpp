#include "bench/job_log_capture.hpp"

#include <spdlog/sinks/base_sink.h>

#include "bench/wall_clock.hpp"
#include "weir/logger.hpp"

namespace weir::bench {

namespace {

class capture_sink final : public spdlog::sinks::base_sink<std::mutex> {
public:
  explicit capture_sink(std::shared_ptr<job_log_capture> target) : target_(std::move(target)) {}

protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    target_->add({steady_now_ns(), std::string{msg.payload.data(), msg.payload.size()}});
  }
  void flush_() override {}

private:
  std::shared_ptr<job_log_capture> target_;
};

} // namespace

std::shared_ptr<job_log_capture> job_log_capture::attach() {
  static std::mutex attaching;
  static std::shared_ptr<job_log_capture> instance;
  std::lock_guard guard{attaching};
  if (instance)
    return instance;
  instance = std::make_shared<job_log_capture>();
  // Before any job runs: spdlog's sink list is not safe to change while others log.
  auto sink = std::make_shared<capture_sink>(instance);
  sink->set_level(spdlog::level::info);
  for (const char* name : {"weir.job", "weir.cluster"}) {
    auto log = weir::logger(name);
    auto level = log->level();
    for (auto& s : log->sinks())
      s->set_level(level);
    log->sinks().push_back(sink);
    if (level > spdlog::level::info)
      log->set_level(spdlog::level::info);
  }
  return instance;
}

void job_log_capture::clear() {
  std::lock_guard guard{mtx_};
  entries_.clear();
}

std::int64_t job_log_capture::first(const std::string& needle, std::int64_t after_ns) const {
  return find(needle, after_ns).steady_ns;
}

job_log_capture::entry job_log_capture::find(const std::string& needle,
                                             std::int64_t after_ns) const {
  std::lock_guard guard{mtx_};
  for (const auto& e : entries_)
    if (e.steady_ns > after_ns && e.text.find(needle) != std::string::npos)
      return e;
  return {};
}

void job_log_capture::add(entry e) {
  std::lock_guard guard{mtx_};
  entries_.push_back(std::move(e));
}

} // namespace weir::bench
