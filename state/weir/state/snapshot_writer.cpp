#include "weir/state/snapshot_writer.hpp"

#include "weir/codec/codecs.hpp"
#include "weir/state/crc32.hpp"
#include "weir/state/snapshot_format.hpp"

namespace weir::state {

snapshot_writer::~snapshot_writer() = default;

result<std::unique_ptr<snapshot_writer>>
snapshot_writer::create(const std::filesystem::path& directory, int max_parallelism,
                        flow::key_group_range key_groups, const std::vector<state_meta>& states) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot create snapshot directory " + directory.string() + ": " + ec.message()};
  auto w = std::unique_ptr<snapshot_writer>(new snapshot_writer());
  w->directory_ = directory;
  w->file_ = directory / snapshot_format::file_name;
  w->range_ = key_groups;
  w->out_.open(w->file_, std::ios::binary | std::ios::trunc);
  if (!w->out_)
    return error{errc::io_error, "cannot create snapshot file " + w->file_.string()};
  std::string head{snapshot_format::magic};
  byte_writer hw{head};
  hw.write(snapshot_format::version);
  w->out_.write(head.data(), static_cast<std::streamsize>(head.size()));
  std::string payload;
  byte_writer pw{payload};
  pw.write(static_cast<std::uint32_t>(max_parallelism));
  pw.write(key_groups.first);
  pw.write(key_groups.last);
  pw.write_varint(states.size());
  for (const auto& s : states) {
    pw.write(s.name);
    pw.write(static_cast<std::uint8_t>(s.kind));
    pw.write(s.ttl);
    pw.write(s.type);
  }
  w->write_block(payload);
  return w;
}

void snapshot_writer::write_block(std::string_view payload) {
  std::string frame;
  byte_writer fw{frame};
  fw.write(static_cast<std::uint64_t>(payload.size()));
  out_.write(frame.data(), static_cast<std::streamsize>(frame.size()));
  out_.write(payload.data(), static_cast<std::streamsize>(payload.size()));
  frame.clear();
  fw.write(crc32(payload));
  out_.write(frame.data(), static_cast<std::streamsize>(frame.size()));
}

void snapshot_writer::begin_key_group(flow::key_group group) {
  current_ = group;
  block_.clear();
}

void snapshot_writer::add(std::size_t state_index, std::string_view key,
                          std::string_view value) {
  byte_writer w{block_};
  w.write_varint(state_index);
  w.write_varint(key.size());
  w.write_bytes(key);
  w.write_varint(value.size());
  w.write_bytes(value);
  ++entries_;
}

snapshot_entry_sink& snapshot_writer::sink(std::size_t state_index) {
  sink_.writer = this;
  sink_.index = state_index;
  return sink_;
}

void snapshot_writer::end_key_group() {
  std::string kg;
  byte_writer{kg}.write(current_.value);
  out_.write(kg.data(), static_cast<std::streamsize>(kg.size()));
  write_block(block_);
}

result<keyed_state_snapshot> snapshot_writer::finish() {
  out_.flush();
  auto size = static_cast<std::uint64_t>(out_.tellp());
  out_.close();
  if (!out_)
    return error{errc::io_error, "writing snapshot file " + file_.string() + " failed"};
  bytes_ = size;
  return keyed_state_snapshot{directory_, file_, range_, entries_, bytes_};
}

} // namespace weir::state
