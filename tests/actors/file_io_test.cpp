// Files as users expect (issue 10, point 5): CSV that reads back under RFC 4180 whatever the
// fields hold, output that is never replaced unless asked, CRLF input read like LF input at
// any parallelism, and sinks that leave no torn line under a file's final name when the
// process is killed with SIGKILL.
//
//   from_collection ─► rebalance ─► write_as_csv / write_as_text   (parallelism 1..3)
//   read_text_file (parallelism 1..4) ─► collect

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;
namespace fs = std::filesystem;

namespace {

using row = std::vector<std::string>;

/// An RFC 4180 reader written from the RFC, independent of the sink: fields separated by
/// `delim`, records by CRLF or LF; a field in double quotes may hold anything, its quotes
/// doubled. Returns nullopt for text that is not well-formed CSV.
std::optional<std::vector<row>> parse_rfc4180(std::string_view text, char delim) {
  std::vector<row> records;
  row record;
  std::size_t i = 0;
  while (i < text.size()) {
    std::string field;
    if (text[i] == '"') {
      for (++i;; ++i) {
        if (i >= text.size())
          return std::nullopt; // unterminated quoted field
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        field += text[i];
      }
    } else {
      while (i < text.size() && text[i] != delim && text[i] != '\r' && text[i] != '\n') {
        if (text[i] == '"')
          return std::nullopt; // a quote inside an unquoted field
        field += text[i++];
      }
    }
    record.push_back(std::move(field));
    if (i == text.size()) { // last record without a line break
      records.push_back(std::move(record));
      return records;
    }
    if (text[i] == delim) {
      ++i;
      if (i == text.size()) {
        record.emplace_back();
        records.push_back(std::move(record));
        return records;
      }
      continue;
    }
    if (text[i] == '\r') {
      if (i + 1 >= text.size() || text[i + 1] != '\n')
        return std::nullopt; // a bare CR outside quotes
      ++i;
    }
    if (text[i] != '\n')
      return std::nullopt; // text after a closing quote
    ++i;
    records.push_back(std::move(record));
    record.clear();
  }
  return records;
}

std::string slurp(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out{p, std::ios::binary};
  out << text;
}

/// The text of a sink's output: the file at `path`, or the numbered files in the directory.
std::string output_of(const fs::path& path) {
  if (!fs::is_directory(path))
    return slurp(path);
  std::string all;
  for (int i = 1; fs::exists(path / std::to_string(i)); ++i)
    all += slurp(path / std::to_string(i));
  return all;
}

template <class T>
std::vector<T> sorted(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v;
}

using record = std::tuple<std::string, int, std::string>;

std::vector<record> hostile_records() {
  const std::vector<std::string> fields{
    "plain", "a,b", "semi;colon", "say \"hi\"", "\"", "\"\"", "cr\rinside", "lf\ninside",
    "crlf\r\nboth", "", " spaced ", ",", "\n", "\r", "trailing,", "\",\"", "tab\there"};
  std::vector<record> out;
  int n = 0;
  for (const auto& a : fields)
    for (const auto& b : {std::string{"x"}, std::string{""}, std::string{"\"q\",\r\n"}})
      out.emplace_back(a, n++, b);
  return out;
}

row as_row(const record& r) {
  return {std::get<0>(r), std::to_string(std::get<1>(r)), std::get<2>(r)};
}

/// The error of a job that must fail before running.
error failure_of(environment& env) {
  auto result = env.execute();
  BOOST_REQUIRE(!result.ok());
  return result.err();
}

bool mentions(const error& e, const std::string& text) {
  BOOST_TEST_INFO("message: " << e.message());
  return e.message().find(text) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(file_io_test)

BOOST_AUTO_TEST_CASE(csv_fields_with_delimiters_quotes_and_line_breaks_read_back_under_rfc_4180) {
  auto records = hostile_records();
  std::vector<row> expected;
  for (const auto& r : records)
    expected.push_back(as_row(r));
  for (char delim : {',', ';'}) {
    for (int p = 1; p <= 3; ++p) {
      test::temp_dir dir;
      auto path = dir.file("out.csv");
      environment env;
      env.set_parallelism(p);
      env.from_collection(records).rebalance().write_as_csv(path, delim);
      auto result = env.execute();
      BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
      auto parsed = parse_rfc4180(output_of(path), delim);
      BOOST_REQUIRE_MESSAGE(parsed, "not RFC 4180 at parallelism " << p);
      BOOST_TEST(sorted(*parsed) == sorted(expected),
                 "delimiter '" << delim << "', parallelism " << p);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_csv_record_of_one_empty_field_is_a_quoted_empty_line) {
  test::temp_dir dir;
  environment env;
  env.from_elements<std::string>({"", "a\"b", "x"}).write_as_csv(dir.file("out.csv"));
  BOOST_REQUIRE(env.execute().ok());
  BOOST_TEST(slurp(dir.file("out.csv")) == "\"\"\n\"a\"\"b\"\nx\n");
  auto parsed = parse_rfc4180(slurp(dir.file("out.csv")), ',');
  BOOST_REQUIRE(parsed);
  BOOST_TEST((*parsed == std::vector<row>{{""}, {"a\"b"}, {"x"}}));
}

BOOST_AUTO_TEST_CASE(a_quote_or_line_break_as_csv_delimiter_is_refused_before_running) {
  for (char bad : {'"', '\n', '\r'}) {
    test::temp_dir dir;
    environment env;
    env.from_elements({1, 2}).write_as_csv(dir.file("out.csv"), bad);
    auto err = failure_of(env);
    BOOST_TEST((err.code() == errc::invalid_configuration));
    BOOST_TEST(mentions(err, "delimiter"));
    BOOST_TEST(!fs::exists(dir.file("out.csv")));
  }
}

BOOST_AUTO_TEST_CASE(existing_output_is_not_overwritten_by_default_and_nothing_runs) {
  test::temp_dir dir;
  auto file = dir.file("out.txt");
  spit(file, "precious\n");
  environment env;
  auto ran = std::make_shared<std::atomic<int>>(0);
  env.from_elements({1, 2, 3}).map([ran](const int& x) { ++*ran; return x; }).write_as_text(file);
  auto err = failure_of(env);
  BOOST_TEST((err.code() == errc::io_error));
  BOOST_TEST(mentions(err, file));
  BOOST_TEST(mentions(err, "pass weir::write_mode::overwrite"));
  BOOST_TEST(slurp(file) == "precious\n");
  BOOST_TEST(ran->load() == 0);

  // A parallel sink's directory with files in it is existing output too.
  auto out_dir = dir.file("parts");
  fs::create_directories(out_dir);
  spit(out_dir + "/1", "old\n");
  environment env2;
  env2.set_parallelism(2);
  env2.from_elements({1, 2, 3}).rebalance().write_as_csv(out_dir);
  auto err2 = failure_of(env2);
  BOOST_TEST((err2.code() == errc::io_error));
  BOOST_TEST(mentions(err2, "not empty"));
  BOOST_TEST(mentions(err2, "weir::write_mode::overwrite"));
  BOOST_TEST(slurp(out_dir + "/1") == "old\n");
}

BOOST_AUTO_TEST_CASE(an_empty_directory_receives_the_files_of_a_parallel_sink) {
  test::temp_dir dir;
  auto out_dir = dir.file("parts");
  fs::create_directories(out_dir);
  environment env;
  env.set_parallelism(2);
  env.from_elements({1, 2, 3, 4}).rebalance().write_as_text(out_dir);
  auto result = env.execute();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(fs::exists(out_dir + "/1"));
  BOOST_TEST(fs::exists(out_dir + "/2"));
  BOOST_TEST(!fs::exists(out_dir + "/1.inprogress"));
  BOOST_TEST(sorted(parse_rfc4180(output_of(out_dir), ',').value())
             == (std::vector<row>{{"1"}, {"2"}, {"3"}, {"4"}}));
}

BOOST_AUTO_TEST_CASE(overwrite_replaces_a_file_or_a_parallel_sinks_directory_at_any_parallelism) {
  test::temp_dir dir;
  auto path = dir.file("out");
  auto run = [&](int p, int first) {
    environment env;
    env.set_parallelism(p);
    std::vector<int> values;
    for (int i = first; i < first + 6; ++i)
      values.push_back(i);
    env.from_collection(values).rebalance().write_as_text(path, write_mode::overwrite);
    auto result = env.execute();
    BOOST_REQUIRE_MESSAGE(result.ok(), "parallelism " << p << ": " << result.err().to_string());
    auto lines = parse_rfc4180(output_of(path), ',').value();
    std::vector<row> expected;
    for (int v : values)
      expected.push_back({std::to_string(v)});
    BOOST_TEST(sorted(lines) == sorted(expected), "parallelism " << p);
  };
  spit(path, "old output\n");
  run(1, 0);  // file → file
  run(3, 10); // file → directory of 1..3
  BOOST_TEST(fs::is_directory(path));
  run(2, 20); // directory of 3 → directory of 2: file 3 is gone
  BOOST_TEST(!fs::exists(path + "/3"));
  run(1, 30); // directory → file
  BOOST_TEST(fs::is_regular_file(path));
}

BOOST_AUTO_TEST_CASE(overwrite_never_deletes_a_directory_of_other_files) {
  test::temp_dir dir;
  auto path = dir.file("home");
  fs::create_directories(path);
  spit(path + "/notes.txt", "mine\n");
  environment env;
  env.set_parallelism(2);
  env.from_elements({1, 2}).rebalance().write_as_text(path, write_mode::overwrite);
  auto err = failure_of(env);
  BOOST_TEST((err.code() == errc::io_error));
  BOOST_TEST(mentions(err, path));
  BOOST_TEST(mentions(err, "remove the directory yourself or choose another path"));
  BOOST_TEST(slurp(path + "/notes.txt") == "mine\n");
}

// Split boundaries of 1..4 instances land on every byte of a CRLF pair as the prefix grows.
BOOST_AUTO_TEST_CASE(crlf_input_gives_the_lines_of_lf_input_at_every_parallelism) {
  std::vector<std::string> lines; // blank lines inside; the last one is not blank
  for (int i = 0; i < 61; ++i)
    lines.push_back(i % 7 == 3 ? std::string{} : "line " + std::to_string(i)
                                                   + std::string(static_cast<std::size_t>(i % 5), 'x'));
  for (std::size_t prefix = 0; prefix < 8; ++prefix) {
    for (int ending = 0; ending < 3; ++ending) { // final line: CRLF, CR at EOF, nothing
      auto all = lines;
      all.insert(all.begin(), std::string(prefix, 'p'));
      std::string lf, crlf;
      for (std::size_t i = 0; i < all.size(); ++i) {
        bool last = i + 1 == all.size();
        lf += all[i] + (last && ending != 0 ? "" : "\n");
        crlf += all[i] + (last && ending == 2 ? "" : last && ending == 1 ? "\r" : "\r\n");
      }
      test::temp_dir dir;
      spit(dir.file("lf.txt"), lf);
      spit(dir.file("crlf.txt"), crlf);
      for (int p = 1; p <= 4; ++p) {
        environment env;
        env.set_parallelism(p);
        auto from_lf = env.read_text_file(dir.file("lf.txt")).collect();
        auto from_crlf = env.read_text_file(dir.file("crlf.txt")).collect();
        auto result = env.execute();
        BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
        BOOST_TEST(sorted(from_crlf.values()) == sorted(all),
                   "prefix " << prefix << ", ending " << ending << ", parallelism " << p);
        BOOST_TEST(sorted(from_lf.values()) == sorted(all),
                   "prefix " << prefix << ", ending " << ending << ", parallelism " << p);
      }
    }
  }
}

namespace {

/// Line i of the kill test: its number, a length, that many letters, and an end mark, so a
/// line can be recognised as whole. Some lines are longer than a page.
std::string kill_test_line(long i) {
  auto len = static_cast<std::size_t>((i * 7919) % 9000);
  return std::to_string(i) + " " + std::to_string(len) + " "
         + std::string(len, static_cast<char>('a' + i % 26)) + " end";
}

struct endless_lines final : source_function<std::string> {
  long next = 0;
  source_status poll(collector<std::string>& out, std::size_t max) override {
    for (std::size_t i = 0; i < max; ++i)
      out.collect(kill_test_line(next++));
    return source_status::more_available;
  }
};

} // namespace

// A child process runs an endless job into a text sink and is killed with SIGKILL while it
// writes. Under the file's final name there is never anything; the .inprogress file holds the
// lines in order, each whole, except that an unterminated tail may be left if the kernel cut
// the write the kill interrupted.
BOOST_AUTO_TEST_CASE(a_sink_killed_mid_write_leaves_no_torn_line_under_the_final_name) {
  std::mt19937 rng{2024};
  for (int round = 0; round < 3; ++round) {
    test::temp_dir dir;
    auto path = dir.file("out.txt");
    auto in_progress = path + ".inprogress";
    pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
      environment env;
      env.add_source(endless_lines{}).write_as_text(path);
      (void) env.execute();
      ::_exit(3); // an endless job never ends
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    std::error_code ec;
    std::uintmax_t target = 2'000'000 + std::uniform_int_distribution<std::uintmax_t>(0, 4'000'000)(rng);
    while (std::chrono::steady_clock::now() < deadline
           && (!fs::exists(in_progress, ec) || fs::file_size(in_progress, ec) < target))
      std::this_thread::sleep_for(std::chrono::microseconds{200});
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    BOOST_REQUIRE(WIFSIGNALED(status));
    BOOST_TEST(!fs::exists(path), "round " << round);
    auto text = slurp(in_progress);
    BOOST_REQUIRE_MESSAGE(text.size() >= 2'000'000u, "the child wrote " << text.size() << " bytes");
    std::size_t begin = 0;
    long i = 0;
    for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', begin), ++i) {
      BOOST_REQUIRE_MESSAGE(text.compare(begin, end - begin, kill_test_line(i)) == 0,
                            "line " << i << " is not whole in round " << round);
      begin = end + 1;
    }
    auto tail = std::string_view{text}.substr(begin);
    BOOST_TEST(kill_test_line(i).starts_with(tail), "round " << round);
  }
}

BOOST_AUTO_TEST_SUITE_END()
