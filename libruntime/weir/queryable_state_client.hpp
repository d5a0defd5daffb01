#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "weir/codec/codecs.hpp"
#include "weir/detail/type_name.hpp"
#include "weir/error.hpp"
#include "weir/flow/state_query.hpp"
#include "weir/job_client.hpp"
#include "weir/key_hash.hpp"

namespace weir {

/// Reads the current value of a key in a running job's queryable keyed state (Flink's
/// QueryableStateClient, in process): `get<K, V>("name", key)` routes the key by its key
/// group to the subtask that owns it, which answers between two batches, so an answer is
/// always a value the state held after some prefix of that subtask's updates.
///
/// Get one from the job: `auto q = job.queryable_state();` or
/// `queryable_state_client q{job};`. It shares the job's handle (the job is cancelled only
/// when the last copy of either is dropped). Thread-safe: any number of threads may query at
/// once. Keys and values cross as weir::codec bytes, so K and V need codecs.
///
/// What V is, per state kind: value_state<T> and reducing_state<T>: T;
/// aggregating_state<In, Out>: Out; list_state<T>: std::vector<T>; map_state<UK, UV>:
/// std::vector<std::pair<UK, UV>>, std::map<UK, UV> or std::unordered_map<UK, UV>.
class queryable_state_client {
public:
  /// How long get() waits for an answer by default.
  static constexpr std::chrono::milliseconds default_timeout{5000};

  explicit queryable_state_client(job_client job) : job_(std::move(job)) {}

  /// The value of `key` in the queryable state `name`, or an error: no_such_key (the key has
  /// no value, or it expired), no_such_state (no operator registered `name`; the message
  /// lists the names that exist), job_not_running (finished, failed, cancelled, or
  /// restarting: retry), type_mismatch (K or V are not the state's; names both), timeout,
  /// or wire_error (the answer does not decode as V). Blocks for at most `timeout`.
  template <class K, class V>
  [[nodiscard]] std::variant<V, error>
  get(std::string_view name, const K& key,
      std::chrono::milliseconds timeout = default_timeout) const {
    static_assert(has_codec<K>, "queryable_state_client::get<K, V>: the key type K has no "
                                "weir::codec; keys cross as bytes: specialize weir::codec<K>");
    static_assert(has_codec<V>, "queryable_state_client::get<K, V>: the value type V has no "
                                "weir::codec; values cross as bytes: specialize weir::codec<V>");
    static_assert(requires(const K& k) { key_hash<K>{}(k); },
                  "queryable_state_client::get<K, V>: the key type K has no weir::key_hash "
                  "(key_by needs one too): specialize weir::key_hash<K> or std::hash<K>");
    flow::state_query q;
    q.name.assign(name);
    encode(key, q.key);
    q.key_hash = key_hash<K>{}(key);
    q.key_type = detail::type_name<K>();
    q.value_type = detail::type_name<V>();
    auto answer = job_.query_state(q, timeout);
    if (auto* err = std::get_if<error>(&answer))
      return std::move(*err);
    auto value = decode<V>(std::get<std::string>(answer));
    if (!value)
      return error{errc::wire_error, "the value of queryable state '" + q.name
                                       + "' does not decode as " + q.value_type + ": "
                                       + value.error().to_string()};
    return std::move(*value);
  }

private:
  job_client job_;
};

inline queryable_state_client job_client::queryable_state() const {
  return queryable_state_client{*this};
}

} // namespace weir
