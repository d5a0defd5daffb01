#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <typeindex>
#include <vector>

#include "weir/flow/record_batch.hpp"

namespace weir::flow {

/// Type-erased batch of records: what crosses a mailbox between two tasks. Within a process a
/// batch is moved by pointer, never serialized. Only the task that currently owns the pointer
/// touches the records.
class batch_base {
public:
  virtual ~batch_base() = default;
  [[nodiscard]] virtual std::size_t size() const noexcept = 0;
  [[nodiscard]] virtual std::type_index type() const noexcept = 0;
  /// Drops the records (and their timestamps) and keeps the capacity, so the sender can refill
  /// the batch.
  virtual void clear() noexcept = 0;
};

/// A batch of `T` records with their timestamp column (see record_batch: empty for a stream
/// without event time, else one timestamp per record). The chain reads it as the record_batch
/// it is, so handing a received batch to the chain copies nothing.
template <class T>
class typed_batch final : public batch_base, public record_batch<T> {
public:
  typed_batch() = default;
  explicit typed_batch(std::vector<T> records, std::vector<std::int64_t> timestamps = {})
    : record_batch<T>(std::move(records), std::move(timestamps)) {}

  [[nodiscard]] std::size_t size() const noexcept override { return this->records.size(); }
  [[nodiscard]] std::type_index type() const noexcept override { return typeid(T); }
  void clear() noexcept override { record_batch<T>::clear(); }
};

/// Shared so that the actor layer can put it in a (copyable) message; there is one owner at a
/// time in practice.
using batch_ptr = std::shared_ptr<batch_base>;

} // namespace weir::flow
