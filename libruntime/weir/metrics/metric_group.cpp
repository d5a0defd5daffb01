#include "weir/metrics/metric_group.hpp"

#include <algorithm>

#include "weir/error.hpp"

namespace weir::metrics {

namespace {

const char* kind_name(metric_kind k) {
  switch (k) {
    case metric_kind::counter: return "counter";
    case metric_kind::gauge: return "gauge";
    case metric_kind::histogram: return "histogram";
  }
  return "metric";
}

} // namespace

// Names end up in Prometheus metric names and JSON keys, so they are kept to what both accept
// without escaping.
metric_group::entry* metric_group::find(const std::string& name, metric_kind kind) {
  auto valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }) && !(name[0] >= '0' && name[0] <= '9');
  if (!valid)
    throw weir_exception(error{errc::invalid_configuration,
                               "metric name '" + name + "' is not valid: use letters, digits "
                               "and '_', not starting with a digit (e.g. \"records_rejected\")"});
  for (auto& e : entries_)
    if (e.name == name) {
      if (e.kind != kind)
        throw weir_exception(error{errc::invalid_configuration,
                                   "metric '" + name + "' is a " + kind_name(e.kind)
                                     + " already; it cannot also be a " + kind_name(kind)});
      return &e;
    }
  return nullptr;
}

metrics::counter& metric_group::counter(const std::string& name) {
  if (auto* e = find(name, metric_kind::counter))
    return *e->count;
  entry e{name, metric_kind::counter, std::make_unique<metrics::counter>(), {}, {}};
  entries_.push_back(std::move(e));
  return *entries_.back().count;
}

void metric_group::gauge(const std::string& name, std::function<double()> value) {
  if (auto* e = find(name, metric_kind::gauge)) {
    e->read = std::move(value);
    return;
  }
  entries_.push_back(entry{name, metric_kind::gauge, {}, std::move(value), {}});
}

metrics::histogram& metric_group::histogram(const std::string& name) {
  if (auto* e = find(name, metric_kind::histogram))
    return *e->hist;
  entries_.push_back(
    entry{name, metric_kind::histogram, {}, {}, std::make_unique<metrics::histogram>()});
  return *entries_.back().hist;
}

std::vector<metric_sample> metric_group::sample() const {
  std::vector<metric_sample> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) {
    metric_sample s{e.name, e.kind, 0, {}};
    switch (e.kind) {
      case metric_kind::counter: s.value = static_cast<double>(e.count->count()); break;
      case metric_kind::gauge: s.value = e.read ? e.read() : 0.0; break;
      case metric_kind::histogram:
        s.statistics = e.hist->statistics();
        s.value = static_cast<double>(s.statistics.count);
        break;
    }
    out.push_back(std::move(s));
  }
  return out;
}

} // namespace weir::metrics
