#pragma once

#include <memory>
#include <string>
#include <typeinfo>

#include "weir/flow/batch.hpp"
#include "weir/flow/channel_writer.hpp"
#include "weir/flow/input.hpp"
#include "weir/flow/partitioner_kind.hpp"
#include "weir/flow/side_slot.hpp"

namespace weir::flow {

/// Owns a wiring helper (a fan-out) for the lifetime of a task.
class holder_base {
public:
  virtual ~holder_base() = default;
};

/// Feeds batches that arrived on a channel into the chain's `input<T>`, records and timestamp
/// column together.
class batch_consumer {
public:
  virtual ~batch_consumer() = default;
  virtual void consume(batch_base& batch) = 0;
};

/// The operations the planner needs on a stream's record type without knowing it: one
/// instance per type, created by the typed API. Pointers to `input<T>` travel as void* between
/// these calls; the typed API guarantees that they match.
class type_ops {
public:
  virtual ~type_ops() = default;
  /// A fan-out owned by the returned holder; `as_input` receives its `input<T>*`.
  virtual std::unique_ptr<holder_base> make_fanout(void*& as_input) const = 0;
  virtual void add_to_fanout(holder_base& fanout, void* consumer) const = 0;
  virtual std::unique_ptr<batch_consumer> make_consumer(void* target) const = 0;
  virtual std::unique_ptr<side_slot_base> make_side_slot(std::string tag, void* target) const = 0;
  /// Writers for partitioners that need no user function.
  virtual std::unique_ptr<writer_base> make_writer(partitioner_kind kind,
                                                   const writer_context& ctx) const = 0;
  [[nodiscard]] virtual const char* name() const noexcept = 0;
};

template <class T>
class type_ops_impl final : public type_ops {
  struct fanout_holder final : holder_base {
    fanout<T> value;
  };
  struct consumer final : batch_consumer {
    explicit consumer(input<T>* t) : target(t) {}
    void consume(batch_base& batch) override {
      target->push(static_cast<record_batch<T>&>(static_cast<typed_batch<T>&>(batch)));
    }
    input<T>* target;
  };

public:
  std::unique_ptr<holder_base> make_fanout(void*& as_input) const override {
    auto h = std::make_unique<fanout_holder>();
    as_input = static_cast<input<T>*>(&h->value);
    return h;
  }
  void add_to_fanout(holder_base& f, void* c) const override {
    static_cast<fanout_holder&>(f).value.add(static_cast<input<T>*>(c));
  }
  std::unique_ptr<batch_consumer> make_consumer(void* target) const override {
    return std::make_unique<consumer>(static_cast<input<T>*>(target));
  }
  std::unique_ptr<side_slot_base> make_side_slot(std::string tag, void* target) const override {
    return std::make_unique<side_slot<T>>(std::move(tag), static_cast<input<T>*>(target));
  }
  std::unique_ptr<writer_base> make_writer(partitioner_kind kind,
                                           const writer_context& ctx) const override {
    switch (kind) {
      case partitioner_kind::shuffle:
        return std::make_unique<channel_writer<T, shuffle_selector>>(ctx, shuffle_selector{ctx});
      case partitioner_kind::broadcast:
        return std::make_unique<channel_writer<T, broadcast_selector>>(ctx,
                                                                       broadcast_selector{ctx});
      default: // forward, rebalance, rescale: round-robin over the writer's own channels
        return std::make_unique<channel_writer<T, round_robin_selector>>(
          ctx, round_robin_selector{ctx});
    }
  }
  [[nodiscard]] const char* name() const noexcept override { return typeid(T).name(); }
};

/// The single type_ops instance of `T`.
template <class T>
const type_ops& type_ops_of() {
  static const type_ops_impl<T> instance;
  return instance;
}

} // namespace weir::flow
