#pragma once

// The transactions of the fraud-detection example and its rule, shared by the job and by the
// test's plain model of it.

#include <cstdint>
#include <tuple>

namespace weir::examples {

/// A card transaction (Flink's walkthrough Transaction).
struct transaction {
  std::int64_t account_id = 0;
  std::int64_t timestamp_ms = 0; ///< event time
  double amount = 0.0;
};

/// Emitted for a small transaction followed by a large one on the same account.
struct alert {
  std::int64_t account_id = 0;
  std::int64_t small_at_ms = 0;
  std::int64_t large_at_ms = 0;
  double amount = 0.0;
  bool operator==(const alert&) const = default;
  bool operator<(const alert& o) const {
    return std::tie(account_id, large_at_ms) < std::tie(o.account_id, o.large_at_ms);
  }
};

// The rule of Flink's walkthrough: a transaction below 1.00 followed, within a minute, by the
// account's next transaction above 500.00.
inline constexpr double small_amount = 1.00;
inline constexpr double large_amount = 500.00;
inline constexpr std::int64_t one_minute_ms = 60'000;

/// Ordinary accounts 1..accounts; two quiet ones that transact only in the planted patterns.
inline constexpr std::int64_t quick_account = 1001; ///< small, then large 30 s later: fraud
inline constexpr std::int64_t slow_account = 1002;  ///< small, then large 90 s later: not fraud

/// Transaction `i` of the generator: one per second of event time from a fixed start.
/// Ordinary accounts spend 1.00..499.99 at random, except the planted fraud: every 50th
/// transaction is a small one of account (i / 50) % accounts + 1 and the next one a large one
/// of the same account. Every 200 transactions the quiet accounts play their patterns.
inline transaction make_transaction(std::uint64_t i, std::int64_t accounts) {
  constexpr std::int64_t start_ms = 1'700'000'000'000;
  transaction t;
  t.timestamp_ms = start_ms + static_cast<std::int64_t>(i) * 1000;
  auto r = (i + 1) * 6364136223846793005ULL + 1442695040888963407ULL;
  r ^= r >> 29;
  t.account_id = static_cast<std::int64_t>(r % static_cast<std::uint64_t>(accounts)) + 1;
  t.amount = 1.0 + static_cast<double>(r % 49'899) / 100.0;
  const auto planted = static_cast<std::int64_t>(i / 50 % static_cast<std::uint64_t>(accounts)) + 1;
  switch (i % 200) {
    case 10: return {slow_account, t.timestamp_ms, 0.42};
    case 100: return {slow_account, t.timestamp_ms, 870.00};
    case 120: return {quick_account, t.timestamp_ms, 0.99};
    case 150: return {quick_account, t.timestamp_ms, 612.50};
    default: break;
  }
  if (i % 50 == 0)
    return {planted, t.timestamp_ms, 0.25};
  if (i % 50 == 1)
    return {planted, t.timestamp_ms, 750.00};
  return t;
}

} // namespace weir::examples
