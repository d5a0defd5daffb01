#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "weir/state/flat_bytes_map.hpp"

// flat_bytes_map against std::map as the oracle: the same operations must leave the same
// entries.

using weir::state::flat_bytes_map;

namespace {

std::map<std::string, long> entries_of(const flat_bytes_map<long>& m) {
  std::map<std::string, long> out;
  m.for_each([&](std::string_view k, const long& v) {
    auto [it, fresh] = out.emplace(std::string{k}, v);
    BOOST_TEST(fresh, "for_each visited '" << k << "' twice");
  });
  return out;
}

/// A key of `size` bytes whose last min(size, 8) bytes hold `i`: distinct for every `i` when
/// `size` >= 8.
std::string key_of(std::uint64_t i, std::size_t size = 10) {
  std::string k(size, 'k');
  for (std::size_t b = 0; b < size && b < 8; ++b)
    k[size - 1 - b] = static_cast<char>((i >> (8 * b)) & 0xff);
  return k;
}

} // namespace

BOOST_AUTO_TEST_SUITE(flat_bytes_map_test)

BOOST_AUTO_TEST_CASE(finds_inserted_keys_and_not_others) {
  flat_bytes_map<long> m;
  BOOST_TEST(m.find("a") == nullptr);
  BOOST_TEST(m.empty());
  m.insert_or_assign("a", 1);
  m.insert_or_assign("bb", 2);
  m.insert_or_assign("", 3);
  BOOST_TEST(m.size() == 3u);
  BOOST_TEST(*m.find("a") == 1);
  BOOST_TEST(*m.find("bb") == 2);
  BOOST_TEST(*m.find("") == 3);
  BOOST_TEST(!m.contains("b"));
  BOOST_TEST(!m.contains("aa"));
}

BOOST_AUTO_TEST_CASE(insert_or_assign_replaces_the_value_of_an_existing_key) {
  flat_bytes_map<long> m;
  m.insert_or_assign("k", 1);
  auto& v = m.insert_or_assign("k", 2);
  BOOST_TEST(v == 2);
  BOOST_TEST(m.size() == 1u);
  BOOST_TEST(*m.find("k") == 2);
  m["k"] += 5;
  m["new"] += 1;
  BOOST_TEST(*m.find("k") == 7);
  BOOST_TEST(*m.find("new") == 1);
}

BOOST_AUTO_TEST_CASE(erase_removes_only_the_given_key) {
  flat_bytes_map<long> m;
  m.insert_or_assign("a", 1);
  m.insert_or_assign("b", 2);
  BOOST_TEST(m.erase("a"));
  BOOST_TEST(!m.erase("a"));
  BOOST_TEST(!m.erase("zzz"));
  BOOST_TEST(!m.contains("a"));
  BOOST_TEST(*m.find("b") == 2);
  BOOST_TEST(m.size() == 1u);
}

BOOST_AUTO_TEST_CASE(grows_to_many_keys_and_keeps_every_one) {
  flat_bytes_map<long> m;
  constexpr long n = 100'000;
  for (long i = 0; i < n; ++i)
    m.insert_or_assign(key_of(static_cast<std::uint64_t>(i)), i);
  BOOST_TEST(m.size() == static_cast<std::size_t>(n));
  BOOST_TEST(m.capacity() * 7 >= m.size() * 8); // load factor at most 7/8
  for (long i = 0; i < n; ++i) {
    auto* v = m.find(key_of(static_cast<std::uint64_t>(i)));
    BOOST_REQUIRE(v != nullptr);
    BOOST_TEST(*v == i);
  }
  BOOST_TEST(!m.contains(key_of(static_cast<std::uint64_t>(n))));
}

BOOST_AUTO_TEST_CASE(erased_keys_can_be_reinserted_and_lookups_still_cross_their_slots) {
  // Random inserts and erases on a small key space (long probe runs, many backward shifts),
  // checked after every operation against std::map.
  flat_bytes_map<long> m;
  std::map<std::string, long> oracle;
  std::mt19937_64 rng{42};
  for (int op = 0; op < 50'000; ++op) {
    auto k = key_of(rng() % 300, 1 + rng() % 20);
    if (rng() % 3 == 0) {
      BOOST_TEST(m.erase(k) == (oracle.erase(k) == 1));
    } else {
      m.insert_or_assign(k, op);
      oracle[k] = op;
    }
    BOOST_TEST_REQUIRE(m.size() == oracle.size());
    if (op % 1000 == 0)
      BOOST_TEST_REQUIRE((entries_of(m) == oracle));
  }
  for (const auto& [k, v] : oracle) {
    BOOST_REQUIRE(m.find(k) != nullptr);
    BOOST_TEST(*m.find(k) == v);
  }
  for (const auto& [k, v] : oracle)
    BOOST_TEST(m.erase(k));
  BOOST_TEST(m.empty());
  m.insert_or_assign(key_of(1), 1);
  BOOST_TEST(*m.find(key_of(1)) == 1);
}

BOOST_AUTO_TEST_CASE(for_each_visits_every_live_entry_once) {
  flat_bytes_map<long> m;
  std::map<std::string, long> oracle;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    m.insert_or_assign(key_of(i, 12), static_cast<long>(i));
    oracle[key_of(i, 12)] = static_cast<long>(i);
  }
  for (std::uint64_t i = 0; i < 1000; i += 3) {
    m.erase(key_of(i, 12));
    oracle.erase(key_of(i, 12));
  }
  BOOST_TEST((entries_of(m) == oracle));
}

BOOST_AUTO_TEST_CASE(erase_if_removes_the_matching_entries_asking_once_per_entry) {
  flat_bytes_map<long> m;
  std::map<std::string, long> oracle;
  for (std::uint64_t i = 0; i < 5000; ++i) {
    m.insert_or_assign(key_of(i, 1 + i % 24), static_cast<long>(i));
    oracle[key_of(i, 1 + i % 24)] = static_cast<long>(i);
  }
  std::map<std::string, int> asked;
  auto removed = m.erase_if([&](std::string_view k, const long& v) {
    ++asked[std::string{k}];
    return v % 2 == 0;
  });
  BOOST_TEST(asked.size() == oracle.size());
  for (const auto& [k, n] : asked)
    BOOST_TEST(n == 1, "asked about '" << k << "' " << n << " times");
  auto expected = std::erase_if(oracle, [](const auto& e) { return e.second % 2 == 0; });
  BOOST_TEST(expected > 1000u); // short keys repeat, so fewer than 5000 entries
  BOOST_TEST(removed == expected);
  BOOST_TEST((entries_of(m) == oracle));
}

BOOST_AUTO_TEST_CASE(keys_longer_than_the_inline_bytes_are_stored_whole) {
  flat_bytes_map<long> m;
  std::string base(flat_bytes_map<long>::inline_key_bytes, 'x');
  auto at_limit = base;
  auto one_over = base + "y";
  auto long_key = std::string(1000, 'z');
  m.insert_or_assign(at_limit, 1);
  m.insert_or_assign(one_over, 2);
  m.insert_or_assign(long_key, 3);
  BOOST_TEST(*m.find(at_limit) == 1);
  BOOST_TEST(*m.find(one_over) == 2);
  BOOST_TEST(*m.find(long_key) == 3);
  BOOST_TEST(!m.contains(base + "z"));
  BOOST_TEST(!m.contains(std::string(999, 'z')));
  BOOST_TEST((entries_of(m) == std::map<std::string, long>{
                                 {at_limit, 1}, {one_over, 2}, {long_key, 3}}));
  BOOST_TEST(m.erase(one_over));
  BOOST_TEST(!m.contains(one_over));
  BOOST_TEST(*m.find(long_key) == 3);
}

BOOST_AUTO_TEST_CASE(keys_that_differ_only_in_the_last_byte_are_distinct) {
  for (std::size_t size : {1u, 3u, 4u, 7u, 8u, 15u, 16u, 17u, 40u}) {
    flat_bytes_map<long> m;
    std::string k(size, 'p');
    for (int last = 0; last < 256; ++last) {
      k.back() = static_cast<char>(last);
      m.insert_or_assign(k, last);
    }
    BOOST_TEST(m.size() == 256u, "key size " << size);
    for (int last = 0; last < 256; ++last) {
      k.back() = static_cast<char>(last);
      BOOST_REQUIRE(m.find(k) != nullptr);
      BOOST_TEST(*m.find(k) == last, "key size " << size);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_copy_is_independent_of_the_original) {
  flat_bytes_map<long> original;
  for (std::uint64_t i = 0; i < 100; ++i)
    original.insert_or_assign(key_of(i, i % 2 == 0 ? 10 : 30), static_cast<long>(i));
  auto before = entries_of(original);

  flat_bytes_map<long> copy{original};
  BOOST_TEST((entries_of(copy) == before));
  copy.insert_or_assign(key_of(0, 10), -1);
  copy.erase(key_of(1, 30));
  copy.insert_or_assign("only in the copy, and long enough not to fit", 7);
  BOOST_TEST((entries_of(original) == before));

  original.insert_or_assign(key_of(2, 10), -2);
  BOOST_TEST(*copy.find(key_of(2, 10)) == 2);

  flat_bytes_map<long> assigned;
  assigned.insert_or_assign("old", 1);
  assigned = copy;
  BOOST_TEST((entries_of(assigned) == entries_of(copy)));
  BOOST_TEST(!assigned.contains("old"));

  auto moved = std::move(assigned);
  BOOST_TEST((entries_of(moved) == entries_of(copy)));
  BOOST_TEST(assigned.empty()); // NOLINT(bugprone-use-after-move): moved-from is empty
}

BOOST_AUTO_TEST_CASE(values_with_their_own_storage_are_moved_and_destroyed) {
  // Run under ASan: growth, backward shifts and copies must neither leak nor double-free.
  flat_bytes_map<std::string> m;
  for (std::uint64_t i = 0; i < 2000; ++i)
    m.insert_or_assign(key_of(i, 5 + i % 30), std::string(50, static_cast<char>('a' + i % 26)));
  for (std::uint64_t i = 0; i < 2000; i += 2)
    m.erase(key_of(i, 5 + i % 30));
  auto copy = m;
  m.clear();
  BOOST_TEST(m.empty());
  BOOST_TEST(copy.size() == 1000u);
  BOOST_TEST(*copy.find(key_of(1, 6)) == std::string(50, 'b'));
}

BOOST_AUTO_TEST_SUITE_END()
