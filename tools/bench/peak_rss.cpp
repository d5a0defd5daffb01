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

} // namespace weir::bench
