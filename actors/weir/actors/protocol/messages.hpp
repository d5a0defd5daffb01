#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>

#include "weir/checkpoint/checkpoint_metadata.hpp"
#include "weir/flow/batch.hpp"
#include "weir/flow/control_event.hpp"
#include "weir/flow/task.hpp"
#include "weir/flow/task_sample.hpp"
#include "weir/job_details.hpp"

namespace weir::actors {

// The messages tasks and the job master exchange. Channels are numbered per task as
// job_graph::input_channels / output_channels number them. Within one process nothing here
// is serialized: a batch moves by pointer.

/// Sender -> receiver, once per channel before anything else: "I am the sender of your input
/// channel `receiver_channel`; credit me as my output channel `sender_channel`".
struct open_channel_msg {
  std::uint32_t receiver_channel = 0;
  std::uint32_t sender_channel = 0;
};

/// Receiver -> sender: `batches` more batches may be sent on the sender's output `channel`;
/// `recycled` hands back consumed batches for refilling (local only).
struct credit_msg {
  std::uint32_t channel = 0;
  std::uint32_t batches = 0;
  std::vector<flow::batch_ptr> recycled;
};

/// Sender -> receiver: records on the receiver's input `channel`.
struct batch_msg {
  std::uint32_t channel = 0;
  flow::batch_ptr batch;
};

/// Sender -> receiver: a control event on input `channel` (watermark, idle/active, barrier,
/// cancel barrier, end of stream), in order with the batches sent before it.
struct control_msg {
  std::uint32_t channel = 0;
  flow::control_event control;
};

/// Task -> job master: the task ended its streams.
struct task_finished_msg {
  std::int32_t vertex = 0;
  std::int32_t subtask = 0;
  std::vector<flow::operator_metrics> metrics;
};

/// Task -> job master: the task failed; `code` is a weir::errc (the kind, so that a
/// supervisor can decide), `message` says where and why.
struct task_failed_msg {
  std::int32_t vertex = 0;
  std::int32_t subtask = 0;
  std::int32_t code = 0;
  std::string message;
};

// -- checkpoints (Flink's TriggerCheckpoint, AcknowledgeCheckpoint, DeclineCheckpoint,
//    NotifyCheckpointComplete, NotifyCheckpointAborted) ----------------------------------------

/// Job master -> source task: take checkpoint `checkpoint` and send its barrier.
struct trigger_checkpoint_msg {
  std::uint32_t attempt = 0;
  std::uint64_t checkpoint = 0;
  bool savepoint = false; ///< savepoints are aligned even where unaligned checkpoints are on
  bool final = false;     ///< the final checkpoint: every task finished; sent to all tasks
};

/// Task -> job master: the task's part of checkpoint `checkpoint` is written.
struct acknowledge_checkpoint_msg {
  std::uint32_t attempt = 0;
  std::int32_t vertex = 0;
  std::int32_t subtask = 0;
  std::uint64_t checkpoint = 0;
  checkpoint::task_snapshot snapshot;
};

/// Task -> job master: the task could not take its part of `checkpoint`.
struct decline_checkpoint_msg {
  std::uint32_t attempt = 0;
  std::int32_t vertex = 0;
  std::int32_t subtask = 0;
  std::uint64_t checkpoint = 0;
  std::int32_t code = 0;
  std::string message;
};

/// Job master -> every task: `checkpoint` completed (commit) or was aborted.
struct checkpoint_complete_msg {
  std::uint32_t attempt = 0;
  std::uint64_t checkpoint = 0;
};
struct checkpoint_aborted_msg {
  std::uint32_t attempt = 0;
  std::uint64_t checkpoint = 0;
};

// -- queryable state ------------------------------------------------------------------------

/// Task -> job master: a function of the task declared queryable state `name`
/// (flow::queryable_state_directory::registration).
struct queryable_state_msg {
  std::uint32_t attempt = 0;
  std::int32_t vertex = 0;
  std::int32_t subtask = 0;
  std::string name;
  std::string operator_name;
  std::string key_type;
  std::vector<std::string> value_types;
  std::int32_t max_parallelism = 128;
  std::int32_t parallelism = 1;
};

/// Client -> job master, and job master -> task (with `key_group` set): a query of one key
/// (flow::state_query). Answered by the task with a state_answer_msg.
struct state_query_msg {
  std::string name;
  std::string key;
  std::uint64_t key_hash = 0;
  std::string key_type;
  std::string value_type;
  std::uint32_t key_group = 0;
};

/// The answer to a state_query_msg: the encoded value if `code` is negative, else the
/// weir::errc that says why there is none, with its message.
struct state_answer_msg {
  std::int32_t code = -1;
  std::string value;
  std::string message;
};

/// Job master -> client, the answer to (locate_atom, name): where the subtasks of a queryable
/// state are, so that the client sends its queries straight to them. `code` as in
/// state_answer_msg.
struct state_route_msg {
  std::int32_t code = -1;
  std::string message;
  std::string key_type;
  std::vector<std::string> value_types;
  std::int32_t max_parallelism = 128;
  std::int32_t parallelism = 1;
  std::vector<caf::actor> tasks; ///< by subtask; null where it has not declared the state
};

/// Job master -> client (details_atom): what the master knows of the job, and the tasks of the
/// current attempt to ask for samples (sample_atom -> flow::task_sample). Local: the client
/// runs in the master's process.
struct job_info_msg {
  std::shared_ptr<job_details> details;
  std::vector<caf::actor> tasks;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, state_route_msg& x) {
  return f(caf::meta::type_name("state_route_msg"), x.code, x.message, x.key_type,
           x.value_types, x.max_parallelism, x.parallelism, x.tasks);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, queryable_state_msg& x) {
  return f(caf::meta::type_name("queryable_state_msg"), x.attempt, x.vertex, x.subtask, x.name,
           x.operator_name, x.key_type, x.value_types, x.max_parallelism, x.parallelism);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, state_query_msg& x) {
  return f(caf::meta::type_name("state_query_msg"), x.name, x.key, x.key_hash, x.key_type,
           x.value_type, x.key_group);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, state_answer_msg& x) {
  return f(caf::meta::type_name("state_answer_msg"), x.code, x.value, x.message);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, trigger_checkpoint_msg& x) {
  return f(caf::meta::type_name("trigger_checkpoint_msg"), x.attempt, x.checkpoint, x.savepoint,
           x.final);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, acknowledge_checkpoint_msg& x) {
  return f(caf::meta::type_name("acknowledge_checkpoint_msg"), x.attempt, x.vertex, x.subtask,
           x.checkpoint,
           x.snapshot);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, decline_checkpoint_msg& x) {
  return f(caf::meta::type_name("decline_checkpoint_msg"), x.attempt, x.vertex, x.subtask,
           x.checkpoint, x.code,
           x.message);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, checkpoint_complete_msg& x) {
  return f(caf::meta::type_name("checkpoint_complete_msg"), x.attempt, x.checkpoint);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, checkpoint_aborted_msg& x) {
  return f(caf::meta::type_name("checkpoint_aborted_msg"), x.attempt, x.checkpoint);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, open_channel_msg& x) {
  return f(caf::meta::type_name("open_channel_msg"), x.receiver_channel, x.sender_channel);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, control_msg& x) {
  // The wire form of a control event is its kind and its 64-bit payload.
  auto kind = static_cast<std::uint8_t>(x.control.what());
  auto value = x.control.raw_value();
  auto restore = caf::meta::load_callback([&]() -> caf::error {
    x.control = flow::control_event::from_raw(static_cast<flow::control_event::kind>(kind), value);
    return caf::none;
  });
  return f(caf::meta::type_name("control_msg"), x.channel, kind, value, restore);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_finished_msg& x) {
  return f(caf::meta::type_name("task_finished_msg"), x.vertex, x.subtask, x.metrics);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_failed_msg& x) {
  return f(caf::meta::type_name("task_failed_msg"), x.vertex, x.subtask, x.code, x.message);
}

} // namespace weir::actors

namespace weir::flow {
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, key_group_range& x) {
  return f(caf::meta::type_name("key_group_range"), x.first, x.last);
}
} // namespace weir::flow

namespace weir::checkpoint {
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, subtask_state& x) {
  // CAF 0.17 has no std::optional: an absent watermark travels as INT64_MIN (which no
  // watermark in a checkpoint is: event_time_min is "none yet").
  constexpr auto none = std::numeric_limits<std::int64_t>::min();
  auto in = x.input_watermark.value_or(none);
  auto out = x.output_watermark.value_or(none);
  auto restore = caf::meta::load_callback([&]() -> caf::error {
    x.input_watermark = in == none ? std::nullopt : std::optional{in};
    x.output_watermark = out == none ? std::nullopt : std::optional{out};
    return caf::none;
  });
  return f(caf::meta::type_name("subtask_state"), x.subtask, x.key_groups, x.keyed,
           x.operator_state, x.extras, x.channel_state, in, out, x.bytes, restore);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_snapshot::part& x) {
  return f(caf::meta::type_name("task_snapshot_part"), x.operator_id, x.operator_name,
           x.parallelism, x.max_parallelism, x.state);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_snapshot& x) {
  return f(caf::meta::type_name("task_snapshot"), x.parts);
}
} // namespace weir::checkpoint

namespace weir::flow {
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, operator_metrics& x) {
  return f(caf::meta::type_name("operator_metrics"), x.node_id, x.name, x.records_in,
           x.records_out);
}
} // namespace weir::flow

namespace weir::metrics {
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, histogram_statistics& x) {
  return f(caf::meta::type_name("histogram_statistics"), x.count, x.min, x.max, x.mean, x.p50,
           x.p95, x.p99);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, metric_sample& x) {
  auto kind = static_cast<std::uint8_t>(x.kind);
  auto restore = caf::meta::load_callback([&]() -> caf::error {
    x.kind = static_cast<metric_kind>(kind);
    return caf::none;
  });
  return f(caf::meta::type_name("metric_sample"), x.name, kind, x.value, x.statistics, restore);
}
} // namespace weir::metrics

namespace weir::flow {
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, operator_sample& x) {
  return f(caf::meta::type_name("operator_sample"), x.node_id, x.name, x.records_in,
           x.records_out, x.user);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_sample& x) {
  return f(caf::meta::type_name("task_sample"), x.vertex, x.subtask, x.attempt, x.operators,
           x.batches_out, x.busy_ns, x.idle_ns, x.backpressured_ns, x.backpressured,
           x.input_watermark, x.output_watermark, x.finished);
}
} // namespace weir::flow
