// Oracle: random pipelines at random parallelism, batch size, buffer timeout and credit window
// produce the same results as the same computation written as a plain loop.
//
//   generate(n) ─► map ─[part]─► filter ─► flat_map ─┬─► collect            (multiset)
//                                                    └[part]─► key_by ─► sum ─► collect
//                                                              (per key: final sum, emissions)

#include <boost/test/unit_test.hpp>

#include <map>
#include <random>

#include "weir/weir.hpp"

using namespace weir;

namespace {

using value = std::int64_t;

struct trial {
  std::uint64_t events;
  std::size_t batch;
  int timeout_ms;
  std::uint32_t credits;
  int parallelism[5];
  int partition[2]; // 0 default, 1 rebalance, 2 rescale, 3 shuffle

  std::string describe() const {
    return "events=" + std::to_string(events) + " batch=" + std::to_string(batch) + " timeout="
           + std::to_string(timeout_ms) + " credits=" + std::to_string(credits) + " p=["
           + std::to_string(parallelism[0]) + "," + std::to_string(parallelism[1]) + ","
           + std::to_string(parallelism[2]) + "," + std::to_string(parallelism[3]) + ","
           + std::to_string(parallelism[4]) + "] part=[" + std::to_string(partition[0]) + ","
           + std::to_string(partition[1]) + "]";
  }
};

trial random_trial(std::mt19937& rng) {
  auto pick = [&](auto... xs) {
    std::vector<std::common_type_t<decltype(xs)...>> v{xs...};
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
  };
  trial t{};
  t.events = std::uniform_int_distribution<std::uint64_t>(0, 5000)(rng);
  t.batch = pick(std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{64}, std::size_t{1024});
  t.timeout_ms = pick(0, 1, 5, 100);
  t.credits = pick(1u, 2u, 3u, 8u);
  for (int& p : t.parallelism)
    p = std::uniform_int_distribution<int>(1, 4)(rng);
  for (int& p : t.partition)
    p = std::uniform_int_distribution<int>(0, 3)(rng);
  return t;
}

data_stream<value> partitioned(data_stream<value> s, int kind) {
  switch (kind) {
    case 1: return s.rebalance();
    case 2: return s.rescale();
    case 3: return s.shuffle();
    default: return s;
  }
}

value mapped(value i) { return i * 7 + 3; }
bool kept(value x) { return x % 3 != 0; }
value key_of(value x) { return x % 17; }

} // namespace

BOOST_AUTO_TEST_SUITE(equivalence_test)

BOOST_AUTO_TEST_CASE(random_pipelines_match_the_plain_loop) {
  std::mt19937 rng{20261126};
  for (int round = 0; round < 30; ++round) {
    auto t = random_trial(rng);
    BOOST_TEST_CONTEXT(t.describe()) {
      // The plain loop.
      std::vector<value> expected;
      std::map<value, std::pair<value, std::size_t>> expected_sums; // key -> (sum, emissions)
      for (std::uint64_t i = 0; i < t.events; ++i) {
        auto x = mapped(static_cast<value>(i));
        if (!kept(x))
          continue;
        for (auto y : {x, x + 1}) {
          if (y == x + 1 && x % 5 != 0)
            continue;
          expected.push_back(y);
          auto& [sum, n] = expected_sums[key_of(y)];
          sum += y;
          ++n;
        }
      }

      environment env;
      env.set_batch_size(t.batch)
        .set_buffer_timeout(std::chrono::milliseconds{t.timeout_ms})
        .set_credits_per_channel(t.credits)
        .set_parallelism(t.parallelism[0]);
      auto src = env.generate(t.events, [](std::uint64_t i) { return static_cast<value>(i); });
      auto m = src.map([](const value& i) { return mapped(i); });
      m.set_parallelism(t.parallelism[1]);
      auto f = partitioned(m, t.partition[0]).filter([](const value& x) { return kept(x); });
      f.set_parallelism(t.parallelism[2]);
      auto fm = f.flat_map([](const value& x, collector<value>& out) {
        out.collect(x);
        if (x % 5 == 0)
          out.collect(x + 1);
      });
      fm.set_parallelism(t.parallelism[3]);
      auto all = fm.collect();
      using kv = std::pair<value, value>;
      auto sums = partitioned(fm, t.partition[1])
                    .map([](const value& x) { return kv{key_of(x), x}; })
                    .key_by([](const kv& r) { return r.first; })
                    .reduce([](const kv& a, const kv& b) { return kv{a.first, a.second + b.second}; });
      sums.set_parallelism(t.parallelism[4]);
      auto rolling = sums.collect();

      auto result = env.execute();
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      auto got = all.values();
      std::sort(got.begin(), got.end());
      std::sort(expected.begin(), expected.end());
      BOOST_TEST(got == expected);

      // Rolling sums arrive in any interleaving, but per key the largest is the total
      // (values are positive) and there is one per record.
      std::map<value, std::pair<value, std::size_t>> got_sums;
      for (auto [k, s] : rolling) {
        auto& [sum, n] = got_sums[k];
        sum = std::max(sum, s);
        ++n;
      }
      BOOST_TEST((got_sums == expected_sums));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
