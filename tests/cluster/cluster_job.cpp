// The job of the multi-process tests: the random pipeline of equivalence_test, run embedded or
// as any role of a cluster (weir::init reads the --weir-* flags), writing what it computed to
// --output so that runs can be compared byte for byte.
//
//   generate(n) ─► map ─[part]─► filter ─► flat_map ─┬─► collect            (sorted values)
//                                                    └[part]─► key_by ─► reduce (sum)
//                                                       ├─► collect (per key: total, count)
//                                                       └─► exactly-once file (--exactly-once)
//
// --slow-us makes the map sleep that long every 64 records, so that a test can kill a process
// mid-job; with --checkpoint-interval-ms the sums go through the exactly-once file sink and
// --output is made from its committed parts (what a restarted job committed exactly once).

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include <CLI/CLI.hpp>

#include "weir/weir.hpp"

namespace {

using value = std::int64_t;
using kv = std::pair<value, value>;

value mapped(value i) { return i * 7 + 3; }
bool kept(value x) { return x % 3 != 0; }
value key_of(value x) { return x % 17; }

weir::data_stream<value> partitioned(weir::data_stream<value> s, int kind) {
  switch (kind) {
    case 1: return s.rebalance();
    case 2: return s.rescale();
    case 3: return s.shuffle();
    default: return s;
  }
}

/// Sleeps `pause_us` every 64 records: a sink slower than the source, so that credit has to
/// hold the source back across processes.
class slow_sink final : public weir::sink_function<kv> {
public:
  explicit slow_sink(int pause_us) : pause_us_(pause_us) {}
  void invoke(const kv&) override {
    if (++n_ % 64 == 0)
      std::this_thread::sleep_for(std::chrono::microseconds{pause_us_});
  }

private:
  int pause_us_;
  std::uint64_t n_ = 0;
};

std::vector<std::string> committed_lines(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().filename().string().rfind("part-", 0) != 0)
      continue;
    std::ifstream in{e.path()};
    for (std::string line; std::getline(in, line);)
      out.push_back(line);
  }
  return out;
}

} // namespace

int main(int argc, char** argv) {
  if (auto err = weir::init(argc, argv)) {
    std::cerr << "weir-cluster-job: " << err->message() << '\n';
    return 2;
  }
  CLI::App app{"The random pipeline of the multi-process tests"};
  std::string output;
  std::uint64_t events = 20000;
  std::uint64_t seed = 1;
  int parallelism = 2;
  std::string backend = "heap";
  std::int64_t checkpoint_interval_ms = 0;
  std::string checkpoint_dir;
  int slow_us = 0;
  int slow_sink_us = 0;
  app.add_option("--output", output, "Where the results go")->required();
  app.add_option("--events", events, "Records the source generates");
  app.add_option("--seed", seed, "Seed of the partitioners and parallelism of the operators");
  app.add_option("--parallelism", parallelism, "Highest parallelism of an operator");
  app.add_option("--state-backend", backend, "heap or rocksdb");
  app.add_option("--checkpoint-interval-ms", checkpoint_interval_ms, "0 = no checkpoints");
  app.add_option("--checkpoint-dir", checkpoint_dir, "Where checkpoints go");
  app.add_option("--slow-us", slow_us, "The map sleeps this long every 64 records");
  app.add_option("--slow-sink-us", slow_sink_us,
                 "A sink of the sums sleeps this long every 64 records (backpressure)");
  CLI11_PARSE(app, argc, argv);

  std::mt19937 rng{static_cast<std::uint32_t>(seed)};
  auto p = [&] { return std::uniform_int_distribution<int>(1, parallelism)(rng); };
  auto part = [&] { return std::uniform_int_distribution<int>(0, 3)(rng); };

  weir::environment env;
  const bool worker = env.config().cluster.role == weir::cluster_role::worker;
  const bool exactly_once = checkpoint_interval_ms > 0;
  auto parts_dir = std::filesystem::path{output + ".parts"};
  if (!worker) {
    std::filesystem::remove(output);
    std::filesystem::remove_all(parts_dir);
  }
  env.set_parallelism(p()).set_batch_size(256).set_buffer_timeout(std::chrono::milliseconds{5});
  env.set_state_backend(backend == "rocksdb" ? weir::state_backend_kind::rocksdb
                                             : weir::state_backend_kind::heap);
  if (exactly_once) {
    env.enable_checkpointing(std::chrono::milliseconds{checkpoint_interval_ms});
    env.checkpoint_config().directory = checkpoint_dir;
    env.set_restart_strategy(weir::restart_strategy::fixed_delay(5, std::chrono::milliseconds{200}));
  }
  auto src = env.generate(events, [](std::uint64_t i) { return static_cast<value>(i); });
  auto m = src.map([slow_us, n = std::uint64_t{0}](const value& i) mutable {
    if (slow_us > 0 && ++n % 64 == 0)
      std::this_thread::sleep_for(std::chrono::microseconds{slow_us});
    return mapped(i);
  });
  m.set_parallelism(p()).uid("map");
  auto f = partitioned(m, part()).filter([](const value& x) { return kept(x); });
  f.set_parallelism(p());
  auto fm = f.flat_map([](const value& x, weir::collector<value>& out) {
    out.collect(x);
    if (x % 5 == 0)
      out.collect(x + 1);
  });
  fm.set_parallelism(p());
  auto all = fm.collect();
  auto sums = partitioned(fm, part())
                .map([](const value& x) { return kv{key_of(x), x}; })
                .key_by([](const kv& r) { return r.first; })
                .reduce([](const kv& a, const kv& b) { return kv{a.first, a.second + b.second}; });
  sums.set_parallelism(p()).uid("sums");
  auto rolling = sums.collect();
  if (exactly_once)
    sums.map([](const kv& s) { return std::to_string(s.first) + "," + std::to_string(s.second); })
      .sink_to_exactly_once_file(parts_dir.string());

  if (slow_sink_us > 0)
    sums.add_sink(slow_sink{slow_sink_us}, "Slow Sink").set_parallelism(1);

  auto result = env.execute("Cluster Test Job");
  if (!result) {
    std::cerr << "weir-cluster-job: " << result.err().to_string() << '\n';
    return 1;
  }
  if (worker)
    return 0;
  for (const auto& r : result.restarts())
    std::cerr << "weir-cluster-job: restarted after: " << r.cause.message() << '\n';

  // Per key the largest rolling sum is the total (values are positive), one per record.
  std::map<value, std::pair<value, std::size_t>> totals;
  if (exactly_once) {
    for (const auto& line : committed_lines(parts_dir)) {
      auto comma = line.find(',');
      auto& [sum, n] = totals[std::stoll(line.substr(0, comma))];
      sum = std::max(sum, static_cast<value>(std::stoll(line.substr(comma + 1))));
      ++n;
    }
  } else {
    for (auto [k, s] : rolling) {
      auto& [sum, n] = totals[k];
      sum = std::max(sum, s);
      ++n;
    }
  }
  std::ofstream out{output};
  for (const auto& [k, t] : totals)
    out << "sum " << k << ' ' << t.first << ' ' << t.second << '\n';
  if (!exactly_once) {
    auto values = all.values();
    std::sort(values.begin(), values.end());
    for (auto v : values)
      out << "value " << v << '\n';
  }
  return out ? 0 : 1;
}
