// Every process of a cluster builds the job's plan itself; a worker whose plan differs from
// the coordinator's is refused, with the first line where they differ. The plans here:
//
//   generate (p 2) ─► rebalance | shuffle ─► map (int or long long) ─► print
//
// with the map's parallelism, name and uid varied one at a time.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <typeinfo>

#include "weir/api.hpp"
#include "weir/cluster/plan_fingerprint.hpp"

using namespace weir;
using weir::cluster::plan_fingerprint;

namespace {

struct plan_options {
  int map_parallelism = 2;
  std::string map_name;
  std::string map_uid;
  bool shuffle = false;
  bool map_to_long = false;
};

template <class S>
void finish(S stream, const plan_options& o) {
  stream.set_parallelism(o.map_parallelism);
  if (!o.map_name.empty())
    stream.name(o.map_name);
  if (!o.map_uid.empty())
    stream.uid(o.map_uid);
  stream.print();
}

plan_fingerprint fingerprint_of(const plan_options& o) {
  environment env;
  env.set_parallelism(2);
  auto source = env.generate(10, [](std::uint64_t i) { return int(i); });
  auto parted = o.shuffle ? source.shuffle() : source.rebalance();
  if (o.map_to_long)
    finish(parted.map([](const int& x) { return static_cast<long long>(x); }), o);
  else
    finish(parted.map([](const int& x) { return x + 1; }), o);
  auto plan = env.plan();
  if (auto* err = std::get_if<error>(&plan))
    BOOST_FAIL("unexpected plan error: " + err->to_string());
  return plan_fingerprint::of(std::get<graph::job_graph>(plan));
}

/// The difference between the default plan (the coordinator's) and `changed` (a worker's);
/// there must be one.
std::string difference_to(const plan_options& changed) {
  auto coordinator = fingerprint_of({});
  auto worker = fingerprint_of(changed);
  BOOST_TEST(coordinator.hash != worker.hash);
  auto diff = plan_fingerprint::difference(coordinator, worker);
  BOOST_REQUIRE(diff.has_value());
  BOOST_TEST_MESSAGE("difference: " << *diff);
  return *diff;
}

bool mentions(const std::string& message, const std::string& text) {
  BOOST_TEST_INFO("message: " << message);
  return message.find(text) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(plan_fingerprint_test)

BOOST_AUTO_TEST_CASE(the_same_program_gives_the_same_fingerprint) {
  auto a = fingerprint_of({});
  auto b = fingerprint_of({});
  BOOST_TEST(a.hash == b.hash);
  BOOST_TEST(a.description == b.description);
  BOOST_TEST(!plan_fingerprint::difference(a, b));
}

BOOST_AUTO_TEST_CASE(the_description_starts_with_the_wire_version_and_lists_the_plan) {
  auto f = fingerprint_of({});
  BOOST_TEST(f.description.rfind("weir wire " + std::to_string(cluster::wire_version) + "\n", 0)
             == 0u);
  BOOST_TEST(mentions(f.description, "REBALANCE"));
  BOOST_TEST(mentions(f.description, "[Generator Source]"));
  BOOST_TEST(mentions(f.description, "[node-"));
  BOOST_TEST(mentions(f.description, std::string{"output "} + typeid(int).name()));
}

BOOST_AUTO_TEST_CASE(the_hash_is_fnv1a_of_the_description_shown_as_16_hex_digits) {
  plan_fingerprint f;
  f.description = "a";
  // FNV-1a 64 of "a", a published test vector.
  f.hash = 0xaf63dc4c8601ec8cull;
  BOOST_TEST(f.hex() == "af63dc4c8601ec8c");
  plan_fingerprint small;
  small.hash = 0x1f;
  BOOST_TEST(small.hex() == "000000000000001f");
  auto real = fingerprint_of({});
  BOOST_TEST(real.hex().size() == 16u);
  BOOST_TEST(std::stoull(real.hex(), nullptr, 16) == real.hash);
}

BOOST_AUTO_TEST_CASE(a_different_parallelism_changes_the_fingerprint) {
  plan_options o;
  o.map_parallelism = 3;
  auto diff = difference_to(o);
  BOOST_TEST(mentions(diff, "coordinator: vertex 1"));
  BOOST_TEST(mentions(diff, "worker: vertex 1 [Map] parallelism 3"));
}

BOOST_AUTO_TEST_CASE(a_different_operator_name_changes_the_fingerprint) {
  plan_options o;
  o.map_name = "Enrich";
  auto diff = difference_to(o);
  BOOST_TEST(mentions(diff, "Enrich"));
  BOOST_TEST(mentions(diff, "coordinator: vertex 1 [Map"));
}

BOOST_AUTO_TEST_CASE(a_different_uid_changes_the_fingerprint) {
  plan_options o;
  o.map_uid = "enricher";
  auto diff = difference_to(o);
  BOOST_TEST(mentions(diff, "id [enricher]"));
  BOOST_TEST(mentions(diff, "coordinator: node 2 id [node-2] [Map]"));
}

BOOST_AUTO_TEST_CASE(a_different_partitioner_changes_the_fingerprint) {
  plan_options o;
  o.shuffle = true;
  auto diff = difference_to(o);
  BOOST_TEST(mentions(diff, "SHUFFLE"));
  BOOST_TEST(mentions(diff, "REBALANCE"));
}

BOOST_AUTO_TEST_CASE(a_different_record_type_changes_the_fingerprint) {
  plan_options o;
  o.map_to_long = true;
  auto diff = difference_to(o);
  BOOST_TEST(mentions(diff, std::string{"output "} + typeid(int).name()));
  BOOST_TEST(mentions(diff, std::string{"output "} + typeid(long long).name()));
}

BOOST_AUTO_TEST_CASE(a_description_that_is_a_prefix_of_the_other_is_named_by_line_counts) {
  plan_fingerprint coordinator;
  coordinator.description = "weir wire 1\nvertex 0\n";
  coordinator.hash = 1;
  plan_fingerprint worker;
  worker.description = "weir wire 1\nvertex 0\nvertex 1\n";
  worker.hash = 2;
  auto diff = plan_fingerprint::difference(coordinator, worker);
  BOOST_REQUIRE(diff.has_value());
  BOOST_TEST(*diff == "coordinator has 2 lines, worker has 3");
}

BOOST_AUTO_TEST_CASE(a_differing_line_is_numbered) {
  plan_fingerprint coordinator;
  coordinator.description = "weir wire 1\nvertex 0\n";
  plan_fingerprint worker;
  worker.description = "weir wire 2\nvertex 0\n";
  auto diff = plan_fingerprint::difference(coordinator, worker);
  BOOST_REQUIRE(diff.has_value());
  BOOST_TEST(*diff == "line 1: coordinator: weir wire 1; worker: weir wire 2");
}

BOOST_AUTO_TEST_SUITE_END()
