#pragma once

#include <cstdint>
#include <vector>

namespace weir::flow {

/// Sender side of credit-based flow control: how many batches each output channel may still
/// send. A sender never sends without credit, so the batches in flight on a channel never
/// exceed what its receiver granted. Touched only by the owning task's thread.
class credit_ledger {
public:
  explicit credit_ledger(std::size_t channels = 0) : channels_(channels) {}

  void resize(std::size_t channels) { channels_.resize(channels); }
  [[nodiscard]] std::size_t channels() const noexcept { return channels_.size(); }

  /// Adds `batches` credits to `channel`.
  void grant(std::uint32_t channel, std::uint32_t batches) {
    auto& c = channels_.at(channel);
    c.available += batches;
    c.granted += batches;
  }

  /// Takes one credit if there is one.
  [[nodiscard]] bool try_take(std::uint32_t channel) noexcept {
    auto& c = channels_[channel];
    if (c.available == 0)
      return false;
    --c.available;
    ++c.sent;
    return true;
  }

  [[nodiscard]] std::uint64_t available(std::uint32_t channel) const {
    return channels_.at(channel).available;
  }
  /// Total credits granted on `channel` so far.
  [[nodiscard]] std::uint64_t granted(std::uint32_t channel) const {
    return channels_.at(channel).granted;
  }
  /// Total batches sent on `channel` so far; never exceeds granted().
  [[nodiscard]] std::uint64_t sent(std::uint32_t channel) const {
    return channels_.at(channel).sent;
  }

private:
  struct channel_credit {
    std::uint64_t available = 0;
    std::uint64_t granted = 0;
    std::uint64_t sent = 0;
  };
  std::vector<channel_credit> channels_;
};

} // namespace weir::flow
