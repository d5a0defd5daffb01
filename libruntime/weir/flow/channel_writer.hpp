#pragma once

#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/flow/batch.hpp"
#include "weir/flow/input.hpp"
#include "weir/flow/partitioners.hpp"
#include "weir/flow/writer_base.hpp"

namespace weir::flow {

/// Partitions records into one batch per channel and hands a batch to the output gate when it
/// is full, when the buffer timeout fires (`flush`), or after every record when the timeout is
/// zero (the latency end of Flink's buffer timeout knob: one message per record). `Selector` is
/// one of the selectors in partitioners.hpp. Timestamps follow their records into the channel
/// batches; a batch it sends has timestamps for all its records or for none, so a buffer is
/// sent early when batches with and without timestamps alternate (a union of both kinds).
template <class T, class Selector>
class channel_writer final : public writer_base, public input<T> {
public:
  channel_writer(const writer_context& ctx, Selector selector)
    : ctx_(ctx), selector_(std::move(selector)), buffers_(ctx.targets.size()),
      limits_(ctx.targets.size(), ctx.flush_every_record ? 1 : ctx.batch_size) {
    if (!ctx_.flush_every_record)
      for (std::size_t c = 0; c < limits_.size() && c < ctx_.channel_batch_size.size(); ++c)
        limits_[c] = ctx_.channel_batch_size[c];
    for (std::size_t c = 0; c < buffers_.size(); ++c)
      buffers_[c].records.reserve(limits_[c]);
  }

  void* as_input() override { return static_cast<input<T>*>(this); }

  void push(record_batch<T>& batch) override {
    if (batch.has_timestamps() != stamped_) {
      flush();
      stamped_ = batch.has_timestamps();
    }
    // One loop per partitioning for both kinds of batch: the timestamp test inside is loop
    // invariant, and the compiler unswitches it after inlining. Writing the two loops by hand
    // doubles the call sites of push_back, and GCC then stops inlining it into the hot loops
    // (the stateless benchmark lost 40%).
    const std::int64_t* ts = stamped_ ? batch.timestamps.data() : nullptr;
    auto& records = batch.records;
    const std::size_t count = records.size();
    auto n = buffers_.size();
    if constexpr (std::is_same_v<Selector, broadcast_selector>) {
      for (std::size_t c = 0; c < n; ++c)
        for (std::size_t i = 0; i < count; ++i)
          append(c, T(records[i]), ts, i);
    } else if (n == 1) {
      auto& buf = buffers_[0];
      if (buf.empty() && count == limits_[0]) {
        // A full batch arriving at an empty buffer changes hands without a copy.
        buf.swap(batch);
        send(0);
      } else {
        for (std::size_t i = 0; i < count; ++i)
          append(0, std::move(records[i]), ts, i);
      }
    } else {
      for (std::size_t i = 0; i < count; ++i)
        append(selector_.select(records[i]), std::move(records[i]), ts, i);
    }
    if (!ctx_.flush_every_record)
      for (auto& b : buffers_)
        if (!b.empty()) {
          ctx_.timer->request();
          break;
        }
  }

  void flush() override {
    for (std::size_t c = 0; c < buffers_.size(); ++c)
      if (!buffers_[c].empty())
        send(c);
  }

private:
  /// Appends record `r` (the `i`-th of its batch) to channel `c`, with `timestamps[i]` unless
  /// the batch has no timestamps (`timestamps` null).
  void append(std::size_t c, T&& r, const std::int64_t* timestamps, std::size_t i) {
    auto& buf = buffers_[c];
    buf.records.push_back(std::move(r));
    if (timestamps != nullptr)
      buf.timestamps.push_back(timestamps[i]);
    if (buf.records.size() >= limits_[c])
      send(c);
  }

  void send(std::size_t c) {
    auto channel = ctx_.first_channel + static_cast<std::uint32_t>(c);
    // Refill a batch the receiver handed back; allocate only until the credit window's worth
    // of batches circulates. The timestamp column circulates with it (and stays without
    // capacity for a stream without timestamps).
    std::shared_ptr<typed_batch<T>> b;
    if (auto recycled = ctx_.gate->take_recycled(channel))
      b = std::static_pointer_cast<typed_batch<T>>(std::move(recycled));
    else
      b = std::make_shared<typed_batch<T>>();
    b->swap(buffers_[c]);
    if (buffers_[c].records.capacity() < limits_[c])
      buffers_[c].records.reserve(limits_[c]);
    ctx_.gate->send_batch(channel, std::move(b));
  }

  writer_context ctx_;
  Selector selector_;
  std::vector<record_batch<T>> buffers_;
  /// Records per batch of each channel: a buffer timeout of zero sends every record at once.
  std::vector<std::size_t> limits_;
  /// Whether the records in the buffers carry timestamps.
  bool stamped_ = false;
};

} // namespace weir::flow
