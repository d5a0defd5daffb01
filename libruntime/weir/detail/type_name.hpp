#pragma once

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>

namespace weir::detail {

/// The readable form of a mangled type name as `typeid(T).name()` gives it ("i" -> "int";
/// std::string's long spelling shortened to "std::string"); the input unchanged if it does
/// not demangle. For messages that name a user's types.
[[nodiscard]] inline std::string demangle(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out{
    abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free};
  std::string name = status == 0 && out ? std::string{out.get()} : std::string{mangled};
  // std::string is spelled out in full by the demangler; users write std::string.
  static constexpr std::string_view long_string =
    "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >";
  for (auto at = name.find(long_string); at != std::string::npos; at = name.find(long_string))
    name.replace(at, long_string.size(), "std::string");
  return name;
}

/// The readable name of `T`, e.g. "int", "std::string", "std::vector<double, ...>".
template <class T>
[[nodiscard]] std::string type_name() {
  return demangle(typeid(T).name());
}

} // namespace weir::detail
