#include "weir/flow/output_gate.hpp"

namespace weir::flow {

void output_gate::send_batch(std::uint32_t channel, batch_ptr batch) {
  auto& q = pending_[channel];
  if (q.empty() && ledger_.try_take(channel)) {
    ++batches_sent_;
    out_->send_batch(channel, std::move(batch));
    return;
  }
  q.push_back(event{std::move(batch), {}});
  ++queued_batches_;
}

void output_gate::broadcast_control(control_event control) {
  for (std::uint32_t ch = 0; ch < pending_.size(); ++ch)
    send_control(ch, control);
}

void output_gate::send_control(std::uint32_t channel, control_event control) {
  pending_[channel].push_back(event{nullptr, control});
  drain(channel);
}

void output_gate::on_credit(std::uint32_t channel, std::uint32_t batches,
                            std::vector<batch_ptr> recycled) {
  auto& pool = recycled_[channel];
  for (auto& b : recycled)
    pool.push_back(std::move(b));
  ledger_.grant(channel, batches);
  drain(channel);
}

void output_gate::drain(std::uint32_t channel) {
  auto& q = pending_[channel];
  while (!q.empty()) {
    auto& front = q.front();
    if (!front.batch) {
      out_->send_control(channel, front.control);
      if (front.control.is(control_event::kind::end_of_stream))
        ++closed_channels_;
      q.pop_front();
      continue;
    }
    if (!ledger_.try_take(channel))
      return;
    auto batch = std::move(front.batch);
    q.pop_front();
    --queued_batches_;
    ++batches_sent_;
    out_->send_batch(channel, std::move(batch));
  }
}

} // namespace weir::flow
