#include "weir/metrics/prometheus_writer.hpp"

#include <cmath>
#include <cstdio>

namespace weir::metrics {

namespace {

std::string number(double v) {
  if (std::isnan(v))
    return "NaN";
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  // Integers (the counts) print without an exponent up to 2^53.
  if (v == std::floor(v) && std::fabs(v) < 9.007199254740992e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

} // namespace

std::string prometheus_writer::escape(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string prometheus_writer::sanitize(const std::string& name) {
  std::string out = name;
  for (auto& c : out)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == ':'))
      c = '_';
  if (!out.empty() && out[0] >= '0' && out[0] <= '9')
    out.insert(out.begin(), '_');
  return out;
}

prometheus_writer::family& prometheus_writer::find(const std::string& name, const char* type,
                                                   const std::string& help) {
  for (auto& f : families_)
    if (f.name == name)
      return f;
  families_.push_back(family{name, type, help, {}});
  return families_.back();
}

void prometheus_writer::line(std::string& out, const std::string& name,
                             const std::vector<label>& labels, double value, const label* extra) {
  out += name;
  if (!labels.empty() || extra) {
    out += '{';
    bool first = true;
    auto put = [&](const label& l) {
      if (!first)
        out += ',';
      first = false;
      out += sanitize(l.first);
      out += "=\"";
      out += escape(l.second);
      out += '"';
    };
    for (const auto& l : labels)
      put(l);
    if (extra)
      put(*extra);
    out += '}';
  }
  out += ' ';
  out += number(value);
  out += '\n';
}

void prometheus_writer::counter(const std::string& name, const std::string& help,
                                const std::vector<label>& labels, double value) {
  line(find(name, "counter", help).samples, name, labels, value);
}

void prometheus_writer::gauge(const std::string& name, const std::string& help,
                              const std::vector<label>& labels, double value) {
  line(find(name, "gauge", help).samples, name, labels, value);
}

void prometheus_writer::summary(const std::string& name, const std::string& help,
                                const std::vector<label>& labels,
                                const histogram_statistics& stats, double scale) {
  auto& f = find(name, "summary", help);
  const std::pair<const char*, std::uint64_t> quantiles[] = {
    {"0.5", stats.p50}, {"0.95", stats.p95}, {"0.99", stats.p99}};
  for (const auto& [q, v] : quantiles) {
    label l{"quantile", q};
    line(f.samples, name, labels, static_cast<double>(v) * scale, &l);
  }
  line(f.samples, name + "_sum", labels,
       stats.mean * static_cast<double>(stats.count) * scale);
  line(f.samples, name + "_count", labels, static_cast<double>(stats.count));
}

std::string prometheus_writer::str() const {
  std::string out;
  for (const auto& f : families_) {
    out += "# HELP " + f.name + ' ' + f.help + '\n';
    out += "# TYPE " + f.name + ' ' + f.type + '\n';
    out += f.samples;
  }
  return out;
}

} // namespace weir::metrics
