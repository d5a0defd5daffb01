// Average sensor readings, the classic event-time job of Flink (the book "Stream Processing
// with Apache Flink", chapter 5): the average temperature of every sensor per 1 s tumbling
// event-time window, on out-of-order readings.
//
//   --input FILE: read_text_file (p 1) ─► Parse CSV (p 1) ─► Timestamps/Watermarks (p 1) ─┐
//                      malformed lines (side output) ◄─┘ ─► --bad-records, stderr         │
//   no --input:   sensor_source (p 1) ─────────────────────► Timestamps/Watermarks (p 1) ─┤
//                                                                       key_by(sensor_id) │
//        window(tumbling 1 s).aggregate(average °C, emit_average) (p N) ◄─────────────────┘
//          ├─► results ─► --output (or standard output; printed live without --input)
//          └─► late readings (side output) ─► --late-records
//
// Fault tolerance: --checkpoint-interval-ms takes checkpoints (into --checkpoint-dir), and
// --output then goes through the exactly-once file sink (committed part files in
// <output>.parts/, merged and sorted into --output at the end), so a run with
// --inject-failures K (restarts restore the latest checkpoint) writes byte for byte the file
// of a run without failures. A process killed with kill -9 resumes with --from-savepoint
// <checkpoint dir>/<job id>/chk-<n>.
//
// Why the CSV is read by one instance: read_text_file at parallelism N splits the file by
// byte range, and no instance knows how many lines precede its range, so a malformed line
// could not be reported with its number. One reader feeding one parser in a chain sees the
// lines in file order, so counting them is the line number. It also makes the watermark one
// function of the file: a record is late when its window ended at or before max timestamp −
// bound − 1 over the records read before it, whatever --parallelism, --batch-size and the
// backend are (with N readers, each split would have its own watermark and lateness would
// depend on N). The windows, where the work is, run at --parallelism.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/bounded_integer.hpp"
#include "reading_format.hpp"
#include "sensor_reading.hpp"
#include "sensor_source.hpp"
#include "weir/weir.hpp"

namespace {

using namespace std::chrono_literals;
using weir::examples::sensor_reading;
using weir::examples::window_average;

constexpr const char* program = "average-sensor-readings";

/// Length of the tumbling event-time windows.
constexpr std::chrono::milliseconds window_size = 1s;

/// Flink's bounded-out-of-orderness watermark, max timestamp seen − bound − 1 ms, as a
/// punctuated generator: it is emitted right after the record that moves it past the last
/// millisecond of a window (k · window_size − 1), and the runtime cuts the batch there, so each
/// record meets exactly the watermark of the records before it in file order, whatever the
/// timing, --batch-size, --parallelism or backend. Only those crossings change what tumbling
/// windows do (a window fires, and a record is late, when its end − 1 <= the watermark), so
/// skipping the rises in between changes no result and keeps batches whole: one cut per window
/// length of event time instead of one per rising record. The periodic emission of
/// for_bounded_out_of_orderness would make lateness depend on wall-clock time: a small file is
/// read before the first period ends (nothing is late), and which records of a large file
/// are late would change from run to run.
class window_end_bounded_out_of_orderness final
  : public weir::watermark_generator<sensor_reading> {
public:
  explicit window_end_bounded_out_of_orderness(std::chrono::milliseconds bound)
    : bound_(bound.count()) {}

  void on_event(const sensor_reading&, weir::event_time t, weir::watermark_output& out) override {
    if (max_ && t.value() <= *max_)
      return;
    max_ = t.value();
    auto watermark = *max_ - bound_ - 1;
    // The last millisecond of the latest window the watermark has passed: floor((w + 1) / size).
    auto size = window_size.count();
    auto passed = weir::window_start_with_offset(watermark + 1, 0, size) - 1;
    if (!passed_ || passed > *passed_) {
      passed_ = passed;
      out.emit_watermark(weir::event_time{watermark});
    }
  }
  void on_periodic_emit(weir::watermark_output&) override {}

  // Kept in checkpoints, so that a restored run calls the same records late.
  [[nodiscard]] std::string snapshot_state() const override {
    if (!max_)
      return {};
    return std::to_string(*max_) + " " + (passed_ ? std::to_string(*passed_) : "-");
  }
  void restore_state(std::string_view bytes) override {
    std::string s{bytes};
    auto space = s.find(' ');
    if (space == std::string::npos)
      return;
    max_ = std::stoll(s.substr(0, space));
    auto rest = s.substr(space + 1);
    if (rest != "-")
      passed_ = std::stoll(rest);
  }

private:
  std::int64_t bound_;
  std::optional<std::int64_t> max_;
  std::optional<std::int64_t> passed_;
};

/// Incremental average of the Celsius temperatures of a window (Flink's AggregateFunction):
/// the accumulator is (sum, count), added in arrival order, which for one sensor is file order
/// at any parallelism.
struct average_celsius {
  using accumulator = std::pair<double, std::int64_t>;
  [[nodiscard]] accumulator create_accumulator() const { return {0.0, 0}; }
  [[nodiscard]] accumulator add(const sensor_reading& r, accumulator acc) const {
    acc.first += weir::examples::to_celsius(r.temperature_f);
    ++acc.second;
    return acc;
  }
  [[nodiscard]] double get_result(const accumulator& acc) const {
    return acc.first / static_cast<double>(acc.second);
  }
  [[nodiscard]] accumulator merge(accumulator a, const accumulator& b) const {
    return {a.first + b.first, a.second + b.second};
  }
};

/// Turns a window's average into a result with the sensor and the window's end (the book's
/// TemperatureAverager emits SensorReading(id, window.getEnd, avg)).
class emit_average final
  : public weir::process_window_function<double, window_average, std::string, weir::time_window> {
public:
  void process(const std::string& sensor, context& ctx, const std::vector<double>& averages,
               weir::collector<window_average>& out) override {
    out.collect(window_average{sensor, ctx.window().end, averages.front()});
  }
};

/// Parses the CSV lines in file order; malformed ones go to a side output with their number.
/// The line number is part of checkpoints (operator state), so that after a restore the
/// lines keep their numbers.
class csv_parse final : public weir::checkpointed_function {
public:
  explicit csv_parse(weir::output_tag<std::pair<std::uint64_t, std::string>> bad_tag)
    : bad_tag_(std::move(bad_tag)) {}

  void operator()(const std::string& line, weir::process_context& ctx,
                  weir::collector<sensor_reading>& out) {
    auto r = parser_.next(line);
    if (auto* row = std::get_if<weir::cli::timestamped_csv_row>(&r))
      out.collect(sensor_reading{std::move(row->key), row->timestamp_ms, row->number,
                                 parser_.line_number()});
    else if (auto* reason = std::get_if<std::string>(&r))
      ctx.output(bad_tag_, std::pair{parser_.line_number(),
                                     "line " + std::to_string(parser_.line_number()) + ": "
                                       + *reason + ": " + line});
  }

  void initialize_state(weir::function_initialization_context& ctx) override {
    lines_ = &ctx.get_list_state(weir::list_state_descriptor<std::uint64_t>{"lines-read"});
    for (auto n : lines_->get())
      parser_.resume_after(n);
  }
  void snapshot_state(const weir::function_snapshot_context&) override {
    lines_->update({parser_.line_number()});
  }

private:
  weir::output_tag<std::pair<std::uint64_t, std::string>> bad_tag_;
  weir::cli::timestamped_csv_parser parser_{weir::examples::reading_format};
  weir::list_state<std::uint64_t>* lines_ = nullptr;
};

/// Where the exactly-once file sink stages --output: committed parts, merged at the end.
[[nodiscard]] std::filesystem::path parts_directory(const std::string& output) {
  return std::filesystem::path{output + ".parts"};
}

/// The committed lines of the exactly-once file sink in `dir` (files part-*; in-progress and
/// pending parts are hidden and not read).
[[nodiscard]] std::vector<std::string> committed_lines(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().filename().string().rfind("part-", 0) != 0)
      continue;
    std::ifstream in{e.path(), std::ios::binary};
    for (std::string line; std::getline(in, line);)
      out.push_back(line);
  }
  return out;
}

/// Orders CSV results sensor_id,window_end_ms,avg by sensor, then window end.
[[nodiscard]] bool result_line_less(const std::string& a, const std::string& b) {
  auto key = [](const std::string& l) {
    auto c1 = l.find(',');
    auto c2 = l.find(',', c1 + 1);
    return std::pair{l.substr(0, c1), std::stoll(l.substr(c1 + 1, c2 - c1 - 1))};
  };
  return key(a) < key(b);
}

/// A file the program writes, opened before the job runs so that a bad path fails at once.
struct output_file {
  std::string flag;
  std::string path;
  std::ofstream out;
};

[[nodiscard]] bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec);
}

/// Opens `path` (given as `flag`) for writing, or prints why it cannot and returns nothing.
[[nodiscard]] std::optional<output_file> open_output(const std::string& flag,
                                                     const std::string& path,
                                                     const std::string& input) {
  if (path.empty())
    return output_file{flag, path, {}};
  if (!input.empty() && same_file(path, input)) {
    std::cerr << program << ": " << flag << " '" << path
              << "' is the --input file; give another path so the input is not overwritten\n";
    return std::nullopt;
  }
  output_file f{flag, path, std::ofstream{path, std::ios::binary | std::ios::trunc}};
  if (!f.out) {
    std::cerr << program << ": cannot write " << flag << " '" << path
              << "'; check that its directory exists and is writable\n";
    return std::nullopt;
  }
  return f;
}

/// Writes `lines` to `f`; false (after saying so) if the write failed.
template <class Range, class Format>
[[nodiscard]] bool write_lines(output_file& f, const Range& lines, Format format) {
  for (const auto& line : lines)
    f.out << format(line) << '\n';
  f.out.flush();
  if (!f.out) {
    std::cerr << program << ": writing " << f.flag << " '" << f.path
              << "' failed (disk full?)\n";
    return false;
  }
  return true;
}

/// Checks that --input names a readable regular file, with a message that says what to do.
[[nodiscard]] bool check_input(const std::string& input) {
  std::error_code ec;
  auto st = std::filesystem::status(input, ec);
  const char* what = nullptr;
  if (ec || !std::filesystem::exists(st))
    what = "does not exist";
  else if (!std::filesystem::is_regular_file(st))
    what = "is not a regular file";
  else if (!std::ifstream{input})
    what = "cannot be opened for reading";
  if (what == nullptr)
    return true;
  std::cerr << program << ": --input '" << input << "' " << what
            << "; give a CSV file of sensor_id,timestamp_ms,temperature_f lines, or leave out "
               "--input to run the built-in sensor generator\n";
  return false;
}

} // namespace

int main(int argc, char** argv) {
  // --weir-role, --weir-join, ... (a cluster of processes running this same program) are
  // Weir's: taken out of argv before the program's own flags are parsed.
  if (auto err = weir::init(argc, argv)) {
    std::cerr << program << ": " << err->message() << '\n';
    return 2;
  }
  // A worker runs the tasks the coordinator places on it; the results, the files and the
  // report are the coordinator's (or the embedded run's).
  const auto* cluster = std::get_if<weir::cluster_config>(&weir::process_cluster_config());
  const bool worker = cluster != nullptr && cluster->role == weir::cluster_role::worker;
  CLI::App app{"Averages the temperature of every sensor per 1 s event-time window (Flink's "
               "AverageSensorReadings) on the embedded mini cluster, or on a cluster of "
               "processes running this program: add --weir-role coordinator --weir-workers N "
               "to one and --weir-role worker --weir-join HOST:PORT to the others"};
  std::string input;
  std::string output;
  std::string bad_records;
  std::string late_records;
  int parallelism = 2;
  std::string backend = "heap";
  std::string state_dir;
  std::int64_t bound_ms = 5000;
  std::size_t batch_size = 1024;
  int seconds = 5;
  std::uint64_t seed = 42;
  std::int64_t checkpoint_interval_ms = 0;
  std::string checkpoint_dir;
  int inject_failures = 0;
  std::uint64_t fault_seed = 1;
  std::string from_savepoint;
  int rest_port = -1;
  auto* input_opt = app.add_option(
    "--input", input,
    "CSV file of sensor_id,timestamp_ms,temperature_f lines (epoch ms, °F, any order); "
    "without it a built-in generator of 10 sensors runs for --seconds");
  app.add_option("--output", output,
                 "Write the results here as CSV sensor_id,window_end_ms,avg_celsius, sorted by "
                 "sensor and window (replaced); without it they go to standard output, as CSV with "
                 "--input and printed live as 'N> (sensor,window_end_ms,avg)' without");
  weir::cli::add_bounded_option(app, "--parallelism", parallelism, 1,
                                weir::configuration::parallelism_limit,
                                "Parallel instances of the window operator");
  app.add_option("--state-backend", backend, "Where the windows live: heap or rocksdb")
    ->check(CLI::IsMember({"heap", "rocksdb"}))
    ->capture_default_str();
  app.add_option("--state-dir", state_dir, "Parent directory of the RocksDB instances");
  weir::cli::add_bounded_option(app, "--max-out-of-orderness-ms", bound_ms, 0,
                                1'000'000'000'000,
                                "Watermark = largest timestamp read so far - this - 1 (ms); a "
                                "reading whose 1 s window ended at or before it is late");
  app.add_option("--bad-records", bad_records,
                 "Write malformed input lines here as 'line N: <reason>: <line>' (replaced)");
  app.add_option("--late-records", late_records,
                 "Write late readings here, as input CSV in file order (replaced)");
  weir::cli::add_bounded_option(app, "--batch-size", batch_size, 1,
                                weir::configuration::batch_size_limit,
                                "Records per batch between tasks (changes no result)");
  weir::cli::add_bounded_option(app, "--seconds,--run-for-s", seconds, 1, 86'400,
                                "Generator only: how long the built-in sensors run")
    ->excludes(input_opt);
  weir::cli::add_bounded_option(app, "--seed", seed, 0, UINT64_MAX,
                                "Generator only: seed of the temperatures' random walk")
    ->excludes(input_opt);
  weir::cli::add_bounded_option(app, "--checkpoint-interval-ms", checkpoint_interval_ms, 0,
                                86'400'000,
                                "Take a checkpoint this often (0 = none); with it --output is "
                                "written exactly once through part files");
  app.add_option("--checkpoint-dir", checkpoint_dir,
                 "Where checkpoints go: <dir>/<job id>/chk-<n>/ (default: the temp dir)");
  weir::cli::add_bounded_option(app, "--inject-failures", inject_failures, 0, 1000,
                                "Fail the window operator this many times at seeded points; "
                                "the job restarts from its latest checkpoint each time");
  weir::cli::add_bounded_option(app, "--fault-seed", fault_seed, 0, UINT64_MAX,
                                "Seed of the injected failures' schedule (printed)");
  app.add_option("--from-savepoint", from_savepoint,
                 "Start from a savepoint or a retained checkpoint's chk-<n> directory (as "
                 "Flink's -s), e.g. to resume a killed run");
  weir::cli::add_bounded_option(app, "--rest-port", rest_port, 0, 65535,
                                "Serve the REST API, /metrics and the dashboard on this port of "
                                "127.0.0.1 while the job runs (0 = a free port, logged)");
  CLI11_PARSE(app, argc, argv);

  if (!input.empty() && !check_input(input))
    return 1;
  auto output_f = open_output("--output", worker ? std::string{} : output, input);
  auto bad_f = open_output("--bad-records", worker ? std::string{} : bad_records, input);
  auto late_f = open_output("--late-records", worker ? std::string{} : late_records, input);
  if (!output_f || !bad_f || !late_f)
    return 1;

  weir::environment env;
  env.set_parallelism(parallelism).set_batch_size(batch_size).set_state_dir(state_dir);
  if (rest_port >= 0)
    env.config().rest_port = rest_port;
  if (checkpoint_interval_ms > 0) {
    env.enable_checkpointing(std::chrono::milliseconds{checkpoint_interval_ms});
    env.checkpoint_config().directory = checkpoint_dir;
    // Kept when the run fails or is killed, so that it can be resumed with --from-savepoint.
    env.checkpoint_config().retain_on_cancellation = true;
  }
  if (!from_savepoint.empty())
    env.set_savepoint_restore(from_savepoint);
  // Exactly-once output: a fresh run starts with no parts; a resumed one keeps the committed
  // parts of the run it resumes.
  const bool exactly_once_output = !output.empty();
  if (exactly_once_output && from_savepoint.empty() && !worker)
    std::filesystem::remove_all(parts_directory(output));
  if (inject_failures > 0) {
    // Failures at seeded record counts of the window operator's instances, within the
    // records an instance sees (about 100 readings per second of generator, or the file's
    // lines, spread over --parallelism).
    std::uint64_t records = 100 * static_cast<std::uint64_t>(seconds);
    if (!input.empty()) {
      std::ifstream in{input, std::ios::binary};
      records = static_cast<std::uint64_t>(
        std::count(std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}, '\n'));
    }
    auto per_instance = std::max<std::uint64_t>(1, records / parallelism * 9 / 10);
    auto faults = weir::fault_plan::random(static_cast<std::size_t>(inject_failures), fault_seed,
                                           {"Average per 1 s Window"}, parallelism, per_instance);
    std::cerr << program << ": " << faults->describe() << '\n';
    env.set_fault_plan(faults);
    env.set_restart_strategy(
      weir::restart_strategy::fixed_delay(inject_failures, std::chrono::milliseconds{10}));
  }
  env.set_state_backend(backend == "rocksdb" ? weir::state_backend_kind::rocksdb
                                             : weir::state_backend_kind::heap);
  const std::chrono::milliseconds bound{bound_ms};
  auto timestamp_of = [](const sensor_reading& r) { return r.timestamp_ms; };
  /// (line number, "line N: <reason>: <line>")
  const weir::output_tag<std::pair<std::uint64_t, std::string>> bad_tag{"malformed-lines"};
  const weir::output_tag<sensor_reading> late_tag{"late-readings"};

  std::optional<weir::collected<std::pair<std::uint64_t, std::string>>> bad;
  auto readings = [&] {
    if (input.empty()) {
      // The book's job: a live source stamped with the time of each reading, periodic
      // bounded-out-of-orderness watermarks (every auto_watermark_interval, 200 ms).
      auto source = env.add_source(weir::examples::sensor_source{weir::time::system_clock(), 10,
                                                                  100ms, seconds * 1000ms, seed},
                                   "Sensor Source");
      auto stamped = source.assign_timestamps_and_watermarks(
        weir::watermark_strategy<sensor_reading>::for_bounded_out_of_orderness(bound)
          .with_timestamp_assigner(timestamp_of));
      stamped.set_parallelism(1);
      return stamped;
    }
    auto lines = env.read_text_file(input);
    lines.set_parallelism(1).name("CSV Lines");
    auto parsed = lines.process(csv_parse{bad_tag});
    parsed.set_parallelism(1).name("Parse CSV");
    bad = parsed.get_side_output(bad_tag).collect();
    auto stamped = parsed.assign_timestamps_and_watermarks(
      weir::watermark_strategy<sensor_reading>::for_generator(
        window_end_bounded_out_of_orderness{bound})
        .with_timestamp_assigner(timestamp_of));
    stamped.set_parallelism(1);
    return stamped;
  }();

  auto averages = readings.key_by([](const sensor_reading& r) { return r.sensor_id; })
                    .window(weir::tumbling_event_time_windows::of(window_size))
                    .side_output_late_data(late_tag)
                    .aggregate(average_celsius{}, emit_average{});
  averages.name("Average per 1 s Window");
  auto results = averages.collect();
  if (exactly_once_output)
    averages.map([](const window_average& a) { return weir::examples::to_csv(a); })
      .name("Format CSV")
      .sink_to_exactly_once_file(parts_directory(output).string());
  auto late = averages.get_side_output(late_tag).collect();
  if (input.empty())
    averages.print(); // live, as the book's job prints: "N> (sensor_3,1700000001000,18.61...)"

  auto result = env.execute("Average Sensor Readings");
  if (!result) {
    std::cerr << program << ": " << result.err().message() << '\n';
    return 1;
  }
  if (worker)
    return 0;
  for (const auto& r : result.restarts())
    std::cerr << program << ": restarted after: " << r.cause.message() << " (from "
              << (r.restored_checkpoint ? "checkpoint " + std::to_string(r.restored_checkpoint->value())
                                        : std::string{"the start"})
              << ")\n";

  // Parallel sinks collect in no defined order (Flink's neither): sort the results by sensor
  // and window end, late readings and malformed lines by line number, so that the files do not depend on
  // --parallelism or the backend.
  // A restart replays the records after the checkpoint it restores, so what the in-memory
  // collect sinks gathered may hold a result twice (with the same value): keep one per
  // sensor and window, per late line and per malformed line.
  std::vector<window_average> sorted(results.begin(), results.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::tie(a.sensor_id, a.window_end_ms) < std::tie(b.sensor_id, b.window_end_ms);
  });
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [](const auto& a, const auto& b) {
                             return a.sensor_id == b.sensor_id && a.window_end_ms == b.window_end_ms;
                           }),
               sorted.end());
  std::vector<sensor_reading> late_sorted(late.begin(), late.end());
  std::stable_sort(late_sorted.begin(), late_sorted.end(),
                   [](const auto& a, const auto& b) { return a.line < b.line; });
  if (!input.empty())
    late_sorted.erase(std::unique(late_sorted.begin(), late_sorted.end(),
                                  [](const auto& a, const auto& b) { return a.line == b.line; }),
                      late_sorted.end());
  std::vector<std::pair<std::uint64_t, std::string>> bad_numbered;
  if (bad)
    bad_numbered.assign(bad->begin(), bad->end());
  std::sort(bad_numbered.begin(), bad_numbered.end());
  bad_numbered.erase(std::unique(bad_numbered.begin(), bad_numbered.end()), bad_numbered.end());
  std::vector<std::string> bad_lines;
  for (auto& [number, report] : bad_numbered)
    bad_lines.push_back(std::move(report));

  bool ok = true;
  auto csv = [](const auto& v) { return weir::examples::to_csv(v); };
  auto as_is = [](const std::string& s) -> const std::string& { return s; };
  if (exactly_once_output) {
    // The committed parts hold every result exactly once, whatever failed on the way.
    auto lines = committed_lines(parts_directory(output));
    std::sort(lines.begin(), lines.end(), result_line_less);
    ok = write_lines(*output_f, lines, as_is) && ok;
  }
  else if (!input.empty())
    for (const auto& a : sorted)
      std::cout << csv(a) << '\n';
  if (!bad_records.empty())
    ok = write_lines(*bad_f, bad_lines, as_is) && ok;
  if (!late_records.empty())
    ok = write_lines(*late_f, late_sorted, csv) && ok;

  // Every malformed line on stderr, up to a limit that keeps a garbage file from flooding it.
  constexpr std::size_t shown_limit = 20;
  for (std::size_t i = 0; i < bad_lines.size() && i < shown_limit; ++i)
    std::cerr << bad_lines[i] << '\n';
  if (bad_lines.size() > shown_limit)
    std::cerr << "... and " << bad_lines.size() - shown_limit << " more malformed lines"
              << (bad_records.empty() ? " (--bad-records FILE keeps them all)"
                                      : " (all in " + bad_records + ")")
              << '\n';
  std::cerr << program << ": " << sorted.size() << " window averages, " << bad_lines.size()
            << " malformed lines, " << late_sorted.size() << " late records ("
            << std::chrono::duration<double, std::milli>(result.net_runtime()).count()
            << " ms)\n";
  return ok ? 0 : 1;
}
