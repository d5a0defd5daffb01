#pragma once

/// The Weir API in one include: environment, streams, functions, sources, sinks, keyed,
/// operator and broadcast state, and windows. It sits in the top layer because it pulls in every layer
/// below: programs link weir::actors, which runs jobs on the embedded mini cluster.

#include "weir/actor_io.hpp"
#include "weir/api.hpp"
#include "weir/checkpoint_listener.hpp"
#include "weir/checkpointed_function.hpp"
#include "weir/exactly_once_file_sink_function.hpp"
#include "weir/state/broadcast_context_state.hpp"
#include "weir/state/keyed_state_backends.hpp"
#include "weir/state/runtime_context_operator_state.hpp"
#include "weir/state/runtime_context_state.hpp"
#include "weir/two_phase_commit_sink_function.hpp"
#include "weir/windowing.hpp" // window contents live in keyed state
