// The average_sensor_readings example, run as a program, against a plain loop over the same CSV:
//
//   CSV file ─► average-sensor-readings --parallelism 1..4 --state-backend heap|rocksdb
//                 (read + parse at p 1 ─► watermarks ─► key_by ─► 1 s windows, p N)
//                 ─► --output, --late-records, --bad-records, stderr
//   CSV lines ─► oracle (below): per sensor and 1 s window, the average °C of the readings
//                 that are not late ─► the same three files, written from Flink's semantics
//
// Lateness is Flink's with per-record watermarks in file order (the example reads and parses at
// parallelism 1 and its punctuated watermark follows the record that raised it): the
// watermark a reading meets is max timestamp − bound − 1 ms over the readings before it in the
// file, and the reading is late when its window's last millisecond (end − 1) is at or before
// that watermark (Flink's WindowOperator: a window is late when its max timestamp + allowed
// lateness (0) <= the watermark). That depends on neither --parallelism, nor the backend, nor
// --batch-size, so the random inputs may hold late readings too.

#include <boost/test/unit_test.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <csignal>
#include <filesystem>
#include <thread>
#include <tuple>
#include <sys/wait.h>
#include <utility>
#include <vector>

#include "weir/test/temp_dir.hpp"

namespace {

struct run_result {
  int status = -1;
  std::string out;
  std::string err;
};

std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream{path, std::ios::binary} << text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
  return q + "'";
}

/// Runs the example with `args`, capturing stdout and stderr in `dir`.
run_result run(const weir::test::temp_dir& dir, const std::vector<std::string>& args) {
  std::string cmd = quoted(WEIR_AVERAGE_SENSOR_READINGS_BIN);
  for (const auto& a : args)
    cmd += ' ' + quoted(a);
  cmd += " >" + quoted(dir.file("stdout")) + " 2>" + quoted(dir.file("stderr"));
  int raw = std::system(cmd.c_str());
  run_result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(dir.file("stdout"));
  r.err = read_file(dir.file("stderr"));
  return r;
}

std::string shortest(double v) {
  char buf[64];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

/// A line of a generated input: its text and, if well-formed, the reading it holds.
struct input_line {
  std::string text;
  std::optional<std::string> sensor;
  std::int64_t ts = 0;
  double f = 0;
};

input_line reading_line(std::string sensor, std::int64_t ts, double f) {
  return {sensor + ',' + std::to_string(ts) + ',' + shortest(f), sensor, ts, f};
}

std::string csv_of(const std::vector<input_line>& lines) {
  std::string s;
  for (const auto& l : lines)
    s += l.text + '\n';
  return s;
}

struct expected {
  std::vector<std::string> output;       // sorted by sensor, window end
  std::vector<std::string> late;         // file order
  std::vector<std::uint64_t> bad_lines;  // line numbers, file order
};

/// The plain loop: Flink's tumbling 1 s event-time windows, averaging (f − 32) · 5/9 in file
/// order, each reading meeting the watermark of the readings before it.
expected oracle(const std::vector<input_line>& lines, std::int64_t bound) {
  std::map<std::pair<std::string, std::int64_t>, std::pair<double, std::int64_t>> windows;
  expected e;
  std::optional<std::int64_t> watermark;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    if (!l.sensor) {
      e.bad_lines.push_back(i + 1);
      continue;
    }
    auto start = l.ts >= 0 ? l.ts / 1000 * 1000 : -((-l.ts + 999) / 1000) * 1000;
    auto end = start + 1000;
    if (watermark && end - 1 <= *watermark) {
      e.late.push_back(l.text);
    } else {
      auto& [sum, count] = windows[{*l.sensor, end}];
      sum += (l.f - 32) * (5.0 / 9.0);
      ++count;
    }
    watermark = std::max(watermark.value_or(INT64_MIN), l.ts - bound - 1);
  }
  for (const auto& [key, acc] : windows)
    e.output.push_back(key.first + ',' + std::to_string(key.second) + ','
                       + shortest(acc.first / static_cast<double>(acc.second)));
  return e;
}

/// `count` readings of `sensors` sensors around 2023-11-14, each at most `bound` ms older than
/// the largest timestamp before it, except a share `late_share` that lags by up to 3 s more;
/// about 1% malformed lines in between.
std::vector<input_line> random_input(std::mt19937_64& rng, int count, int sensors,
                                     std::int64_t bound, double late_share) {
  std::vector<input_line> lines;
  std::uniform_int_distribution<int> step(0, 15);
  std::uniform_int_distribution<std::int64_t> lag(0, bound);
  std::uniform_int_distribution<std::int64_t> extra(1, 3000);
  std::uniform_int_distribution<int> sensor(1, sensors);
  std::uniform_real_distribution<double> temp(-40, 120);
  std::bernoulli_distribution late(late_share);
  std::bernoulli_distribution malformed(0.01);
  const std::vector<std::string> bad = {"",          "sensor_1,1700000000000",
                                        "x,y,z",     "sensor_2,17e11,50",
                                        ",1,2",      "sensor_3,1700000000000,warm",
                                        "a,1,2,3",   "sensor_4,1700000000000,nan"};
  std::int64_t t = 1'700'000'000'000;
  for (int i = 0; i < count; ++i) {
    if (malformed(rng))
      lines.push_back({bad[rng() % bad.size()], std::nullopt});
    t += step(rng);
    auto ts = t - lag(rng) - (late(rng) ? bound + extra(rng) : 0);
    // Temperatures with few digits and many: both must average to the oracle's bits.
    double f = rng() % 2 ? std::round(temp(rng) * 10) / 10 : temp(rng);
    lines.push_back(reading_line("sensor_" + std::to_string(sensor(rng)), ts, f));
  }
  return lines;
}

/// Runs the example on `lines` and checks its three files against the oracle.
void check_against_oracle(const weir::test::temp_dir& dir, const std::vector<input_line>& lines,
                          std::int64_t bound, std::size_t batch, int parallelism,
                          const std::string& backend) {
  BOOST_TEST_CONTEXT("parallelism " << parallelism << ", " << backend << ", batch " << batch
                                    << ", bound " << bound) {
    write_file(dir.file("in.csv"), csv_of(lines));
    auto r = run(dir, {"--input", dir.file("in.csv"), "--output", dir.file("out.csv"),
                       "--late-records", dir.file("late.csv"), "--bad-records",
                       dir.file("bad.txt"), "--parallelism", std::to_string(parallelism),
                       "--state-backend", backend, "--batch-size", std::to_string(batch),
                       "--max-out-of-orderness-ms", std::to_string(bound), "--state-dir",
                       dir.file("state")});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    auto e = oracle(lines, bound);
    auto output = lines_of(read_file(dir.file("out.csv")));
    BOOST_TEST(output == e.output, boost::test_tools::per_element());
    auto late = lines_of(read_file(dir.file("late.csv")));
    BOOST_TEST(late == e.late, boost::test_tools::per_element());
    std::vector<std::uint64_t> bad_numbers;
    for (const auto& l : lines_of(read_file(dir.file("bad.txt"))))
      bad_numbers.push_back(std::stoull(l.substr(5, l.find(':') - 5)));
    BOOST_TEST(bad_numbers == e.bad_lines, boost::test_tools::per_element());
    BOOST_TEST(r.err.find(std::to_string(e.output.size()) + " window averages, "
                          + std::to_string(e.bad_lines.size()) + " malformed lines, "
                          + std::to_string(e.late.size()) + " late records")
                 != std::string::npos,
               r.err);
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(average_sensor_readings_test)

BOOST_AUTO_TEST_CASE(matches_plain_loop_on_input_out_of_order_within_the_bound) {
  // Out of order only within the bound: nothing is late; every run, at parallelism 1..4 on
  // both backends with random batch sizes, writes the same files.
  std::mt19937_64 rng{20231114};
  weir::test::temp_dir dir;
  const std::int64_t bound = 800;
  auto lines = random_input(rng, 4000, 9, bound, 0.0);
  std::string first;
  const std::size_t batches[] = {1, 3, 64, 1024};
  for (int p = 1; p <= 4; ++p) {
    for (std::string backend : {"heap", "rocksdb"}) {
      auto batch = batches[rng() % 4];
      check_against_oracle(dir, lines, bound, batch, p, backend);
      auto output = read_file(dir.file("out.csv"));
      if (first.empty())
        first = output;
      BOOST_TEST(output == first);
      BOOST_TEST(read_file(dir.file("late.csv")).empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(matches_plain_loop_with_late_readings_at_any_parallelism_and_backend) {
  std::mt19937_64 rng{42};
  weir::test::temp_dir dir;
  const std::int64_t bound = 300;
  auto lines = random_input(rng, 3000, 6, bound, 0.05);
  BOOST_TEST_REQUIRE(oracle(lines, bound).late.size() > 20u); // the input does test lateness
  std::string first;
  const std::size_t batches[] = {1, 5, 100, 1024};
  for (int p = 1; p <= 4; ++p) {
    for (std::string backend : {"heap", "rocksdb"}) {
      check_against_oracle(dir, lines, bound, batches[rng() % 4], p, backend);
      auto files = read_file(dir.file("out.csv")) + read_file(dir.file("late.csv"));
      if (first.empty())
        first = files;
      BOOST_TEST(files == first);
    }
  }
}

BOOST_AUTO_TEST_CASE(writes_and_counts_late_readings) {
  // Written by hand from Flink's rules, bound 1000 ms: line 5 (3500) raises the watermark
  // to 2499, which fires the windows ending at 2000.
  weir::test::temp_dir dir;
  write_file(dir.file("in.csv"), "sensor_id,timestamp_ms,temperature_f\n" // line 1: header
                                 "s1,1000,50\n"    // [1000,2000) 10 °C
                                 "s1,1500,68\n"    // [1000,2000) 20 °C
                                 "s2,1200,32\n"    // [1000,2000)  0 °C
                                 "s1,3500,212\n"   // [3000,4000) 100 °C; watermark 2499
                                 "s1,1999,100\n"   // late: [1000,2000) fired
                                 "s2,2600,50\n"    // [2000,3000) 10 °C
                                 "s2,2400,86\n"    // before the watermark, window open: 30 °C
                                 "bogus line\n"    // line 9: malformed
                                 "s3,999,40\n");   // late: [0,1000), a sensor never seen
  for (int p : {1, 3}) {
    for (std::string backend : {"heap", "rocksdb"}) {
      BOOST_TEST_CONTEXT("parallelism " << p << ", " << backend) {
        auto r = run(dir, {"--input", dir.file("in.csv"), "--max-out-of-orderness-ms", "1000",
                           "--batch-size", "1", "--parallelism", std::to_string(p),
                           "--state-backend", backend, "--state-dir", dir.file("state"),
                           "--late-records", dir.file("late.csv")});
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
        BOOST_TEST(r.out == "s1,2000,15\ns1,4000,100\ns2,2000,0\ns2,3000,20\n");
        BOOST_TEST(read_file(dir.file("late.csv")) == "s1,1999,100\ns3,999,40\n");
        BOOST_TEST(r.err.find("4 window averages, 1 malformed lines, 2 late records")
                     != std::string::npos,
                   r.err);
      }
    }
  }
  // A larger bound lets line 6 in (line 5 gives watermark 1499); line 10 is still late.
  auto r = run(dir, {"--input", dir.file("in.csv"), "--max-out-of-orderness-ms", "2000",
                     "--late-records", dir.file("late.csv")});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(r.out == "s1,2000,22.59259259259259\ns1,4000,100\ns2,2000,0\ns2,3000,20\n");
  BOOST_TEST(read_file(dir.file("late.csv")) == "s3,999,40\n");
}

BOOST_AUTO_TEST_CASE(reports_malformed_lines_with_their_numbers_and_keeps_going) {
  weir::test::temp_dir dir;
  write_file(dir.file("in.csv"), "s1,1000,50\n"
                                 "\n"
                                 "s1,1000\n"
                                 "s1,abc,50\n"
                                 "s1,1000,warm\n"
                                 "s1,1000,inf\n"
                                 ",1000,50\n"
                                 "s1,99999999999999999999,50\n"
                                 "sensor_id,timestamp_ms,temperature_f\n"
                                 " s1 , 1200 , 68 \r\n");
  auto r = run(dir, {"--input", dir.file("in.csv"), "--bad-records", dir.file("bad.txt")});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(r.out == "s1,2000,15\n");
  const std::string bad =
    "line 2: empty line: \n"
    "line 3: expected 3 fields (sensor_id,timestamp_ms,temperature_f), found 2: s1,1000\n"
    "line 4: timestamp_ms 'abc' is not an integer (epoch milliseconds): s1,abc,50\n"
    "line 5: temperature_f 'warm' is not a number: s1,1000,warm\n"
    "line 6: temperature_f 'inf' is not a finite number: s1,1000,inf\n"
    "line 7: empty sensor_id: ,1000,50\n"
    "line 8: timestamp_ms '99999999999999999999' is out of range (at most 4611686018427387904 "
    "in absolute value): s1,99999999999999999999,50\n"
    "line 9: timestamp_ms 'timestamp_ms' is not an integer (epoch milliseconds): "
    "sensor_id,timestamp_ms,temperature_f\n";
  BOOST_TEST(read_file(dir.file("bad.txt")) == bad);
  BOOST_TEST(r.err.find(bad) == 0, r.err);
  BOOST_TEST(r.err.find("1 window averages, 8 malformed lines, 0 late records") != std::string::npos,
             r.err);
}

BOOST_AUTO_TEST_CASE(missing_input_fails_naming_the_file_and_the_fix) {
  weir::test::temp_dir dir;
  auto r = run(dir, {"--input", dir.file("nowhere.csv")});
  BOOST_TEST(r.status != 0);
  BOOST_TEST(r.err.find("--input '" + dir.file("nowhere.csv") + "' does not exist") !=
               std::string::npos, r.err);
  BOOST_TEST(r.err.find("leave out --input") != std::string::npos, r.err);
  auto w = run(dir, {"--input", dir.file("nowhere.csv"), "--seconds", "1"});
  BOOST_TEST(w.status != 0);
  BOOST_TEST(w.err.find("excludes") != std::string::npos, w.err);
}

BOOST_AUTO_TEST_CASE(generator_mode_prints_the_averages_of_ten_sensors) {
  // The book's live job: 10 sensors, a reading each per 100 ms, for 1 s; every window fires at
  // the end of the input at the latest.
  weir::test::temp_dir dir;
  auto r = run(dir, {"--seconds", "1", "--output", dir.file("out.csv")});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  const std::regex printed{R"(\d+> \((sensor_(10|[1-9])),(\d+)000,(-?[0-9.e+-]+)\))"};
  std::map<std::string, int> windows_per_sensor;
  auto printed_lines = lines_of(r.out);
  for (const auto& line : printed_lines) {
    std::smatch m;
    BOOST_TEST_REQUIRE(std::regex_match(line, m, printed), line);
    ++windows_per_sensor[m[1]];
  }
  BOOST_TEST(windows_per_sensor.size() == 10u);
  for (const auto& [sensor, n] : windows_per_sensor)
    BOOST_TEST((n >= 1 && n <= 3), sensor << ": " << n << " windows in 1 s");
  BOOST_TEST(lines_of(read_file(dir.file("out.csv"))).size() == printed_lines.size());
  BOOST_TEST(r.err.find("0 malformed lines, 0 late records") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(injected_failures_leave_every_file_byte_for_byte_the_same) {
  // Checkpoints every 5 ms and 5 failures of the window operator at seeded points: the job
  // restarts from its latest checkpoint each time, and --output (through the exactly-once file
  // sink), --late-records and --bad-records are the files of a run without failures.
  std::mt19937_64 rng{7};
  weir::test::temp_dir dir;
  const std::int64_t bound = 300;
  auto lines = random_input(rng, 30000, 8, bound, 0.02);
  write_file(dir.file("in.csv"), csv_of(lines));
  auto files = [&] {
    return read_file(dir.file("out.csv")) + "|" + read_file(dir.file("late.csv")) + "|"
           + read_file(dir.file("bad.txt"));
  };
  auto common = [&](int p, const std::string& backend) {
    return std::vector<std::string>{"--input", dir.file("in.csv"), "--output",
                                    dir.file("out.csv"), "--late-records", dir.file("late.csv"),
                                    "--bad-records", dir.file("bad.txt"), "--parallelism",
                                    std::to_string(p), "--state-backend", backend,
                                    "--max-out-of-orderness-ms", std::to_string(bound),
                                    "--state-dir", dir.file("state"), "--batch-size", "64"};
  };
  auto clean = run(dir, common(2, "heap"));
  BOOST_TEST_REQUIRE(clean.status == 0, clean.err);
  auto expected_files = files();
  BOOST_TEST_REQUIRE(!oracle(lines, bound).output.empty());
  BOOST_TEST(lines_of(read_file(dir.file("out.csv"))) == oracle(lines, bound).output,
             boost::test_tools::per_element());
  int restarted = 0;
  for (auto [p, backend, seed] : {std::tuple{2, "heap", 1}, std::tuple{3, "rocksdb", 2},
                                  std::tuple{1, "heap", 3}, std::tuple{4, "rocksdb", 4}}) {
    BOOST_TEST_CONTEXT("parallelism " << p << ", " << backend << ", fault seed " << seed) {
      auto args = common(p, backend);
      for (std::string a : {"--checkpoint-interval-ms", "5", "--inject-failures", "5"})
        args.push_back(a);
      args.push_back("--checkpoint-dir");
      args.push_back(dir.file("checkpoints"));
      args.push_back("--fault-seed");
      args.push_back(std::to_string(seed));
      auto r = run(dir, args);
      BOOST_TEST_REQUIRE(r.status == 0, r.err);
      BOOST_TEST(r.err.find("fault plan (seed " + std::to_string(seed)) != std::string::npos,
                 r.err);
      for (std::size_t at = r.err.find("restarted after"); at != std::string::npos;
           at = r.err.find("restarted after", at + 1))
        ++restarted;
      BOOST_TEST(files() == expected_files);
    }
  }
  BOOST_TEST(restarted >= 8, restarted << " restarts in 4 runs of 5 faults");
}

BOOST_AUTO_TEST_CASE(a_run_killed_with_sigkill_resumes_from_its_last_checkpoint) {
  // The process is killed (kill -9) once a checkpoint is complete; rerun with --from-savepoint
  // <that chk-n>, it writes the --output of a run that was never killed.
  std::mt19937_64 rng{11};
  weir::test::temp_dir dir;
  const std::int64_t bound = 300;
  auto lines = random_input(rng, 400000, 20, bound, 0.0);
  write_file(dir.file("in.csv"), csv_of(lines));
  auto args = [&](const std::string& out) {
    return std::vector<std::string>{"--input", dir.file("in.csv"), "--output", out,
                                    "--parallelism", "2", "--max-out-of-orderness-ms",
                                    std::to_string(bound), "--checkpoint-interval-ms", "20",
                                    "--checkpoint-dir", dir.file("checkpoints")};
  };
  // Started in the background; the shell prints its pid.
  std::string cmd = quoted(WEIR_AVERAGE_SENSOR_READINGS_BIN);
  for (const auto& a : args(dir.file("killed.csv")))
    cmd += ' ' + quoted(a);
  cmd += " >/dev/null 2>" + quoted(dir.file("killed.err")) + " & echo $! >"
         + quoted(dir.file("pid"));
  BOOST_TEST_REQUIRE(std::system(cmd.c_str()) == 0);
  auto pid = std::stoi(read_file(dir.file("pid")));
  // Wait for a completed checkpoint (its _metadata), then kill.
  namespace fs = std::filesystem;
  std::optional<fs::path> latest;
  auto find_latest = [&] {
    std::optional<std::pair<long, fs::path>> best;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir.file("checkpoints"), ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec)
        break;
      auto name = it->path().filename().string();
      if (name.rfind("chk-", 0) == 0 && fs::exists(it->path() / "_metadata")) {
        long n = std::stol(name.substr(4));
        if (!best || n > best->first)
          best = std::pair{n, it->path()};
      }
    }
    return best ? std::optional{best->second} : std::nullopt;
  };
  for (int i = 0; i < 2000 && !latest; ++i) {
    latest = find_latest();
    if (!latest)
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  BOOST_TEST_REQUIRE(latest.has_value(), "no checkpoint completed: " << read_file(dir.file("killed.err")));
  BOOST_TEST_REQUIRE(::kill(pid, SIGKILL) == 0);
  int status = 0;
  ::waitpid(pid, &status, 0); // reaped by the shell already, most likely
  // The newest complete checkpoint when the process died (another may have completed since).
  latest = find_latest();
  BOOST_TEST_REQUIRE(latest.has_value());
  BOOST_TEST((!fs::exists(dir.file("killed.csv")) || read_file(dir.file("killed.csv")).empty()),
             "the killed run did not get to write --output");
  auto resumed = args(dir.file("killed.csv"));
  resumed.push_back("--from-savepoint");
  resumed.push_back(latest->string());
  auto r = run(dir, resumed);
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  auto e = oracle(lines, bound);
  BOOST_TEST(lines_of(read_file(dir.file("killed.csv"))) == e.output,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
