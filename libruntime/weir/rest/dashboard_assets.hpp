#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace weir::rest {

/// One static file of the web dashboard, compiled into the library (generated in the build
/// from libruntime/weir/rest/dashboard/: nothing is downloaded or read at run time).
struct dashboard_file {
  std::string_view content;
  const char* content_type;
};

/// The dashboard file called `name` ("index.html", "dashboard.js", "dashboard.css"), if any.
[[nodiscard]] std::optional<dashboard_file> dashboard_asset(const std::string& name);

} // namespace weir::rest
