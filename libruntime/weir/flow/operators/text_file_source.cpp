#include "weir/flow/operators/text_file_source.hpp"

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

source_status text_file_source::produce(collector<std::string>& out, std::size_t max_records) {
  for (std::size_t i = 0; i < max_records; ++i) {
    if (pos_ >= end_ || !std::getline(in_, line_))
      return source_status::end_of_input;
    bool had_newline = !in_.eof();
    pos_ += line_.size() + (had_newline ? 1 : 0);
    if (!line_.empty() && line_.back() == '\r')
      line_.pop_back();
    out.collect(line_);
  }
  return source_status::more_available;
}

} // namespace weir::flow
