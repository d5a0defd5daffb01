#pragma once

#include "cli/timestamped_csv_parser.hpp"

namespace weir::examples {

/// The input's CSV lines `sensor_id,timestamp_ms,temperature_f`, as weir::cli's
/// timestamped_csv_parser reads them: spaces and tabs around a field are ignored
/// (read_text_file already drops a final '\r'), a header is the exact first line, a blank
/// line is malformed ("empty line"), a timestamp is in epoch ms within ±2^62 (146 million
/// years, so that window ends and watermarks, timestamp − bound − 1, cannot overflow).
inline constexpr cli::timestamped_csv_format reading_format{
  .header = "sensor_id,timestamp_ms,temperature_f",
  .timestamp_unit = "epoch milliseconds",
};

} // namespace weir::examples
