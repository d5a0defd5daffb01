#pragma once

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
/// zero (the latency end of Flink's buffer timeout knob: one message per record). `Selector` is one of the selectors in partitioners.hpp.
template <class T, class Selector>
class channel_writer final : public writer_base, public input<T> {
public:
  channel_writer(const writer_context& ctx, Selector selector)
    : ctx_(ctx), selector_(std::move(selector)), buffers_(ctx.targets.size()) {
    for (auto& b : buffers_)
      b.reserve(ctx_.batch_size);
  }

  void* as_input() override { return static_cast<input<T>*>(this); }

  void push(std::vector<T>& batch) override {
    auto n = buffers_.size();
    if constexpr (std::is_same_v<Selector, broadcast_selector>) {
      for (std::size_t c = 0; c < n; ++c)
        for (const auto& r : batch)
          append(c, T(r));
    } else if (n == 1) {
      auto& buf = buffers_[0];
      if (buf.empty() && batch.size() == limit()) {
        // A full batch arriving at an empty buffer changes hands without a copy.
        buf.swap(batch);
        send(0);
      } else {
        for (auto& r : batch)
          append(0, std::move(r));
      }
    } else {
      for (auto& r : batch)
        append(selector_.select(r), std::move(r));
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
  void append(std::size_t c, T&& r) {
    auto& buf = buffers_[c];
    buf.push_back(std::move(r));
    if (buf.size() >= limit())
      send(c);
  }

  /// Records per batch: a buffer timeout of zero sends every record at once.
  [[nodiscard]] std::size_t limit() const noexcept {
    return ctx_.flush_every_record ? 1 : ctx_.batch_size;
  }

  void send(std::size_t c) {
    auto channel = ctx_.first_channel + static_cast<std::uint32_t>(c);
    // Refill a batch the receiver handed back; allocate only until the credit window's worth
    // of batches circulates.
    std::shared_ptr<typed_batch<T>> b;
    if (auto recycled = ctx_.gate->take_recycled(channel))
      b = std::static_pointer_cast<typed_batch<T>>(std::move(recycled));
    else
      b = std::make_shared<typed_batch<T>>();
    b->records.swap(buffers_[c]);
    if (buffers_[c].capacity() < ctx_.batch_size)
      buffers_[c].reserve(ctx_.batch_size);
    ctx_.gate->send_batch(channel, std::move(b));
  }

  writer_context ctx_;
  Selector selector_;
  std::vector<std::vector<T>> buffers_;
};

} // namespace weir::flow
