#include "weir/flow/operators/text_file_source.hpp"

#include <cstring>
#include <filesystem>

#include "weir/flow/operators/generator_source.hpp"

namespace weir::flow {

text_file_source::text_file_source(runtime_context ctx, std::string path)
  : typed_source_operator<std::string>(std::move(ctx)), path_(std::move(path)) {}

std::optional<error> text_file_source::validate(const std::string& path) {
  std::error_code ec;
  auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st))
    return error{errc::missing_input,
                 "input file '" + path + "' does not exist; check the path given to "
                 "read_text_file"};
  if (!std::filesystem::is_regular_file(st))
    return error{errc::missing_input,
                 "input '" + path + "' is not a regular file; read_text_file reads one file"};
  std::ifstream probe{path};
  if (!probe)
    return error{errc::missing_input,
                 "input file '" + path + "' cannot be opened for reading; check permissions"};
  return std::nullopt;
}

void text_file_source::open() {
  in_.open(path_, std::ios::binary);
  if (!in_)
    fail(errc::io_error, "cannot open input file '" + path_ + "'; check that it exists and is readable");
  if (restored_) {
    // Resume at the recorded line starts: no partial line to skip.
    next_range();
    return;
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(path_, ec);
  if (ec)
    fail(errc::io_error, "cannot read the size of '" + path_ + "': " + ec.message());
  auto split = index_split::of(size, context().index_of_this_subtask(),
                               context().number_of_parallel_subtasks());
  end_ = split.last;
  pos_ = split.first;
  if (pos_ > 0) {
    // A line that starts before our range belongs to the previous instance: skip to the
    // first line that starts at or after pos_ (the byte before pos_ tells if one does).
    in_.seekg(static_cast<std::streamoff>(pos_ - 1));
    std::getline(in_, line_);
    pos_ += line_.size(); // bytes consumed past pos_ - 1, minus the newline
  } else {
    in_.seekg(0);
  }
}

void text_file_source::close() { in_.close(); }

bool text_file_source::next_range() {
  if (pending_.empty()) {
    pos_ = end_ = 0;
    return false;
  }
  pos_ = pending_.front().first;
  end_ = pending_.front().second;
  pending_.erase(pending_.begin());
  in_.clear();
  in_.seekg(static_cast<std::streamoff>(pos_));
  return true;
}

void text_file_source::snapshot_state(state_snapshot_context& ctx) {
  // The position as byte ranges whose first byte starts a line: [next line, end of range).
  auto add = [&](std::uint64_t from, std::uint64_t to) {
    if (from >= to)
      return;
    char bytes[16];
    std::memcpy(bytes, &from, 8);
    std::memcpy(bytes + 8, &to, 8);
    ctx.add_element(part, std::string_view{bytes, 16});
  };
  add(pos_, end_);
  for (const auto& [from, to] : pending_)
    add(from, to);
  if (pos_ >= end_ && pending_.empty()) {
    // Done: an empty range says so, so that a restore does not start the source over.
    char bytes[16] = {};
    ctx.add_element(part, std::string_view{bytes, 16});
  }
}

void text_file_source::initialize_state(state_initialization_context& ctx) {
  if (!ctx.is_restored())
    return;
  restored_ = true;
  pending_.clear();
  for (const auto& e : ctx.elements(part)) {
    if (e.size() != 16)
      continue;
    std::uint64_t from = 0;
    std::uint64_t to = 0;
    std::memcpy(&from, e.data(), 8);
    std::memcpy(&to, e.data() + 8, 8);
    pending_.emplace_back(from, to);
  }
}

source_status text_file_source::produce(collector<std::string>& out, std::size_t max_records) {
  for (std::size_t i = 0; i < max_records; ++i) {
    while (pos_ >= end_)
      if (!next_range())
        return source_status::end_of_input;
    if (!std::getline(in_, line_)) {
      pos_ = end_;
      continue;
    }
    bool had_newline = !in_.eof();
    pos_ += line_.size() + (had_newline ? 1 : 0);
    if (!line_.empty() && line_.back() == '\r')
      line_.pop_back();
    out.collect(line_);
  }
  return source_status::more_available;
}

} // namespace weir::flow
