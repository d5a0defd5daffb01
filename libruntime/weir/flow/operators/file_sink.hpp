#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "weir/flow/operators/sink_operator.hpp"
#include "weir/record_format.hpp"

namespace weir::flow {

/// Where instance `subtask` of `parallelism` writes: the path itself at parallelism 1, else a
/// directory at the path holding files "1".."N" (Flink's writeAsText layout).
std::filesystem::path sink_file_path(const std::string& path, int subtask, int parallelism);

/// write_as_text / write_as_csv: one line per record. `csv_delimiter` of 0 means text.
template <class T>
class file_sink final : public sink_operator<T> {
public:
  file_sink(runtime_context ctx, std::string path, char csv_delimiter)
    : sink_operator<T>(std::move(ctx)), path_(std::move(path)), delimiter_(csv_delimiter) {}

  void open() override {
    auto& ctx = this->context();
    auto file = sink_file_path(path_, ctx.index_of_this_subtask(),
                               ctx.number_of_parallel_subtasks());
    std::error_code ec;
    if (file.has_parent_path())
      std::filesystem::create_directories(file.parent_path(), ec);
    out_.open(file, std::ios::out | std::ios::trunc);
    if (!out_)
      this->fail("cannot open output file '" + file.string()
                 + "' for writing; check that its directory is writable");
    file_ = file.string();
  }

  void finish() override {
    out_.flush();
    if (!out_)
      this->fail("writing '" + file_ + "' failed; check free disk space");
  }
  void close() override { out_.close(); }

protected:
  void write(std::vector<T>& batch) override {
    for (const auto& r : batch) {
      if (delimiter_ != 0)
        format_csv(out_, r, delimiter_);
      else
        format_record(out_, r);
      out_ << '\n';
    }
  }

private:
  std::string path_;
  std::string file_;
  char delimiter_;
  std::ofstream out_;
};

} // namespace weir::flow
