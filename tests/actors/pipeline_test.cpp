// End-to-end jobs on the embedded mini cluster (real scheduler threads).

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;

namespace {

template <class T>
std::vector<T> sorted(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v;
}

template <class T>
std::vector<T> sorted(const collected<T>& c) {
  return sorted(c.values());
}

std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in{path};
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

/// Captures what the process writes to stdout while alive.
class stdout_capture {
public:
  stdout_capture() {
    std::fflush(stdout);
    saved_ = dup(1);
    auto fd = ::open(file_.file("out").c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    dup2(fd, 1);
    ::close(fd);
  }
  std::vector<std::string> finish() {
    std::fflush(stdout);
    dup2(saved_, 1);
    ::close(saved_);
    return read_lines(file_.file("out"));
  }

private:
  test::temp_dir file_;
  int saved_ = -1;
};

} // namespace

BOOST_AUTO_TEST_SUITE(pipeline_test)

BOOST_AUTO_TEST_CASE(a_bounded_job_returns_its_records_and_per_operator_counts) {
  environment env;
  env.set_parallelism(3);
  auto out = env.generate(1000, [](std::uint64_t i) { return int(i); })
               .filter([](const int& x) { return x % 2 == 0; })
               .name("Evens")
               .map([](const int& x) { return x * 10; })
               .collect();
  auto result = env.execute("counts");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(out.size() == 500u);
  BOOST_TEST(result.records_in("Evens") == 1000u);
  BOOST_TEST(result.records_out("Evens") == 500u);
  BOOST_TEST(result.records_out("Generator Source") == 1000u);
  BOOST_TEST(result.job_name() == "counts");
  BOOST_TEST(result.net_runtime().count() > 0);
}

BOOST_AUTO_TEST_CASE(every_partitioner_delivers_every_record_once_except_broadcast) {
  std::vector<int> expected;
  for (int i = 0; i < 500; ++i)
    expected.push_back(i);
  for (int kind = 0; kind < 6; ++kind) {
    environment env;
    env.set_parallelism(2).set_batch_size(16);
    auto src = env.generate(500, [](std::uint64_t i) { return int(i); });
    data_stream<int> parted = src;
    switch (kind) {
      case 0: parted = src.rebalance(); break;
      case 1: parted = src.rescale(); break;
      case 2: parted = src.shuffle(); break;
      case 3: parted = src.forward(); break;
      case 4: parted = src.partition_custom([](const int& k, int n) { return k % n; },
                                            [](const int& x) { return x; }); break;
      case 5: parted = src.broadcast(); break;
    }
    auto out = parted.map([](const int& x) { return x; }).set_parallelism(kind == 3 ? 2 : 3).collect();
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
    if (kind == 5) {
      BOOST_TEST(out.size() == 1500u); // one copy per downstream instance
    } else {
      BOOST_TEST(sorted(out) == expected, "partitioner case " << kind);
    }
  }
}

BOOST_AUTO_TEST_CASE(key_by_routes_equal_keys_to_one_instance) {
  environment env;
  env.set_parallelism(4);
  auto out = env.generate(4000, [](std::uint64_t i) { return int(i % 40); })
               .key_by([](const int& k) { return k; })
               .process<std::pair<int, int>>([](const int& k, process_context& ctx,
                                                 collector<std::pair<int, int>>& o) {
                 o.collect({k, ctx.runtime().index_of_this_subtask()});
               })
               .collect();
  BOOST_REQUIRE(env.execute().ok());
  std::map<int, std::set<int>> instances;
  for (auto [k, i] : out)
    instances[k].insert(i);
  BOOST_TEST(instances.size() == 40u);
  for (auto& [k, s] : instances)
    BOOST_TEST(s.size() == 1u);
}

BOOST_AUTO_TEST_CASE(rolling_aggregations_follow_flinks_semantics) {
  using rec = std::tuple<std::string, int, int>; // key, value, id
  std::vector<rec> in{{"a", 3, 1}, {"a", 1, 2}, {"a", 5, 3}, {"b", 2, 4}, {"a", 1, 5}};
  environment env;
  auto keyed = env.from_collection(in).key_by([](const rec& r) { return std::get<0>(r); });
  auto sums = keyed.sum<1>().collect();
  auto mins = keyed.min<1>().collect();
  auto maxs = keyed.max<1>().collect();
  auto min_bys = keyed.min_by<1>().collect();
  auto max_bys = keyed.max_by<1>().collect();
  auto reduced = keyed.reduce([](const rec& a, const rec& b) {
                        return rec{std::get<0>(a), std::get<1>(a) * std::get<1>(b), std::get<2>(b)};
                      }).collect();
  BOOST_REQUIRE(env.execute().ok());
  auto last_a = [](const collected<rec>& c) {
    rec last;
    for (const auto& r : c)
      if (std::get<0>(r) == "a")
        last = r;
    return last;
  };
  BOOST_TEST(sums.size() == 5u);
  BOOST_TEST((last_a(sums) == rec{"a", 10, 1})); // other fields from the first record
  BOOST_TEST((last_a(mins) == rec{"a", 1, 1}));
  BOOST_TEST((last_a(maxs) == rec{"a", 5, 1}));
  BOOST_TEST((last_a(min_bys) == rec{"a", 1, 2})); // the first minimal record wins ties
  BOOST_TEST((last_a(max_bys) == rec{"a", 5, 3}));
  BOOST_TEST((last_a(reduced) == rec{"a", 15, 5}));
}

BOOST_AUTO_TEST_CASE(union_connect_and_side_outputs_compose) {
  environment env;
  env.set_parallelism(2);
  auto a = env.from_collection(std::vector<int>{1, 2, 3});
  auto b = env.from_collection(std::vector<int>{10, 20});
  auto words = env.from_collection(std::vector<std::string>{"x", "yy"});
  output_tag<std::string> odd_tag{"odd"};
  auto merged = a.union_with(b).process<int>(
    [odd_tag](const int& v, process_context& ctx, collector<int>& out) {
      if (v % 2 == 1)
        ctx.output(odd_tag, "odd " + std::to_string(v));
      else
        out.collect(v);
    });
  auto odds = merged.get_side_output(odd_tag).collect();
  auto co = merged.connect(words)
              .co_flat_map<std::string>(
                [](const int& v, collector<std::string>& out) { out.collect(std::to_string(v)); },
                [](const std::string& w, collector<std::string>& out) { out.collect(w); out.collect(w); })
              .collect();
  auto mapped = merged.connect(words)
                  .co_map([](const int& v) { return v; }, [](const std::string& w) { return int(w.size()); })
                  .collect();
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(sorted(odds) == (std::vector<std::string>{"odd 1", "odd 3"}));
  BOOST_TEST(sorted(co) == (std::vector<std::string>{"10", "2", "20", "x", "x", "yy", "yy"}));
  BOOST_TEST(sorted(mapped) == (std::vector<int>{1, 2, 2, 10, 20}));
}

BOOST_AUTO_TEST_CASE(reads_every_line_of_a_text_file_once_at_any_parallelism) {
  test::temp_dir dir;
  std::vector<std::string> lines;
  {
    std::ofstream f{dir.file("in.txt")};
    for (int i = 0; i < 997; ++i) {
      lines.push_back("line " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 13), 'x'));
      f << lines.back() << (i % 5 == 0 ? "\r\n" : "\n");
    }
    f << "last line without newline";
    lines.push_back("last line without newline");
  }
  for (int p = 1; p <= 4; ++p) {
    environment env;
    env.set_parallelism(p);
    auto out = env.read_text_file(dir.file("in.txt")).collect();
    BOOST_REQUIRE(env.execute().ok());
    BOOST_TEST(sorted(out) == sorted(lines), "parallelism " << p);
  }
}

BOOST_AUTO_TEST_CASE(file_sinks_write_one_file_or_a_directory_of_files) {
  test::temp_dir dir;
  environment env;
  auto src = env.from_collection(std::vector<std::pair<std::string, int>>{{"a", 1}, {"b", 2}});
  src.write_as_text(dir.file("single.txt"));
  src.write_as_csv(dir.file("single.csv"));
  src.rebalance().map([](const std::pair<std::string, int>& p) { return p; }).set_parallelism(2)
    .write_as_text(dir.file("parallel"))
    .set_parallelism(2);
  BOOST_REQUIRE(env.execute().ok());
  BOOST_TEST(read_lines(dir.file("single.txt")) == (std::vector<std::string>{"(a,1)", "(b,2)"}));
  BOOST_TEST(read_lines(dir.file("single.csv")) == (std::vector<std::string>{"a,1", "b,2"}));
  auto p1 = read_lines(dir.file("parallel/1"));
  auto p2 = read_lines(dir.file("parallel/2"));
  p1.insert(p1.end(), p2.begin(), p2.end());
  BOOST_TEST(sorted(p1) == (std::vector<std::string>{"(a,1)", "(b,2)"}));
}

BOOST_AUTO_TEST_CASE(print_prefixes_lines_with_the_subtask_when_parallel) {
  stdout_capture cap;
  {
    environment env;
    env.from_collection(std::vector<int>{7}).print();
    env.from_collection(std::vector<int>{8}).print("solo");
    env.from_collection(std::vector<int>{5, 6}).rebalance().print("dbg").set_parallelism(2);
    env.from_collection(std::vector<int>{1, 2, 3, 4}).rebalance().map([](const int& x) { return x; })
      .set_parallelism(2)
      .print()
      .set_parallelism(2);
    BOOST_REQUIRE(env.execute().ok());
  }
  auto lines = sorted(cap.finish());
  BOOST_TEST(lines == (std::vector<std::string>{"1> 1", "1> 3", "2> 2", "2> 4", "7", "dbg:1> 5",
                                                "dbg:2> 6", "solo> 8"}));
}

BOOST_AUTO_TEST_CASE(a_throwing_function_fails_the_job_with_operator_subtask_and_message) {
  environment env;
  env.set_parallelism(2);
  env.generate(100, [](std::uint64_t i) { return int(i); })
    .map([](const int& x) -> int {
      if (x == 77)
        throw std::invalid_argument("cannot parse record 77");
      return x;
    })
    .name("Parse")
    .print();
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST((result.err().code() == errc::user_function_failed));
  BOOST_TEST(result.err().message() == "operator 'Parse' (subtask 2/2) failed: cannot parse record 77");
}

BOOST_AUTO_TEST_CASE(a_bad_configuration_fails_execute_before_anything_runs) {
  environment env;
  env.set_credits_per_channel(0);
  std::atomic<int> calls{0};
  env.generate(10, [&calls](std::uint64_t i) { ++calls; return i; }).print();
  auto result = env.execute();
  BOOST_TEST(!result.ok());
  BOOST_TEST((result.err().code() == errc::invalid_configuration));
  BOOST_TEST(calls.load() == 0);
}

namespace {
struct endless final : source_function<long> {
  long next = 0;
  std::shared_ptr<std::atomic<bool>> cancelled;
  explicit endless(std::shared_ptr<std::atomic<bool>> c) : cancelled(std::move(c)) {}
  source_status poll(collector<long>& out, std::size_t max) override {
    for (std::size_t i = 0; i < max; ++i)
      out.collect(next++);
    return source_status::more_available;
  }
  void cancel() override { *cancelled = true; }
};

struct counting_sink final : sink_function<long> {
  std::shared_ptr<std::atomic<long>> seen;
  explicit counting_sink(std::shared_ptr<std::atomic<long>> s) : seen(std::move(s)) {}
  void invoke(const long&) override { ++*seen; }
};
} // namespace

BOOST_AUTO_TEST_CASE(an_unbounded_job_runs_until_cancelled) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  auto seen = std::make_shared<std::atomic<long>>(0);
  environment env;
  env.add_source(endless{cancelled}).map([](const long& x) { return x; }).set_parallelism(2)
    .add_sink(counting_sink{seen});
  auto client = env.execute_async("endless");
  while (seen->load() < 10000)
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  client.cancel();
  auto result = client.wait();
  BOOST_TEST(!result.ok());
  BOOST_TEST((result.err().code() == errc::cancelled));
  // The source is told at the latest when the job's actors are gone.
  client = job_client::failed("x", error{});
  BOOST_TEST(cancelled->load());
}

BOOST_AUTO_TEST_SUITE_END()
