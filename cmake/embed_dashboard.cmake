# cmake -DOUT=<file.cpp> -DFILES="<a|b|...>" -P embed_dashboard.cmake
# Writes weir::rest::dashboard_asset() with each file's content as a raw string literal.
set(body "")
string(REPLACE "|" ";" FILES "${FILES}")
foreach(f ${FILES})
  get_filename_component(name ${f} NAME)
  file(READ ${f} content)
  string(FIND "${content}" ")weirasset\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw string delimiter )weirasset\"")
  endif()
  if(name MATCHES "\\.html$")
    set(type "text/html; charset=utf-8")
  elseif(name MATCHES "\\.js$")
    set(type "text/javascript; charset=utf-8")
  elseif(name MATCHES "\\.css$")
    set(type "text/css; charset=utf-8")
  else()
    set(type "application/octet-stream")
  endif()
  string(APPEND body "  if (name == \"${name}\")\n    return dashboard_file{R\"weirasset(${content})weirasset\", \"${type}\"};\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from libruntime/weir/rest/dashboard/ by cmake/embed_dashboard.cmake.
#include \"weir/rest/dashboard_assets.hpp\"

namespace weir::rest {

std::optional<dashboard_file> dashboard_asset(const std::string& name) {
${body}  return std::nullopt;
}

} // namespace weir::rest
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
