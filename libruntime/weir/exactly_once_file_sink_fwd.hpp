#pragma once

#include <string>

#include "weir/line_format.hpp"

namespace weir {

// Declared here so that data_stream::sink_to_exactly_once_file can name it without the state
// layer; defined by weir/exactly_once_file_sink_function.hpp (included by weir/weir.hpp).
template <class T>
class exactly_once_file_sink_function;

template <class T>
exactly_once_file_sink_function<T> exactly_once_file_sink(std::string directory,
                                                          line_format format = line_format::text());

} // namespace weir
