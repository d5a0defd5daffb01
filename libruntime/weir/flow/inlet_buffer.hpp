#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/error.hpp"
#include "weir/flow/demand_ledger.hpp"
#include "weir/source_function.hpp"

namespace weir {

/// What an inlet tells a demand-driven producer (the actor layer turns each into a message:
/// weir::inlet_demand, weir::inlet_covered, weir::inlet_closed).
struct inlet_signal {
  enum class kind {
    demand,  ///< `records` more records may be sent
    covered, ///< the producer's first `records` records are in a completed checkpoint
    closed,  ///< the inlet accepts nothing more (closed, or the job ended): `reason` says why
  };
  kind what = kind::demand;
  std::uint64_t records = 0;
  std::string reason;
};

} // namespace weir

namespace weir::flow {

/// The shared middle of an actor source (environment::from_actor): producers on any thread put
/// records in, the source task takes them out. Thread-safe; one mutex, taken once per batch.
///
/// - **Bounded.** Producers send only against demand (demand_ledger): buffered records plus
///   demand granted never exceed the capacity. Demand-driven producers (actors) hear of their
///   demand through a callback; blocking senders wait on a condition variable.
/// - **Ordered.** One FIFO: each producer's records come out in the order it sent them.
/// - **Replayable.** With checkpoints, records the source took stay in a log until a
///   checkpoint covering them completes; a restarted source rewinds to its checkpoint's
///   position and gets them again, in order, so a restart neither loses nor duplicates what
///   producers had handed over. Each record has a position (its index in the inlet's total
///   order); the source checkpoints the position it reached.
template <class T>
class inlet_buffer {
public:
  using producer_id = demand_ledger::producer_id;
  using notify_fn = std::function<void(inlet_signal)>;
  /// The producer behind the blocking send() calls.
  static constexpr producer_id blocking_producer = 0;

  inlet_buffer(std::string name, std::uint64_t capacity)
    : name_(std::move(name)), ledger_(capacity) {}
  inlet_buffer(const inlet_buffer&) = delete;
  inlet_buffer& operator=(const inlet_buffer&) = delete;

  [[nodiscard]] const std::string& name() const noexcept { return name_; }

  // -- producers -------------------------------------------------------------------------------

  /// A demand-driven producer joins: `notify` hears its demand (the first grant at once, if
  /// the buffer has room), its coverage and the inlet's end. Called from any thread, never
  /// with the buffer's lock held.
  producer_id open_producer(notify_fn notify) {
    std::vector<demand_ledger::grant> grants;
    producer_id id;
    std::optional<std::string> refused;
    {
      std::lock_guard lock{mtx_};
      id = next_producer_++;
      auto& p = producers_[id];
      p.notify = notify;
      if (ended())
        refused = end_reason_;
      else
        grants = ledger_.open(id);
    }
    if (refused && notify)
      notify(inlet_signal{inlet_signal::kind::closed, 0, *refused});
    dispatch(grants);
    return id;
  }

  /// Records from demand-driven producer `p`, at most the demand it was granted; an error
  /// (nothing taken) otherwise, or once the inlet is closed or its job ended.
  [[nodiscard]] std::optional<error> offer(producer_id p, std::vector<T>&& records) {
    if (records.empty())
      return std::nullopt;
    std::function<void()> wake;
    {
      std::lock_guard lock{mtx_};
      if (auto err = refuse_locked())
        return err;
      if (auto err = ledger_.accept(p, records.size()))
        return error{err->code(), "inlet '" + name_ + "': " + err->message()};
      enqueue_locked(p, std::move(records));
      wake = take_wake_locked();
    }
    if (wake)
      wake();
    return std::nullopt;
  }

  /// Producer `p` leaves; its unused demand goes to the others.
  void close_producer(producer_id p) {
    std::vector<demand_ledger::grant> grants;
    {
      std::lock_guard lock{mtx_};
      producers_.erase(p);
      grants = ledger_.close(p);
    }
    dispatch(grants);
  }

  /// Outstanding demand of producer `p`.
  [[nodiscard]] std::uint64_t demand(producer_id p) const {
    std::lock_guard lock{mtx_};
    return ledger_.outstanding(p);
  }

  /// Blocking send (any thread but a scheduler thread): waits for room, then appends. An error
  /// if the inlet is closed or its job ended, with the records not appended yet dropped (the
  /// error says how many were accepted).
  [[nodiscard]] std::optional<error> send_blocking(std::vector<T>&& records) {
    std::vector<demand_ledger::grant> grants;
    std::optional<error> result;
    std::function<void()> wake;
    {
      std::unique_lock lock{mtx_};
      if (!blocking_open_) {
        blocking_open_ = true;
        producers_[blocking_producer];
        grants = ledger_.open(blocking_producer);
      }
      std::size_t done = 0;
      while (done < records.size()) {
        cv_.wait(lock, [&] {
          return ended() || ledger_.outstanding(blocking_producer) > 0;
        });
        if (auto err = refuse_locked()) {
          result = error{err->code(), err->message() + " (" + std::to_string(done) + " of "
                                        + std::to_string(records.size())
                                        + " records of this send were accepted)"};
          break;
        }
        auto n = std::min<std::uint64_t>(records.size() - done,
                                         ledger_.outstanding(blocking_producer));
        (void) ledger_.accept(blocking_producer, n);
        if (done == 0 && n == records.size()) {
          enqueue_locked(blocking_producer, std::move(records));
          done = n;
          break;
        }
        std::vector<T> part(std::make_move_iterator(records.begin() + done),
                            std::make_move_iterator(records.begin() + done + n));
        enqueue_locked(blocking_producer, std::move(part));
        done += n;
        if (auto w = take_wake_locked()) {
          // Wake the source before waiting for more room (outside the lock).
          lock.unlock();
          w();
          lock.lock();
        }
      }
      wake = take_wake_locked();
    }
    if (wake)
      wake();
    dispatch(grants);
    return result;
  }

  /// Ends the stream: nothing more is accepted, and the source ends once it took what is
  /// buffered. Idempotent.
  void close() { end("inlet '" + name_ + "' is closed", false); }

  /// The job ended (finished, failed for good, or was cancelled): senders stop waiting.
  void job_ended(const std::string& how) {
    end("the job reading inlet '" + name_ + "' " + how, true);
  }

  /// Records of producer `p` covered by a completed checkpoint (its first n records).
  [[nodiscard]] std::uint64_t covered(producer_id p) const {
    std::lock_guard lock{mtx_};
    auto it = covered_.find(p);
    return it == covered_.end() ? 0 : it->second;
  }

  // -- the source ------------------------------------------------------------------------------

  /// Called (outside the lock, on a producer's thread) when records arrive while the source
  /// waits for them, or when the stream ends: the source task polls at once instead of
  /// waiting out its idle back-off.
  void set_waker(std::function<void()> wake) {
    std::lock_guard lock{mtx_};
    waker_ = std::move(wake);
  }

  /// Moves (or, with `retain`, copies and keeps for a replay) up to `max` records to `out`.
  source_status take(std::vector<T>& out, std::size_t max, bool retain) {
    std::vector<demand_ledger::grant> grants;
    source_status status;
    {
      std::lock_guard lock{mtx_};
      retain_ = retain;
      std::size_t taken = 0;
      while (taken < max && !queue_.empty()) {
        auto& c = queue_.front();
        auto n = std::min(max - taken, c.records.size() - c.offset);
        auto first = c.records.begin() + static_cast<std::ptrdiff_t>(c.offset);
        auto last = first + static_cast<std::ptrdiff_t>(n);
        if (retain)
          out.insert(out.end(), first, last);
        else
          out.insert(out.end(), std::make_move_iterator(first), std::make_move_iterator(last));
        c.offset += n;
        taken += n;
        if (c.offset == c.records.size()) {
          if (retain)
            log_.push_back(std::move(c));
          queue_.pop_front();
        }
      }
      position_ += taken;
      grants = ledger_.consumed(taken);
      if (!queue_.empty())
        status = source_status::more_available;
      else if (closed_ || job_ended_)
        status = source_status::end_of_input;
      else
        status = source_status::nothing_available;
      source_waiting_ = status == source_status::nothing_available;
    }
    dispatch(grants);
    return status;
  }

  /// Position of the next record the source takes.
  [[nodiscard]] std::uint64_t position() const {
    std::lock_guard lock{mtx_};
    return position_;
  }

  /// A restarted source resumes at `position` (the one its checkpoint recorded; 0 without
  /// one): records it took after that are queued again, ahead of the rest. A position the log
  /// does not reach (a savepoint of another run) is taken as the current one.
  void rewind(std::uint64_t position) {
    std::lock_guard lock{mtx_};
    const auto log_start = log_.empty()
                             ? (queue_.empty() ? position_ : queue_.front().position)
                             : log_.front().position;
    if (!retain_ || position < log_start || position > position_) {
      // Nothing to replay from: renumber so that positions continue from the restored one.
      const auto shift = static_cast<std::int64_t>(position) - static_cast<std::int64_t>(position_);
      for (auto& c : queue_)
        c.position = static_cast<std::uint64_t>(static_cast<std::int64_t>(c.position) + shift);
      enqueued_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(enqueued_) + shift);
      position_ = position;
      log_.clear();
      return;
    }
    std::uint64_t requeued = 0;
    if (!queue_.empty() && queue_.front().offset > 0) {
      // The front chunk's taken part [position, position + offset) from `position` on.
      auto& front = queue_.front();
      const auto from = std::max(position, front.position);
      const auto to = front.position + front.offset;
      if (to > from) {
        front.offset -= static_cast<std::size_t>(to - from);
        requeued += to - from;
      }
    }
    while (!log_.empty() && log_.back().position + log_.back().records.size() > position) {
      auto c = std::move(log_.back());
      log_.pop_back();
      c.offset = position > c.position ? static_cast<std::size_t>(position - c.position) : 0;
      requeued += c.records.size() - c.offset;
      queue_.push_front(std::move(c));
    }
    log_.clear(); // what is left lies before the position: covered
    ledger_.requeued(requeued);
    position_ = position;
  }

  /// A checkpoint covering every record before `position` completed: the log drops them and
  /// each producer hears how many of its records that covers.
  void covered_through(std::uint64_t position) {
    std::vector<std::pair<notify_fn, std::uint64_t>> notices;
    {
      std::lock_guard lock{mtx_};
      std::map<producer_id, std::uint64_t> reached;
      auto note = [&](const chunk& c) {
        if (c.position >= position)
          return;
        auto n = std::min<std::uint64_t>(c.records.size(), position - c.position);
        auto& r = reached[c.producer];
        r = std::max(r, c.first_seq + n);
      };
      for (const auto& c : log_)
        note(c);
      if (!queue_.empty())
        note(queue_.front());
      while (!log_.empty() && log_.front().position + log_.front().records.size() <= position)
        log_.pop_front();
      for (auto [p, n] : reached) {
        auto& cov = covered_[p];
        if (n <= cov)
          continue;
        cov = n;
        auto it = producers_.find(p);
        if (it != producers_.end() && it->second.notify)
          notices.emplace_back(it->second.notify, n);
      }
    }
    for (auto& [fn, n] : notices)
      fn(inlet_signal{inlet_signal::kind::covered, n, {}});
  }

  // -- observation -----------------------------------------------------------------------------
  [[nodiscard]] std::uint64_t buffered() const {
    std::lock_guard lock{mtx_};
    return ledger_.buffered();
  }
  /// Most records ever buffered at once (the bound the tests check).
  [[nodiscard]] std::uint64_t peak_buffered() const {
    std::lock_guard lock{mtx_};
    return peak_buffered_;
  }
  /// Records kept for a replay (taken, not yet covered by a checkpoint).
  [[nodiscard]] std::uint64_t retained() const {
    std::lock_guard lock{mtx_};
    std::uint64_t n = 0;
    for (const auto& c : log_)
      n += c.records.size();
    return n;
  }
  [[nodiscard]] std::uint64_t capacity() const noexcept { return ledger_.capacity(); }
  [[nodiscard]] bool is_closed() const {
    std::lock_guard lock{mtx_};
    return closed_ || job_ended_;
  }

private:
  struct chunk {
    producer_id producer = 0;
    std::uint64_t first_seq = 0; ///< the producer's records sent before this chunk
    std::uint64_t position = 0;  ///< position of records[0] in the inlet's order
    std::vector<T> records;
    std::size_t offset = 0;      ///< records before it were taken
  };
  struct producer_entry {
    notify_fn notify;
    std::uint64_t sent = 0;
  };

  [[nodiscard]] bool ended() const noexcept { return closed_ || job_ended_; }

  [[nodiscard]] std::optional<error> refuse_locked() const {
    if (job_ended_)
      return error{errc::cancelled, end_reason_ + ": nothing more is accepted"};
    if (closed_)
      return error{errc::invalid_plan,
                   end_reason_ + ": nothing more is accepted (close() ends the stream)"};
    return std::nullopt;
  }

  /// The waker, if the source waits for records (once per wait).
  [[nodiscard]] std::function<void()> take_wake_locked() {
    if (!source_waiting_ || !waker_)
      return {};
    source_waiting_ = false;
    return waker_;
  }

  void enqueue_locked(producer_id p, std::vector<T>&& records) {
    auto& prod = producers_[p];
    chunk c{p, prod.sent, enqueued_, std::move(records), 0};
    prod.sent += c.records.size();
    enqueued_ += c.records.size();
    queue_.push_back(std::move(c));
    peak_buffered_ = std::max(peak_buffered_, ledger_.buffered());
  }

  void end(std::string reason, bool job) {
    std::vector<notify_fn> closed;
    std::function<void()> wake;
    {
      std::lock_guard lock{mtx_};
      if (job ? job_ended_ : closed_)
        return;
      wake = take_wake_locked();
      if (!ended())
        end_reason_ = std::move(reason);
      else if (job)
        end_reason_ = std::move(reason);
      (job ? job_ended_ : closed_) = true;
      // Producers hear it once; the inlet then lets go of them (an actor producer's handle).
      for (auto& [id, p] : producers_)
        if (p.notify)
          closed.push_back(std::exchange(p.notify, nullptr));
    }
    cv_.notify_all();
    if (wake)
      wake();
    for (auto& fn : closed)
      fn(inlet_signal{inlet_signal::kind::closed, 0, end_reason_copy()});
  }

  [[nodiscard]] std::string end_reason_copy() const {
    std::lock_guard lock{mtx_};
    return end_reason_;
  }

  /// Tells producers about the demand `grants` gave them (outside the lock).
  void dispatch(const std::vector<demand_ledger::grant>& grants) {
    if (grants.empty())
      return;
    bool wake = false;
    std::vector<std::pair<notify_fn, std::uint64_t>> calls;
    {
      std::lock_guard lock{mtx_};
      for (const auto& g : grants) {
        if (g.producer == blocking_producer) {
          wake = true;
          continue;
        }
        auto it = producers_.find(g.producer);
        if (it != producers_.end() && it->second.notify)
          calls.emplace_back(it->second.notify, g.records);
      }
    }
    if (wake)
      cv_.notify_all();
    for (auto& [fn, n] : calls)
      fn(inlet_signal{inlet_signal::kind::demand, n, {}});
  }

  std::string name_;
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  demand_ledger ledger_;
  std::deque<chunk> queue_; ///< buffered, oldest first (the front may be partly taken)
  std::deque<chunk> log_;   ///< taken, kept for a replay until a checkpoint covers them
  std::map<producer_id, producer_entry> producers_;
  std::map<producer_id, std::uint64_t> covered_;
  producer_id next_producer_ = 1;
  bool blocking_open_ = false;
  bool retain_ = false; ///< the source keeps what it takes (checkpoints are on)
  bool source_waiting_ = false; ///< the last take found nothing: wake the source on arrival
  std::function<void()> waker_;
  std::uint64_t enqueued_ = 0;
  std::uint64_t position_ = 0;
  std::uint64_t peak_buffered_ = 0;
  bool closed_ = false;
  bool job_ended_ = false;
  std::string end_reason_;
};

} // namespace weir::flow
