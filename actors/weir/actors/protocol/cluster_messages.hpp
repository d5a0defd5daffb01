#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/meta/type_name.hpp>

namespace weir::actors {

// What the coordinator, the workers and the tasks of a cluster exchange besides the messages
// of protocol/messages.hpp (which cross nodes too, serialized by CAF). Channel events between
// tasks on different nodes are wire_msg: Cap'n Proto bytes (schemas/channel.capnp).

/// Channel events (batches, control events, credits, opens) from one task to a task on
/// another node, in order: each a flat Cap'n Proto ChannelEvent (weir/wire/channel_frame.hpp).
/// A task sends what one activation produced for a receiver as one message.
struct wire_msg {
  std::vector<std::string> frames;
};

/// Worker -> coordinator, the first message of a worker, answered by register_reply_msg
/// before the coordinator accepts anything else from it.
struct register_worker_msg {
  std::uint32_t wire_version = 0;
  std::string token;
  std::uint64_t fingerprint = 0;
  std::string plan_description;
  std::int32_t slots = 0;
  std::string endpoint; ///< "host:port" where the other workers reach this one
  std::string process;  ///< "hostname pid N", for logs
  caf::actor task_manager;
};

/// Coordinator -> worker: accepted (with the worker's number and the endpoints of the other
/// workers, which it connects to before it is ready) or refused (with the reason).
struct register_reply_msg {
  bool accepted = false;
  std::string reason;
  std::int32_t worker = 0;
  std::vector<std::string> peers;
  caf::actor coordinator; ///< the resource manager, which the worker watches
};

/// Worker -> coordinator: connected to its peers; its slots may be used.
struct worker_ready_msg {
  std::int32_t worker = 0;
};

/// Job master -> resource manager: `required` slots for execution `attempt`; `first` waits
/// for the configured number of workers. Answered by slots_msg.
struct allocate_slots_msg {
  std::int32_t required = 0;
  std::uint32_t attempt = 0;
  bool first = false;
};
/// The task manager hosting each slot and its name, or the error why there are too few.
struct slots_msg {
  std::vector<caf::actor> managers;
  std::vector<std::string> names;
  std::string error;
};

/// Job master -> task manager: run subtask `subtask` of `vertex` for execution `attempt`,
/// with output channel i leading to input channel `channels[i]` of `targets[i]`. Answered
/// with the task's actor.
struct deploy_task_msg {
  std::uint32_t attempt = 0;
  std::int32_t vertex = 0;
  std::int32_t subtask = 0;
  std::vector<caf::actor> targets;
  std::vector<std::uint32_t> channels;
  caf::actor master;
  std::string restore_dir;     ///< checkpoint or savepoint to restore; empty: start empty
  std::string checkpoint_base; ///< the job's checkpoint directory (every node reaches it)
};
struct deployed_msg {
  caf::actor task;
  std::string error;
};

/// Coordinator -> worker: the job ended (`failed` with `message`, or finished). The worker
/// answers with what its collect() sinks gathered and leaves.
struct job_done_msg {
  bool failed = false;
  std::int32_t code = 0;
  std::string message;
};
/// The records one collect() sink (stream node `node`) gathered on a node, encoded.
struct collected_part {
  std::int32_t node = 0;
  std::string bytes;
};
struct collected_msg {
  std::vector<collected_part> parts;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, wire_msg& x) {
  return f(caf::meta::type_name("wire_msg"), x.frames);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_worker_msg& x) {
  return f(caf::meta::type_name("register_worker_msg"), x.wire_version, x.token, x.fingerprint,
           x.plan_description, x.slots, x.endpoint, x.process, x.task_manager);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_reply_msg& x) {
  return f(caf::meta::type_name("register_reply_msg"), x.accepted, x.reason, x.worker, x.peers,
           x.coordinator);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, worker_ready_msg& x) {
  return f(caf::meta::type_name("worker_ready_msg"), x.worker);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, allocate_slots_msg& x) {
  return f(caf::meta::type_name("allocate_slots_msg"), x.required, x.attempt, x.first);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, slots_msg& x) {
  return f(caf::meta::type_name("slots_msg"), x.managers, x.names, x.error);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, deploy_task_msg& x) {
  return f(caf::meta::type_name("deploy_task_msg"), x.attempt, x.vertex, x.subtask, x.targets,
           x.channels, x.master, x.restore_dir, x.checkpoint_base);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, deployed_msg& x) {
  return f(caf::meta::type_name("deployed_msg"), x.task, x.error);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_done_msg& x) {
  return f(caf::meta::type_name("job_done_msg"), x.failed, x.code, x.message);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, collected_part& x) {
  return f(caf::meta::type_name("collected_part"), x.node, x.bytes);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, collected_msg& x) {
  return f(caf::meta::type_name("collected_msg"), x.parts);
}

} // namespace weir::actors
