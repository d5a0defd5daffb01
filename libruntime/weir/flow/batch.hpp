#pragma once

#include <cstddef>
#include <memory>
#include <typeindex>
#include <vector>

namespace weir::flow {

/// Type-erased batch of records: what crosses a mailbox between two tasks. Within a process a
/// batch is moved by pointer, never serialized. Only the task that currently owns the pointer
/// touches the records.
class batch_base {
public:
  virtual ~batch_base() = default;
  [[nodiscard]] virtual std::size_t size() const noexcept = 0;
  [[nodiscard]] virtual std::type_index type() const noexcept = 0;
  /// Drops the records and keeps the capacity, so the sender can refill the batch.
  virtual void clear() noexcept = 0;
};

/// A batch of `T` records.
template <class T>
class typed_batch final : public batch_base {
public:
  typed_batch() = default;
  explicit typed_batch(std::vector<T> records) : records(std::move(records)) {}

  [[nodiscard]] std::size_t size() const noexcept override { return records.size(); }
  [[nodiscard]] std::type_index type() const noexcept override { return typeid(T); }
  void clear() noexcept override { records.clear(); }

  std::vector<T> records;
};

/// Shared so that the actor layer can put it in a (copyable) message; there is one owner at a
/// time in practice.
using batch_ptr = std::shared_ptr<batch_base>;

} // namespace weir::flow
