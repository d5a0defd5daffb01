#pragma once

// Reading what an exactly-once file sink left in its directory.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace weir::test {

/// The names in `dir`, sorted.
inline std::vector<std::string> names_in(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  if (!std::filesystem::exists(dir))
    return out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string contents(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Every line of the finished parts (names without a leading '.'), as a sorted multiset.
inline std::multiset<std::string> committed_lines(const std::filesystem::path& dir) {
  std::multiset<std::string> out;
  for (const auto& name : names_in(dir)) {
    if (name.starts_with("."))
      continue;
    std::ifstream in(dir / name);
    for (std::string line; std::getline(in, line);)
      out.insert(line);
  }
  return out;
}

/// The hidden (in-progress or pending) files in `dir`.
inline std::vector<std::string> hidden_in(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& name : names_in(dir))
    if (name.starts_with("."))
      out.push_back(name);
  return out;
}

} // namespace weir::test
