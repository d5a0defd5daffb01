#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <typeinfo>
#include <utility>

#include "weir/codec/codecs.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/flow/record_batch.hpp"
#include "weir/flow/timestamp_propagation.hpp"
#include "weir/key_hash.hpp"
#include "weir/keyed_state_binding.hpp"
#include "weir/runtime_context.hpp"

namespace weir::flow {

/// The keyed state of one keyed operator instance, as the operator drives it: owns the binding
/// its functions reach through runtime_context::get_state, and per record makes the record's
/// key current. Until a function declares state there is no backend, and every call here is a
/// null check. Used on the task's thread only.
template <class K>
class keyed_state_scope {
public:
  /// A binding configured from `ctx` (backend kind, directory, key groups).
  explicit keyed_state_scope(const runtime_context& ctx)
    : binding_(std::make_shared<keyed_state_binding>()) {
    binding_->kind = ctx.state().backend;
    binding_->directory = ctx.state().directory;
    binding_->max_parallelism = ctx.max_number_of_parallel_subtasks();
    binding_->key_groups = ctx.key_groups();
    binding_->key_has_codec = has_codec<K>;
    binding_->key_type = typeid(K).name();
  }

  /// What the operator hands to operator_base::bind_keyed_state.
  [[nodiscard]] const std::shared_ptr<keyed_state_binding>& binding() const noexcept {
    return binding_;
  }

  /// Makes `key` the current key of the backend, if there is one.
  void set_current_key(const K& key) {
    if constexpr (has_codec<K>) {
      if (auto* b = binding_->backend.get()) {
        key_bytes_.clear();
        encode(key, key_bytes_);
        binding_->set_key(*b, assign_to_key_group(key_hash<K>{}(key), binding_->max_parallelism),
                          key_bytes_);
      }
    }
  }

  /// Leaves the keyed context: state access fails until the next set_current_key.
  void clear_current_key() {
    if (auto* b = binding_->backend.get())
      binding_->clear_key(*b);
  }

  /// Calls `fn(record)` for each record of `batch` with the record's key (`key_of(record)`)
  /// current in the state and in `ctx` (a keyed context, or a broadcast context over
  /// `stamp_ctx`), and its timestamp current in `stamp_ctx` (by default `ctx`); what fn
  /// appends to `out.records` takes that timestamp (see for_each_propagating_timestamps). Then
  /// leaves ctx's keyed context and runs the background TTL cleanup for the batch. The loop
  /// every keyed input shares.
  template <class In, class Out, class KeyOf, class Ctx, class Fn>
  void for_each_keyed(const record_batch<In>& batch, record_batch<Out>& out, KeyOf& key_of,
                      Ctx& ctx, Fn&& fn) {
    for_each_keyed(batch, out, key_of, ctx, ctx, std::forward<Fn>(fn));
  }
  template <class In, class Out, class KeyOf, class Ctx, class StampCtx, class Fn>
  void for_each_keyed(const record_batch<In>& batch, record_batch<Out>& out, KeyOf& key_of,
                      Ctx& ctx, StampCtx& stamp_ctx, Fn&& fn) {
    for_each_propagating_timestamps(batch, out, stamp_ctx, [&](const In& r) {
      const K key = key_of(r);
      set_current_key(key);
      ctx.set_current_key(&key);
      fn(r);
    });
    ctx.set_current_key(nullptr);
    // Expired TTL entries of keys that are never read again go in the background: a few
    // entries per batch, proportional to the records just processed (Flink's incremental
    // cleanup).
    after_batch(batch.size());
  }

  /// Background TTL cleanup proportional to `records` just processed.
  void after_batch(std::size_t records) {
    if (auto* b = binding_->backend.get())
      binding_->cleanup(*b, records);
  }

private:
  std::shared_ptr<keyed_state_binding> binding_;
  std::string key_bytes_;
};

} // namespace weir::flow
