#pragma once

#include <ostream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace weir {

/// How print() and the text sinks render a record. Arithmetic types and strings print as
/// themselves, pairs and tuples as Flink's tuples do, "(a,b)", vectors as "[a, b]", anything
/// else through its operator<<. Specialize `record_format<T>` to change it for an own type.
template <class T, class = void>
struct record_format {
  static_assert(requires(std::ostream& os, const T& v) { os << v; },
                "weir: print() and text sinks need `std::ostream& operator<<(std::ostream&, "
                "const T&)` or a specialization of weir::record_format<T>");
  static void write(std::ostream& os, const T& v) { os << v; }
};

template <class T>
void format_record(std::ostream& os, const T& v) {
  record_format<T>::write(os, v);
}

template <>
struct record_format<bool> {
  static void write(std::ostream& os, bool v) { os << (v ? "true" : "false"); }
};

template <class A, class B>
struct record_format<std::pair<A, B>> {
  static void write(std::ostream& os, const std::pair<A, B>& v) {
    os << '(';
    format_record(os, v.first);
    os << ',';
    format_record(os, v.second);
    os << ')';
  }
};

template <class... Ts>
struct record_format<std::tuple<Ts...>> {
  static void write(std::ostream& os, const std::tuple<Ts...>& v) {
    os << '(';
    std::apply([&](const auto&... xs) {
      bool first = true;
      ((os << (first ? "" : ","), format_record(os, xs), first = false), ...);
    }, v);
    os << ')';
  }
};

template <class T>
struct record_format<std::vector<T>> {
  static void write(std::ostream& os, const std::vector<T>& v) {
    os << '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0)
        os << ", ";
      format_record(os, v[i]);
    }
    os << ']';
  }
};

} // namespace weir
