#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/checkpoint_listener.hpp"
#include "weir/checkpointed_function.hpp"
#include "weir/codec/codecs.hpp"
#include "weir/error.hpp"
#include "weir/sink_function.hpp"
#include "weir/state/list_state_descriptor.hpp"

namespace weir {

/// Base of exactly-once sinks (Flink's TwoPhaseCommitSinkFunction): what the sink writes
/// between two checkpoints goes into one transaction, which is pre-committed in the
/// synchronous part of the checkpoint and committed only when that checkpoint completed. A
/// failure before that rolls it back: the job restores the checkpoint and replays the input
/// after it, so every record reaches the committed output once.
///
/// Implement begin_transaction, invoke(Txn&, const T&), pre_commit, commit and abort;
/// recover_and_commit and recover_and_abort default to commit and abort. commit and
/// recover_and_commit must be idempotent: after a failure between a checkpoint's completion
/// and its notification the restored sink commits the same transaction again. Txn is a
/// handle to one transaction: copyable, default constructible, with a weir::codec (what the
/// codec writes is what the restored sink gets back; anything else, such as an open file,
/// need not survive).
///
/// Lifecycle of one parallel instance, on its task's thread:
/// - initialize_state (before open): takes its operator list state; on a restore commits the
///   pending transactions it got (recover_and_commit) and aborts the open ones
///   (recover_and_abort), then begins the first transaction.
/// - invoke(value): writes into the current transaction.
/// - snapshot_state(checkpoint n): pre-commits the current transaction, keeps it pending
///   under n, begins the next one, and writes every pending transaction to the state.
/// - notify_checkpoint_complete(n): commits every pending transaction of a checkpoint <= n.
///   notify_checkpoint_aborted leaves them pending: the next completed checkpoint covers them.
/// - finish (end of a bounded input): pre-commits the current transaction for the final
///   checkpoint (final_checkpoint_id), which the runtime notifies once every task of the job
///   finished (commits_at_job_end), so a failure anywhere before the job's end still rolls
///   it back.
/// - close (also on cancellation and failure): aborts the current transaction.
///
/// Derived classes that override invoke(Txn&, const T&) hide invoke(const T&): call the
/// latter through sink_function<T>& (as the runtime does) or add a using-declaration.
template <class T, class Txn>
class two_phase_commit_sink_function : public sink_function<T>,
                                       public checkpointed_function,
                                       public checkpoint_listener {
public:
  static_assert(has_codec<Txn> && std::is_default_constructible_v<Txn>
                  && std::is_copy_constructible_v<Txn>,
                "weir: the transaction type of a two_phase_commit_sink_function must be "
                "copyable, default constructible and have a weir::codec (see weir/codec/codec.hpp)");

  using transaction_type = Txn;
  /// A pre-committed transaction and the checkpoint it belongs to.
  using pending_transaction = std::pair<checkpoint_id, Txn>;
  /// The name of the operator list state that holds the transactions.
  static constexpr const char* state_name = "two-phase-commit-transactions";

  two_phase_commit_sink_function() = default;
  /// A copy is a fresh instance without transactions: the runtime copies the function given
  /// to add_sink once per parallel instance, before any of them starts.
  two_phase_commit_sink_function(const two_phase_commit_sink_function&) noexcept
    : sink_function<T>(), checkpointed_function(), checkpoint_listener() {}
  two_phase_commit_sink_function& operator=(const two_phase_commit_sink_function&) = delete;

  // -- sink_function ---------------------------------------------------------------------------
  void invoke(const T& value) final {
    if (!current_)
      throw weir_exception(error{errc::internal, "a two-phase-commit sink got a record "
                                                 "without an open transaction (after finish, or "
                                                 "before initialize_state)"});
    invoke(*current_, value);
  }

  /// Pre-commits the current transaction for the final checkpoint. A derived class that
  /// overrides finish() calls this one last.
  void finish() override {
    if (!current_)
      return;
    pre_commit(*current_);
    pending_.emplace_back(final_checkpoint_id, std::move(*current_));
    current_.reset();
  }

  /// Aborts the current transaction; pending ones stay (they belong to checkpoints). A
  /// derived class that overrides close() calls this one.
  void close() override {
    if (!current_)
      return;
    try {
      abort(*current_);
    } catch (...) {
      current_.reset();
      throw;
    }
    current_.reset();
  }

  // -- checkpointed_function -------------------------------------------------------------------
  void snapshot_state(const function_snapshot_context& ctx) override {
    if (current_) {
      pre_commit(*current_);
      pending_.emplace_back(ctx.checkpoint_id(), std::move(*current_));
      current_ = begin_transaction();
    }
    state_image image;
    image.first = current_;
    for (const auto& [id, txn] : pending_)
      image.second.emplace_back(id.value(), txn);
    state_->update({std::move(image)});
  }

  void initialize_state(function_initialization_context& ctx) override {
    state_ = &ctx.get_list_state(state::list_state_descriptor<state_image>{state_name});
    pending_.clear();
    if (ctx.is_restored()) {
      // Each image is one former instance's: at another parallelism an instance may get
      // several or none. Whether a pending transaction was committed before the failure is
      // unknown (the notification may have been lost), hence commit it again.
      for (auto& [open, pending] : state_->get()) {
        for (auto& [id, txn] : pending)
          recover_and_commit(txn);
        if (open)
          recover_and_abort(*open);
      }
      state_->clear();
    }
    current_ = begin_transaction();
  }

  // -- checkpoint_listener ---------------------------------------------------------------------
  /// Commits the pending transactions of checkpoints up to `id`, in checkpoint order. If a
  /// commit throws, the others are still committed, and then the first error is rethrown:
  /// the task fails and the restored sink commits again.
  void notify_checkpoint_complete(checkpoint_id id) override {
    std::exception_ptr first;
    std::vector<pending_transaction> later;
    for (auto& p : pending_) {
      if (p.first > id) {
        later.push_back(std::move(p));
        continue;
      }
      try {
        commit(p.second);
      } catch (...) {
        if (!first)
          first = std::current_exception();
      }
    }
    pending_ = std::move(later);
    if (first)
      std::rethrow_exception(first);
  }

  /// The operator that runs this sink keeps its task until the final checkpoint.
  [[nodiscard]] bool commits_at_job_end() const noexcept { return true; }

  // -- inspection (tests, logs) ----------------------------------------------------------------
  /// The transaction records go to now; empty before initialize_state and after finish/close.
  [[nodiscard]] const std::optional<Txn>& current_transaction() const noexcept { return current_; }
  /// Pre-committed transactions not committed yet, oldest first.
  [[nodiscard]] const std::vector<pending_transaction>& pending_transactions() const noexcept {
    return pending_;
  }

protected:
  /// Opens a new transaction.
  virtual Txn begin_transaction() = 0;
  /// Writes `value` into `txn`.
  virtual void invoke(Txn& txn, const T& value) = 0;
  /// Makes `txn` ready to commit: after it, commit must succeed even after a restart (flush,
  /// sync). Nothing of it is visible yet.
  virtual void pre_commit(Txn& txn) = 0;
  /// Makes a pre-committed `txn` visible. Idempotent.
  virtual void commit(Txn& txn) = 0;
  /// Discards `txn`, pre-committed or not.
  virtual void abort(Txn& txn) = 0;
  /// A restored pending transaction, perhaps committed already: commit it if not.
  virtual void recover_and_commit(Txn& txn) { commit(txn); }
  /// A restored transaction that was open at the checkpoint: discard it.
  virtual void recover_and_abort(Txn& txn) { abort(txn); }

private:
  // One element per former instance: its open transaction and its pending ones by id.
  using state_image = std::pair<std::optional<Txn>, std::vector<std::pair<std::uint64_t, Txn>>>;

  std::optional<Txn> current_;
  std::vector<pending_transaction> pending_;
  state::list_state<state_image>* state_ = nullptr;
};

} // namespace weir
