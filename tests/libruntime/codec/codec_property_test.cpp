#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "weir/codec/codecs.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::codec_errc)

// Properties over random values from a seeded generator: every value round-trips, every
// strict prefix of an encoding is rejected as truncated, and random corruption never crashes
// (it decodes to some value or to an error).

namespace {

using record = std::tuple<std::int32_t, std::uint64_t, double, bool, std::string,
                          std::vector<std::pair<std::int16_t, std::string>>,
                          std::optional<float>, std::map<std::string, std::int64_t>,
                          std::unordered_map<std::uint32_t, std::vector<std::uint8_t>>>;

class generator {
public:
  explicit generator(std::uint32_t seed) : rng_(seed) {}

  template <class T>
  T number() {
    if constexpr (std::is_floating_point_v<T>)
      return std::uniform_real_distribution<T>{-1e6, 1e6}(rng_);
    else
      return static_cast<T>(rng_());
  }
  std::size_t size(std::size_t max) { return std::uniform_int_distribution<std::size_t>{0, max}(rng_); }
  std::string text() {
    std::string s(size(12), '\0');
    for (auto& c : s)
      c = static_cast<char>(rng_());
    return s;
  }

  record next() {
    record r;
    auto& [a, b, c, d, e, f, g, h, i] = r;
    a = number<std::int32_t>();
    b = (std::uint64_t{rng_()} << 32) | rng_();
    c = number<double>();
    d = rng_() % 2 == 0;
    e = text();
    for (auto n = size(4); n > 0; --n)
      f.emplace_back(number<std::int16_t>(), text());
    if (rng_() % 2 == 0)
      g = number<float>();
    for (auto n = size(4); n > 0; --n)
      h.emplace(text(), static_cast<std::int64_t>(rng_()));
    for (auto n = size(3); n > 0; --n) {
      std::vector<std::uint8_t> bytes(size(5));
      for (auto& x : bytes)
        x = static_cast<std::uint8_t>(rng_());
      i.emplace(static_cast<std::uint32_t>(rng_()), bytes);
    }
    return r;
  }

  std::mt19937& rng() { return rng_; }

private:
  std::mt19937 rng_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(codec_property_test)

BOOST_AUTO_TEST_CASE(random_values_round_trip) {
  generator gen{12345};
  for (int i = 0; i < 500; ++i) {
    auto value = gen.next();
    std::string bytes;
    weir::encode(value, bytes);
    auto decoded = weir::decode<record>(bytes);
    if (!decoded.ok())
    BOOST_FAIL(decoded.error().to_string());
    BOOST_REQUIRE((*decoded == value));
  }
}

BOOST_AUTO_TEST_CASE(every_strict_prefix_of_an_encoding_is_truncated) {
  generator gen{777};
  for (int i = 0; i < 100; ++i) {
    std::string bytes;
    weir::encode(gen.next(), bytes);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      auto decoded = weir::decode<record>(std::string_view{bytes}.substr(0, cut));
      BOOST_REQUIRE_MESSAGE(!decoded.ok(), "prefix of " << cut << " bytes decoded");
      BOOST_REQUIRE(decoded.error().code == weir::codec_errc::truncated);
    }
  }
}

BOOST_AUTO_TEST_CASE(random_corruption_yields_a_value_or_an_error_never_a_crash) {
  generator gen{4242};
  int errors = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string bytes;
    weir::encode(gen.next(), bytes);
    auto flips = 1 + gen.size(3);
    for (std::size_t f = 0; f < flips; ++f)
      bytes[gen.size(bytes.size() - 1)] = static_cast<char>(gen.rng()());
    auto decoded = weir::decode<record>(bytes);
    if (!decoded.ok()) {
      ++errors;
      BOOST_REQUIRE(decoded.error().offset <= bytes.size());
    }
  }
  BOOST_TEST(errors > 0);
}

BOOST_AUTO_TEST_CASE(random_bytes_never_crash_the_decoder) {
  generator gen{99};
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(gen.size(64), '\0');
    for (auto& c : bytes)
      c = static_cast<char>(gen.rng()());
    auto decoded = weir::decode<record>(bytes);
    (void)decoded;
  }
}

BOOST_AUTO_TEST_SUITE_END()
