#pragma once

#include <optional>
#include <vector>

#include "weir/flow/csv_line_writer.hpp"
#include "weir/flow/operators/file_output.hpp"
#include "weir/flow/operators/sink_operator.hpp"
#include "weir/flow/part_file.hpp"
#include "weir/record_format.hpp"

namespace weir::flow {

/// write_as_text / write_as_csv: one line per record, in this instance's part file (see
/// file_output for the layout and part_file for how lines reach the disk). The file gets its
/// final name when the input ended; a cancelled or failed job leaves `<file>.inprogress`.
template <class T>
class file_sink final : public sink_operator<T> {
public:
  file_sink(runtime_context ctx, file_output output)
    : sink_operator<T>(std::move(ctx)), output_(std::move(output)), csv_(output_.delimiter) {}

  void open() override {
    auto& ctx = this->context();
    int subtask = ctx.index_of_this_subtask();
    int parallelism = ctx.number_of_parallel_subtasks();
    check(output_.prepare(subtask, parallelism));
    check(file_.open(output_.part_path(subtask, parallelism)));
  }

  void finish() override { check(file_.commit(output_.mode == write_mode::overwrite)); }
  void close() override { file_.abandon(); }

protected:
  void write(std::vector<T>& batch) override {
    for (const auto& r : batch) {
      if (output_.csv)
        csv_.append(file_.line(), r);
      else
        format_record(file_.stream(), r);
      check(file_.end_line());
    }
    check(file_.flush());
  }

private:
  void check(std::optional<error> err) const {
    if (err)
      this->fail(err->code(), err->message());
  }

  file_output output_;
  csv_line_writer csv_;
  part_file file_;
};

} // namespace weir::flow
