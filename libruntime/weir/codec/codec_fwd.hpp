#pragma once

namespace weir {

/// Turns a `T` into bytes and back (see weir/codec/codec.hpp for the contract).
template <class T>
struct codec;

class byte_writer;
class byte_reader;

} // namespace weir
