#include "weir/flow/channel_state.hpp"

#include <cstring>
#include <fstream>
#include <iterator>

namespace weir::flow {

namespace {

constexpr char magic[8] = {'W', 'E', 'I', 'R', 'C', 'H', 'S', '1'};

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

template <class T>
void put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

template <class T>
bool get(std::string_view& in, T& v) {
  if (in.size() < sizeof(T))
    return false;
  std::memcpy(&v, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

} // namespace

std::variant<std::uint64_t, error>
write_channel_state(const std::filesystem::path& file,
                    const std::vector<channel_state_entry>& entries) {
  std::string body;
  put<std::uint64_t>(body, entries.size());
  for (const auto& e : entries) {
    put<std::uint8_t>(body, e.output ? 1 : 0);
    put<std::uint32_t>(body, e.channel);
    put<std::uint64_t>(body, e.bytes.size());
    body += e.bytes;
  }
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ofstream out{file, std::ios::binary | std::ios::trunc};
  out.write(magic, sizeof magic);
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
  std::string sum;
  put<std::uint64_t>(sum, fnv1a(body));
  out.write(sum.data(), static_cast<std::streamsize>(sum.size()));
  out.close();
  if (!out)
    return error{errc::io_error, "cannot write the channel state " + file.string()};
  return std::uint64_t{sizeof magic + body.size() + sum.size()};
}

std::variant<std::vector<channel_state_entry>, error>
read_channel_state(const std::filesystem::path& file) {
  auto damaged = [&](const std::string& what) {
    return error{errc::state_error,
                 "the channel state " + file.string() + " of an unaligned checkpoint is " + what
                   + "; restore from an earlier checkpoint"};
  };
  std::ifstream in{file, std::ios::binary};
  if (!in)
    return error{errc::missing_input, "the channel state " + file.string()
                                        + " of an unaligned checkpoint does not exist; the "
                                          "checkpoint directory is incomplete"};
  std::string all{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  if (all.size() < sizeof magic + 16 || std::memcmp(all.data(), magic, sizeof magic) != 0)
    return damaged("truncated or not a channel state file");
  std::string_view body{all.data() + sizeof magic, all.size() - sizeof magic - 8};
  std::uint64_t sum = 0;
  std::memcpy(&sum, all.data() + all.size() - 8, 8);
  if (fnv1a(body) != sum)
    return damaged("damaged (checksum mismatch)");
  std::uint64_t count = 0;
  if (!get(body, count))
    return damaged("truncated");
  std::vector<channel_state_entry> out;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint8_t dir = 0;
    std::uint32_t channel = 0;
    std::uint64_t size = 0;
    if (!get(body, dir) || !get(body, channel) || !get(body, size) || body.size() < size)
      return damaged("truncated");
    out.push_back({dir != 0, channel, std::string{body.substr(0, size)}});
    body.remove_prefix(size);
  }
  if (!body.empty())
    return damaged("longer than its entries");
  return out;
}

} // namespace weir::flow
