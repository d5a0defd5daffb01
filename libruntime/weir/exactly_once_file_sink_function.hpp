#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "weir/exactly_once_file_sink_fwd.hpp"
#include "weir/file_sink_transaction.hpp"
#include "weir/flow/csv_line_writer.hpp"
#include "weir/flow/part_file_directory.hpp"
#include "weir/line_format.hpp"
#include "weir/record_format.hpp"
#include "weir/state/list_state_descriptor.hpp"
#include "weir/two_phase_commit_sink_function.hpp"

namespace weir {

/// An exactly-once file sink (Flink's FileSink in row format, simplified) on
/// two_phase_commit_sink_function: each parallel instance `s` writes the records of one
/// checkpoint interval into `<dir>/.part-<s>-<n>.inprogress`; the checkpoint pre-commits it
/// (flushed and synced), and when the checkpoint completed it becomes `<dir>/part-<s>-<n>`.
/// Only finished parts have names without a leading '.', so a reader of `<dir>` that skips
/// hidden files sees every record exactly once, after any number of failures and restarts,
/// at any parallelism. At the end of a bounded job the last part is committed once every task
/// finished. An interval without records makes no file.
///
/// A restored instance commits the pending parts it got (again, if they were committed
/// already), removes the parts written after the checkpoint, and numbers its parts on from
/// the checkpoint, so a replay writes the same names; a job that restores nothing numbers
/// after the finished parts already in `<dir>` and removes its own stale in-progress files.
/// Lines are rendered as write_as_text or write_as_csv render them (line_format).
///
/// Use it with data_stream::add_sink; each instance gets a copy. Task thread only.
template <class T>
class exactly_once_file_sink_function final
  : public two_phase_commit_sink_function<T, file_sink_transaction> {
  using base = two_phase_commit_sink_function<T, file_sink_transaction>;

public:
  /// The union list state holding (subtask, next part number) of every instance.
  static constexpr const char* counters_state_name = "exactly-once-file-sink-part-counters";

  explicit exactly_once_file_sink_function(std::string directory,
                                           line_format format = line_format::text())
    : dir_(std::move(directory)), format_(format) {}

  exactly_once_file_sink_function(const exactly_once_file_sink_function& other)
    : base(other), dir_(other.dir_), format_(other.format_) {}

  [[nodiscard]] const std::filesystem::path& directory() const noexcept { return dir_.path(); }

  void initialize_state(function_initialization_context& ctx) override {
    subtask_ = ctx.runtime_context().index_of_this_subtask();
    int parallelism = ctx.runtime_context().number_of_parallel_subtasks();
    check(dir_.create());
    counters_ = &ctx.get_union_list_state(
      state::list_state_descriptor<std::pair<std::int32_t, std::uint64_t>>{counters_state_name});
    if (ctx.is_restored()) {
      // Every instance sees every former instance's counter; the one that owns a former
      // instance (by index modulo the parallelism) removes what it wrote after the checkpoint.
      // The restored transactions themselves are numbered below the counters, so the base's
      // recovery and this cleanup never touch the same file.
      std::optional<std::uint64_t> restored;
      for (auto [former, next] : counters_->get()) {
        if (former == subtask_)
          restored = next;
        if (former % parallelism == subtask_)
          check(dir_.discard_from(former, next));
      }
      // An instance new after a scale-out continues after what is already there.
      next_part_ = restored ? *restored : dir_.next_after_finished(subtask_);
    } else {
      check(dir_.discard_from(subtask_, 0));
      next_part_ = dir_.next_after_finished(subtask_);
    }
    counters_->update({{subtask_, next_part_}});
    base::initialize_state(ctx);
  }

  void snapshot_state(const function_snapshot_context& ctx) override {
    base::snapshot_state(ctx);
    counters_->update({{subtask_, next_part_}});
  }

protected:
  file_sink_transaction begin_transaction() override {
    file_sink_transaction txn;
    txn.subtask = subtask_;
    return txn;
  }

  void invoke(file_sink_transaction& txn, const T& value) override {
    if (!txn.has_part) {
      txn.part = next_part_++;
      txn.has_part = true;
      txn.file = std::make_shared<flow::part_file>();
      check(txn.file->open(dir_.hidden_base(txn.subtask, txn.part)));
    }
    auto& file = *txn.file;
    if (format_.is_csv()) {
      if (!csv_)
        csv_ = std::make_unique<flow::csv_line_writer>(format_.delimiter());
      csv_->append(file.line(), value);
    } else {
      format_record(file.stream(), value);
    }
    check(file.end_line());
  }

  void pre_commit(file_sink_transaction& txn) override {
    if (!txn.has_part)
      return;
    if (txn.file) {
      check(txn.file->flush());
      txn.file->abandon(); // closes; the name stays hidden until commit
      txn.file.reset();
    }
    check(dir_.sync(txn.subtask, txn.part));
  }

  void commit(file_sink_transaction& txn) override {
    if (txn.has_part)
      check(dir_.commit(txn.subtask, txn.part));
  }

  void abort(file_sink_transaction& txn) override {
    if (!txn.has_part)
      return;
    if (txn.file) {
      txn.file->abandon();
      txn.file.reset();
    }
    check(dir_.discard(txn.subtask, txn.part));
  }

private:
  static void check(std::optional<error> err) {
    if (err)
      throw weir_exception(std::move(*err));
  }

  flow::part_file_directory dir_;
  line_format format_;
  std::int32_t subtask_ = 0;
  std::uint64_t next_part_ = 0;
  state::list_state<std::pair<std::int32_t, std::uint64_t>>* counters_ = nullptr;
  std::unique_ptr<flow::csv_line_writer> csv_; // per instance, made on first use
};

/// An exactly-once file sink writing the part files of every parallel instance into
/// `directory` (see exactly_once_file_sink_function):
///
///   stream.add_sink(weir::exactly_once_file_sink<std::string>("/data/out"), "Exactly-once Sink");
///
/// Run the job with checkpointing enabled (environment::enable_checkpointing): parts are
/// committed when checkpoints complete, and once more when the job ends.
template <class T>
exactly_once_file_sink_function<T> exactly_once_file_sink(std::string directory,
                                                          line_format format) {
  return exactly_once_file_sink_function<T>(std::move(directory), format);
}

} // namespace weir
