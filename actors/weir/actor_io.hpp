#pragma once

/// Actors in and out of a running job: demand-driven producers of an actor source
/// (environment::from_actor) and receivers of an actor sink (data_stream::to_actor). The
/// messages here are what a user's actors send and handle; within a process nothing is
/// serialized.

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/actor_cast.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/deep_to_string.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include "weir/flow/operators/actor_sink.hpp"
#include "weir/inlet.hpp"

namespace weir {

// -- actor sources ------------------------------------------------------------------------------

/// Inlet -> producer actor: you may send `records` more records to `inlet`.
struct inlet_demand {
  std::string inlet;
  std::uint64_t records = 0;
};
/// Inlet -> producer actor: your first `records` records are in a completed checkpoint.
struct inlet_covered {
  std::string inlet;
  std::uint64_t records = 0;
};
/// Inlet -> producer actor: the inlet takes nothing more (`reason` says why).
struct inlet_closed {
  std::string inlet;
  std::string reason;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, inlet_demand& x) {
  return f(caf::meta::type_name("inlet_demand"), x.inlet, x.records);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, inlet_covered& x) {
  return f(caf::meta::type_name("inlet_covered"), x.inlet, x.records);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, inlet_closed& x) {
  return f(caf::meta::type_name("inlet_closed"), x.inlet, x.reason);
}

/// Makes actor `self` a demand-driven producer of `in`: it receives weir::inlet_demand
/// (first at once, if the buffer has room), weir::inlet_covered and weir::inlet_closed
/// messages, and sends with the returned producer's send(), never more than its demand. The
/// inlet keeps `self` alive (an actor nobody references would end) until the producer closes,
/// the inlet closes or the job ends.
template <class T>
inlet_producer<T> open_producer(caf::local_actor* self, const inlet<T>& in) {
  auto target = caf::actor_cast<caf::actor>(self);
  auto name = in.name();
  return in.open_producer([target, name](inlet_signal s) {
    switch (s.what) {
      case inlet_signal::kind::demand:
        caf::anon_send(target, inlet_demand{name, s.records});
        break;
      case inlet_signal::kind::covered:
        caf::anon_send(target, inlet_covered{name, s.records});
        break;
      case inlet_signal::kind::closed:
        caf::anon_send(target, inlet_closed{name, std::move(s.reason)});
        break;
    }
  });
}

// -- actor sinks --------------------------------------------------------------------------------

/// Receiver -> sink task: batches up to `seq` of the sink's `port` are processed.
struct sink_ack {
  std::uint32_t port = 0;
  std::uint64_t seq = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sink_ack& x) {
  return f(caf::meta::type_name("sink_ack"), x.port, x.seq);
}

/// Sink task -> receiver: the next records of one subtask of an actor sink. Acknowledge it
/// with ack() once processed: the sink sends at most actor_sink_options::max_unacknowledged
/// batches ahead. `end_of_stream` marks the subtask's last batch (its records may be empty);
/// the stream ended when all `subtasks` sent theirs.
template <class T>
struct sink_batch {
  std::vector<T> records;
  std::uint64_t seq = 0;
  bool end_of_stream = false;
  int subtask = 0;
  int subtasks = 1;
  caf::actor task;
  std::uint32_t port = 0;

  /// Acknowledges this batch and every earlier one of its subtask.
  void ack() const { caf::anon_send(task, sink_ack{port, seq}); }
};

namespace detail {

/// An actor sink's endpoint: a CAF actor of the user's.
template <class T>
class caf_actor_endpoint final : public flow::actor_endpoint<T> {
public:
  explicit caf_actor_endpoint(caf::actor receiver) : receiver_(std::move(receiver)) {}

  void attach(void* host, std::uint32_t port) override {
    host_ = static_cast<caf::event_based_actor*>(host);
    port_ = port;
    if (host_ != nullptr && receiver_)
      host_->monitor(receiver_);
  }
  void deliver(std::uint64_t seq, std::vector<T>&& records, bool end, int subtask,
               int subtasks) override {
    if (host_ == nullptr || !receiver_)
      return;
    host_->send(receiver_, sink_batch<T>{std::move(records), seq, end, subtask, subtasks,
                                         caf::actor_cast<caf::actor>(host_), port_});
  }
  [[nodiscard]] bool is_receiver(const void* address) const noexcept override {
    return receiver_ && *static_cast<const caf::actor_addr*>(address) == receiver_.address();
  }
  [[nodiscard]] std::string describe() const override {
    return receiver_ ? "actor " + std::to_string(receiver_.id()) : std::string{"(no actor)"};
  }

private:
  caf::actor receiver_;
  caf::event_based_actor* host_ = nullptr;
  std::uint32_t port_ = 0;
};

} // namespace detail
} // namespace weir

namespace weir::flow {

template <class T>
struct actor_endpoint_factory<caf::actor, T> {
  static std::unique_ptr<actor_endpoint<T>> make(const caf::actor& receiver) {
    return std::make_unique<weir::detail::caf_actor_endpoint<T>>(receiver);
  }
};

} // namespace weir::flow

namespace caf {
// A sink batch crosses mailboxes only within a process, by value.
template <class T>
struct allowed_unsafe_message_type<weir::sink_batch<T>> : std::true_type {};
} // namespace caf
