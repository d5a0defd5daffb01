#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "weir/flow/batch.hpp"
#include "weir/flow/transport.hpp"

namespace weir::test {

/// A transport that records what a task sends, in order, for plain-class tests.
class recording_transport final : public flow::transport {
public:
  struct sent {
    enum kind_t { batch, end_of_stream, control, credit, flush, poll, timer } kind;
    std::uint32_t channel = 0;
    std::uint32_t count = 0; ///< credits, or records in the batch
    flow::batch_ptr payload;
    flow::control_event event; ///< kinds end_of_stream and control
  };

  void send_batch(std::uint32_t ch, flow::batch_ptr b) override {
    auto n = static_cast<std::uint32_t>(b->size());
    log.push_back({sent::batch, ch, n, std::move(b), {}});
  }
  void send_control(std::uint32_t ch, flow::control_event c) override {
    auto eos = c.is(flow::control_event::kind::end_of_stream);
    log.push_back({eos ? sent::end_of_stream : sent::control, ch, 0, {}, c});
  }
  void send_credit(std::uint32_t ch, std::uint32_t n, std::vector<flow::batch_ptr> r) override {
    log.push_back({sent::credit, ch, n, {}, {}});
    recycled += r.size();
  }
  void schedule_flush(std::chrono::milliseconds) override { log.push_back({sent::flush, 0, 0, {}, {}}); }
  void schedule_timer(std::chrono::milliseconds delay) override {
    log.push_back({sent::timer, 0, static_cast<std::uint32_t>(delay.count()), {}, {}});
  }
  void schedule_poll(std::chrono::microseconds delay) override {
    log.push_back({sent::poll, 0, 0, {}, {}});
    poll_delays.push_back(delay);
  }

  void acknowledge_checkpoint(checkpoint_id id, snapshot_writer write) override {
    acks.push_back({id, std::move(write)});
  }

  [[nodiscard]] std::size_t count(sent::kind_t k) const {
    std::size_t n = 0;
    for (const auto& s : log)
      n += s.kind == k;
    return n;
  }
  /// Compact trace, e.g. "B0:3 C1:2 E0" (batch on 0 with 3 records, credit 2 on 1, eos on 0).
  [[nodiscard]] std::string trace() const {
    std::string out;
    for (const auto& s : log) {
      if (!out.empty())
        out += ' ';
      switch (s.kind) {
        case sent::batch: out += "B" + std::to_string(s.channel) + ":" + std::to_string(s.count); break;
        case sent::end_of_stream: out += "E" + std::to_string(s.channel); break;
        case sent::control:
          out += s.event.is(flow::control_event::kind::watermark)
                   ? "W" + std::to_string(s.channel) + ":"
                       + (s.event.time() == event_time_max ? std::string{"max"}
                                                           : std::to_string(s.event.time().value()))
                   : "X" + std::to_string(s.channel) + ":" + s.event.to_string();
          break;
        case sent::credit: out += "C" + std::to_string(s.channel) + ":" + std::to_string(s.count); break;
        case sent::flush: out += "F"; break;
        case sent::poll: out += "P"; break;
        case sent::timer: out += "T" + std::to_string(s.count); break;
      }
    }
    return out;
  }
  void clear() {
    log.clear();
    poll_delays.clear();
  }

  std::vector<sent> log;
  /// Checkpoints the task acknowledged, with their asynchronous parts (not run).
  std::vector<std::pair<checkpoint_id, snapshot_writer>> acks;
  std::size_t recycled = 0; ///< batches handed back with credits
  std::vector<std::chrono::microseconds> poll_delays; ///< of each schedule_poll, in order
};

} // namespace weir::test
