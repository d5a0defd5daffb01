#include "weir/checkpoint_config.hpp"

namespace weir {

namespace {

error bad(std::string msg) { return error{errc::invalid_configuration, std::move(msg)}; }

std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

constexpr std::chrono::milliseconds one_day{86'400'000};

} // namespace

const char* to_string(checkpointing_mode mode) noexcept {
  return mode == checkpointing_mode::exactly_once ? "exactly_once" : "at_least_once";
}

// As configuration::validate: each message names the field, the value, the accepted range and
// its unit.
std::optional<error> checkpoint_config::validate() const {
  if (interval.count() < 0)
    return bad("checkpoint interval is " + ms(interval)
               + "; it must be at least 0 ms, 0 turning checkpointing off "
                 "(checkpoint_config::interval)");
  if (timeout.count() < 1 || timeout > one_day)
    return bad("checkpoint timeout is " + ms(timeout)
               + "; it must lie in 1..86400000 ms (checkpoint_config::timeout)");
  if (min_pause.count() < 0 || min_pause > one_day)
    return bad("min pause between checkpoints is " + ms(min_pause)
               + "; it must lie in 0..86400000 ms (checkpoint_config::min_pause)");
  if (max_concurrent < 1 || max_concurrent > 16)
    return bad("max concurrent checkpoints is " + std::to_string(max_concurrent)
               + "; it must lie in 1..16 checkpoints (checkpoint_config::max_concurrent)");
  if (tolerable_failed < 0 || tolerable_failed > 1'000'000)
    return bad("tolerable failed checkpoints is " + std::to_string(tolerable_failed)
               + "; it must lie in 0..1000000 checkpoints in a row "
                 "(checkpoint_config::tolerable_failed)");
  if (retained < 1 || retained > 1000)
    return bad("retained checkpoints is " + std::to_string(retained)
               + "; it must lie in 1..1000 checkpoints (checkpoint_config::retained)");
  if (unaligned && mode != checkpointing_mode::exactly_once)
    return bad("unaligned checkpoints need checkpointing mode exactly_once, not "
               + std::string{to_string(mode)}
               + "; set checkpoint_config::mode to exactly_once or unaligned to false");
  return std::nullopt;
}

} // namespace weir
