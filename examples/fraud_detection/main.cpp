// Fraud detection, after Flink's fraud-detection walkthrough, with actors in and out of the job:
//
//   generator actor ─(inlet, demand)─► Actor Source ─► Timestamps/Watermarks ─► key_by(account)
//     ─► Fraud Detector (keyed state + event-time timer) ─► Actor Sink ─(acks)─► alerts actor
//                         ▲
//   query loop (this thread) ─ queryable state "spent" / "small-at" of --query-account
//
// The generator actor makes one transaction per second of event time (paced at --rate per
// second of wall time, or as fast as the job takes them with --rate 0) and sends only against
// the demand the inlet grants it. The detector flags a transaction below 1.00 followed, within
// a minute, by the account's next transaction above 500.00; an event-time timer a minute after
// the small one clears the flag (the walkthrough's clean-up), and the detector compares the
// timestamps too, so the alerts do not depend on when watermarks happen to arrive. The alerts
// actor prints each alert (and writes them to --output) and acknowledges each batch. While the
// job runs, this thread asks the job every --query-interval-ms how much --query-account has
// spent and whether it has a small transaction pending.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <future>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>

#include "cli/bounded_integer.hpp"
#include "transactions.hpp"
#include "weir/weir.hpp"

namespace {

using namespace std::chrono_literals;
using weir::examples::alert;
using weir::examples::transaction;

constexpr const char* program = "fraud-detection";

/// The generator's pacing tick.
using tick_atom = caf::atom_constant<caf::atom("tick")>;

/// Flink's FraudDetector: per account, the time of a pending small transaction and its
/// clean-up timer, plus what the account spent (queryable, as is the pending flag).
class fraud_detector final : public weir::keyed_process_function<std::int64_t, transaction, alert> {
public:
  void open(const weir::runtime_context& ctx) override {
    weir::value_state_descriptor<std::int64_t> small_at{"small-at"};
    small_at.set_queryable("small-at");
    small_at_ = &ctx.get_state(small_at);
    timer_ = &ctx.get_state(weir::value_state_descriptor<std::int64_t>{"timer"});
    weir::value_state_descriptor<double> spent{"spent"};
    spent.set_queryable("spent");
    spent_ = &ctx.get_state(spent);
  }

  void process_element(const transaction& t, weir::keyed_context<std::int64_t>& ctx,
                       weir::collector<alert>& out) override {
    spent_->update(spent_->value().value_or(0.0) + t.amount);
    if (auto small = small_at_->value()) {
      if (t.amount > weir::examples::large_amount
          && t.timestamp_ms - *small < weir::examples::one_minute_ms)
        out.collect(alert{t.account_id, *small, t.timestamp_ms, t.amount});
      clean_up(ctx);
    }
    if (t.amount < weir::examples::small_amount) {
      small_at_->update(t.timestamp_ms);
      auto at = t.timestamp_ms + weir::examples::one_minute_ms;
      ctx.timer_service().register_event_time_timer(at);
      timer_->update(at);
    }
  }

  void on_timer(weir::event_time, on_timer_context&, weir::collector<alert>&) override {
    small_at_->clear();
    timer_->clear();
  }

private:
  void clean_up(weir::keyed_context<std::int64_t>& ctx) {
    if (auto at = timer_->value())
      ctx.timer_service().delete_event_time_timer(*at);
    small_at_->clear();
    timer_->clear();
  }

  weir::value_state<std::int64_t>* small_at_ = nullptr;
  weir::value_state<std::int64_t>* timer_ = nullptr;
  weir::value_state<double>* spent_ = nullptr;
};

/// The generator actor: sends transactions 0..count-1 against its demand, `rate` per second
/// (0 = as fast as demand comes), then closes the inlet.
caf::behavior generator(caf::event_based_actor* self, weir::inlet<transaction> in,
                        std::uint64_t count, std::uint64_t rate, std::int64_t accounts) {
  struct state {
    std::uint64_t next = 0;
    std::uint64_t demand = 0;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  };
  auto st = std::make_shared<state>();
  auto producer = weir::open_producer(self, in);
  auto send_due = [=] {
    auto due = count;
    if (rate > 0) {
      auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - st->start);
      due = std::min<std::uint64_t>(count, static_cast<std::uint64_t>(elapsed.count() * double(rate)) + 1);
    }
    auto n = std::min(st->demand, due > st->next ? due - st->next : 0);
    std::vector<transaction> batch;
    batch.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i)
      batch.push_back(weir::examples::make_transaction(st->next++, accounts));
    st->demand -= n;
    if (auto err = producer.send(std::move(batch))) {
      std::cerr << program << ": " << err->message() << '\n';
      self->quit();
      return;
    }
    if (st->next == count) {
      producer.close();
      in.close();
      self->quit();
    }
  };
  if (count == 0) {
    in.close();
    return {};
  }
  if (rate > 0)
    self->send(self, tick_atom::value);
  return {
    [=](const weir::inlet_demand& d) {
      st->demand += d.records;
      send_due();
    },
    [=](tick_atom) {
      send_due();
      self->delayed_send(self, 10ms, tick_atom::value);
    },
    [=](const weir::inlet_closed& c) {
      std::cerr << program << ": " << c.reason << '\n';
      self->quit();
    },
  };
}

/// The alerts actor: prints every alert, keeps them for --output, acknowledges each batch,
/// and says when every subtask of the sink ended.
caf::behavior alert_printer(caf::event_based_actor* self, bool print,
                            std::shared_ptr<std::vector<alert>> seen,
                            std::shared_ptr<std::promise<void>> ended) {
  auto ends = std::make_shared<int>(0);
  return {
    [=](weir::sink_batch<alert>& b) {
      for (const auto& a : b.records) {
        if (print)
          std::cout << "ALERT account " << a.account_id << ": " << a.amount << " at "
                    << a.large_at_ms << ", " << (a.large_at_ms - a.small_at_ms) / 1000
                    << " s after a small transaction" << std::endl;
        seen->push_back(a);
      }
      b.ack();
      if (b.end_of_stream && ++*ends == b.subtasks) {
        ended->set_value();
        self->quit();
      }
    },
  };
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Fraud detection: a generator actor feeds a keyed job; alerts go to an actor; "
               "queryable state is read while it runs"};
  std::uint64_t count = 2000;
  std::uint64_t rate = 400;
  std::int64_t accounts = 5;
  int parallelism = 2;
  std::int64_t query_account = weir::examples::quick_account;
  std::int64_t query_interval_ms = 500;
  std::string backend = "heap";
  std::string output;
  weir::cli::add_bounded_option(app, "--transactions", count, 0, 1'000'000'000,
                                "Transactions to generate (default 2000)");
  weir::cli::add_bounded_option(app, "--rate", rate, 0, 100'000'000,
                                "Transactions per second of wall time; 0 = as fast as the job "
                                "takes them (default 400)");
  weir::cli::add_bounded_option(app, "--accounts", accounts, 1, 1'000'000,
                                "Ordinary accounts (default 5)");
  weir::cli::add_bounded_option(app, "--parallelism", parallelism, 1, 64,
                                "Parallel instances of the detector (default 2)");
  weir::cli::add_bounded_option(app, "--query-account", query_account, 0,
                                std::numeric_limits<std::int64_t>::max(),
                                "Account whose state the query loop reads (default 1001)");
  weir::cli::add_bounded_option(app, "--query-interval-ms", query_interval_ms, 10, 60'000,
                                "Time between queries (default 500)");
  app.add_option("--state-backend", backend, "heap or rocksdb")
    ->check(CLI::IsMember({"heap", "rocksdb"}));
  app.add_option("--output", output, "Also write the alerts to this file, one per line, sorted");
  CLI11_PARSE(app, argc, argv);

  caf::actor_system_config cfg;
  caf::actor_system actors{cfg};

  weir::environment env;
  env.set_parallelism(parallelism);
  env.set_state_backend(backend == "rocksdb" ? weir::state_backend_kind::rocksdb
                                             : weir::state_backend_kind::heap);
  auto seen = std::make_shared<std::vector<alert>>();
  auto ended = std::make_shared<std::promise<void>>();
  auto sink_done = ended->get_future();
  auto printer = actors.spawn(alert_printer, rate > 0, seen, ended);

  auto [transactions, in] = env.from_actor<transaction>("transactions");
  transactions
    .assign_timestamps_and_watermarks(
      weir::watermark_strategy<transaction>::for_monotonous_timestamps().with_timestamp_assigner(
        [](const transaction& t) { return t.timestamp_ms; }))
    .set_parallelism(1) // chained to the source: each account's transactions stay in order
    .key_by([](const transaction& t) { return t.account_id; })
    .process(fraud_detector{})
    .name("Fraud Detector")
    .to_actor(printer);
  auto job = env.execute_async("Fraud Detection");
  actors.spawn(generator, in, count, rate, accounts);

  // The query loop: the job's current state of one account, while it runs.
  auto client = job.queryable_state();
  while (sink_done.wait_for(std::chrono::milliseconds{query_interval_ms})
         != std::future_status::ready) {
    auto spent = client.get<std::int64_t, double>("spent", query_account);
    auto small = client.get<std::int64_t, std::int64_t>("small-at", query_account);
    std::cout << "query: account " << query_account << " spent ";
    if (auto* v = std::get_if<double>(&spent))
      std::cout << *v;
    else
      std::cout << "(" << std::get<weir::error>(spent).message() << ")";
    std::cout << ", small transaction pending: "
              << (std::holds_alternative<std::int64_t>(small) ? "yes" : "no") << std::endl;
  }

  auto result = job.wait();
  if (!result.ok()) {
    std::cerr << program << ": " << result.err().to_string() << '\n';
    caf::anon_send_exit(printer, caf::exit_reason::user_shutdown);
    return 1;
  }
  std::sort(seen->begin(), seen->end());
  if (!output.empty()) {
    std::ofstream file{output};
    for (const auto& a : *seen)
      file << a.account_id << ',' << a.small_at_ms << ',' << a.large_at_ms << ',' << a.amount
           << '\n';
    if (!file) {
      std::cerr << program << ": cannot write " << output << '\n';
      return 1;
    }
  }
  std::cout << program << ": " << count << " transactions, " << seen->size() << " alerts"
            << std::endl;
  return 0;
}
