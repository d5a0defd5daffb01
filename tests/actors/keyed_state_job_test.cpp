// Keyed state reached from user functions, on both backends:
//
//   from_collection(words) ─► key_by(word) ─► process(count in value_state) ─► collect

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>

#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;

namespace {

std::vector<std::string> words() {
  std::vector<std::string> out;
  for (int i = 0; i < 3000; ++i)
    out.push_back("w" + std::to_string((i * 7919) % 97));
  return out;
}

class word_counter final : public keyed_process_function<std::string, std::string,
                                                          std::pair<std::string, long>> {
public:
  void open(const runtime_context& ctx) override {
    value_state_descriptor<long> d{"count"};
    d.enable_time_to_live({std::chrono::hours{24}}); // as in the README; never expires here
    count_ = &ctx.get_state(d);
  }
  void process_element(const std::string& word, keyed_context<std::string>& ctx,
                       collector<std::pair<std::string, long>>& out) override {
    auto n = count_->value().value_or(0) + 1;
    count_->update(n);
    out.collect({ctx.get_current_key(), n});
  }

private:
  value_state<long>* count_ = nullptr;
};

std::map<std::string, long> final_counts(const collected<std::pair<std::string, long>>& c) {
  std::map<std::string, long> out;
  for (const auto& [w, n] : c)
    out[w] = std::max(out[w], n);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(keyed_state_job_test)

BOOST_AUTO_TEST_CASE(a_keyed_process_function_counts_per_key_on_both_backends_at_any_parallelism) {
  std::map<std::string, long> expected;
  for (const auto& w : words())
    ++expected[w];
  for (auto backend : {state_backend_kind::heap, state_backend_kind::rocksdb})
    for (int p = 1; p <= 3; ++p) {
      test::temp_dir dir;
      environment env;
      env.set_parallelism(p).set_state_backend(backend).set_state_dir(dir.path().string());
      auto out = env.from_collection(words())
                   .key_by([](const std::string& w) { return w; })
                   .process(word_counter{})
                   .collect();
      auto result = env.execute();
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      BOOST_TEST(out.size() == 3000u);
      BOOST_TEST((final_counts(out) == expected));
      // RocksDB instances are removed when their tasks end.
      std::size_t left = 0;
      for (auto it = std::filesystem::recursive_directory_iterator(dir.path());
           it != std::filesystem::recursive_directory_iterator(); ++it)
        left += it->is_regular_file();
      BOOST_TEST(left == 0u);
    }
}

BOOST_AUTO_TEST_CASE(a_rich_map_on_a_keyed_stream_keeps_list_state_per_key) {
  struct history {
    list_state<int>* seen = nullptr;
    void open(const runtime_context& ctx) { seen = &ctx.get_state(list_state_descriptor<int>{"seen"}); }
    std::pair<int, int> operator()(const int& v) {
      seen->add(v);
      int n = 0;
      for (int x : seen->get())
        n += x;
      return {v % 3, n};
    }
  };
  environment env;
  env.set_parallelism(2);
  auto out = env.from_collection(std::vector<int>{1, 2, 3, 4, 5, 6})
               .key_by([](const int& v) { return v % 3; })
               .map(history{})
               .collect();
  BOOST_REQUIRE(env.execute().ok());
  std::map<int, int> last;
  for (auto [k, sum] : out)
    last[k] = std::max(last[k], sum);
  BOOST_TEST((last == std::map<int, int>{{0, 9}, {1, 5}, {2, 7}}));
}

BOOST_AUTO_TEST_CASE(keyed_state_outside_a_keyed_stream_fails_the_job_with_a_clear_error) {
  struct stateful {
    void open(const runtime_context& ctx) { ctx.get_state(value_state_descriptor<int>{"x"}); }
    int operator()(const int& v) { return v; }
  };
  environment env;
  env.from_collection(std::vector<int>{1}).map(stateful{}).name("Unkeyed").print();
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().message().find("apply the function after key_by()") != std::string::npos);
  BOOST_TEST(result.err().message().find("'Unkeyed'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(declaring_one_state_name_with_two_types_fails_the_job) {
  struct confused {
    void open(const runtime_context& ctx) {
      ctx.get_state(value_state_descriptor<int>{"x"});
      ctx.get_state(value_state_descriptor<std::string>{"x"});
    }
    int operator()(const int& v) { return v; }
  };
  environment env;
  env.from_collection(std::vector<int>{1}).key_by([](const int& v) { return v; }).map(confused{}).print();
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().message().find("'x'") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
