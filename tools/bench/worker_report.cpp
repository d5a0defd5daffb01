#include "bench/worker_report.hpp"

#include <charconv>
#include <cstdio>
#include <map>

namespace weir::bench {

namespace {

template <class T>
bool read_number(const std::map<std::string_view, std::string_view>& fields, std::string_view key,
                 T& out) {
  auto it = fields.find(key);
  if (it == fields.end())
    return false;
  auto v = it->second;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc{} && end == v.data() + v.size();
}

/// key=value words of one line.
std::map<std::string_view, std::string_view> fields_of(std::string_view line) {
  std::map<std::string_view, std::string_view> out;
  while (!line.empty()) {
    auto space = line.find(' ');
    auto word = line.substr(0, space);
    line = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
    auto eq = word.find('=');
    if (eq != std::string_view::npos)
      out.emplace(word.substr(0, eq), word.substr(eq + 1));
  }
  return out;
}

} // namespace

std::string worker_report::line() const {
  char rss[32];
  std::snprintf(rss, sizeof rss, "%.1f", peak_rss_mb);
  std::string out{tag};
  out += job_ok ? " job=ok" : " job=failed";
  out += " results=" + std::to_string(results);
  out += " checksum_units=" + std::to_string(checksum_units);
  out += " sink_instances=" + std::to_string(sink_instances);
  out += " records_sent=" + std::to_string(records_sent);
  out += " bytes_sent=" + std::to_string(bytes_sent);
  out += " batches_sent=" + std::to_string(batches_sent);
  out += " records_received=" + std::to_string(records_received);
  out += " bytes_received=" + std::to_string(bytes_received);
  out += " peak_rss_mb=";
  out += rss;
  return out;
}

std::optional<worker_report> worker_report::parse(std::string_view output) {
  while (!output.empty()) {
    auto nl = output.find('\n');
    auto line = output.substr(0, nl);
    output = nl == std::string_view::npos ? std::string_view{} : output.substr(nl + 1);
    if (line.substr(0, tag.size()) != tag
        || (line.size() > tag.size() && line[tag.size()] != ' '))
      continue;
    auto f = fields_of(line.substr(tag.size()));
    worker_report r;
    auto job = f.find("job");
    if (job == f.end() || (job->second != "ok" && job->second != "failed"))
      return std::nullopt;
    r.job_ok = job->second == "ok";
    auto rss = f.find("peak_rss_mb");
    if (rss == f.end())
      return std::nullopt;
    auto [end, ec] = std::from_chars(rss->second.data(),
                                     rss->second.data() + rss->second.size(), r.peak_rss_mb);
    if (ec != std::errc{} || end != rss->second.data() + rss->second.size())
      return std::nullopt;
    if (!read_number(f, "results", r.results) || !read_number(f, "checksum_units", r.checksum_units)
        || !read_number(f, "sink_instances", r.sink_instances)
        || !read_number(f, "records_sent", r.records_sent)
        || !read_number(f, "bytes_sent", r.bytes_sent)
        || !read_number(f, "batches_sent", r.batches_sent)
        || !read_number(f, "records_received", r.records_received)
        || !read_number(f, "bytes_received", r.bytes_received))
      return std::nullopt;
    return r;
  }
  return std::nullopt;
}

} // namespace weir::bench
