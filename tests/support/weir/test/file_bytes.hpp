#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace weir::test {

/// The whole content of file `p` (empty if it cannot be read).
inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in{p, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, {}};
}

/// Replaces the content of file `p` with `bytes`.
inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out{p, std::ios::binary | std::ios::trunc};
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

} // namespace weir::test
