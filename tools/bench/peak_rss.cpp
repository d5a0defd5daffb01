#include "bench/peak_rss.hpp"

#include <fstream>
#include <sstream>
#include <string>

namespace weir::bench {

std::optional<double> peak_rss_mb() {
  std::ifstream status{"/proc/self/status"};
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) != 0)
      continue;
    std::istringstream fields{line.substr(6)};
    double kib = 0;
    if (fields >> kib) // the kernel reports "VmHWM:   12345 kB"
      return kib / 1024.0;
    return std::nullopt;
  }
  return std::nullopt;
}

bool reset_peak_rss() {
  std::ofstream clear_refs{"/proc/self/clear_refs"};
  clear_refs << "5";
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

void add_peak_rss(report_line& line, std::optional<double> mb, std::string_view key) {
  if (mb)
    line.add(key, *mb, "%.1f");
  else
    line.add(key, std::string_view{"unknown"});
}

} // namespace weir::bench
