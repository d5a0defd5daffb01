// Word count, the "hello world" of stream processing (Flink's WordCount example):
//
//   read_text_file ─► flat_map(split) ─► key_by(word) ─► process(count) ─► collect / CSV file
//
// The count of each word lives in keyed state (value_state<long>), on the heap or in RocksDB
// (--state-backend). Every occurrence emits the word's new count; the last one is final.

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "cli/bounded_integer.hpp"
#include "weir/weir.hpp"

namespace {

using word_count = std::pair<std::string, long>;

/// Counts occurrences per word in keyed state.
class counter final : public weir::keyed_process_function<std::string, word_count, word_count> {
public:
  void open(const weir::runtime_context& ctx) override {
    count_ = &ctx.get_state(weir::value_state_descriptor<long>{"count"});
  }
  void process_element(const word_count& in, weir::keyed_context<std::string>&,
                       weir::collector<word_count>& out) override {
    auto n = count_->value().value_or(0) + in.second;
    count_->update(n);
    out.collect({in.first, n});
  }

private:
  weir::value_state<long>* count_ = nullptr;
};

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Counts the words of a text file with a Weir job on the embedded mini cluster"};
  std::string input;
  std::string output;
  int parallelism = 2;
  std::size_t top = 10;
  std::size_t batch_size = 1024;
  std::string backend = "heap";
  std::string state_dir;
  app.add_option("--input", input, "Text file to count the words of")->required();
  app.add_option("--output", output,
                 "Also write every rolling (word,count) as CSV here (replacing what is there)");
  weir::cli::add_bounded_option(app, "--parallelism", parallelism, 1,
                                weir::configuration::parallelism_limit,
                                "Parallel instances per operator");
  weir::cli::add_bounded_option(app, "--top", top, 0, 1'000'000,
                                "How many of the most frequent words to print");
  weir::cli::add_bounded_option(app, "--batch-size", batch_size, 1,
                                weir::configuration::batch_size_limit,
                                "Records per batch between tasks");
  app.add_option("--state-backend", backend, "Where the counts live: heap or rocksdb")
    ->check(CLI::IsMember({"heap", "rocksdb"}));
  app.add_option("--state-dir", state_dir, "Parent directory of the RocksDB instances");
  CLI11_PARSE(app, argc, argv);

  weir::environment env;
  env.set_parallelism(parallelism).set_batch_size(batch_size).set_state_dir(state_dir);
  env.set_state_backend(backend == "rocksdb" ? weir::state_backend_kind::rocksdb
                                             : weir::state_backend_kind::heap);

  auto counts =
    env.read_text_file(input)
      .flat_map([](const std::string& line, weir::collector<word_count>& out) {
        std::string word;
        for (char c : line + ' ') {
          if (std::isalpha(static_cast<unsigned char>(c)) || c == '\'') {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          } else if (!word.empty()) {
            out.collect({word, 1L});
            word.clear();
          }
        }
      })
      .name("Tokenizer")
      .key_by([](const word_count& p) { return p.first; })
      .process(counter{});
  counts.name("Count");
  auto rolling = counts.collect();
  if (!output.empty())
    counts.write_as_csv(output, weir::write_mode::overwrite);

  auto result = env.execute("Word Count");
  if (!result) {
    std::cerr << "word-count: " << result.err().message() << '\n';
    return 1;
  }

  // The rolling counts grow by one per occurrence: the largest per word is its total.
  std::map<std::string, long> totals;
  for (const auto& [word, n] : rolling)
    totals[word] = std::max(totals[word], n);
  std::vector<std::pair<std::string, long>> ranked(totals.begin(), totals.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::cout << "Top " << std::min(top, ranked.size()) << " of " << ranked.size()
            << " distinct words:\n";
  for (std::size_t i = 0; i < top && i < ranked.size(); ++i)
    std::cout << "  " << ranked[i].first << ' ' << ranked[i].second << '\n';
  std::cout << "Tokenizer emitted " << result.records_out("Tokenizer") << " words in "
            << std::chrono::duration<double, std::milli>(result.net_runtime()).count() << " ms\n";
  return 0;
}
