// Actors in and out of a running job (issue 14): actor sources fed by threads and by
// demand-driven producer actors, actor sinks with acknowledgements, and what a restart does
// to both.
//
//   producers ─► inlet ─► [Actor Source] ─► ... ─► [Actor Sink] ─► receiver actor ─► ack

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;

namespace {

/// A record tagged with its producer and its index in that producer's sequence.
using tagged = std::pair<std::int64_t, std::int64_t>;

/// What a receiver actor saw, read by the test thread.
struct received {
  std::mutex mtx;
  std::condition_variable cv;
  std::vector<tagged> records;
  std::map<int, std::uint64_t> last_seq;  ///< per subtask
  int ended = 0;
  std::uint64_t max_unacknowledged = 0;   ///< most batches seen ahead of the acknowledged
  std::uint64_t protocol_errors = 0;

  bool wait_for_end(int subtasks, std::chrono::milliseconds timeout) {
    std::unique_lock lock{mtx};
    return cv.wait_for(lock, timeout, [&] { return ended >= subtasks; });
  }
};

/// A receiver that processes each batch in `delay`, checks sequence numbers and acknowledges.
caf::behavior receiver(caf::event_based_actor* self, std::shared_ptr<received> out,
                       std::chrono::microseconds delay, int quit_after_batches) {
  auto acked = std::make_shared<std::map<int, std::uint64_t>>();
  auto batches = std::make_shared<int>(0);
  return {
    [=](sink_batch<tagged>& b) {
      if (quit_after_batches > 0 && ++*batches > quit_after_batches) {
        self->quit();
        return;
      }
      if (delay.count() > 0)
        std::this_thread::sleep_for(delay);
      std::lock_guard lock{out->mtx};
      auto& last = out->last_seq[b.subtask];
      if (b.seq != last + 1)
        ++out->protocol_errors;
      last = b.seq;
      auto ahead = b.seq - (*acked)[b.subtask];
      out->max_unacknowledged = std::max(out->max_unacknowledged, ahead);
      for (auto& r : b.records)
        out->records.push_back(r);
      b.ack();
      (*acked)[b.subtask] = b.seq;
      if (b.end_of_stream) {
        ++out->ended;
        out->cv.notify_all();
      }
    },
  };
}

/// Records per producer in order, no record twice, none missing.
void check_sequences(const std::vector<tagged>& records, int producers, std::int64_t each) {
  std::map<std::int64_t, std::int64_t> next;
  for (const auto& [p, i] : records) {
    BOOST_REQUIRE_MESSAGE(i == next[p], "producer " << p << ": record " << i << " after "
                                                    << next[p] - 1);
    ++next[p];
  }
  BOOST_TEST(next.size() == static_cast<std::size_t>(producers));
  for (const auto& [p, n] : next)
    BOOST_TEST(n == each, "producer " << p << " delivered " << n << " of " << each);
}

caf::actor_system_config& user_config() {
  static caf::actor_system_config cfg;
  return cfg;
}

} // namespace

BOOST_AUTO_TEST_SUITE(actor_io_job_test)

BOOST_AUTO_TEST_CASE(threads_far_faster_than_the_job_stay_within_the_buffer_and_lose_nothing) {
  environment env;
  env.set_parallelism(1);
  auto [stream, in] = env.from_actor<tagged>("orders", inlet_options{4096});
  auto out = stream
               .map([](const tagged& t) {
                 // A slow operator: the producers outrun the job.
                 volatile int spin = 0;
                 for (int i = 0; i < 200; ++i)
                   spin = spin + i;
                 return t;
               })
               .collect();
  auto job = env.execute_async("fast producers");
  constexpr int producers = 3;
  constexpr std::int64_t each = 60'000;
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([p, in = in] {
      std::vector<tagged> batch;
      for (std::int64_t i = 0; i < each; ++i) {
        batch.emplace_back(p, i);
        if (batch.size() == 700 || i + 1 == each) {
          auto err = in.send(std::move(batch));
          BOOST_REQUIRE(!err);
          batch = {};
        }
      }
    });
  for (auto& t : threads)
    t.join();
  in.close();
  auto result = job.wait();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(out.size() == static_cast<std::size_t>(producers * each));
  check_sequences(out.values(), producers, each);
  BOOST_TEST(in.peak_buffered() <= in.capacity());
  BOOST_TEST(in.peak_buffered() > 0u);
  // Sending after the end is an error naming the inlet, not a hang.
  auto late = in.send(tagged{9, 9});
  BOOST_REQUIRE(late.has_value());
  BOOST_TEST(late->message().find("orders") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(producer_actors_send_only_against_demand_and_end_the_stream) {
  caf::actor_system users{user_config()};
  environment env;
  auto [stream, in] = env.from_actor<tagged>("clicks", inlet_options{1000});
  auto out = stream.collect();
  auto job = env.execute_async("producer actors");
  constexpr int producers = 4;
  constexpr std::int64_t each = 25'000;
  auto done = std::make_shared<std::atomic<int>>(0);
  auto violations = std::make_shared<std::atomic<int>>(0);
  for (int p = 0; p < producers; ++p)
    users.spawn([p, in = in, done, violations](caf::event_based_actor* self) -> caf::behavior {
      auto producer = open_producer(self, in);
      auto next = std::make_shared<std::int64_t>(0);
      return {
        [=](const inlet_demand& d) {
          std::vector<tagged> batch;
          while (batch.size() < d.records && *next < each)
            batch.emplace_back(p, (*next)++);
          // More than any demand can be (the capacity) is refused, with nothing taken.
          if (d.records > 0 && *next < each) {
            std::vector<tagged> too_many(in.capacity() + 1, tagged{p, -1});
            if (!producer.send(std::move(too_many)))
              ++*violations;
          }
          if (auto err = producer.send(std::move(batch)))
            ++*violations;
          if (*next == each) {
            producer.close();
            if (++*done == producers)
              in.close();
            self->quit();
          }
        },
        [=](const inlet_closed&) { self->quit(); },
      };
    });
  auto result = job.wait();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(violations->load() == 0);
  check_sequences(out.values(), producers, each);
  BOOST_TEST(in.peak_buffered() <= in.capacity());
}

BOOST_AUTO_TEST_CASE(a_slow_receiver_slows_the_job_and_gets_everything_in_order) {
  caf::actor_system users{user_config()};
  auto seen = std::make_shared<received>();
  auto sink = users.spawn(receiver, seen, 300us, 0);
  environment env;
  env.set_parallelism(2).set_batch_size(64);
  constexpr std::int64_t each = 20'000;
  env.generate(2 * each, [](std::uint64_t i) { return tagged{std::int64_t(i % 2), std::int64_t(i / 2)}; })
    .set_parallelism(1)
    .key_by([](const tagged& t) { return t.first; })
    .map([](const tagged& t) { return t; })
    .to_actor(sink, actor_sink_options{3});
  auto result = env.execute("slow receiver");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_REQUIRE(seen->wait_for_end(2, 10s));
  std::lock_guard lock{seen->mtx};
  BOOST_TEST(seen->protocol_errors == 0u);
  // Never more than the window (plus the final batch) ahead of the acknowledgements.
  BOOST_TEST(seen->max_unacknowledged <= 4u);
  check_sequences(seen->records, 2, each);
  caf::anon_send_exit(sink, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(a_receiver_that_dies_fails_the_job_with_a_clear_error) {
  caf::actor_system users{user_config()};
  auto seen = std::make_shared<received>();
  auto sink = users.spawn(receiver, seen, 0us, 2);
  environment env;
  env.generate(10'000'000, [](std::uint64_t i) { return tagged{0, std::int64_t(i)}; })
    .to_actor(sink, actor_sink_options{2});
  auto result = env.execute("dying receiver");
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().message().find("actor sink's receiver") != std::string::npos,
             result.err().to_string());
  BOOST_TEST(result.err().message().find("terminated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(with_the_drop_flag_a_dead_receiver_costs_its_records_not_the_job) {
  caf::actor_system users{user_config()};
  auto seen = std::make_shared<received>();
  auto sink = users.spawn(receiver, seen, 0us, 2);
  environment env;
  env.generate(200'000, [](std::uint64_t i) { return tagged{0, std::int64_t(i)}; })
    .to_actor(sink, actor_sink_options{2, true});
  auto result = env.execute("dropping sink");
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  std::lock_guard lock{seen->mtx};
  BOOST_TEST(seen->records.size() < 200'000u);
}

BOOST_AUTO_TEST_CASE(a_restart_replays_what_the_source_took_since_the_last_checkpoint) {
  // Keyed running counts: a lost record makes a final count too low, a record read twice
  // makes it too high (the sink sees each count value at least once).
  caf::actor_system users{user_config()};
  auto seen = std::make_shared<received>();
  auto sink = users.spawn(receiver, seen, 0us, 0);
  environment env;
  env.enable_checkpointing(30ms);
  env.set_restart_strategy(restart_strategy::fixed_delay(5, 0ms));
  auto faults = std::make_shared<fault_plan>();
  faults->fail_after_records("Count", 0, 30'000);
  env.set_fault_plan(faults);
  auto [stream, in] = env.from_actor<tagged>("events", inlet_options{2048});
  stream.key_by([](const tagged& t) { return t.first; })
    .map([](const tagged& t) { return tagged{t.first, 1}; })
    .key_by([](const tagged& t) { return t.first; })
    .sum<1>()
    .name("Count")
    .to_actor(sink);
  auto job = env.execute_async("replay");
  constexpr int keys = 7;
  constexpr std::int64_t total = 70'000;
  std::thread producer([in = in] {
    for (std::int64_t i = 0; i < total; ++i) {
      BOOST_REQUIRE(!in.send(tagged{i % keys, i}));
      if (i % 5000 == 0)
        std::this_thread::sleep_for(5ms); // let checkpoints complete in between
    }
    in.close();
  });
  producer.join();
  auto result = job.wait();
  BOOST_REQUIRE_MESSAGE(result.ok(), result.err().to_string());
  BOOST_TEST(result.restarts().size() == 1u);
  BOOST_REQUIRE(seen->wait_for_end(1, 10s));
  std::lock_guard lock{seen->mtx};
  std::map<std::int64_t, std::int64_t> final_count;
  for (const auto& [k, c] : seen->records)
    final_count[k] = std::max(final_count[k], c);
  for (int k = 0; k < keys; ++k)
    BOOST_TEST(final_count[k] == total / keys, "key " << k);
  BOOST_TEST(in.covered() > 0u);
  caf::anon_send_exit(sink, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(the_demand_protocol_on_the_deterministic_scheduler) {
  caf::actor_system_config cfg;
  cfg.set("scheduler.policy", caf::atom("testing"));
  caf::actor_system sys{cfg};
  auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  inlet<int> in{"ticks", inlet_options{100}};
  auto granted = std::make_shared<std::uint64_t>(0);
  auto sent = std::make_shared<int>(0);
  auto closed = std::make_shared<bool>(false);
  auto producer = sys.spawn([=](caf::event_based_actor* self) -> caf::behavior {
    auto p = open_producer(self, in);
    return {
      [=](const inlet_demand& d) {
        *granted += d.records;
        std::vector<int> batch;
        for (std::uint64_t i = 0; i < d.records; ++i)
          batch.push_back((*sent)++);
        BOOST_REQUIRE(!p.send(std::move(batch)));
      },
      [=](const inlet_closed&) {
        *closed = true;
        self->quit();
      },
    };
  });
  sched.run();
  // One producer gets the whole buffer at once, and uses it.
  BOOST_TEST(*granted == 100u);
  BOOST_TEST(in.buffered() == 100u);
  std::vector<int> taken;
  BOOST_TEST((in.buffer()->take(taken, 30, false) == source_status::more_available));
  sched.run();
  // 30 taken is less than half the share: no demand yet (grants come in bulk).
  BOOST_TEST(*granted == 100u);
  BOOST_TEST((in.buffer()->take(taken, 40, false) == source_status::more_available));
  sched.run();
  BOOST_TEST(*granted == 170u);
  BOOST_TEST(in.buffered() == 100u);
  for (int i = 0; i < 70; ++i)
    BOOST_TEST(taken[static_cast<std::size_t>(i)] == i);
  in.close();
  sched.run();
  BOOST_TEST(*closed);
  taken.clear();
  BOOST_TEST((in.buffer()->take(taken, 1000, false) == source_status::end_of_input));
  BOOST_TEST(taken.size() == 100u);
  (void) producer;
}

BOOST_AUTO_TEST_SUITE_END()
