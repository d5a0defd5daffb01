#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "weir/codec/codecs.hpp"
#include "weir/test/allocation_guard.hpp"
#include "weir/test/byte_mutator.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::codec_errc)

// Hostile bytes against every built-in codec: valid encodings of random values, then mutated
// (random bytes, a huge count or length written over a random position, cuts, pure noise),
// decoded under an allocation guard. A decode may succeed or fail, but it never throws and
// never asks for more memory than its input of a few KiB justifies.

namespace {

enum class colour : std::uint16_t { red, green };

using big = std::array<std::uint64_t, 1024>; // 8 KiB in memory and on the wire

constexpr std::size_t limit = std::size_t{16} << 20; // 16 MiB, for inputs below 8 KiB

// Random values of every built-in codec's type, and their hostile variants.
class generator : public weir::test::byte_mutator {
public:
  using byte_mutator::byte_mutator;

  template <class T>
  void fill(T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      value = below(2) == 1;
    } else if constexpr (std::is_enum_v<T>) {
      value = static_cast<T>(below(2));
    } else if constexpr (std::is_arithmetic_v<T>) {
      value = static_cast<T>(rng()());
    } else if constexpr (std::is_same_v<T, std::string>) {
      value.assign(below(40), 'x');
      for (auto& c : value)
        c = static_cast<char>(rng()());
    } else if constexpr (requires { value.has_value(); }) {
      if (below(2) == 1)
        fill(value.emplace());
    } else if constexpr (requires { std::tuple_size<T>::value; }) {
      std::apply([&](auto&... xs) { (fill(xs), ...); }, value);
    } else if constexpr (requires { typename T::mapped_type; }) {
      for (auto n = below(6); n > 0; --n) {
        typename T::key_type k{};
        typename T::mapped_type v{};
        fill(k);
        fill(v);
        value.emplace(std::move(k), std::move(v));
      }
    } else {
      value.resize(below(sizeof(typename T::value_type) > 64 ? 2 : 8));
      for (auto& x : value)
        fill(x);
    }
  }
};

// Round trip, then 300 hostile variants of each encoding; returns the largest single
// allocation request the decodes made.
template <class T>
std::size_t fuzz(generator& gen) {
  std::size_t largest = 0;
  for (int i = 0; i < 20; ++i) {
    T value{};
    gen.fill(value);
    std::string bytes;
    weir::encode(value, bytes);
    BOOST_REQUIRE_MESSAGE(weir::decode<T>(bytes).ok(), "a valid encoding did not decode");
    for (int m = 0; m < 15; ++m) {
      auto hostile = bytes;
      gen.mutate(hostile);
      weir::test::allocation_guard guard{limit};
      auto decoded = weir::decode<T>(hostile); // decode() is noexcept: a throw terminates
      if (!decoded.ok())
        BOOST_REQUIRE(decoded.error().offset <= hostile.size());
      largest = std::max(largest, guard.largest());
    }
  }
  return largest;
}

template <class... Ts>
std::size_t fuzz_all(generator& gen) {
  std::size_t largest = 0;
  ((largest = std::max(largest, fuzz<Ts>(gen))), ...);
  return largest;
}

// A user codec that throws, to check decode() keeps its promise anyway.
struct throws_on_decode {
  int x = 0;
};
struct throws_bad_alloc {
  int x = 0;
};

} // namespace

template <>
struct weir::codec<throws_on_decode> {
  static void encode(byte_writer& out, const throws_on_decode& v) { out.write(v.x); }
  static void decode(byte_reader&, throws_on_decode&) { throw std::runtime_error{"boom"}; }
};

template <>
struct weir::codec<throws_bad_alloc> {
  static void encode(byte_writer& out, const throws_bad_alloc& v) { out.write(v.x); }
  static void decode(byte_reader&, throws_bad_alloc&) { throw std::bad_alloc{}; }
};

BOOST_AUTO_TEST_SUITE(codec_fuzz_test)

BOOST_AUTO_TEST_CASE(the_guard_sees_a_large_request_and_refuses_it) {
  weir::test::allocation_guard guard{1 << 20};
  BOOST_CHECK_THROW(std::vector<char>(std::size_t{2} << 20), std::bad_alloc);
  BOOST_TEST(guard.largest() == std::size_t{2} << 20);
  BOOST_TEST(guard.refused() == 1u);
  std::vector<char> small(1000);
  BOOST_TEST(guard.refused() == 1u);
}

BOOST_AUTO_TEST_CASE(min_encoded_sizes_follow_the_encodings) {
  static_assert(weir::min_encoded_size_v<std::int32_t> == 4);
  static_assert(weir::min_encoded_size_v<double> == 8);
  static_assert(weir::min_encoded_size_v<bool> == 1);
  static_assert(weir::min_encoded_size_v<colour> == 2);
  static_assert(weir::min_encoded_size_v<std::string> == 1);
  static_assert(weir::min_encoded_size_v<std::vector<big>> == 1);
  static_assert(weir::min_encoded_size_v<std::optional<big>> == 1);
  static_assert(weir::min_encoded_size_v<std::pair<std::int16_t, std::string>> == 3);
  static_assert(weir::min_encoded_size_v<std::tuple<std::int64_t, bool, std::string>> == 10);
  static_assert(weir::min_encoded_size_v<std::tuple<>> == 0);
  static_assert(weir::min_encoded_size_v<big> == 8192);
  static_assert(weir::min_encoded_size_v<throws_on_decode> == 1); // a codec that does not say
  BOOST_TEST(true);
}

BOOST_AUTO_TEST_CASE(a_huge_vector_count_fails_before_anything_is_reserved) {
  std::string bytes;
  weir::byte_writer w{bytes};
  w.write_varint(std::uint64_t{1} << 40);
  bytes.append(4000, '\0');
  weir::test::allocation_guard guard{limit};
  auto as_words = weir::decode<std::vector<std::uint64_t>>(bytes);
  auto as_big = weir::decode<std::vector<big>>(bytes);
  auto as_map = weir::decode<std::map<std::uint64_t, std::string>>(bytes);
  BOOST_REQUIRE(!as_words.ok());
  BOOST_REQUIRE(!as_big.ok());
  BOOST_REQUIRE(!as_map.ok());
  BOOST_TEST(as_words.error().code == weir::codec_errc::truncated);
  BOOST_TEST(as_big.error().code == weir::codec_errc::truncated);
  BOOST_TEST(guard.largest() < 64u);
}

BOOST_AUTO_TEST_CASE(a_count_is_bounded_by_the_smallest_encoding_of_its_element) {
  // 4000 bytes hold at most 500 eight-byte words, but could hold 4000 one-byte strings.
  std::string bytes;
  weir::byte_writer w{bytes};
  w.write_varint(501);
  bytes.append(4000, '\0');
  BOOST_TEST(weir::decode<std::vector<std::uint64_t>>(bytes).error().code
             == weir::codec_errc::truncated);
  BOOST_TEST(weir::decode<std::vector<std::string>>(bytes).error().code
             == weir::codec_errc::trailing_bytes); // 501 empty strings, then bytes left
  std::string one_big;
  weir::byte_writer{one_big}.write_varint(1);
  one_big.append(8191, '\0');
  weir::test::allocation_guard guard{limit};
  BOOST_TEST(weir::decode<std::vector<big>>(one_big).error().code == weir::codec_errc::truncated);
  BOOST_TEST(guard.largest() < 64u);
}

BOOST_AUTO_TEST_CASE(mutated_encodings_of_every_built_in_codec_stay_within_the_limit) {
  generator gen{20240610};
  auto largest = fuzz_all<
    std::int8_t, std::uint8_t, std::int16_t, std::uint16_t, std::int32_t, std::uint32_t,
    std::int64_t, std::uint64_t, float, double, bool, colour, std::string,
    std::optional<std::string>, std::pair<std::int16_t, std::string>,
    std::tuple<std::int32_t, bool, std::string, std::optional<double>>,
    std::array<std::string, 3>, std::vector<std::uint8_t>, std::vector<std::string>,
    std::vector<std::vector<std::int32_t>>, std::vector<big>, std::vector<std::optional<big>>,
    std::vector<std::pair<std::uint64_t, std::string>>, std::map<std::string, std::int64_t>,
    std::map<std::uint64_t, big>, std::unordered_map<std::uint32_t, std::vector<std::uint8_t>>,
    std::vector<std::map<std::string, std::vector<std::string>>>>(gen);
  BOOST_TEST(largest < limit);
}

BOOST_AUTO_TEST_CASE(random_bytes_of_a_few_kib_stay_within_the_limit) {
  generator gen{7};
  weir::test::allocation_guard guard{limit};
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(gen.below(4096), '\0');
    for (auto& c : bytes)
      c = static_cast<char>(gen.rng()());
    (void)weir::decode<std::vector<big>>(bytes);
    (void)weir::decode<std::map<std::uint64_t, std::vector<big>>>(bytes);
    (void)weir::decode<std::vector<std::vector<std::string>>>(bytes);
  }
  BOOST_TEST(guard.refused() == 0u);
  BOOST_TEST(guard.largest() < limit);
}

BOOST_AUTO_TEST_CASE(a_decoder_that_throws_becomes_an_error_not_an_exception) {
  std::string bytes;
  weir::encode(std::vector<throws_on_decode>(2), bytes);
  auto r = weir::decode<std::vector<throws_on_decode>>(bytes);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().code == weir::codec_errc::corrupt);
  bytes.clear();
  weir::encode(throws_bad_alloc{}, bytes);
  auto oom = weir::decode<throws_bad_alloc>(bytes);
  BOOST_REQUIRE(!oom.ok());
  BOOST_TEST(oom.error().code == weir::codec_errc::too_large);
}

BOOST_AUTO_TEST_CASE(an_allocation_refused_inside_a_decoder_is_too_large) {
  // The count fits the input, but reserving for it is refused by a small guard.
  std::vector<std::string> value(100, std::string(1000, 'a'));
  std::string bytes;
  weir::encode(value, bytes);
  weir::test::allocation_guard guard{512};
  auto r = weir::decode<std::vector<std::string>>(bytes);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().code == weir::codec_errc::too_large);
}

BOOST_AUTO_TEST_SUITE_END()
