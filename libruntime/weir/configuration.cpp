#include "weir/configuration.hpp"

#include <string>

namespace weir {

std::optional<error> configuration::validate() const {
  auto bad = [](std::string msg) { return error{errc::invalid_configuration, std::move(msg)}; };
  if (parallelism < 1)
    return bad("parallelism is " + std::to_string(parallelism)
               + "; set it to 1 or more (configuration::parallelism)");
  if (max_parallelism < 1 || max_parallelism > 32768)
    return bad("max parallelism is " + std::to_string(max_parallelism)
               + "; it must lie in 1..32768 (configuration::max_parallelism)");
  if (max_parallelism < parallelism)
    return bad("max parallelism " + std::to_string(max_parallelism)
               + " is below the parallelism " + std::to_string(parallelism)
               + "; raise max_parallelism or lower parallelism");
  if (batch_size < 1)
    return bad("batch size is 0; set configuration::batch_size to 1 or more records");
  if (buffer_timeout.count() < 0)
    return bad("buffer timeout is negative; use 0 (flush every record) or a positive number "
               "of milliseconds");
  if (credits_per_channel < 1)
    return bad("credits per channel is 0: no batch could ever be sent; set "
               "configuration::credits_per_channel to 1 or more");
  return std::nullopt;
}

} // namespace weir
