#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "weir/error.hpp"

namespace weir::flow {

/// The receiving side of an actor source's demand protocol (issue 14): producers may send
/// records only against demand the source granted them, so the records buffered in the source
/// plus the demand outstanding never exceed `capacity`. Demand goes out in bulk: a producer is
/// topped up to its share of the capacity once at most half its share is outstanding, so a
/// steady producer gets a grant about every half share of records, not one per record. A
/// producer that closes gives its outstanding demand back; room for less than half a share waits
/// until there is more. After every open, consumed and close, if the buffer has room that is
/// not promised for half a share or more, every producer has demand; a producer that
/// joins while the others hold demand
/// for the whole buffer waits until they send (or close), since granted demand cannot be taken
/// back from a producer that may be sending. Plain class: the actor layer sends
/// the grants it returns as messages. Touched only by the owning task's thread.
class demand_ledger {
public:
  using producer_id = std::uint64_t;
  /// Additional records `producer` may send.
  struct grant {
    producer_id producer = 0;
    std::uint64_t records = 0;
    bool operator==(const grant&) const = default;
  };

  explicit demand_ledger(std::uint64_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  /// A producer announces itself; returns its first grant (none while the buffer is full: it
  /// gets one from consumed()). Opening twice changes nothing.
  std::vector<grant> open(producer_id p) {
    producers_.try_emplace(p);
    return rebalance();
  }

  /// `records` arrived from `p`; an error (and nothing counted) if `p` is unknown or sent more
  /// than its outstanding demand.
  [[nodiscard]] std::optional<error> accept(producer_id p, std::uint64_t records) {
    auto it = producers_.find(p);
    if (it == producers_.end())
      return error{errc::invalid_plan, "a producer sent " + std::to_string(records)
                                         + " records to an actor source without opening it "
                                           "first (or after closing it)"};
    if (records > it->second.outstanding)
      return error{errc::invalid_plan,
                   "a producer sent " + std::to_string(records) + " records to an actor source "
                     "that had granted it " + std::to_string(it->second.outstanding)
                     + ": producers must wait for demand (use the inlet, which does)"};
    it->second.outstanding -= records;
    outstanding_ -= records;
    buffered_ += records;
    return std::nullopt;
  }

  /// The task took `records` out of the buffer; returns the grants that frees up.
  std::vector<grant> consumed(std::uint64_t records) {
    buffered_ -= records < buffered_ ? records : buffered_;
    return rebalance();
  }

  /// `records` the task had taken are buffered again (a restarted source replays them); no
  /// grant follows until the buffer drains.
  void requeued(std::uint64_t records) { buffered_ += records; }

  /// `p` ends: its outstanding demand returns to the pool; returns the grants that frees up.
  std::vector<grant> close(producer_id p) {
    auto it = producers_.find(p);
    if (it == producers_.end())
      return {};
    outstanding_ -= it->second.outstanding;
    producers_.erase(it);
    return rebalance();
  }

  [[nodiscard]] std::uint64_t buffered() const noexcept { return buffered_; }
  [[nodiscard]] std::uint64_t outstanding() const noexcept { return outstanding_; }
  [[nodiscard]] std::uint64_t outstanding(producer_id p) const {
    auto it = producers_.find(p);
    return it == producers_.end() ? 0 : it->second.outstanding;
  }
  [[nodiscard]] std::size_t producers() const noexcept { return producers_.size(); }
  [[nodiscard]] std::uint64_t capacity() const noexcept { return capacity_; }

private:
  struct producer_state {
    std::uint64_t outstanding = 0;
  };

  /// Each open producer's share of the capacity (at least one record).
  [[nodiscard]] std::uint64_t share() const noexcept {
    auto n = static_cast<std::uint64_t>(producers_.size());
    auto s = n == 0 ? capacity_ : capacity_ / n;
    return s < 1 ? 1 : s;
  }

  std::vector<grant> rebalance() {
    std::vector<grant> out;
    const auto s = share();
    for (auto& [id, p] : producers_) {
      if (p.outstanding * 2 > s)
        continue; // more than half its share outstanding: no top-up yet
      const auto free = capacity_ - buffered_ - outstanding_;
      const auto want = s - p.outstanding;
      const auto give = want < free ? want : free;
      // Room for less than half a share waits for more: grants stay few and large.
      if (give == 0 || (give < want && give * 2 < s))
        continue;
      p.outstanding += give;
      outstanding_ += give;
      out.push_back({id, give});
    }
    return out;
  }

  std::uint64_t capacity_;
  std::uint64_t buffered_ = 0;
  std::uint64_t outstanding_ = 0;
  std::map<producer_id, producer_state> producers_;
};

/// The sending side of an actor sink's acknowledgement protocol (issue 14): batches carry
/// sequence numbers from 1; the receiving actor acknowledges cumulatively (ack n covers every
/// batch up to n); at most `window` batches are unacknowledged, which is the backpressure an
/// actor sink puts on its job. Touched only by the owning task's thread.
class ack_window {
public:
  explicit ack_window(std::uint64_t window) : window_(window < 1 ? 1 : window) {}

  [[nodiscard]] bool can_send() const noexcept { return sent_ - acked_ < window_; }
  /// Takes the next sequence number for a batch about to be sent (only when can_send()).
  [[nodiscard]] std::uint64_t next() noexcept { return ++sent_; }

  /// The receiver acknowledged every batch up to `seq`: how many batches that released (0 for
  /// a duplicate or late acknowledgement), or an error if `seq` was never sent.
  [[nodiscard]] std::variant<std::uint64_t, error> ack(std::uint64_t seq) {
    if (seq > sent_)
      return error{errc::invalid_plan, "an actor sink's receiver acknowledged batch "
                                         + std::to_string(seq) + ", but only "
                                         + std::to_string(sent_) + " were sent"};
    if (seq <= acked_)
      return std::uint64_t{0};
    auto released = seq - acked_;
    acked_ = seq;
    return released;
  }

  [[nodiscard]] std::uint64_t in_flight() const noexcept { return sent_ - acked_; }
  [[nodiscard]] std::uint64_t sent() const noexcept { return sent_; }
  [[nodiscard]] std::uint64_t acknowledged() const noexcept { return acked_; }

private:
  std::uint64_t window_;
  std::uint64_t sent_ = 0;
  std::uint64_t acked_ = 0;
};

} // namespace weir::flow
