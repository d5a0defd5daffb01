#include "weir/state/operator_snapshot_file.hpp"

#include <fstream>
#include <iterator>

#include "weir/codec/codecs.hpp"
#include "weir/state/crc32.hpp"
#include "weir/state/open_snapshot_file.hpp"
#include "weir/state/operator_snapshot_format.hpp"

namespace weir::state {

namespace {

// A header entry is a name and a mode byte; a state entry a key and a value string.
constexpr std::size_t min_header_entry_size =
  min_encoded_size_v<std::string> + min_encoded_size_v<std::uint8_t>;
constexpr std::size_t min_entry_size = 2 * min_encoded_size_v<std::string>;

void append_block(std::string& out, std::string_view payload) {
  byte_writer w{out};
  w.write(static_cast<std::uint64_t>(payload.size()));
  w.write_bytes(payload);
  w.write(crc32(payload));
}

// Walks the file's bytes (operator state is small: the whole file is read at once).
class block_reader {
public:
  block_reader(std::string bytes, std::filesystem::path file)
    : bytes_(std::move(bytes)), file_(std::move(file)) {}

  error truncated(const std::string& what) const {
    return error{errc::snapshot_truncated,
                 "snapshot file " + file_.string() + " is truncated (in " + what
                   + "); it was not completely written"};
  }
  error corrupt(const std::string& what) const {
    return error{errc::snapshot_corrupt,
                 "snapshot file " + file_.string() + " is corrupt: " + what};
  }

  result<std::string_view> take(std::size_t n, const std::string& what) {
    if (n > bytes_.size() - pos_)
      return truncated(what);
    auto out = std::string_view{bytes_}.substr(pos_, n);
    pos_ += n;
    return out;
  }

  result<std::string_view> block(const std::string& what) {
    auto len = take(8, what);
    if (!len)
      return len.err();
    auto n = *decode<std::uint64_t>(*len);
    if (n > bytes_.size() - pos_)
      return truncated(what);
    auto payload = *take(static_cast<std::size_t>(n), what);
    auto crc = take(4, what);
    if (!crc)
      return crc.err();
    if (*decode<std::uint32_t>(*crc) != crc32(payload))
      return corrupt("checksum mismatch in " + what);
    return payload;
  }

  [[nodiscard]] bool at_end() const noexcept { return pos_ == bytes_.size(); }
  [[nodiscard]] std::size_t left() const noexcept { return bytes_.size() - pos_; }

private:
  std::string bytes_;
  std::filesystem::path file_;
  std::size_t pos_ = 0;
};

} // namespace

result<operator_state_snapshot>
operator_snapshot_file::write(const std::filesystem::path& directory,
                              const operator_state_image& image) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot create snapshot directory " + directory.string() + ": " + ec.message()};
  operator_state_snapshot out{directory, directory / operator_snapshot_format::file_name};
  std::string bytes{operator_snapshot_format::magic};
  byte_writer{bytes}.write(operator_snapshot_format::version);
  std::string payload;
  byte_writer pw{payload};
  pw.write(static_cast<std::uint32_t>(image.subtask_index));
  pw.write(static_cast<std::uint32_t>(image.parallelism));
  pw.write_varint(image.states.size());
  for (const auto& s : image.states) {
    pw.write(s.name);
    pw.write(static_cast<std::uint8_t>(s.mode));
  }
  append_block(bytes, payload);
  for (const auto& s : image.states) {
    payload.clear();
    pw.write_varint(s.entries.size());
    for (const auto& e : s.entries) {
      pw.write(e.key);
      pw.write(e.value);
    }
    append_block(bytes, payload);
    out.entries += s.entries.size();
  }
  std::ofstream file{out.file, std::ios::binary | std::ios::trunc};
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file)
    return error{errc::io_error, "writing snapshot file " + out.file.string() + " failed"};
  out.states = image.states.size();
  out.bytes = bytes.size();
  return out;
}

result<operator_state_image> operator_snapshot_file::read(const std::filesystem::path& directory) {
  auto opened = open_snapshot_file(directory, operator_snapshot_format::file_name,
                                   "operator-state");
  if (!opened)
    return opened.err();
  auto file = opened->file;
  std::string bytes(static_cast<std::size_t>(opened->size), '\0');
  opened->in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<std::size_t>(opened->in.gcount()) != bytes.size())
    return error{errc::snapshot_truncated,
                 "snapshot file " + file.string() + " ended while being read (it is "
                   + std::to_string(bytes.size()) + " bytes long); was it being rewritten?"};
  if (opened->in.peek() != std::char_traits<char>::eof())
    return error{errc::snapshot_corrupt,
                 "snapshot file " + file.string() + " grew while being read; was it being "
                   "rewritten?"};
  block_reader r{std::move(bytes), file};
  auto magic = r.take(operator_snapshot_format::magic.size() + 4, "file header");
  if (!magic)
    return magic.err();
  if (magic->substr(0, operator_snapshot_format::magic.size()) != operator_snapshot_format::magic)
    return error{errc::snapshot_version,
                 "file " + file.string() + " is not a Weir operator-state snapshot (bad magic)"};
  auto version = *decode<std::uint32_t>(magic->substr(operator_snapshot_format::magic.size()));
  if (version != operator_snapshot_format::version)
    return error{errc::snapshot_version,
                 "snapshot file " + file.string() + " has format version " + std::to_string(version)
                   + "; this build reads version "
                   + std::to_string(operator_snapshot_format::version)};
  auto header = r.block("header");
  if (!header)
    return header.err();
  operator_state_image image;
  image.file = file;
  byte_reader hr{*header};
  std::uint32_t index = 0;
  std::uint32_t parallelism = 0;
  std::size_t count = 0;
  hr.read(index) && hr.read(parallelism)
    && hr.read_count(count, min_header_entry_size, "state count");
  image.states.reserve(count);
  for (std::size_t i = 0; i < count && hr.ok(); ++i) {
    operator_state_image::state s;
    std::uint8_t mode = 0;
    hr.read(s.name) && hr.read(mode);
    if (hr.ok() && (mode < 1 || mode > 3))
      hr.fail(codec_errc::corrupt, "operator state mode");
    s.mode = static_cast<operator_state_mode>(mode);
    image.states.push_back(std::move(s));
  }
  if (hr.ok() && !hr.at_end())
    hr.fail(codec_errc::trailing_bytes, "after header");
  if (!hr.ok())
    return r.corrupt("header does not decode: " + hr.error()->to_string());
  if (parallelism == 0 || index >= parallelism)
    return r.corrupt("subtask index " + std::to_string(index) + " of parallelism "
                     + std::to_string(parallelism));
  image.subtask_index = static_cast<int>(index);
  image.parallelism = static_cast<int>(parallelism);
  for (auto& s : image.states) {
    auto what = "block of state '" + s.name + "'";
    auto payload = r.block(what);
    if (!payload)
      return payload.err();
    byte_reader br{*payload};
    std::size_t n = 0;
    br.read_count(n, min_entry_size, "entry count");
    s.entries.reserve(n);
    for (std::size_t i = 0; i < n && br.ok(); ++i) {
      operator_state_image::entry e;
      br.read(e.key) && br.read(e.value);
      s.entries.push_back(std::move(e));
    }
    if (br.ok() && !br.at_end())
      br.fail(codec_errc::trailing_bytes, "after entries");
    if (!br.ok())
      return r.corrupt(what + " does not decode: " + br.error()->to_string());
  }
  if (!r.at_end())
    return r.corrupt(std::to_string(r.left()) + " bytes follow the last state block");
  return image;
}

} // namespace weir::state
