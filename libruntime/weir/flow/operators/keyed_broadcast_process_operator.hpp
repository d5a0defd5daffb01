#pragma once

#include <memory>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "weir/broadcast_context.hpp"
#include "weir/broadcast_state_declarations.hpp"
#include "weir/codec/codecs.hpp"
#include "weir/collector.hpp"
#include "weir/detail/rich_function.hpp"
#include "weir/flow/input.hpp"
#include "weir/flow/operator_base.hpp"
#include "weir/key_hash.hpp"
#include "weir/keyed_read_only_broadcast_context.hpp"
#include "weir/keyed_state_binding.hpp"
#include "weir/process_context.hpp"

namespace weir::flow {

/// A keyed stream (input 0) connected with a broadcast stream (input 1). Per data record
/// it makes the record's key current for keyed state (as keyed_process_operator does) and
/// calls `F::process_element(const A&, keyed_read_only_broadcast_context<K>&,
/// collector<Out>&)`; per broadcast record it leaves the keyed context, so keyed state
/// access fails, and calls `F::process_broadcast_element(const B&, broadcast_context&,
/// collector<Out>&)`.
template <class K, class A, class B, class Out, class KeySelector, class F>
class keyed_broadcast_process_operator final : public operator_base {
  struct data_face final : input<A> {
    explicit data_face(keyed_broadcast_process_operator* o) : self(o) {}
    void push(std::vector<A>& batch) override { self->on_data(batch); }
    keyed_broadcast_process_operator* self;
  };
  struct broadcast_face final : input<B> {
    explicit broadcast_face(keyed_broadcast_process_operator* o) : self(o) {}
    void push(std::vector<B>& batch) override { self->on_broadcast(batch); }
    keyed_broadcast_process_operator* self;
  };

public:
  keyed_broadcast_process_operator(runtime_context ctx, KeySelector key, F f,
                                   std::shared_ptr<const broadcast_state_declarations> declared)
    : operator_base(std::move(ctx)), key_(std::move(key)), f_(std::move(f)),
      declared_(std::move(declared)), binding_(std::make_shared<keyed_state_binding>()),
      side_(context()), read_only_(side_, *declared_), read_write_(side_, *declared_), data_(this),
      broadcast_(this) {
    const auto& c = context();
    binding_->kind = c.state().backend;
    binding_->directory = c.state().directory;
    binding_->max_parallelism = c.max_number_of_parallel_subtasks();
    binding_->key_groups = c.key_groups();
    binding_->key_has_codec = has_codec<K>;
    binding_->key_type = typeid(K).name();
    bind_keyed_state(binding_);
  }

  void open() override {
    guarded([&] { detail::open_function(f_, context()); });
  }
  void close() override { detail::close_function(f_); }

  void* input_face(int side) override {
    return side == 0 ? static_cast<void*>(static_cast<input<A>*>(&data_))
                     : static_cast<void*>(static_cast<input<B>*>(&broadcast_));
  }
  void connect_output(void* target) override { out_ = static_cast<input<Out>*>(target); }
  void connect_side_output(const std::string&, std::unique_ptr<side_slot_base> slot) override {
    side_.add_slot(std::move(slot));
  }

private:
  void on_data(std::vector<A>& batch) {
    records_in += batch.size();
    guarded([&] {
      collector<Out> out{buf_};
      auto* b = binding_->backend.get();
      for (const auto& r : batch) {
        const K key = key_(r);
        if (b != nullptr)
          set_current_key(*b, key);
        read_only_.set_current_key(&key);
        f_.process_element(r, read_only_, out);
      }
      read_only_.set_current_key(nullptr);
      emit();
    });
  }

  void on_broadcast(std::vector<B>& batch) {
    records_in += batch.size();
    guarded([&] {
      if (auto* b = binding_->backend.get())
        binding_->clear_key(*b);
      collector<Out> out{buf_};
      for (const auto& r : batch)
        f_.process_broadcast_element(r, read_write_, out);
      emit();
    });
  }

  void set_current_key(state::keyed_state_backend& b, const K& key) {
    if constexpr (has_codec<K>) {
      key_bytes_.clear();
      encode(key, key_bytes_);
      binding_->set_key(b, assign_to_key_group(key_hash<K>{}(key), binding_->max_parallelism),
                        key_bytes_);
    }
  }

  void emit() {
    if (!buf_.empty()) {
      records_out += buf_.size();
      out_->push(buf_);
      buf_.clear();
    }
    side_.flush_side_outputs();
  }

  KeySelector key_;
  F f_;
  std::shared_ptr<const broadcast_state_declarations> declared_;
  std::shared_ptr<keyed_state_binding> binding_;
  process_context side_;
  keyed_read_only_broadcast_context<K> read_only_;
  broadcast_context read_write_;
  data_face data_;
  broadcast_face broadcast_;
  discarding_input<Out> discard_;
  input<Out>* out_ = &discard_;
  std::vector<Out> buf_;
  std::string key_bytes_;
};

} // namespace weir::flow
