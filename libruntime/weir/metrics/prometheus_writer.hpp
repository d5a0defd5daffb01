#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "weir/metrics/histogram.hpp"

namespace weir::metrics {

/// Label name and value of one sample, e.g. {"operator", "Map"}.
using label = std::pair<std::string, std::string>;

/// Builds Prometheus' text exposition format (version 0.0.4): every metric family once, with
/// its `# HELP` and `# TYPE` lines, then its samples; label values escaped. Samples of one
/// family may be added in any order and end up together. Plain; used by the REST server's
/// `/metrics` and by tests.
class prometheus_writer {
public:
  /// A counter sample; `name` should end in `_total` (the convention).
  void counter(const std::string& name, const std::string& help, const std::vector<label>& labels,
               double value);
  void gauge(const std::string& name, const std::string& help, const std::vector<label>& labels,
             double value);
  /// A summary: `name{quantile="0.5|0.95|0.99"}`, `name_sum` and `name_count`, with values
  /// scaled by `scale` (e.g. 1e-9 to report nanoseconds as seconds).
  void summary(const std::string& name, const std::string& help, const std::vector<label>& labels,
               const histogram_statistics& stats, double scale = 1.0);

  /// The exposition text.
  [[nodiscard]] std::string str() const;

  /// `value` with backslash, double quote and newline escaped, as a label value must be.
  [[nodiscard]] static std::string escape(const std::string& value);
  /// `name` with every character outside [a-zA-Z0-9_:] replaced by '_'.
  [[nodiscard]] static std::string sanitize(const std::string& name);

private:
  struct family {
    std::string name;
    std::string type;
    std::string help;
    std::string samples;
  };
  family& find(const std::string& name, const char* type, const std::string& help);
  static void line(std::string& out, const std::string& name, const std::vector<label>& labels,
                   double value, const label* extra = nullptr);

  std::vector<family> families_;
};

} // namespace weir::metrics
