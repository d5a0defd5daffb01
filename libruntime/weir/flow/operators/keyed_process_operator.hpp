#pragma once

#include <memory>
#include <string>
#include <typeinfo>

#include "weir/codec/codecs.hpp"
#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/one_input_operator.hpp"
#include "weir/keyed_context.hpp"
#include "weir/keyed_state_binding.hpp"
#include "weir/key_hash.hpp"

namespace weir::flow {

/// Every function on a keyed stream runs in this operator: per record it extracts the key,
/// makes it the current key of the keyed state (once a function declared state), and calls
/// f(const In&, keyed_context<K>&, collector<Out>&).
template <class K, class In, class Out, class KeySelector, class F>
class keyed_process_operator final : public one_input_operator<In, Out> {
public:
  keyed_process_operator(runtime_context ctx, KeySelector key, F f)
    : one_input_operator<In, Out>(std::move(ctx)), key_(std::move(key)), f_(std::move(f)),
      binding_(std::make_shared<keyed_state_binding>()), kctx_(this->context()) {
    const auto& c = this->context();
    binding_->kind = c.state().backend;
    binding_->directory = c.state().directory;
    binding_->max_parallelism = c.max_number_of_parallel_subtasks();
    binding_->key_groups = c.key_groups();
    binding_->key_has_codec = has_codec<K>;
    binding_->key_type = typeid(K).name();
    this->bind_keyed_state(binding_);
  }

  void open() override {
    this->guarded([&] { detail::open_function(f_, this->context()); });
  }
  void close() override { detail::close_function(f_); }

  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    kctx_.add_slot(std::move(slot));
  }

  void push(std::vector<In>& batch) override {
    this->records_in += batch.size();
    this->guarded([&] {
      collector<Out> out{out_buf_};
      auto* b = binding_->backend.get();
      for (const auto& r : batch) {
        const K key = key_(r);
        if (b != nullptr)
          set_current_key(*b, key);
        kctx_.set_current_key(&key);
        f_(r, kctx_, out);
      }
      kctx_.set_current_key(nullptr);
      // Expired TTL entries of keys that are never read again go in the background: a few
      // entries per batch, proportional to the records just processed (Flink's incremental
      // cleanup).
      if (b != nullptr)
        binding_->cleanup(*b, batch.size());
      this->emit(out_buf_);
      out_buf_.clear();
      kctx_.flush_side_outputs();
    });
  }

private:
  void set_current_key(state::keyed_state_backend& b, const K& key) {
    if constexpr (has_codec<K>) {
      key_bytes_.clear();
      encode(key, key_bytes_);
      binding_->set_key(b, assign_to_key_group(key_hash<K>{}(key), binding_->max_parallelism),
                        key_bytes_);
    }
  }

  KeySelector key_;
  F f_;
  std::shared_ptr<keyed_state_binding> binding_;
  keyed_context<K> kctx_;
  std::vector<Out> out_buf_;
  std::string key_bytes_;
};

} // namespace weir::flow
