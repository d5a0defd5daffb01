#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "backend_fixture.hpp"
#include "weir/codec/codecs.hpp"
#include "weir/state/crc32.hpp"
#include "weir/state/operator_snapshot_format.hpp"
#include "weir/state/operator_state_backend.hpp"
#include "weir/state/snapshot_format.hpp"
#include "weir/test/allocation_guard.hpp"
#include "weir/test/byte_mutator.hpp"
#include "weir/test/file_bytes.hpp"

// Hostile snapshot files: a valid keyed-state and operator-state snapshot, mutated (random
// bytes anywhere, or a payload mutated and framed again with a correct checksum, so that
// the decoders behind the checksum see corrupt counts and lengths), then restored and its
// states declared under an allocation guard. A restore may succeed or fail with an error
// naming the file; it never throws, and never asks for more than 16 MiB for a file of a few
// KiB.

using namespace weir;
using weir::test::require;

namespace {

constexpr std::size_t limit = std::size_t{16} << 20;

const value_state_descriptor<std::string> value_desc{"v"};
const list_state_descriptor<std::vector<std::int64_t>> list_desc{"l"};
const map_state_descriptor<std::string, std::vector<std::string>> map_desc{"m"};

// A snapshot file cut into its frame: magic and version, then blocks, each with the bytes
// before its length (the key group of a keyed-state block) and its payload.
struct framed_file {
  std::string head;
  struct block {
    std::string prefix;
    std::string payload;
  };
  std::vector<block> blocks;

  static framed_file parse(const std::string& bytes, std::size_t prefix_size) {
    framed_file f;
    f.head = bytes.substr(0, 12);
    std::size_t pos = 12;
    for (bool first = true; pos < bytes.size(); first = false) {
      block b;
      auto p = first ? 0 : prefix_size;
      b.prefix = bytes.substr(pos, p);
      pos += p;
      auto len = *decode<std::uint64_t>(std::string_view{bytes}.substr(pos, 8));
      b.payload = bytes.substr(pos + 8, len);
      pos += 8 + len + 4;
      f.blocks.push_back(std::move(b));
    }
    return f;
  }

  [[nodiscard]] std::string bytes() const {
    std::string out = head;
    byte_writer w{out};
    for (const auto& b : blocks) {
      out += b.prefix;
      w.write(static_cast<std::uint64_t>(b.payload.size()));
      out += b.payload;
      w.write(state::crc32(b.payload));
    }
    return out;
  }
};

// Hostile variants of a snapshot file, before or behind its checksums.
class mutator : public weir::test::byte_mutator {
public:
  using byte_mutator::byte_mutator;

  // Mutates one block's payload and frames the file again, checksums correct.
  std::string mutate_behind_checksum(const std::string& file, std::size_t prefix_size) {
    auto f = framed_file::parse(file, prefix_size);
    auto& b = f.blocks[below(f.blocks.size())];
    mutate(b.payload, false);
    if (below(4) == 0)
      f.blocks.push_back({std::string(prefix_size, '\0'), "trailing"});
    return f.bytes();
  }

  std::string hostile(const std::string& file, std::size_t prefix_size) {
    auto out = file;
    if (below(2) == 0)
      mutate(out, false);
    else
      out = mutate_behind_checksum(file, prefix_size);
    return out;
  }
};

template <class Backend>
std::filesystem::path write_keyed_snapshot(test::backend_factory<Backend>& f) {
  auto b = f.make();
  auto* v = require(b->get_state(value_desc));
  auto* l = require(b->get_state(list_desc));
  auto* m = require(b->get_state(map_desc));
  for (int k = 0; k < 30; ++k) {
    require(b->set_current_key(k));
    v->update(std::string(static_cast<std::size_t>(k), 'v'));
    l->add(std::vector<std::int64_t>(static_cast<std::size_t>(k % 5), k));
    m->put("key" + std::to_string(k), {"a", "b"});
  }
  auto dir = f.dir.path() / "snap";
  (void)require(b->snapshot_sync(dir).run());
  return dir;
}

// Restores `dir` into a fresh backend and reads every state of every key; returns the
// largest allocation request made on this thread meanwhile. Counts failed restores.
template <class Backend>
std::size_t restore_and_read(test::backend_factory<Backend>& f, const std::filesystem::path& dir,
                             int& failed) {
  auto b = f.make();
  weir::test::allocation_guard guard{limit};
  auto r = b->restore({dir});
  if (!r) {
    ++failed;
    BOOST_REQUIRE(r.err().message().find(dir.string()) != std::string::npos);
    return guard.largest();
  }
  try {
    auto v = b->get_state(value_desc);
    auto l = b->get_state(list_desc);
    auto m = b->get_state(map_desc);
    if (v && l && m)
      for (int k = 0; k < 30; ++k) {
        require(b->set_current_key(k));
        (void)(*v)->value();
        (void)(*l)->get();
        (void)(*m)->contains("key1");
      }
  } catch (const state::state_exception& e) {
    BOOST_REQUIRE(e.state_err().code() == state::errc::decode_failed);
  }
  return guard.largest();
}

template <class Backend>
void fuzz_keyed(int rounds, std::uint32_t seed) {
  test::backend_factory<Backend> f;
  auto dir = write_keyed_snapshot(f);
  auto file = dir / state::snapshot_format::file_name;
  auto valid = test::read_file(file);
  BOOST_TEST_REQUIRE(valid.size() < 8192u);
  mutator mut{seed};
  std::size_t largest = 0;
  int failed = 0;
  for (int i = 0; i < rounds; ++i) {
    test::write_file(file, mut.hostile(valid, 4));
    largest = std::max(largest, restore_and_read(f, dir, failed));
  }
  BOOST_TEST(largest < limit);
  BOOST_TEST(failed > rounds / 2); // the mutations do reach the checks
}

} // namespace

BOOST_AUTO_TEST_SUITE(snapshot_fuzz_test)

BOOST_AUTO_TEST_CASE(the_framing_helper_reproduces_a_valid_file) {
  test::backend_factory<test::heap_backend> f;
  auto dir = write_keyed_snapshot(f);
  auto valid = test::read_file(dir / state::snapshot_format::file_name);
  BOOST_TEST((framed_file::parse(valid, 4).bytes() == valid));
}

BOOST_AUTO_TEST_CASE(mutated_keyed_snapshots_restore_or_fail_within_the_limit_on_the_heap) {
  fuzz_keyed<test::heap_backend>(400, 11);
}

BOOST_AUTO_TEST_CASE(mutated_keyed_snapshots_restore_or_fail_within_the_limit_in_rocksdb) {
  fuzz_keyed<test::rocksdb_backend>(40, 12);
}

BOOST_AUTO_TEST_CASE(mutated_operator_snapshots_restore_or_fail_within_the_limit) {
  test::temp_dir dir;
  auto snap = dir.path() / "op";
  {
    state::operator_state_backend b{0, 1};
    auto* split = require(b.get_list_state(list_state_descriptor<std::string>{"split"}));
    auto* rules = require(b.get_broadcast_state(map_desc));
    for (int i = 0; i < 40; ++i) {
      split->add(std::string(static_cast<std::size_t>(i), 's'));
      rules->put("r" + std::to_string(i), {"x"});
    }
    (void)require(b.snapshot_sync(snap).run());
  }
  auto file = snap / state::operator_snapshot_format::file_name;
  auto valid = test::read_file(file);
  mutator mut{13};
  std::size_t largest = 0;
  int failed = 0;
  for (int i = 0; i < 400; ++i) {
    test::write_file(file, mut.hostile(valid, 0));
    state::operator_state_backend b{0, 1};
    weir::test::allocation_guard guard{limit};
    auto r = b.restore({snap});
    if (!r) {
      ++failed;
      BOOST_REQUIRE(r.err().message().find(snap.string()) != std::string::npos);
    } else {
      (void)b.get_list_state(list_state_descriptor<std::string>{"split"});
      (void)b.get_broadcast_state(map_desc);
    }
    largest = std::max(largest, guard.largest());
  }
  BOOST_TEST(largest < limit);
  BOOST_TEST(failed > 200);
}

BOOST_AUTO_TEST_SUITE_END()
