#pragma once

// The single CAF type-ID block of Weir: every message type and atom the actors exchange.

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/type_id.hpp>

#include "weir/actors/protocol/cluster_messages.hpp"
#include "weir/actors/protocol/messages.hpp"

CAF_BEGIN_TYPE_ID_BLOCK(weir_actors, caf::first_custom_type_id)

  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::open_channel_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::credit_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::batch_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::control_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::task_finished_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::task_failed_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::trigger_checkpoint_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::acknowledge_checkpoint_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::decline_checkpoint_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::checkpoint_complete_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::checkpoint_aborted_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::wire_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::register_worker_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::register_reply_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::worker_ready_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::allocate_slots_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::slots_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::deploy_task_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::deployed_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::job_done_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::collected_part))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::collected_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::queryable_state_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::state_query_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::state_answer_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::state_route_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::actors::job_info_msg))
  CAF_ADD_TYPE_ID(weir_actors, (weir::flow::task_sample))

  /// A task's buffer timeout fired.
  CAF_ADD_ATOM(weir_actors, weir::actors, tick_atom, "tick")
  /// A source task polls its source again.
  CAF_ADD_ATOM(weir_actors, weir::actors, poll_atom, "poll")
  /// Something outside the task has records for its idle source (an actor source's inlet).
  CAF_ADD_ATOM(weir_actors, weir::actors, wake_atom, "wake")
  /// A task's processing-time timers are due.
  CAF_ADD_ATOM(weir_actors, weir::actors, timer_atom, "timer")
  /// Stop the job / the task.
  CAF_ADD_ATOM(weir_actors, weir::actors, cancel_atom, "cancel")
  /// The job master's periodic look at tasks that have not stopped after a cancel.
  CAF_ADD_ATOM(weir_actors, weir::actors, check_atom, "check")
  /// The job master's checkpoint timer: trigger a periodic checkpoint if one is due.
  CAF_ADD_ATOM(weir_actors, weir::actors, checkpoint_atom, "chkpt")
  /// The job master's restart timer: redeploy after the restart strategy's delay.
  CAF_ADD_ATOM(weir_actors, weir::actors, restart_atom, "restart")
  /// Job master -> task: every task finished; commit what waits for the job's end, then stop.
  CAF_ADD_ATOM(weir_actors, weir::actors, job_end_atom, "jobend")
  /// Client -> job master: take a savepoint (into the directory given), or take one and stop.
  CAF_ADD_ATOM(weir_actors, weir::actors, savepoint_atom, "savepnt")
  CAF_ADD_ATOM(weir_actors, weir::actors, stop_atom, "stop")
  /// Resource manager: look at allocations waiting for slots whose time is up.
  CAF_ADD_ATOM(weir_actors, weir::actors, expire_atom, "expire")
  /// Client -> resource manager: the job ended; end the workers and gather their results.
  CAF_ADD_ATOM(weir_actors, weir::actors, finish_atom, "finish")

  /// Client -> job master: where are the subtasks of this queryable state (state_route_msg)?
  CAF_ADD_ATOM(weir_actors, weir::actors, locate_atom, "locate")

  /// Client -> job master: the job's details and tasks (job_info_msg).
  CAF_ADD_ATOM(weir_actors, weir::actors, details_atom, "details")
  /// Client -> task: its metrics now (flow::task_sample).
  CAF_ADD_ATOM(weir_actors, weir::actors, sample_atom, "sample")

CAF_END_TYPE_ID_BLOCK(weir_actors)

// A batch crosses mailboxes only within a process, by pointer; between nodes the wire codec
// (schemas/) carries the records instead.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(weir::actors::batch_msg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(weir::actors::credit_msg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(weir::actors::job_info_msg)
