#include "weir/flow/barrier_handler.hpp"

namespace weir::flow {

barrier_handler::barrier_handler(input_gate& gate, checkpointing_mode mode)
  : gate_(&gate), mode_(mode), arrived_(gate.channels(), false),
    ended_(gate.channels(), false) {}

barrier_handler::outcome barrier_handler::on_barrier(std::uint32_t channel, checkpoint_id id) {
  outcome out;
  if (id < current_ || (id == current_ && !aligning_))
    return out; // taken or aborted already: a late barrier of it changes nothing
  if (id > current_) {
    if (aligning_) {
      out.aborted = current_;
      release();
    }
    auto started = start(id);
    (void) started;
  }
  if (!arrived_[channel]) {
    arrived_[channel] = true;
    ++arrived_count_;
    if (mode_ == checkpointing_mode::exactly_once)
      gate_->block(channel);
  }
  auto done = complete_if_all_arrived();
  out.take = done.take;
  return out;
}

barrier_handler::outcome barrier_handler::on_cancel_barrier(std::uint32_t, checkpoint_id id) {
  outcome out;
  if (id < current_ || (id == current_ && !aligning_))
    return out;
  if (aligning_)
    release();
  // A cancel barrier of a checkpoint not started here yet aborts it too: its barriers that
  // still come are ignored, and the cancel goes on downstream once.
  current_ = id;
  aligning_ = false;
  out.aborted = id;
  return out;
}

barrier_handler::outcome barrier_handler::on_end_of_stream(std::uint32_t channel) {
  if (ended_[channel])
    return {};
  ended_[channel] = true;
  ++ended_count_;
  if (!aligning_)
    return {};
  if (arrived_[channel]) {
    arrived_[channel] = false;
    --arrived_count_;
  }
  return complete_if_all_arrived();
}

barrier_handler::outcome barrier_handler::start(checkpoint_id id) {
  current_ = id;
  aligning_ = true;
  arrived_.assign(arrived_.size(), false);
  arrived_count_ = 0;
  return {};
}

barrier_handler::outcome barrier_handler::complete_if_all_arrived() {
  if (!aligning_ || arrived_count_ + ended_count_ < arrived_.size())
    return {};
  release();
  return {current_, std::nullopt};
}

void barrier_handler::release() {
  aligning_ = false;
  for (std::uint32_t c = 0; c < arrived_.size(); ++c)
    if (gate_->blocked(c))
      gate_->unblock(c);
  arrived_.assign(arrived_.size(), false);
  arrived_count_ = 0;
}

} // namespace weir::flow
