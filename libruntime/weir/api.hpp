#pragma once

/// The dataflow API of libruntime: environment, streams, functions, sources and sinks.
/// Programs include weir/weir.hpp instead, which adds keyed state and the runtime.

#include "weir/broadcast_connected_stream.hpp"
#include "weir/broadcast_process_function.hpp"
#include "weir/collector.hpp"
#include "weir/configuration.hpp"
#include "weir/connected_streams.hpp"
#include "weir/data_stream.hpp"
#include "weir/environment.hpp"
#include "weir/error.hpp"
#include "weir/job_client.hpp"
#include "weir/job_execution_result.hpp"
#include "weir/keyed_broadcast_process_function.hpp"
#include "weir/keyed_process_function.hpp"
#include "weir/keyed_stream.hpp"
#include "weir/output_tag.hpp"
#include "weir/process_function.hpp"
#include "weir/sink_function.hpp"
#include "weir/source_function.hpp"
#include "weir/sources.hpp"
