#pragma once

namespace weir::bench {

/// Keeps the compiler from dropping the parts of a record nobody reads (key and ts_ms, two
/// divisions per event). A source materializes whole records, and so does the generator of a
/// Weir job; without this a plain loop would skip work the Weir job cannot skip.
template <class T>
inline void materialize(const T& value) {
  asm volatile("" : : "m"(value) : "memory");
}

} // namespace weir::bench
