#pragma once

// Everything about weir::codec: the contract, the built-in codecs, encode()/decode() and the
// key-group prefix of ordered state keys.

#include "weir/codec/arithmetic_codec.hpp"
#include "weir/codec/codec.hpp"
#include "weir/codec/decode_result.hpp"
#include "weir/codec/encode.hpp"
#include "weir/codec/key_group_prefix.hpp"
#include "weir/codec/map_codec.hpp"
#include "weir/codec/optional_codec.hpp"
#include "weir/codec/string_codec.hpp"
#include "weir/codec/strong_value_codec.hpp"
#include "weir/codec/tuple_codec.hpp"
#include "weir/codec/vector_codec.hpp"
