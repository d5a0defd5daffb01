// Keyed state far larger than memory, on RocksDB (label: slow):
//
//   generate(n) ─► key_by(i % keys) ─► process(value_state<string> of 1 KiB per key) ─► sink
//
// Every key is written on its first visit and checked on its second, so the state is really
// stored and read back; the process's peak RSS must stay far below the state's size.

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <fstream>

#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;

namespace {

std::string payload_of(std::int64_t key) {
  // 1 KiB that compresses poorly, derived from the key
  std::string s(1024, '\0');
  std::uint64_t x = static_cast<std::uint64_t>(key) * 0x9e3779b97f4a7c15ULL + 1;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x);
  }
  return s;
}

long peak_rss_mb() {
  std::ifstream status{"/proc/self/status"};
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0)
      return std::stol(line.substr(6)) / 1024;
  return -1;
}

class store_then_check final
  : public keyed_process_function<std::int64_t, std::int64_t, std::int64_t> {
public:
  void open(const runtime_context& ctx) override {
    blob_ = &ctx.get_state(value_state_descriptor<std::string>{"blob"});
  }
  void process_element(const std::int64_t& key, keyed_context<std::int64_t>&,
                       collector<std::int64_t>& out) override {
    auto stored = blob_->value();
    if (!stored) {
      blob_->update(payload_of(key));
    } else if (*stored != payload_of(key)) {
      out.collect(key); // a mismatch
    }
  }

private:
  value_state<std::string>* blob_ = nullptr;
};

struct mismatch_sink final : sink_function<std::int64_t> {
  std::shared_ptr<std::atomic<long>> count;
  explicit mismatch_sink(std::shared_ptr<std::atomic<long>> c) : count(std::move(c)) {}
  void invoke(const std::int64_t&) override { ++*count; }
};

} // namespace

BOOST_AUTO_TEST_SUITE(large_state_test)

BOOST_AUTO_TEST_CASE(gigabytes_of_rocksdb_state_run_in_bounded_memory) {
  const std::int64_t keys = 2'500'000; // 2.5 GiB of values
  test::temp_dir dir;
  auto mismatches = std::make_shared<std::atomic<long>>(0);
  environment env;
  env.set_parallelism(2)
    .set_state_backend(state_backend_kind::rocksdb)
    .set_state_dir(dir.path().string());
  env.generate(static_cast<std::uint64_t>(2 * keys),
               [keys](std::uint64_t i) { return static_cast<std::int64_t>(i) % keys; })
    .key_by([](const std::int64_t& k) { return k; })
    .process(store_then_check{})
    .name("Store")
    .add_sink(mismatch_sink{mismatches});
  auto result = env.execute("large state");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(result.records_in("Store") == static_cast<std::uint64_t>(2 * keys));
  BOOST_TEST(mismatches->load() == 0);
  auto rss = peak_rss_mb();
  BOOST_TEST_MESSAGE("peak RSS " << rss << " MiB for " << keys / 1024 << " MiB of state");
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's shadow memory and quarantine alone exceed the bound; the figure is for
  // a normal build.
  BOOST_TEST_MESSAGE("peak RSS bound not checked under AddressSanitizer");
#else
  BOOST_TEST(rss < 1024);
#endif
}

BOOST_AUTO_TEST_SUITE_END()
