// The control messages of a cluster cross processes serialized by CAF (the channel events go
// as Cap'n Proto frames, tested in tests/schemas/channel_frame_test.cpp): each one reads back
// as it was written, and a truncated or damaged one is an error, never a crash.

#include <boost/test/unit_test.hpp>

#include <random>

#include <caf/all.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include "weir/actors/actor_system_setup.hpp"
#include "weir/actors/type_ids.hpp"

using namespace weir;
using namespace weir::actors;

namespace {

struct system_fixture {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  system_fixture() {
    register_types(cfg);
    cfg.set("scheduler.max-threads", std::size_t{1});
    cfg.set("logger.verbosity", caf::atom("quiet"));
    sys = std::make_unique<caf::actor_system>(cfg);
  }

  template <class T>
  std::vector<char> write(T x) {
    std::vector<char> buf;
    caf::binary_serializer sink{*sys, buf};
    auto err = sink(x);
    BOOST_REQUIRE_MESSAGE(!err, "serializing failed: " + sys->render(err));
    return buf;
  }
  template <class T>
  caf::error read(const std::vector<char>& buf, T& out) {
    caf::binary_deserializer source{*sys, buf};
    auto err = source(out);
    if (!err && source.remaining() != 0)
      return caf::sec::invalid_argument;
    return err;
  }
  /// Every proper prefix of `x`'s bytes is refused.
  template <class T>
  void check_truncations(const T& x) {
    auto buf = write(x);
    for (std::size_t n = 0; n < buf.size(); ++n) {
      std::vector<char> prefix(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
      T out;
      BOOST_TEST_CONTEXT("prefix of " << n << " of " << buf.size() << " bytes") {
        BOOST_TEST(static_cast<bool>(read(prefix, out)));
      }
    }
  }
  /// Random byte flips decode or fail, but never crash.
  template <class T>
  void check_flips(const T& x, unsigned seed) {
    auto buf = write(x);
    std::mt19937 rng{seed};
    for (int round = 0; round < 2000; ++round) {
      auto copy = buf;
      auto flips = 1 + rng() % 4;
      for (unsigned i = 0; i < flips; ++i)
        copy[rng() % copy.size()] ^= static_cast<char>(1 + rng() % 255);
      T out;
      (void) read(copy, out);
    }
  }
};

caf::behavior idle(caf::event_based_actor*) {
  return {[](int) {}};
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(cluster_messages_test, system_fixture)

BOOST_AUTO_TEST_CASE(wire_msg_round_trips_and_refuses_truncations) {
  wire_msg m{{std::string("\0\1\2frame bytes\xff", 17), std::string(64, 'x')}};
  wire_msg out;
  BOOST_TEST(!read(write(m), out));
  BOOST_TEST(out.frames == m.frames);
  check_truncations(m);
  check_flips(m, 1);
}

BOOST_AUTO_TEST_CASE(registration_round_trips_with_the_task_manager_handle) {
  auto manager = sys->spawn(idle);
  register_worker_msg m;
  m.wire_version = 1;
  m.token = "s3cret";
  m.fingerprint = 0x0123456789abcdefULL;
  m.plan_description = "weir wire 1\njob x\nvertex 0 [Source] parallelism 2\n";
  m.slots = 4;
  m.endpoint = "127.0.0.1:40000";
  m.process = "host pid 7";
  m.task_manager = manager;
  register_worker_msg out;
  BOOST_REQUIRE(!read(write(m), out));
  BOOST_TEST(out.wire_version == m.wire_version);
  BOOST_TEST(out.token == m.token);
  BOOST_TEST(out.fingerprint == m.fingerprint);
  BOOST_TEST(out.plan_description == m.plan_description);
  BOOST_TEST(out.slots == m.slots);
  BOOST_TEST(out.endpoint == m.endpoint);
  BOOST_TEST(out.process == m.process);
  BOOST_TEST((out.task_manager == manager));
  check_truncations(m);

  register_reply_msg r{true, "", 3, {"127.0.0.1:1", "127.0.0.1:2"}, manager};
  register_reply_msg r_out;
  BOOST_REQUIRE(!read(write(r), r_out));
  BOOST_TEST(r_out.accepted);
  BOOST_TEST(r_out.worker == 3);
  BOOST_TEST(r_out.peers == r.peers);
  BOOST_TEST((r_out.coordinator == manager));
  check_truncations(r);
  caf::anon_send_exit(manager, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(deployment_messages_round_trip) {
  auto a = sys->spawn(idle);
  auto b = sys->spawn(idle);
  deploy_task_msg d{2, 1, 3, {a, b}, {0, 5}, a, "/shared/chk/job/chk-4", "/shared/chk/job"};
  deploy_task_msg d_out;
  BOOST_REQUIRE(!read(write(d), d_out));
  BOOST_TEST(d_out.attempt == 2u);
  BOOST_TEST(d_out.vertex == 1);
  BOOST_TEST(d_out.subtask == 3);
  BOOST_TEST((d_out.targets == std::vector<caf::actor>{a, b}));
  BOOST_TEST((d_out.channels == std::vector<std::uint32_t>{0, 5}));
  BOOST_TEST((d_out.master == a));
  BOOST_TEST(d_out.restore_dir == d.restore_dir);
  BOOST_TEST(d_out.checkpoint_base == d.checkpoint_base);
  check_truncations(d);

  slots_msg s{{a, b}, {"worker 1 (x)", "worker 2 (y)"}, ""};
  slots_msg s_out;
  BOOST_REQUIRE(!read(write(s), s_out));
  BOOST_TEST((s_out.managers == s.managers));
  BOOST_TEST(s_out.names == s.names);
  check_truncations(s);

  deployed_msg dep{b, ""};
  deployed_msg dep_out;
  BOOST_REQUIRE(!read(write(dep), dep_out));
  BOOST_TEST((dep_out.task == b));
  check_truncations(dep);
  for (auto& h : {a, b})
    caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(job_end_messages_round_trip_and_survive_damage) {
  job_done_msg done{true, 5, "task 'Map (1/2)' failed: boom"};
  job_done_msg done_out;
  BOOST_REQUIRE(!read(write(done), done_out));
  BOOST_TEST(done_out.failed);
  BOOST_TEST(done_out.code == 5);
  BOOST_TEST(done_out.message == done.message);
  check_truncations(done);
  check_flips(done, 2);

  collected_msg c{{{4, std::string("\x03\x01\x02\x03", 4)}, {9, ""}}};
  collected_msg c_out;
  BOOST_REQUIRE(!read(write(c), c_out));
  BOOST_REQUIRE(c_out.parts.size() == 2u);
  BOOST_TEST(c_out.parts[0].node == 4);
  BOOST_TEST(c_out.parts[0].bytes == c.parts[0].bytes);
  BOOST_TEST(c_out.parts[1].node == 9);
  check_truncations(c);
  check_flips(c, 3);

  allocate_slots_msg al{3, 1, true};
  allocate_slots_msg al_out;
  BOOST_REQUIRE(!read(write(al), al_out));
  BOOST_TEST(al_out.required == 3);
  BOOST_TEST(al_out.first);
  check_truncations(al);
  worker_ready_msg ready{2};
  worker_ready_msg ready_out;
  BOOST_REQUIRE(!read(write(ready), ready_out));
  BOOST_TEST(ready_out.worker == 2);
}

BOOST_AUTO_TEST_CASE(task_reports_and_checkpoint_messages_round_trip) {
  task_failed_msg f{1, 0, 3, "task 'Sink (1/1)' failed: disk full"};
  task_failed_msg f_out;
  BOOST_REQUIRE(!read(write(f), f_out));
  BOOST_TEST(f_out.message == f.message);
  BOOST_TEST(f_out.code == 3);
  check_truncations(f);
  check_flips(f, 4);

  control_msg ctl{2, flow::control_event::barrier(checkpoint_id{7}, true)};
  control_msg ctl_out;
  BOOST_REQUIRE(!read(write(ctl), ctl_out));
  BOOST_TEST((ctl_out.control == ctl.control));
  check_truncations(ctl);

  trigger_checkpoint_msg t{3, 12, true, false};
  trigger_checkpoint_msg t_out;
  BOOST_REQUIRE(!read(write(t), t_out));
  BOOST_TEST(t_out.checkpoint == 12u);
  BOOST_TEST(t_out.savepoint);
  check_truncations(t);

  decline_checkpoint_msg dc{1, 2, 0, 12, 5, "no space"};
  decline_checkpoint_msg dc_out;
  BOOST_REQUIRE(!read(write(dc), dc_out));
  BOOST_TEST(dc_out.message == "no space");
  check_truncations(dc);
  check_flips(dc, 5);
}

BOOST_AUTO_TEST_SUITE_END()
