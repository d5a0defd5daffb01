#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <typeindex>
#include <vector>

#include "weir/codec/codecs.hpp"
#include "weir/flow/key_group.hpp"
#include "weir/key_hash.hpp"
#include "weir/state/aggregating_state_descriptor.hpp"
#include "weir/state/backend_kind.hpp"
#include "weir/state/clock.hpp"
#include "weir/state/internal_state.hpp"
#include "weir/state/key_context.hpp"
#include "weir/state/keyed_state_backend_config.hpp"
#include "weir/state/list_state_descriptor.hpp"
#include "weir/state/map_state_descriptor.hpp"
#include "weir/state/reducing_state_descriptor.hpp"
#include "weir/state/result.hpp"
#include "weir/state/snapshot_job.hpp"
#include "weir/state/state_meta.hpp"
#include "weir/state/stored_type_name.hpp"
#include "weir/state/value_state_descriptor.hpp"

namespace weir::state {

class keyed_state_backend;

namespace detail {
// Creates the backend-specific implementation of a descriptor's state (state_factory.hpp).
template <class Descriptor>
result<std::unique_ptr<internal_state>> make_state(keyed_state_backend& backend,
                                                   const Descriptor& descriptor);
} // namespace detail

/// Keyed state of one parallel operator instance (Flink's KeyedStateBackend): owns the state
/// of the key groups in its range, scoped per record to the current key.
///
/// A keyed operator creates one at open (make_keyed_state_backend), restores it from snapshot
/// directories if it has any, gets typed handles from descriptors, and per record calls
/// set_current_key (key_context) before user code touches state. Entries are addressed by
/// (key group, key bytes, namespace bytes). Only the task's thread uses it; a snapshot_job may
/// run elsewhere.
class keyed_state_backend : public key_context {
public:
  keyed_state_backend(const keyed_state_backend&) = delete;
  keyed_state_backend& operator=(const keyed_state_backend&) = delete;
  virtual ~keyed_state_backend();

  [[nodiscard]] backend_kind kind() const noexcept { return kind_; }

  /// The state a descriptor declares, created on first use (or from restored entries). The
  /// pointer lives as long as the backend. Fails if the name was declared with another kind
  /// or type, or if its TTL is not positive.
  template <class T>
  result<value_state<T>*> get_state(const value_state_descriptor<T>& d) {
    return get_or_create(d);
  }
  template <class T>
  result<list_state<T>*> get_state(const list_state_descriptor<T>& d) {
    return get_or_create(d);
  }
  template <class K, class V>
  result<map_state<K, V>*> get_state(const map_state_descriptor<K, V>& d) {
    return get_or_create(d);
  }
  template <class T>
  result<reducing_state<T>*> get_state(const reducing_state_descriptor<T>& d) {
    return get_or_create(d);
  }
  template <class In, class Acc, class Out>
  result<aggregating_state<In, Out>*>
  get_state(const aggregating_state_descriptor<In, Acc, Out>& d) {
    return get_or_create(d);
  }

  /// Synchronous part of a snapshot of all key groups of this backend into `directory`
  /// (created if missing); run the returned job to write it.
  [[nodiscard]] virtual snapshot_job snapshot_sync(std::filesystem::path directory) = 0;

  /// Like snapshot_sync, for a checkpoint rather than a savepoint: the backend may write a
  /// snapshot that shares files with its earlier checkpoints and that only a backend of the
  /// same kind restores (RocksDB: an incremental snapshot, rocksdb_incremental_listing). The
  /// default writes the full snapshot.
  [[nodiscard]] virtual snapshot_job snapshot_incremental_sync(std::filesystem::path directory) {
    return snapshot_sync(std::move(directory));
  }

  /// Loads the entries of the key groups this backend owns from snapshot directories written
  /// by backends of any parallelism (and of either kind); entries of other key groups are
  /// skipped. Call it on a fresh backend, before declaring states.
  virtual result<void> restore(const std::vector<std::filesystem::path>& directories) = 0;

  /// Incremental TTL cleanup: looks at about `max_entries` entries, resuming where the last
  /// call stopped and cycling over all states and key groups, and removes expired ones.
  /// Returns how many it removed. Call it from the task between records or on a timer.
  std::size_t cleanup_expired(std::size_t max_entries);

  /// Names and kinds of the states declared so far (and restored ones not yet declared).
  [[nodiscard]] virtual std::vector<state_meta> states() const;

protected:
  keyed_state_backend(backend_kind kind, const keyed_state_backend_config& config);

  struct registered_state {
    state_meta meta;
    std::type_index type;
    std::unique_ptr<internal_state> impl;
  };

  /// Called once a new state is created, before it is handed out: restore pending entries.
  virtual result<void> on_register(registered_state& state) = 0;

  /// A state declared otherwise than the snapshot `file` it is restored from records it:
  /// names the state, both kinds and types, and the file.
  [[nodiscard]] static error restored_mismatch(const state_meta& declared,
                                               const state_meta& restored,
                                               const std::filesystem::path& file);

  std::vector<registered_state> states_;

private:
  template <class Descriptor>
  result<typename Descriptor::state_type*> get_or_create(const Descriptor& d) {
    using state_type = typename Descriptor::state_type;
    if (auto* s = find(d.name())) {
      if (s->type != typeid(Descriptor))
        return redeclared(s->meta, meta_of(d));
      return static_cast<state_type*>(&s->impl->user_state());
    }
    if (auto ok = check_ttl(d.name(), d.ttl()); !ok)
      return ok.err();
    auto made = detail::make_state(*this, d);
    if (!made)
      return made.err();
    auto* user = static_cast<state_type*>(&(*made)->user_state());
    auto added = add(meta_of(d), typeid(Descriptor), std::move(*made));
    if (!added)
      return added.err();
    return user;
  }

  registered_state* find(const std::string& name);
  // A name declared again with another kind or type: names both declarations.
  [[nodiscard]] static error redeclared(const state_meta& existing, const state_meta& now);
  [[nodiscard]] static result<void> check_ttl(const std::string& name,
                                              const std::optional<state_ttl_config>& ttl);
  result<void> add(state_meta meta, std::type_index type, std::unique_ptr<internal_state> impl);

  backend_kind kind_;
  // incremental cleanup cursor
  std::size_t cleanup_state_ = 0;
  std::uint32_t cleanup_group_ = 0;
};

} // namespace weir::state

#include "weir/state/state_factory.hpp"
