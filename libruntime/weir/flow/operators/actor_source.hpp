#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "weir/flow/inlet_buffer.hpp"
#include "weir/flow/source_operator.hpp"

namespace weir::flow {

/// environment::from_actor: reads what producers put into an inlet. Non-parallel. With
/// checkpoints it records the inlet position it reached; a restored source rewinds the inlet
/// there (the inlet replays what the failed attempt took after it), and a completed checkpoint
/// lets the inlet drop what it covers and tell the producers.
template <class T>
class actor_source final : public typed_source_operator<T> {
public:
  static constexpr const char* part = "weir.inlet-position";

  actor_source(runtime_context ctx, std::shared_ptr<inlet_buffer<T>> buffer)
    : typed_source_operator<T>(std::move(ctx)), buffer_(std::move(buffer)) {}

  void initialize_state(state_initialization_context& ctx) override {
    if (!ctx.is_restored())
      return;
    for (const auto& e : ctx.elements(part))
      if (e.size() == sizeof(std::uint64_t)) {
        std::uint64_t p = 0;
        std::memcpy(&p, e.data(), sizeof p);
        restored_ = p;
      }
  }

  void open() override {
    retain_ = this->task() != nullptr && this->task()->checkpointing_enabled();
    buffer_->rewind(restored_);
    if (this->task() != nullptr)
      buffer_->set_waker(this->task()->source_waker());
  }

  void snapshot_state(state_snapshot_context& ctx) override {
    auto p = buffer_->position();
    char bytes[sizeof p];
    std::memcpy(bytes, &p, sizeof p);
    ctx.add_element(part, std::string_view{bytes, sizeof p});
    pending_[ctx.checkpoint().value()] = p;
  }

  void notify_checkpoint_complete(checkpoint_id id) override {
    auto it = pending_.find(id.value());
    if (it == pending_.end())
      return;
    auto p = it->second;
    pending_.erase(pending_.begin(), std::next(it));
    buffer_->covered_through(p);
  }

  void notify_checkpoint_aborted(checkpoint_id id) override { pending_.erase(id.value()); }

protected:
  source_status produce(collector<T>& out, std::size_t max_records) override {
    return buffer_->take(out.target(), max_records, retain_);
  }

private:
  std::shared_ptr<inlet_buffer<T>> buffer_;
  std::uint64_t restored_ = 0;
  bool retain_ = false;
  std::map<std::uint64_t, std::uint64_t> pending_; ///< checkpoint -> position it recorded
};

} // namespace weir::flow
