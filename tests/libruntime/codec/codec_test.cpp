#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "weir/codec/codecs.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::codec_errc)

namespace {

// An own type, made encodable by specializing weir::codec (as the README shows).
struct point {
  std::int32_t x = 0;
  std::int32_t y = 0;
  std::string label;
  friend bool operator==(const point&, const point&) = default;
};

enum class color : std::uint8_t { red = 1, green = 2 };

template <class T>
T round_trip(const T& value) {
  std::string bytes;
  weir::encode(value, bytes);
  auto decoded = weir::decode<T>(bytes);
  if (!decoded.ok())
    BOOST_FAIL(decoded.error().to_string());
  return *decoded;
}

} // namespace

template <>
struct weir::codec<point> {
  static void encode(weir::byte_writer& out, const point& p) {
    out.write(p.x);
    out.write(p.y);
    out.write(p.label);
  }
  static void decode(weir::byte_reader& in, point& p) {
    in.read(p.x) && in.read(p.y) && in.read(p.label);
  }
};

BOOST_AUTO_TEST_SUITE(codec_test)

BOOST_AUTO_TEST_CASE(encodes_integers_as_fixed_width_little_endian) {
  std::string bytes;
  weir::encode(std::uint32_t{0x01020304}, bytes);
  BOOST_TEST(bytes == std::string("\x04\x03\x02\x01", 4));
  bytes.clear();
  weir::encode(std::int16_t{-2}, bytes);
  BOOST_TEST(bytes == std::string("\xfe\xff", 2));
}

BOOST_AUTO_TEST_CASE(round_trips_arithmetic_limits_bool_and_enums) {
  BOOST_TEST(round_trip(std::numeric_limits<std::int64_t>::min())
             == std::numeric_limits<std::int64_t>::min());
  BOOST_TEST(round_trip(std::numeric_limits<std::uint64_t>::max())
             == std::numeric_limits<std::uint64_t>::max());
  BOOST_TEST(round_trip(-0.5) == -0.5);
  BOOST_TEST(round_trip(3.25f) == 3.25f);
  BOOST_TEST(round_trip(std::numeric_limits<double>::infinity())
             == std::numeric_limits<double>::infinity());
  BOOST_TEST(round_trip('x') == 'x');
  BOOST_TEST(round_trip(true));
  BOOST_TEST(!round_trip(false));
  BOOST_TEST((round_trip(color::green) == color::green));
}

BOOST_AUTO_TEST_CASE(round_trips_strings_including_empty_and_binary) {
  BOOST_TEST(round_trip(std::string{}) == "");
  auto binary = std::string("a\0b\xff", 4);
  BOOST_TEST(round_trip(binary) == binary);
  auto long_text = std::string(1000, 'z');
  BOOST_TEST(round_trip(long_text) == long_text);
}

BOOST_AUTO_TEST_CASE(round_trips_containers) {
  auto v = std::vector<std::pair<std::string, std::optional<int>>>{
    {"a", 1}, {"", std::nullopt}, {"ccc", -3}};
  BOOST_TEST((round_trip(v) == v));
  auto t = std::tuple<int, std::string, bool, double>{7, "seven", true, 7.5};
  BOOST_TEST((round_trip(t) == t));
  auto m = std::map<std::string, std::vector<int>>{{"x", {1, 2}}, {"y", {}}};
  BOOST_TEST((round_trip(m) == m));
  auto u = std::unordered_map<int, std::string>{{1, "one"}, {2, "two"}};
  BOOST_TEST((round_trip(u) == u));
  auto bits = std::vector<bool>{true, false, true};
  BOOST_TEST((round_trip(bits) == bits));
  auto a = std::array<std::uint16_t, 3>{1, 2, 3};
  BOOST_TEST((round_trip(a) == a));
}

BOOST_AUTO_TEST_CASE(user_specialization_composes_with_built_ins) {
  auto p = point{3, -4, "here"};
  BOOST_TEST((round_trip(p) == p));
  auto ps = std::map<std::string, std::vector<point>>{{"path", {p, point{0, 1, ""}}}};
  BOOST_TEST((round_trip(ps) == ps));
}

BOOST_AUTO_TEST_CASE(encodes_into_byte_vectors_by_appending) {
  std::vector<std::byte> out{std::byte{0xaa}};
  weir::encode(std::string{"hi"}, out);
  BOOST_TEST(out.size() == 4u);
  auto decoded = weir::decode<std::string>(std::span<const std::byte>{out}.subspan(1));
  BOOST_TEST(decoded.ok());
  BOOST_TEST(*decoded == "hi");
}

BOOST_AUTO_TEST_CASE(concatenated_encodings_decode_one_after_another) {
  std::string bytes;
  weir::encode(std::string{"key"}, bytes);
  weir::encode(std::int64_t{42}, bytes);
  weir::byte_reader in{bytes};
  std::string key;
  std::int64_t n = 0;
  BOOST_TEST((in.read(key) && in.read(n)));
  BOOST_TEST(in.at_end());
  BOOST_TEST(key == "key");
  BOOST_TEST(n == 42);
}

BOOST_AUTO_TEST_CASE(rejects_short_input_as_truncated) {
  auto r = weir::decode<std::uint32_t>(std::string("\x01\x02", 2));
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().code == weir::codec_errc::truncated);
  BOOST_TEST(r.error().to_string().find("truncated at byte 0") == 0u);
}

BOOST_AUTO_TEST_CASE(rejects_leftover_bytes) {
  auto r = weir::decode<std::uint8_t>(std::string("\x01\x02", 2));
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().code == weir::codec_errc::trailing_bytes);
  BOOST_TEST(r.error().offset == 1u);
}

BOOST_AUTO_TEST_CASE(rejects_bytes_no_encoder_produces_as_corrupt) {
  BOOST_TEST(weir::decode<bool>(std::string("\x02", 1)).error().code
             == weir::codec_errc::corrupt);
  BOOST_TEST(weir::decode<std::optional<int>>(std::string("\x07", 1)).error().code
             == weir::codec_errc::corrupt);
  auto overlong = std::string(11, '\xff');
  BOOST_TEST(weir::decode<std::string>(overlong).error().code == weir::codec_errc::corrupt);
  std::string dup;
  weir::byte_writer w{dup};
  w.write_varint(2);
  w.write(std::int8_t{1});
  w.write(std::int8_t{5});
  w.write(std::int8_t{1});
  w.write(std::int8_t{6});
  BOOST_TEST((weir::decode<std::map<std::int8_t, std::int8_t>>(dup).error().code
              == weir::codec_errc::corrupt));
}

BOOST_AUTO_TEST_CASE(rejects_huge_lengths_without_allocating) {
  std::string bytes;
  weir::byte_writer w{bytes};
  w.write_varint(std::numeric_limits<std::uint64_t>::max());
  auto r = weir::decode<std::vector<std::uint64_t>>(bytes);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().code == weir::codec_errc::truncated);
}

BOOST_AUTO_TEST_CASE(key_group_prefix_is_big_endian_and_sorts_by_key_group) {
  std::string a;
  std::string b;
  weir::encode_key_group_prefix(weir::flow::key_group{255}, a);
  weir::encode_key_group_prefix(weir::flow::key_group{256}, b);
  BOOST_TEST(a == std::string("\x00\xff", 2));
  BOOST_TEST(b == std::string("\x01\x00", 2));
  BOOST_TEST(a < b);
  BOOST_TEST(weir::decode_key_group_prefix(b)->value == 256u);
  BOOST_TEST(!weir::decode_key_group_prefix("x").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
