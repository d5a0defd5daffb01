// The REST API and /metrics against a real running job on the embedded mini cluster, over
// real HTTP on loopback:
//
//   actor source "orders" ─► map (counts "seen" in a user counter) ─► collect
//
// The test feeds the inlet, asks the server while the job runs, cancels it with PATCH and
// asks again after the end.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "weir/rest/rest_server.hpp"
#include "weir/weir.hpp"

using namespace weir;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

class counting_map final : public rich_map_function<std::int64_t, std::int64_t> {
public:
  void open(const runtime_context& ctx) override { seen_ = &ctx.metric_group().counter("seen"); }
  std::int64_t map(const std::int64_t& v) override {
    seen_->inc();
    return v * 2;
  }

private:
  metrics::counter* seen_ = nullptr;
};

json get_json(httplib::Client& c, const std::string& path, int expect = 200) {
  auto res = c.Get(path.c_str());
  BOOST_REQUIRE_MESSAGE(res, "no answer to GET " << path);
  BOOST_REQUIRE_MESSAGE(res->status == expect, "GET " << path << " answered " << res->status
                                                      << ": " << res->body);
  return json::parse(res->body);
}

/// Prometheus text -> {"name{labels}": value}.
std::map<std::string, double> parse_prometheus(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream in{text};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    auto space = line.rfind(' ');
    BOOST_REQUIRE_MESSAGE(space != std::string::npos, "bad exposition line: " << line);
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

double find_sample(const std::map<std::string, double>& samples, const std::string& name,
                   const std::string& must_contain) {
  double sum = 0;
  bool found = false;
  for (const auto& [k, v] : samples)
    if (k.rfind(name + "{", 0) == 0 && k.find(must_contain) != std::string::npos) {
      sum += v;
      found = true;
    }
  BOOST_REQUIRE_MESSAGE(found, "no sample " << name << " with " << must_contain);
  return sum;
}

} // namespace

BOOST_AUTO_TEST_SUITE(rest_api_test)

BOOST_AUTO_TEST_CASE(a_running_job_is_listed_inspected_scraped_and_cancelled_over_http) {
  environment env;
  env.set_parallelism(1);
  env.config().rest_port = 0; // a free port
  auto [stream, in] = env.from_actor<std::int64_t>("orders", inlet_options{4096});
  auto out = stream.map(counting_map{}).name("Doubler").collect();
  auto job = env.execute_async("rest test job");
  constexpr std::int64_t n = 5000;
  for (std::int64_t i = 0; i < n; ++i)
    BOOST_REQUIRE(!in.send(i));

  auto& server = rest::rest_server::process_server();
  BOOST_REQUIRE(server.port() > 0);
  httplib::Client c{"127.0.0.1", server.port()};
  auto id = job.job_id();
  BOOST_TEST(id.size() == 32u);

  // /jobs answers as Flink's does.
  auto jobs = get_json(c, "/jobs");
  bool listed = false;
  for (const auto& j : jobs["jobs"])
    listed = listed || (j["id"] == id && j["status"] == "RUNNING");
  BOOST_TEST(listed);

  // The map's records reach the REST view once the batches got through (buffer timeout).
  json detail;
  std::uint64_t read = 0;
  for (int tries = 0; tries < 100 && read < static_cast<std::uint64_t>(n); ++tries) {
    detail = get_json(c, "/jobs/" + id);
    read = 0;
    for (const auto& v : detail["vertices"])
      read = std::max<std::uint64_t>(read, v["metrics"]["write-records"].get<std::uint64_t>());
    std::this_thread::sleep_for(50ms);
  }
  BOOST_TEST(detail["state"] == "RUNNING");
  BOOST_TEST(detail["name"] == "rest test job");
  BOOST_TEST(read == static_cast<std::uint64_t>(n));
  BOOST_REQUIRE(!detail["vertices"].empty());
  auto vid = detail["vertices"][0]["id"].get<std::string>();
  auto vertex = get_json(c, "/jobs/" + id + "/vertices/" + vid);
  BOOST_TEST(vertex["subtasks"].size() == 1u);
  BOOST_TEST(vertex["subtasks"][0]["status"] == "RUNNING");
  auto bp = get_json(c, "/jobs/" + id + "/vertices/" + vid + "/backpressure");
  BOOST_TEST(bp["subtasks"].size() == 1u);
  auto plan = get_json(c, "/jobs/" + id + "/plan");
  BOOST_TEST(plan["plan"]["jid"] == id);
  auto cps = get_json(c, "/jobs/" + id + "/checkpoints");
  BOOST_TEST(cps["counts"]["completed"] == 0);
  (void) get_json(c, "/jobs/" + id + "/exceptions");
  auto overview = get_json(c, "/overview");
  BOOST_TEST(overview["jobs-running"].get<int>() >= 1);

  // Prometheus: the job's own counts, and the user counter.
  auto scrape = c.Get("/metrics");
  BOOST_REQUIRE(scrape && scrape->status == 200);
  auto samples = parse_prometheus(scrape->body);
  BOOST_TEST(find_sample(samples, "weir_operator_records_in_total",
                         "job_id=\"" + id + "\",operator=\"Doubler\"")
             == static_cast<double>(n));
  BOOST_TEST(find_sample(samples, "weir_user_seen_total", "job_id=\"" + id + "\"")
             == static_cast<double>(n));
  BOOST_TEST(find_sample(samples, "weir_job_running", "job_id=\"" + id + "\"") == 1.0);

  // Bad requests get errors that say what is wrong.
  auto unknown = get_json(c, "/jobs/0123456789abcdef0123456789abcdef", 404);
  BOOST_TEST(unknown["errors"][0].get<std::string>().find("GET /jobs") != std::string::npos);
  (void) get_json(c, "/jobs/" + id + "/vertices/99", 404);
  auto bad_mode = c.Patch(("/jobs/" + id + "?mode=explode").c_str());
  BOOST_REQUIRE(bad_mode);
  BOOST_TEST(bad_mode->status == 400);

  // PATCH cancels; wait() then reports the cancellation and the server the end.
  auto cancel = c.Patch(("/jobs/" + id + "?mode=cancel").c_str());
  BOOST_REQUIRE(cancel);
  BOOST_TEST(cancel->status == 202);
  auto result = job.wait();
  BOOST_TEST(!result.ok());
  BOOST_TEST(result.err().code() == errc::cancelled);
  auto after = get_json(c, "/jobs/" + id);
  BOOST_TEST(after["state"] == "CANCELED");
  auto again = c.Patch(("/jobs/" + id).c_str());
  BOOST_REQUIRE(again);
  (void) out;
}

BOOST_AUTO_TEST_CASE(a_taken_port_fails_the_job_with_an_error_naming_it) {
  httplib::Server blocker;
  int port = blocker.bind_to_any_port("127.0.0.1");
  BOOST_REQUIRE(port > 0);
  environment env;
  // The process's server may serve another port already (the case above): either way the
  // job is refused with an error naming the port.
  env.config().rest_port = port;
  env.from_collection(std::vector<int>{1, 2, 3}).collect();
  auto result = env.execute("refused");
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.err().message().find(std::to_string(port)) != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
