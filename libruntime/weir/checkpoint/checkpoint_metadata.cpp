#include "weir/checkpoint/checkpoint_metadata.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace weir::checkpoint {

namespace fs = std::filesystem;

// --- the model -------------------------------------------------------------------------------

const operator_snapshot* checkpoint_metadata::find(const std::string& op_id) const {
  auto i = std::find_if(operators.begin(), operators.end(),
                        [&](const operator_snapshot& op) { return op.id == op_id; });
  return i == operators.end() ? nullptr : &*i;
}

void checkpoint_metadata::add(const task_snapshot& snapshot) {
  for (const auto& p : snapshot.parts) {
    auto op = std::find_if(operators.begin(), operators.end(),
                           [&](const operator_snapshot& o) { return o.id == p.operator_id; });
    if (op == operators.end()) {
      operators.push_back(operator_snapshot{p.operator_id, p.operator_name, p.parallelism,
                                            p.max_parallelism, {}});
      op = std::prev(operators.end());
    }
    auto& subs = op->subtasks;
    auto at = std::lower_bound(subs.begin(), subs.end(), p.state.subtask,
                               [](const subtask_state& s, int index) { return s.subtask < index; });
    // A task that acknowledges twice (a retried acknowledgement) replaces its first answer.
    if (at != subs.end() && at->subtask == p.state.subtask)
      *at = p.state;
    else
      subs.insert(at, p.state);
  }
}

std::uint64_t checkpoint_metadata::total_bytes() const noexcept {
  std::uint64_t sum = 0;
  for (const auto& op : operators)
    for (const auto& s : op.subtasks)
      sum += s.bytes;
  return sum;
}

// --- checks shared by writing and reading ----------------------------------------------------

namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

constexpr const char* format_marker = "weir-checkpoint-metadata";
constexpr const char* checksum_prefix = "fnv1a64:";
/// Flink's upper bound for parallelism and max parallelism (2^15).
constexpr int parallelism_limit = 32768;

/// FNV-1a, 64 bits. Each step (xor a byte, multiply by an odd prime) is a bijection of the
/// state, so two inputs of the same length that differ in one byte always hash differently: a
/// flipped byte is always caught, which is the damage the checksum is for.
std::uint64_t fnv1a64(const std::string& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

} // namespace

std::optional<std::string> part_path_problem(const std::string& path) {
  if (path.empty())
    return std::nullopt;
  if (path.find('\0') != std::string::npos)
    return "contains a NUL byte";
  fs::path p{path};
  if (p.is_absolute() || p.has_root_name() || p.has_root_directory())
    return "is absolute; parts are named relative to the checkpoint directory";
  for (const auto& part : p)
    if (part == "..")
      return "leaves the checkpoint directory (\"..\"); parts must lie inside it";
  return std::nullopt;
}

namespace {

/// What is wrong with the manifest's content as a model (not as JSON), or nothing; the message
/// names the field as a JSON path ("operators[0].subtasks[1].keyed").
std::optional<std::string> model_problem(const checkpoint_metadata& meta) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < meta.operators.size(); ++i) {
    const auto& op = meta.operators[i];
    const std::string at = "operators[" + std::to_string(i) + "]";
    if (op.id.empty())
      return at + ".id is empty";
    if (!ids.insert(op.id).second)
      return at + ".id '" + op.id + "' appears twice";
    if (op.parallelism < 1 || op.parallelism > parallelism_limit)
      return at + ".parallelism must be in 1.." + std::to_string(parallelism_limit) + ", not "
             + std::to_string(op.parallelism);
    if (op.max_parallelism < op.parallelism || op.max_parallelism > parallelism_limit)
      return at + ".max_parallelism must be in " + std::to_string(op.parallelism) + ".."
             + std::to_string(parallelism_limit) + " (at least the parallelism), not "
             + std::to_string(op.max_parallelism);
    int previous = -1;
    for (std::size_t j = 0; j < op.subtasks.size(); ++j) {
      const auto& s = op.subtasks[j];
      const std::string sat = at + ".subtasks[" + std::to_string(j) + "]";
      if (s.subtask < 0 || s.subtask >= op.parallelism)
        return sat + ".index must be in 0.." + std::to_string(op.parallelism - 1)
               + " (below the operator's parallelism), not " + std::to_string(s.subtask);
      if (s.subtask <= previous)
        return sat + ".index " + std::to_string(s.subtask)
               + " is out of order or repeated (subtasks are sorted by index, each once)";
      previous = s.subtask;
      if (s.key_groups.size() > 0
          && s.key_groups.last >= static_cast<std::uint32_t>(op.max_parallelism))
        return sat + ".key_groups " + std::to_string(s.key_groups.first) + ".."
               + std::to_string(s.key_groups.last) + " exceeds the max parallelism "
               + std::to_string(op.max_parallelism);
      const std::pair<const char*, const std::string*> paths[] = {
        {"keyed", &s.keyed}, {"operator_state", &s.operator_state}, {"extras", &s.extras},
        {"channel_state", &s.channel_state}};
      for (const auto& [name, path] : paths)
        if (auto problem = part_path_problem(*path))
          return sat + "." + name + " '" + *path + "' " + *problem;
    }
  }
  return std::nullopt;
}

// --- writing ---------------------------------------------------------------------------------

/// The manifest without its checksum, fields in the order a reader of the file expects.
ordered_json to_body(const checkpoint_metadata& meta) {
  ordered_json ops = ordered_json::array();
  for (const auto& op : meta.operators) {
    ordered_json subs = ordered_json::array();
    for (const auto& s : op.subtasks)
      subs.push_back({{"index", s.subtask},
                      {"key_groups", {{"first", s.key_groups.first}, {"last", s.key_groups.last}}},
                      {"keyed", s.keyed},
                      {"operator_state", s.operator_state},
                      {"extras", s.extras},
                      {"channel_state", s.channel_state},
                      {"input_watermark", s.input_watermark ? ordered_json(*s.input_watermark)
                                                            : ordered_json(nullptr)},
                      {"output_watermark", s.output_watermark ? ordered_json(*s.output_watermark)
                                                              : ordered_json(nullptr)},
                      {"bytes", s.bytes}});
    ops.push_back({{"id", op.id},
                   {"name", op.name},
                   {"parallelism", op.parallelism},
                   {"max_parallelism", op.max_parallelism},
                   {"subtasks", std::move(subs)}});
  }
  return {{"format", format_marker},
          {"version", meta.version},
          {"job_id", meta.job_id},
          {"job_name", meta.job_name},
          {"checkpoint_id", meta.id.value()},
          {"savepoint", meta.savepoint},
          {"timestamp_ms", meta.timestamp_ms},
          {"operators", std::move(ops)}};
}

/// The bytes the checksum covers: the body without "checksum", keys sorted, no whitespace.
/// Sorted keys make it independent of the field order in the file, so a tool that rewrites the
/// file (pretty-printer, editor) keeps it valid as long as no value changes.
template <class Json>
std::string canonical(const Json& body) {
  json sorted = json::parse(body.dump());
  sorted.erase("checksum");
  return sorted.dump();
}

error io_failure(const std::string& what, const fs::path& file, int err) {
  return error{errc::io_error, "cannot write checkpoint manifest " + file.string() + ": " + what
                                 + " (" + std::strerror(err)
                                 + "); check that the checkpoint directory is writable and its "
                                   "file system has space"};
}

/// Writes all of `bytes` to `fd`, retrying short writes and interruptions; errno on failure.
bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

} // namespace

std::optional<error> write_metadata(const checkpoint_metadata& meta, const fs::path& directory) {
  const fs::path target = directory / metadata_file_name;
  if (auto problem = model_problem(meta))
    return error{errc::internal, "refusing to write checkpoint manifest " + target.string()
                                   + " that could not be read back: " + *problem};

  std::string text;
  try {
    ordered_json doc = to_body(meta);
    const std::string sum = checksum_prefix + hex64(fnv1a64(canonical(doc)));
    // The checksum goes right after the version, ahead of what it covers.
    ordered_json out;
    for (auto& [key, value] : doc.items()) {
      out[key] = value;
      if (key == "version")
        out["checksum"] = sum;
    }
    text = out.dump(2) + "\n";
  } catch (const json::exception& e) {
    // nlohmann refuses strings that are not UTF-8 (a job or operator name from user bytes).
    return error{errc::invalid_configuration,
                 "cannot write checkpoint manifest " + target.string() + ": " + e.what()
                   + "; job, operator and file names must be valid UTF-8"};
  }

  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec)
    return io_failure("cannot create the directory", target, ec.value());

  // A unique temporary name: two writers (a retried trigger) never share one, and whatever a
  // crash leaves behind is never named _metadata, which is all a reader looks at.
  std::string tmp = (directory / (std::string(metadata_file_name) + ".tmp.XXXXXX")).string();
  int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return io_failure("cannot create a temporary file in the directory", target, errno);
  auto fail = [&](const char* what) {
    int err = errno;
    if (fd >= 0)
      ::close(fd);
    ::unlink(tmp.c_str());
    return io_failure(what, target, err);
  };
  // mkstemp makes the file 0600; a manifest is as readable as the files it points at.
  if (::fchmod(fd, 0644) != 0)
    return fail("cannot set the permissions of the temporary file");
  if (!write_all(fd, text))
    return fail("cannot write the temporary file");
  if (::fsync(fd) != 0)
    return fail("cannot flush the temporary file to disk");
  if (::close(fd) != 0) {
    fd = -1;
    return fail("cannot close the temporary file");
  }
  fd = -1;
  // rename(2) replaces an existing manifest atomically: a reader sees the old or the new one.
  if (::rename(tmp.c_str(), target.c_str()) != 0)
    return fail("cannot rename the temporary file to _metadata");
  // The rename is durable only once the directory entry is.
  int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    return io_failure("cannot open the directory to flush it", target, errno);
  int rc = ::fsync(dir_fd);
  int err = errno;
  ::close(dir_fd);
  if (rc != 0)
    return io_failure("cannot flush the directory to disk", target, err);
  return std::nullopt;
}

// --- reading ---------------------------------------------------------------------------------

namespace {

/// What to do about a manifest that is there but cannot be used.
constexpr const char* restore_earlier =
  "; the checkpoint was not completed or the file is damaged: restore from an earlier chk-<n> "
  "directory or a savepoint";

/// Thrown inside the decoder, caught once at the top: the message names the field.
struct field_error {
  std::string message;
};

const json& field(const json& obj, const char* name, const std::string& at) {
  auto i = obj.find(name);
  if (i == obj.end())
    throw field_error{"field '" + at + name + "' is missing"};
  return *i;
}

[[noreturn]] void wrong_type(const std::string& path, const char* expected, const json& v) {
  throw field_error{"field '" + path + "' must be " + expected + ", not " + v.dump()};
}

std::string get_string(const json& obj, const char* name, const std::string& at = {}) {
  const auto& v = field(obj, name, at);
  if (!v.is_string())
    wrong_type(at + name, "a string", v);
  return v.get<std::string>();
}

bool get_bool(const json& obj, const char* name, const std::string& at = {}) {
  const auto& v = field(obj, name, at);
  if (!v.is_boolean())
    wrong_type(at + name, "true or false", v);
  return v.get<bool>();
}

std::uint64_t get_unsigned(const json& obj, const char* name, std::uint64_t max,
                           const std::string& at = {}) {
  const auto& v = field(obj, name, at);
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > max)
    wrong_type(at + name, ("an integer in 0.." + std::to_string(max)).c_str(), v);
  return v.get<std::uint64_t>();
}

std::int64_t get_signed(const json& obj, const char* name, const std::string& at = {}) {
  const auto& v = field(obj, name, at);
  if (!v.is_number_integer()
      || (v.is_number_unsigned()
          && v.get<std::uint64_t>()
               > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())))
    wrong_type(at + name, "a 64-bit integer", v);
  return v.get<std::int64_t>();
}

int get_int(const json& obj, const char* name, const std::string& at = {}) {
  const auto& v = field(obj, name, at);
  const bool fits =
    v.is_number_unsigned()
      ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())
      : v.is_number_integer() && v.get<std::int64_t>() >= std::numeric_limits<int>::min()
          && v.get<std::int64_t>() <= std::numeric_limits<int>::max();
  if (!fits)
    wrong_type(at + name, "a 32-bit integer", v);
  return static_cast<int>(v.get<std::int64_t>());
}

const json& get_array(const json& obj, const char* name, const std::string& at = {}) {
  const auto& v = field(obj, name, at);
  if (!v.is_array())
    wrong_type(at + name, "an array", v);
  return v;
}

const json& get_object(const json& obj, const char* name, const std::string& at = {}) {
  const auto& v = field(obj, name, at);
  if (!v.is_object())
    wrong_type(at + name, "an object", v);
  return v;
}

checkpoint_metadata from_body(const json& doc) {
  checkpoint_metadata meta;
  meta.version = static_cast<std::uint32_t>(
    get_unsigned(doc, "version", std::numeric_limits<std::uint32_t>::max()));
  meta.job_id = get_string(doc, "job_id");
  meta.job_name = get_string(doc, "job_name");
  meta.id = checkpoint_id{
    get_unsigned(doc, "checkpoint_id", std::numeric_limits<std::uint64_t>::max())};
  meta.savepoint = get_bool(doc, "savepoint");
  meta.timestamp_ms = get_signed(doc, "timestamp_ms");
  const auto& ops = get_array(doc, "operators");
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const std::string at = "operators[" + std::to_string(i) + "].";
    if (!ops[i].is_object())
      wrong_type(at.substr(0, at.size() - 1), "an object", ops[i]);
    operator_snapshot op;
    op.id = get_string(ops[i], "id", at);
    op.name = get_string(ops[i], "name", at);
    op.parallelism = get_int(ops[i], "parallelism", at);
    op.max_parallelism = get_int(ops[i], "max_parallelism", at);
    const auto& subs = get_array(ops[i], "subtasks", at);
    for (std::size_t j = 0; j < subs.size(); ++j) {
      const std::string sat = at + "subtasks[" + std::to_string(j) + "].";
      if (!subs[j].is_object())
        wrong_type(sat.substr(0, sat.size() - 1), "an object", subs[j]);
      subtask_state s;
      s.subtask = get_int(subs[j], "index", sat);
      const auto& kg = get_object(subs[j], "key_groups", sat);
      constexpr auto u32 = std::numeric_limits<std::uint32_t>::max();
      s.key_groups.first = static_cast<std::uint32_t>(get_unsigned(kg, "first", u32, sat + "key_groups."));
      s.key_groups.last = static_cast<std::uint32_t>(get_unsigned(kg, "last", u32, sat + "key_groups."));
      s.keyed = get_string(subs[j], "keyed", sat);
      s.operator_state = get_string(subs[j], "operator_state", sat);
      s.extras = get_string(subs[j], "extras", sat);
      if (subs[j].contains("channel_state"))
        s.channel_state = get_string(subs[j], "channel_state", sat);
      for (auto [name, field] : {std::pair{"input_watermark", &s.input_watermark},
                                 std::pair{"output_watermark", &s.output_watermark}})
        if (subs[j].contains(name) && !subs[j][name].is_null()) {
          if (!subs[j][name].is_number_integer())
            wrong_type(sat + name, "an integer or null", subs[j][name]);
          *field = subs[j][name].get<std::int64_t>();
        }
      s.bytes = get_unsigned(subs[j], "bytes", std::numeric_limits<std::uint64_t>::max(), sat);
      op.subtasks.push_back(std::move(s));
    }
    meta.operators.push_back(std::move(op));
  }
  return meta;
}

} // namespace

fs::path metadata_path(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) ? path / metadata_file_name : path;
}

std::variant<checkpoint_metadata, error> read_metadata(const fs::path& path) {
  std::error_code ec;
  const bool is_dir = fs::is_directory(path, ec);
  const fs::path file = is_dir ? path / metadata_file_name : path;
  const std::string name = "checkpoint manifest " + file.string();

  if (!fs::exists(path, ec))
    return error{errc::missing_input,
                 path.string()
                   + " does not exist: pass a chk-<n> or savepoint directory that contains "
                     "_metadata, or its _metadata file"};
  if (is_dir && !fs::exists(file, ec))
    return error{errc::missing_input,
                 name
                   + " does not exist: the checkpoint in this directory was not completed "
                     "(only completed checkpoints have one); pass a chk-<n> or savepoint "
                     "directory that contains _metadata"};
  if (fs::is_directory(file, ec))
    return error{errc::state_error, name + " is a directory, not a file" + restore_earlier};

  std::ifstream in{file, std::ios::binary};
  std::string text{std::istreambuf_iterator<char>{in}, {}};
  if (!in.good() && !in.eof())
    return error{errc::io_error, "cannot read " + name + " (" + std::strerror(errno)
                                   + "); check that it is readable"};

  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return error{errc::state_error, name + " is " + (text.empty() ? "empty" : "truncated")
                                      + " or not valid JSON (" + e.what() + ")"
                                      + restore_earlier};
  }
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != format_marker)
    return error{errc::state_error,
                 name + " is not a Weir checkpoint manifest (no \"format\": \"" + format_marker
                   + "\")" + restore_earlier};

  // The version comes before the checksum: a newer Weir may checksum differently.
  const auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_unsigned())
    return error{errc::state_error,
                 name + ": field 'version' is missing or not an unsigned integer"
                   + restore_earlier};
  const auto v = version->get<std::uint64_t>();
  if (v > checkpoint_metadata::current_version)
    return error{errc::state_error,
                 name + " has version " + std::to_string(v) + ", newer than this Weir reads (up to "
                   + std::to_string(checkpoint_metadata::current_version)
                   + "): restore or inspect it with the Weir release that wrote it or a newer one"};
  if (v < 1)
    return error{errc::state_error,
                 name + " has version 0, which no Weir writes" + restore_earlier};

  checkpoint_metadata meta;
  try {
    meta = from_body(doc);
  } catch (const field_error& e) {
    return error{errc::state_error, name + ": " + e.message + restore_earlier};
  }
  if (auto problem = model_problem(meta))
    return error{errc::state_error, name + ": " + *problem + restore_earlier};
  // Last: what is still well-formed after the checks above but not what was written (a
  // flipped digit in a count, a changed name) shows only here.
  const auto sum = doc.find("checksum");
  if (sum == doc.end() || !sum->is_string())
    return error{errc::state_error, name + ": field 'checksum' is missing or not a string"
                                      + restore_earlier};
  const std::string expected = checksum_prefix + hex64(fnv1a64(canonical(doc)));
  if (sum->get<std::string>() != expected)
    return error{errc::state_error,
                 name + " does not match its checksum (stored " + sum->get<std::string>()
                   + ", content hashes to " + expected + "): it was changed after it was "
                     "written"
                   + restore_earlier};

  return meta;
}

} // namespace weir::checkpoint
