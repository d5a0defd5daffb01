#include "window/window_options.hpp"

namespace weir::window {

std::optional<assigner_kind> parse_assigner(std::string_view name) {
  if (name == "tumbling")
    return assigner_kind::tumbling;
  if (name == "sliding")
    return assigner_kind::sliding;
  if (name == "session")
    return assigner_kind::session;
  if (name == "count")
    return assigner_kind::count;
  return std::nullopt;
}

std::optional<aggregate_kind> parse_aggregate(std::string_view name) {
  if (name == "sum")
    return aggregate_kind::sum;
  if (name == "count")
    return aggregate_kind::count;
  if (name == "avg")
    return aggregate_kind::avg;
  if (name == "min")
    return aggregate_kind::min;
  if (name == "max")
    return aggregate_kind::max;
  return std::nullopt;
}

namespace {

const char* name_of(assigner_kind a) {
  switch (a) {
    case assigner_kind::tumbling:
      return "tumbling";
    case assigner_kind::sliding:
      return "sliding";
    case assigner_kind::session:
      return "session";
    case assigner_kind::count:
      return "count";
  }
  return "?";
}

} // namespace

// The checks follow the order a reader of the command line would: what the assigner needs,
// then what it cannot use. Ranges of single flags are checked by CLI11 while parsing; what is
// left here depends on other flags.
std::optional<std::string> window_options::validate() const {
  const std::string with = std::string(" with --assigner ") + name_of(assigner);
  switch (assigner) {
    case assigner_kind::tumbling:
      if (!size)
        return "--size: required" + with + " (the window length in ms, e.g. --size 1000)";
      if (slide)
        return "--slide: tumbling windows do not slide; drop --slide, or use --assigner sliding";
      if (offset && (*offset <= -*size || *offset >= *size))
        return "--offset: must lie strictly between -size and size (-" + std::to_string(*size)
               + " and " + std::to_string(*size) + " ms), not " + std::to_string(*offset);
      break;
    case assigner_kind::sliding:
      if (!size)
        return "--size: required" + with + " (the window length in ms, e.g. --size 1000)";
      if (!slide)
        return "--slide: required" + with + " (ms between window starts, e.g. --slide 500)";
      if (offset && (*offset <= -*slide || *offset >= *slide))
        return "--offset: must lie strictly between -slide and slide (-" + std::to_string(*slide)
               + " and " + std::to_string(*slide) + " ms), not " + std::to_string(*offset);
      break;
    case assigner_kind::session:
      if (!gap)
        return "--gap: required" + with + " (ms of inactivity that close a session, e.g. --gap 500)";
      if (size)
        return "--size: session windows have no fixed size (--gap sets how they grow); drop "
               "--size";
      if (slide)
        return "--slide: session windows do not slide; drop --slide";
      if (offset)
        return "--offset: session windows start at their first record and take no offset; drop "
               "--offset";
      break;
    case assigner_kind::count: {
      if (!size)
        return "--size: required" + with + " (elements per window, e.g. --size 3)";
      const std::string not_time =
        " count windows fire on element counts, not on event time; drop it";
      if (offset)
        return "--offset:" + not_time;
      if (allowed_lateness_ms)
        return "--allowed-lateness-ms:" + not_time;
      if (bound_ms)
        return "--bound-ms:" + not_time;
      if (late_output)
        return "--late-output: no record is late for a count window; drop it";
      if (purging)
        return "--purging: count windows choose their own trigger (--size alone purges on "
               "every firing, --size with --slide keeps the last --size elements); drop it";
      break;
    }
  }
  if (gap && assigner != assigner_kind::session)
    return "--gap: only session windows have a gap; drop --gap, or use --assigner session";
  if (late_output && !output.empty() && output != "-" && *late_output == output)
    return "--late-output: must be another file than --output ('" + output + "')";
  return std::nullopt;
}

} // namespace weir::window
