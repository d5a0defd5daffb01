#pragma once

/// Windows on keyed streams and window_all (Flink's windowing): assigners, triggers,
/// evictors, window functions and the windowed streams that tie them together.

#include "weir/windowing/assigners.hpp"
#include "weir/windowing/evictors.hpp"
#include "weir/windowing/join.hpp"
#include "weir/windowing/trigger_context.hpp"
#include "weir/windowing/triggers.hpp"
#include "weir/windowing/window_function.hpp"
#include "weir/windowing/windowed_stream.hpp"
#include "weir/windowing/windows.hpp"
