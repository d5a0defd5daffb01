// A slow sink on a simulated network of plain flow::tasks (no actors, no timing):
//
//   generate(n) ─► map  (parallelism 2) ══rebalance══► collect (parallelism 2)
//
// Messages to the first collect instance are delivered only every `slowness`-th step. The credit bound must hold
// at every step: batches in flight on a channel (in the network plus queued at the receiver)
// never exceed the window the receiver granted, so the source cannot run ahead.

#include <boost/test/unit_test.hpp>

#include <deque>
#include <random>

#include "weir/graph/task_builder.hpp"
#include "weir/api.hpp"

using namespace weir;

namespace {

struct simulated_network {
  struct event {
    int task;
    enum { open, batch, eos, credit, poll, flush } kind;
    std::uint32_t channel = 0;
    std::uint32_t n = 0;
    flow::batch_ptr payload;
    int from = -1;
    std::vector<flow::batch_ptr> recycled;
  };

  struct endpoint final : flow::transport {
    simulated_network* net;
    int self;
    std::vector<std::pair<int, std::uint32_t>> routes;   // out channel -> (task, in channel)
    std::vector<std::pair<int, std::uint32_t>> upstream; // in channel -> (task, out channel)

    void send_batch(std::uint32_t ch, flow::batch_ptr b) override {
      net->post({routes[ch].first, event::batch, routes[ch].second, 0, std::move(b), self, {}});
    }
    void send_control(std::uint32_t ch, flow::control_event c) override {
      // Watermarks carry no data; only end of stream matters to the credit bound.
      if (c.is(flow::control_event::kind::end_of_stream))
        net->post({routes[ch].first, event::eos, routes[ch].second, 0, {}, self, {}});
    }
    void send_credit(std::uint32_t ch, std::uint32_t n, std::vector<flow::batch_ptr> r) override {
      net->post({upstream[ch].first, event::credit, upstream[ch].second, n, {}, self, std::move(r)});
    }
    void schedule_flush(std::chrono::milliseconds) override {
      net->post({self, event::flush, 0, 0, {}, self, {}});
    }
    void schedule_timer(std::chrono::milliseconds) override {} // no operator here has timers
    void schedule_poll(std::chrono::microseconds) override {
      net->post({self, event::poll, 0, 0, {}, self, {}});
    }
  };

  int slow_task = -1;
  std::deque<event> fast, slow;
  std::vector<std::unique_ptr<endpoint>> endpoints;
  std::vector<std::unique_ptr<flow::task>> tasks;

  void post(event e) { (e.task == slow_task ? slow : fast).push_back(std::move(e)); }

  std::size_t in_flight_to_slow(std::uint32_t channel) const {
    std::size_t n = 0;
    for (const auto& e : slow)
      n += e.kind == event::batch && e.channel == channel;
    return n;
  }

  void deliver(event e) {
    auto& t = *tasks[static_cast<std::size_t>(e.task)];
    switch (e.kind) {
      case event::open:
        endpoints[e.task]->upstream[e.channel] = {e.from, e.n};
        t.on_channel_opened(e.channel);
        break;
      case event::batch: t.on_batch(e.channel, std::move(e.payload)); break;
      case event::eos: t.on_end_of_stream(e.channel); break;
      case event::credit: t.on_credit(e.channel, e.n, std::move(e.recycled)); break;
      case event::poll: t.on_poll(); break;
      case event::flush: t.on_flush_timer(); break;
    }
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(backpressure_test)

BOOST_AUTO_TEST_CASE(in_flight_batches_never_exceed_the_credit_window_of_a_slow_sink) {
  for (std::uint32_t window : {1u, 2u, 4u}) {
    environment env;
    env.set_batch_size(8).set_credits_per_channel(window).set_parallelism(2);
    const std::uint64_t events = 20000;
    auto out = env.generate(events, [](std::uint64_t i) { return int(i); })
                 .map([](const int& x) { return x; })
                 .rebalance()
                 .collect();
    auto plan = std::get<graph::job_graph>(env.plan());
    BOOST_REQUIRE(plan.vertices.size() == 2u);

    simulated_network net;
    std::vector<std::pair<int, int>> ids; // task index -> (vertex, subtask)
    for (int v = 0; v < 2; ++v)
      for (int s = 0; s < plan.vertices[v].parallelism; ++s)
        ids.emplace_back(v, s);
    auto index_of = [&](int v, int s) {
      for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == std::pair{v, s})
          return static_cast<int>(i);
      return -1;
    };
    net.slow_task = index_of(1, 0);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto [v, s] = ids[i];
      auto ep = std::make_unique<simulated_network::endpoint>();
      ep->net = &net;
      ep->self = static_cast<int>(i);
      for (const auto& ch : plan.output_channels(v, s)) {
        int tv = plan.edges[ch.edge].target_vertex;
        ep->routes.emplace_back(index_of(tv, ch.peer_subtask),
                                plan.input_channel_index(tv, ch.peer_subtask, ch.edge, s));
      }
      ep->upstream.resize(plan.input_channels(v, s).size());
      net.tasks.push_back(graph::build_task(plan, v, s, *ep));
      net.endpoints.push_back(std::move(ep));
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto& routes = net.endpoints[i]->routes;
      for (std::uint32_t ch = 0; ch < routes.size(); ++ch)
        net.post({routes[ch].first, simulated_network::event::open, routes[ch].second, ch, {},
                  static_cast<int>(i), {}});
      net.tasks[i]->open();
    }

    const auto& sink = *net.tasks[static_cast<std::size_t>(net.slow_task)];
    std::size_t step = 0;
    std::size_t worst = 0;
    while (!net.fast.empty() || !net.slow.empty()) {
      ++step;
      bool sink_turn = step % 7 == 0 || net.fast.empty();
      auto& q = sink_turn && !net.slow.empty() ? net.slow : net.fast;
      auto e = std::move(q.front());
      q.pop_front();
      net.deliver(std::move(e));
      for (std::uint32_t ch = 0; ch < sink.inputs().channels(); ++ch) {
        auto in_flight = net.in_flight_to_slow(ch) + sink.inputs().queued(ch);
        worst = std::max(worst, in_flight);
        BOOST_REQUIRE_LE(in_flight, window);
      }
      for (const auto& t : net.tasks)
        for (std::uint32_t ch = 0; ch < t->outputs().channels(); ++ch)
          BOOST_REQUIRE_LE(t->outputs().ledger().sent(ch), t->outputs().ledger().granted(ch));
    }
    BOOST_TEST(worst == window); // the window is used, and never exceeded
    BOOST_TEST(out.size() == events);
    for (const auto& t : net.tasks)
      BOOST_TEST(t->done());
  }
}

BOOST_AUTO_TEST_SUITE_END()
