#include "weir/configuration.hpp"

#include <string>

namespace weir {

namespace {

error bad(std::string msg) { return error{errc::invalid_configuration, std::move(msg)}; }

template <class N>
std::string str(N n) {
  return std::to_string(n);
}

} // namespace

// Each message names the setting as the user set it (the environment setter and the field),
// the value, the accepted range and its unit.
std::optional<error> configuration::validate() const {
  if (parallelism < 1 || parallelism > parallelism_limit)
    return bad("parallelism is " + str(parallelism) + "; it must lie in 1.."
               + str(parallelism_limit)
               + " parallel instances (environment::set_parallelism, configuration::parallelism)");
  if (max_parallelism < 1 || max_parallelism > parallelism_limit)
    return bad("max parallelism is " + str(max_parallelism) + "; it must lie in 1.."
               + str(parallelism_limit)
               + " key groups (environment::set_max_parallelism, "
                 "configuration::max_parallelism)");
  if (max_parallelism < parallelism)
    return bad("max parallelism " + str(max_parallelism) + " is below the parallelism "
               + str(parallelism) + "; raise max_parallelism or lower parallelism");
  if (batch_size < 1 || batch_size > batch_size_limit)
    return bad("batch size is " + str(batch_size) + "; it must lie in 1.." + str(batch_size_limit)
               + " records (environment::set_batch_size, configuration::batch_size)");
  if (remote_batch_size > batch_size_limit)
    return bad("remote batch size is " + str(remote_batch_size) + "; it must lie in 0.."
               + str(batch_size_limit)
               + " records, 0 meaning 4 x the batch size (environment::set_remote_batch_size, "
                 "configuration::remote_batch_size)");
  if (remote_batch_size != 0
      && std::uint64_t{credits_per_channel} * effective_remote_batch_size()
           > records_in_flight_limit)
    return bad("credits per channel (" + str(credits_per_channel) + ") times the remote batch "
               "size (" + str(effective_remote_batch_size()) + ") lets a channel between "
               "processes hold more than " + str(records_in_flight_limit)
               + " records in flight; lower set_credits_per_channel or "
                 "set_remote_batch_size");
  if (buffer_timeout.count() < 0 || buffer_timeout > buffer_timeout_limit)
    return bad("buffer timeout is " + str(buffer_timeout.count()) + " ms; it must lie in 0.."
               + str(buffer_timeout_limit.count())
               + " ms, 0 flushing after every record (environment::set_buffer_timeout, "
                 "configuration::buffer_timeout)");
  if (credits_per_channel < 1 || credits_per_channel > credits_per_channel_limit)
    return bad("credits per channel is " + str(credits_per_channel) + "; it must lie in 1.."
               + str(credits_per_channel_limit)
               + " batches, and 0 would never let a batch be sent "
                 "(environment::set_credits_per_channel, configuration::credits_per_channel)");
  if (std::uint64_t{credits_per_channel} * batch_size > records_in_flight_limit)
    return bad("credits per channel (" + str(credits_per_channel) + ") times batch size ("
               + str(batch_size) + ") lets a channel hold "
               + str(std::uint64_t{credits_per_channel} * batch_size)
               + " records in flight, above the bound of " + str(records_in_flight_limit)
               + "; lower set_credits_per_channel or set_batch_size");
  if (worker_threads > worker_threads_limit)
    return bad("worker threads is " + str(worker_threads) + "; it must lie in 0.."
               + str(worker_threads_limit)
               + " threads, 0 meaning one per core (environment::set_worker_threads, "
                 "configuration::worker_threads)");
  if (window_cache_entries > window_cache_entries_limit)
    return bad("window cache entries is " + str(window_cache_entries) + "; it must lie in 0.."
               + str(window_cache_entries_limit)
               + " values (environment::set_window_cache_entries, "
                 "configuration::window_cache_entries)");
  auto bounded_ms = [](std::chrono::milliseconds v, long lo, long hi) {
    return v.count() >= lo && v.count() <= hi;
  };
  if (!bounded_ms(source_poll_timeout, 1, 3'600'000))
    return bad("source poll timeout is " + str(source_poll_timeout.count())
               + " ms; it must lie in 1..3600000 ms (configuration::source_poll_timeout)");
  if (!bounded_ms(source_idle_backoff_max, 1, 60'000))
    return bad("source idle back-off is " + str(source_idle_backoff_max.count())
               + " ms; it must lie in 1..60000 ms (configuration::source_idle_backoff_max)");
  if (!bounded_ms(auto_watermark_interval, 0, 3'600'000))
    return bad("auto watermark interval is " + str(auto_watermark_interval.count())
               + " ms; it must lie in 0..3600000 ms, 0 turning periodic watermarks off "
                 "(environment::set_auto_watermark_interval, "
                 "configuration::auto_watermark_interval)");
  if (!bounded_ms(cancellation_interval, 1, 3'600'000))
    return bad("cancellation interval is " + str(cancellation_interval.count())
               + " ms; it must lie in 1..3600000 ms (configuration::cancellation_interval)");
  if (rest_port && (*rest_port < 0 || *rest_port > 65535))
    return bad("REST port is " + str(*rest_port)
               + "; it must lie in 0..65535, 0 choosing a free port (configuration::rest_port, "
                 "--rest-port)");
  if (rest_address.empty())
    return bad("REST address is empty; give an address to bind, e.g. 127.0.0.1 "
               "(configuration::rest_address)");
  if (!bounded_ms(latency_tracking_interval, 0, 3'600'000))
    return bad("latency tracking interval is " + str(latency_tracking_interval.count())
               + " ms; it must lie in 0..3600000 ms, 0 turning latency markers off "
                 "(configuration::latency_tracking_interval)");
  if (auto err = checkpointing.validate())
    return err;
  if (restart)
    if (auto err = restart->validate())
      return err;
  return cluster.validate();
}

} // namespace weir
