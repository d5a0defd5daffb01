#include "weir/flow/input_gate.hpp"

#include <algorithm>

namespace weir::flow {

input_gate::input_gate(transport& out, std::size_t channels, std::uint32_t window)
  : out_(&out), channels_(channels), window_(window),
    // Granting after every batch costs one message per batch; granting only after the whole
    // window stalls the sender. Half a window keeps the sender busy at half the messages.
    grant_threshold_(std::max<std::uint32_t>(1, window / 2)) {}

void input_gate::open(std::uint32_t channel) {
  out_->send_credit(channel, window_, {});
}

void input_gate::enqueue(std::uint32_t channel, batch_ptr batch) {
  auto& ch = channels_.at(channel);
  ch.queue.push_back({std::move(batch), {}});
  peak_queued_ = std::max(peak_queued_, ch.queue.size());
}

void input_gate::enqueue(std::uint32_t channel, control_event control) {
  channels_.at(channel).queue.push_back({nullptr, control});
}

std::optional<input_gate::event> input_gate::next() {
  auto n = channels_.size();
  for (std::size_t i = 0; i < n; ++i) {
    auto idx = (cursor_ + i) % n;
    auto& ch = channels_[idx];
    if (ch.blocked || ch.queue.empty())
      continue;
    cursor_ = (idx + 1) % n;
    auto& front = ch.queue.front();
    event ev{static_cast<std::uint32_t>(idx), std::move(front.batch), front.control};
    ch.queue.pop_front();
    if (!ev.batch && ev.control.is(control_event::kind::end_of_stream) && !ch.ended) {
      ch.ended = true;
      ++ended_;
    }
    return ev;
  }
  return std::nullopt;
}

void input_gate::consumed(std::uint32_t channel, batch_ptr batch) {
  auto& ch = channels_[channel];
  if (ch.ended)
    return;
  if (batch && batch.use_count() == 1) {
    batch->clear();
    ch.recycled.push_back(std::move(batch));
  }
  if (++ch.unannounced >= grant_threshold_) {
    out_->send_credit(channel, ch.unannounced, std::move(ch.recycled));
    ch.recycled.clear();
    ch.unannounced = 0;
  }
}

} // namespace weir::flow
