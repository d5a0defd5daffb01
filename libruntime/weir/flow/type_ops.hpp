#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>

#include "weir/codec/codecs.hpp"
#include "weir/error.hpp"
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

  /// True if the record type has a weir::codec: its batches can be stored in an unaligned
  /// checkpoint (and, later, cross nodes).
  [[nodiscard]] virtual bool can_encode() const noexcept = 0;
  /// Appends `batch` (records and timestamps) to `out`. Only when can_encode().
  virtual void encode_batch(const batch_base& batch, std::string& out) const = 0;
  /// A batch decoded from what encode_batch wrote; throws weir_exception on bad bytes.
  [[nodiscard]] virtual batch_ptr decode_batch(std::string_view bytes) const = 0;
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

  [[nodiscard]] bool can_encode() const noexcept override { return has_codec<T>; }
  void encode_batch(const batch_base& batch, std::string& out) const override {
    if constexpr (has_codec<T>) {
      const auto& b = static_cast<const typed_batch<T>&>(batch);
      encode(b.records, out);
      encode(b.timestamps, out);
    }
  }
  [[nodiscard]] batch_ptr decode_batch(std::string_view bytes) const override {
    auto out = std::make_shared<typed_batch<T>>();
    if constexpr (has_codec<T>) {
      byte_reader r{std::span<const std::byte>{reinterpret_cast<const std::byte*>(bytes.data()),
                                               bytes.size()}};
      r.read(out->records);
      r.read(out->timestamps);
      if (!r.ok() || !r.at_end())
        throw weir_exception(error{errc::state_error,
                                   "a batch of records does not decode as "
                                     + std::string{typeid(T).name()}
                                     + ": the bytes are damaged or were written for another "
                                       "record type"});
    }
    return out;
  }
};

/// The single type_ops instance of `T`.
template <class T>
const type_ops& type_ops_of() {
  static const type_ops_impl<T> instance;
  return instance;
}

} // namespace weir::flow
