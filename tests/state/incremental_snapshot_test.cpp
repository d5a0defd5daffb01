#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "backend_fixture.hpp"
#include "weir/state/rocksdb_incremental_listing.hpp"
#include "weir/state/snapshot_format.hpp"

// Incremental RocksDB checkpoints (snapshot_incremental_sync):
//
//   backend --chk-1--> [sst A, sst B, MANIFEST, CURRENT, OPTIONS, listing]
//      | a few keys change
//      +----chk-2--> [A, B hard links to chk-1's | sst C new | MANIFEST ... listing]
//
// and restores from such snapshots at the same parallelism (the database is adopted) and at
// another one (owned key groups copied out of each old database).

using namespace weir;
using weir::test::require;
namespace fs = std::filesystem;

namespace {

constexpr int max_parallelism = 128;
constexpr int keys = 3000;

std::string key_name(int k) { return "key-" + std::to_string(k); }

struct states {
  value_state<int>* value;
  list_state<std::string>* list;
  map_state<int, double>* map;
};

states declare(state::keyed_state_backend& b) {
  return {require(b.get_state(value_state_descriptor<int>{"value"})),
          require(b.get_state(list_state_descriptor<std::string>{"list"})),
          require(b.get_state(map_state_descriptor<int, double>{"map"}))};
}

flow::key_group group_of(const std::string& key) {
  return flow::assign_to_key_group(key_hash<std::string>{}(key), max_parallelism);
}

// Key k holds value k + bump, list [key, "x"], map {k: k/2}.
void fill(state::keyed_state_backend& b, states s, int bump = 0, int every = 1) {
  for (int k = 0; k < keys; k += every) {
    auto key = key_name(k);
    if (!b.key_groups().contains(group_of(key)))
      continue;
    require(b.set_current_key(key));
    s.value->update(k + bump);
    if (bump == 0) {
      s.list->add_all({key, "x"});
      s.map->put(k, k * 0.5);
    }
  }
}

// Every key of `b`'s key groups as fill left it; returns how many it checked.
int check(state::keyed_state_backend& b, states s, int bump = 0, int every = 0) {
  int seen = 0;
  for (int k = 0; k < keys; ++k) {
    auto key = key_name(k);
    if (!b.key_groups().contains(group_of(key)))
      continue;
    require(b.set_current_key(key));
    auto v = s.value->value();
    BOOST_REQUIRE(v.has_value());
    BOOST_TEST(*v == k + (every > 0 && k % every == 0 ? bump : 0));
    BOOST_TEST((s.list->get() == std::vector<std::string>{key, "x"}));
    BOOST_TEST(*s.map->get(k) == k * 0.5);
    ++seen;
  }
  return seen;
}

state::keyed_state_snapshot checkpoint(state::keyed_state_backend& b, const fs::path& dir) {
  return require(b.snapshot_incremental_sync(dir).run());
}

state::rocksdb_incremental_listing listing(const fs::path& dir) {
  return require(state::rocksdb_incremental_listing::read(dir));
}

std::set<std::string> sst_names(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator{dir})
    if (e.path().extension() == ".sst")
      out.insert(e.path().filename().string());
  return out;
}

std::string restore_error(test::backend_factory<test::rocksdb_backend>& factory,
                          const fs::path& dir) {
  auto b = factory.make();
  auto r = b->restore({dir});
  BOOST_REQUIRE(!r);
  return r.err().to_string();
}

} // namespace

BOOST_AUTO_TEST_SUITE(incremental_snapshot_test)

BOOST_AUTO_TEST_CASE(second_checkpoint_hard_links_the_unchanged_sst_files_of_the_first) {
  test::backend_factory<test::rocksdb_backend> factory;
  auto b = factory.make();
  auto s = declare(*b);
  fill(*b, s);
  auto root = factory.dir.path();
  auto t0 = std::chrono::steady_clock::now();
  auto first = checkpoint(*b, root / "chk-1");
  auto t1 = std::chrono::steady_clock::now();
  fill(*b, s, 1000, 500); // 6 of 3000 keys change
  auto t2 = std::chrono::steady_clock::now();
  auto second = checkpoint(*b, root / "chk-2");
  auto t3 = std::chrono::steady_clock::now();
  BOOST_TEST(!fs::exists(root / "chk-1" / state::snapshot_format::file_name));
  auto l1 = listing(root / "chk-1");
  auto l2 = listing(root / "chk-2");
  BOOST_TEST((l2.key_groups == b->key_groups()));
  BOOST_TEST(l2.states.size() == 3u);
  auto names1 = sst_names(root / "chk-1");
  auto names2 = sst_names(root / "chk-2");
  std::size_t shared = 0;
  for (const auto& f : l2.files) {
    if (!f.shared)
      continue;
    BOOST_TEST(names2.count(f.name) == 1u);
    if (names1.count(f.name) == 0) {
      BOOST_TEST(!f.reused);
      continue;
    }
    ++shared;
    BOOST_TEST(f.reused);
    BOOST_TEST(fs::equivalent(root / "chk-1" / f.name, root / "chk-2" / f.name));
    BOOST_TEST(fs::hard_link_count(root / "chk-2" / f.name) >= 2u);
  }
  BOOST_TEST(shared == names1.size()); // no compaction yet: every old file is still live
  BOOST_TEST(names2.size() > names1.size());
  BOOST_TEST(second.bytes * 4 < first.bytes);
  using ms = std::chrono::duration<double, std::milli>;
  auto first_ms = ms(t1 - t0).count();
  auto second_ms = ms(t3 - t2).count();
  BOOST_TEST_MESSAGE("first checkpoint: " << first.bytes << " bytes, " << first_ms
                     << " ms; second (6 of 3000 keys changed): " << second.bytes
                     << " new bytes (" << l2.shared_bytes() << " bytes of SSTs, " << shared
                     << " of " << names2.size() << " linked), " << second_ms << " ms");

  // A checkpoint that falls out of retention is removed whole; its files shared with the
  // newer one live on as that one's links, the rest are gone.
  fs::remove_all(root / "chk-1");
  b.reset();
  for (const auto& f : l2.files)
    BOOST_TEST(fs::hard_link_count(root / "chk-2" / f.name) == 1u);
  auto restored = factory.make();
  require(restored->restore({root / "chk-2"}));
  BOOST_TEST(check(*restored, declare(*restored), 1000, 500) == keys);
}

BOOST_AUTO_TEST_CASE(restore_at_the_same_parallelism_adopts_the_database_and_keeps_sharing) {
  test::backend_factory<test::rocksdb_backend> factory;
  auto root = factory.dir.path();
  {
    auto b = factory.make();
    fill(*b, declare(*b));
    (void) checkpoint(*b, root / "chk-1");
  }
  auto b = factory.make();
  require(b->restore({root / "chk-1"}));
  BOOST_TEST(b->states().size() == 3u);
  auto s = declare(*b);
  BOOST_TEST(check(*b, s) == keys);
  // Nothing changed since the restore: the next checkpoint writes no SST of its own.
  (void) checkpoint(*b, root / "chk-2");
  for (const auto& f : listing(root / "chk-2").files)
    if (f.shared) {
      BOOST_TEST(f.reused);
      BOOST_TEST(fs::equivalent(root / "chk-1" / f.name, root / "chk-2" / f.name));
    }
  // The restored database takes writes and checkpoints them.
  fill(*b, s, 7, 3);
  (void) checkpoint(*b, root / "chk-3");
  b.reset();
  auto again = factory.make();
  require(again->restore({root / "chk-3"}));
  BOOST_TEST(check(*again, declare(*again), 7, 3) == keys);
}

BOOST_AUTO_TEST_CASE(restores_every_key_exactly_once_from_2_to_3_and_from_3_to_1) {
  test::backend_factory<test::rocksdb_backend> factory;
  auto root = factory.dir.path();
  auto run = [&](int from_parallelism, const std::vector<fs::path>& from, int to_parallelism,
                 const std::string& out) {
    std::vector<fs::path> written;
    int total = 0;
    for (int i = 0; i < to_parallelism; ++i) {
      auto range = flow::key_group_range_for_operator(max_parallelism, to_parallelism, i);
      auto b = factory.make(range, max_parallelism);
      if (from.empty())
        fill(*b, declare(*b));
      else
        require(b->restore(from));
      total += check(*b, declare(*b));
      written.push_back(root / out / std::to_string(i));
      (void) checkpoint(*b, written.back());
    }
    BOOST_TEST(total == keys);
    (void) from_parallelism;
    return written;
  };
  auto two = run(0, {}, 2, "p2");
  auto three = run(2, two, 3, "p3");
  (void) run(3, three, 1, "p1");
}

BOOST_AUTO_TEST_CASE(a_missing_or_damaged_sst_file_is_an_error_naming_it) {
  test::backend_factory<test::rocksdb_backend> factory;
  auto root = factory.dir.path();
  {
    auto b = factory.make();
    fill(*b, declare(*b));
    (void) checkpoint(*b, root / "chk-1");
    (void) checkpoint(*b, root / "chk-2");
  }
  auto names = sst_names(root / "chk-1");
  BOOST_REQUIRE(!names.empty());
  auto victim = root / "chk-1" / *names.begin();
  fs::remove(victim);
  auto message = restore_error(factory, root / "chk-1");
  BOOST_TEST(message.find(victim.string()) != std::string::npos, message);
  BOOST_TEST(message.find("missing") != std::string::npos, message);

  // Damage a copy (not the shared inode) in chk-2: one flipped byte.
  auto damaged = root / "chk-2" / *names.begin();
  std::string bytes;
  {
    std::ifstream in{damaged, std::ios::binary};
    bytes.assign(std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{});
  }
  bytes[bytes.size() / 2] ^= 0x5a;
  fs::remove(damaged);
  {
    std::ofstream out{damaged, std::ios::binary};
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  message = restore_error(factory, root / "chk-2");
  BOOST_TEST(message.find(damaged.string()) != std::string::npos, message);
  BOOST_TEST(message.find("checksum") != std::string::npos, message);

  fs::resize_file(damaged, bytes.size() / 2);
  message = restore_error(factory, root / "chk-2");
  BOOST_TEST(message.find(damaged.string()) != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(a_damaged_listing_is_an_error_naming_it) {
  test::backend_factory<test::rocksdb_backend> factory;
  auto root = factory.dir.path();
  {
    auto b = factory.make();
    fill(*b, declare(*b));
    (void) checkpoint(*b, root / "chk-1");
  }
  auto file = root / "chk-1" / state::rocksdb_incremental_listing::file_name;
  fs::resize_file(file, fs::file_size(file) - 3);
  auto message = restore_error(factory, root / "chk-1");
  BOOST_TEST(message.find(file.string()) != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(full_snapshots_stay_in_weirs_format_and_heap_reads_them) {
  test::backend_factory<test::rocksdb_backend> factory;
  auto root = factory.dir.path();
  auto b = factory.make();
  fill(*b, declare(*b));
  (void) checkpoint(*b, root / "chk-1");
  (void) require(b->snapshot_sync(root / "savepoint").run());
  BOOST_TEST(!state::rocksdb_incremental_listing::present_in(root / "savepoint"));
  test::backend_factory<test::heap_backend> heap;
  auto h = heap.make();
  require(h->restore({root / "savepoint"}));
  BOOST_TEST(check(*h, declare(*h)) == keys);
}

BOOST_AUTO_TEST_SUITE_END()
