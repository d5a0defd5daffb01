#include "weir/logger.hpp"

#include <cstdlib>
#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace weir {

std::shared_ptr<spdlog::logger> logger(const std::string& component) {
  static std::mutex creating;
  std::lock_guard guard{creating};
  if (auto existing = spdlog::get(component))
    return existing;
  auto log = spdlog::stderr_color_mt(component);
  auto level = spdlog::level::warn;
  if (const char* env = std::getenv("WEIR_LOG_LEVEL"))
    level = spdlog::level::from_str(env);
  log->set_level(level);
  return log;
}

} // namespace weir
