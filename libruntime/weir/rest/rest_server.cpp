#include "weir/rest/rest_server.hpp"

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "weir/logger.hpp"
#include "weir/rest/dashboard_assets.hpp"
#include "weir/rest/json_views.hpp"
#include "weir/rest/prometheus_view.hpp"

namespace weir::rest {

using nlohmann::json;

namespace {

constexpr std::chrono::milliseconds details_timeout{2000};

std::shared_ptr<spdlog::logger> rest_log() {
  static auto log = logger("weir.rest");
  return log;
}

void answer(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void fail(httplib::Response& res, int status, const std::string& message) {
  answer(res, status, json{{"errors", json::array({message})}});
}

std::string random_trigger_id() {
  static std::mt19937_64 rng{std::random_device{}()};
  static std::mutex m;
  std::lock_guard guard{m};
  static const char* hex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 32; ++i)
    id += hex[rng() & 15];
  return id;
}

/// A savepoint or stop-with-savepoint running in the background (Flink's asynchronous
/// operations: the POST answers a request-id, GET .../savepoints/{id} tells the outcome).
struct savepoint_operation {
  std::string job_id;
  std::shared_future<std::variant<std::string, error>> outcome;
};

} // namespace

struct rest_server::impl {
  httplib::Server http;
  std::thread thread;
  std::atomic<int> port{0};
  server_options options;
  job_registry registry;
  std::mutex ops_mutex;
  std::map<std::string, savepoint_operation> operations;

  bool authorized(const httplib::Request& req) const {
    if (options.token.empty())
      return true;
    if (req.get_header_value("Authorization") == "Bearer " + options.token)
      return true;
    return req.has_param("token") && req.get_param_value("token") == options.token;
  }

  /// The job named by the first path group, or an answer saying it is unknown.
  std::optional<job_details> job_of(const httplib::Request& req, httplib::Response& res) {
    auto got = registry.get(req.matches[1], details_timeout);
    if (auto* err = std::get_if<error>(&got)) {
      fail(res, registry.contains(req.matches[1]) ? 503 : 404, err->message());
      return std::nullopt;
    }
    return std::get<job_details>(std::move(got));
  }

  const vertex_details* vertex_of(const job_details& job, const std::string& vid,
                                  httplib::Response& res) {
    try {
      std::size_t used = 0;
      int id = std::stoi(vid, &used);
      if (used == vid.size())
        if (const auto* v = job.vertex(id))
          return v;
    } catch (const std::exception&) {
    }
    fail(res, 404, "job " + job.id + " has no vertex '" + vid + "'; its vertices are 0.."
                     + std::to_string(static_cast<int>(job.vertices.size()) - 1)
                     + " (GET /jobs/" + job.id + ")");
    return nullptr;
  }

  /// The handle of running job `id`, or null after answering 409 (it ended; `ended` says
  /// why that matters) or 404 (unknown).
  std::shared_ptr<job_client::job_handle> running(const std::string& id, httplib::Response& res,
                                                  const std::string& ended) {
    auto h = registry.handle(id);
    if (!h)
      fail(res, registry.contains(id) ? 409 : 404,
           registry.contains(id) ? "job " + id + " " + ended
                                 : "no job with id " + id + " here; GET /jobs lists the jobs");
    return h;
  }

  void start_savepoint(const httplib::Request& req, httplib::Response& res, bool stop) {
    std::string job_id = req.matches[1];
    auto h = running(job_id, res, "is not running; a savepoint needs a running job");
    if (!h)
      return;
    json body = json::object();
    if (!req.body.empty()) {
      body = json::parse(req.body, nullptr, false);
      if (body.is_discarded() || !body.is_object()) {
        fail(res, 400, "the request body is not a JSON object; send e.g. "
                       "{\"target-directory\": \"/tmp/savepoints\"}");
        return;
      }
    }
    // Flink's names: target-directory for savepoints, targetDirectory for stop.
    std::string dir;
    for (const char* key : {"target-directory", "targetDirectory"})
      if (body.contains(key) && body[key].is_string())
        dir = body[key].get<std::string>();
    bool cancel = stop || (body.contains("cancel-job") && body["cancel-job"].is_boolean()
                           && body["cancel-job"].get<bool>());
    if (dir.empty()) {
      fail(res, 400, std::string{"no target directory: send {\""}
                       + (stop ? "targetDirectory" : "target-directory")
                       + "\": \"/path/to/savepoints\"} (the job has no default savepoint "
                         "directory)");
      return;
    }
    auto id = random_trigger_id();
    auto outcome = std::async(std::launch::async, [h, dir, cancel] {
                     return h->trigger_savepoint(dir, cancel);
                   }).share();
    {
      std::lock_guard guard{ops_mutex};
      operations[id] = savepoint_operation{job_id, std::move(outcome)};
    }
    answer(res, 202, json{{"request-id", id}});
  }

  void savepoint_status(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard guard{ops_mutex};
    auto it = operations.find(req.matches[2]);
    if (it == operations.end() || it->second.job_id != req.matches[1].str()) {
      fail(res, 404, "no savepoint operation " + req.matches[2].str() + " for job "
                       + req.matches[1].str());
      return;
    }
    auto& f = it->second.outcome;
    if (f.wait_for(std::chrono::seconds{0}) != std::future_status::ready) {
      answer(res, 200, json{{"status", {{"id", "IN_PROGRESS"}}}, {"operation", nullptr}});
      return;
    }
    const auto& r = f.get();
    if (const auto* path = std::get_if<std::string>(&r))
      answer(res, 200, json{{"status", {{"id", "COMPLETED"}}}, {"operation", {{"location", *path}}}});
    else
      answer(res, 200, json{{"status", {{"id", "COMPLETED"}}},
                            {"operation",
                             {{"failure-cause",
                               {{"class", to_string(std::get<error>(r).code())},
                                {"stack-trace", std::get<error>(r).message()}}}}}});
  }

  void routes() {
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (authorized(req))
        return httplib::Server::HandlerResponse::Unhandled;
      fail(res, 401, "this server needs the cluster's token: send 'Authorization: Bearer "
                     "<token>' (the weir CLI: --token-file FILE)");
      return httplib::Server::HandlerResponse::Handled;
    });
    http.Get("/overview", [this](const httplib::Request&, httplib::Response& res) {
      answer(res, 200, overview_json(registry.all(details_timeout)));
    });
    http.Get("/config", [](const httplib::Request&, httplib::Response& res) {
      answer(res, 200, json{{"refresh-interval", 3000},
                            {"timezone-name", "UTC"},
                            {"timezone-offset", 0},
                            {"weir-version", "0.1.0"},
                            {"features", {{"web-submit", false}, {"web-cancel", true}}}});
    });
    http.Get("/jobs", [this](const httplib::Request&, httplib::Response& res) {
      answer(res, 200, jobs_json(registry.all(details_timeout)));
    });
    http.Get("/jobs/overview", [this](const httplib::Request&, httplib::Response& res) {
      answer(res, 200, jobs_overview_json(registry.all(details_timeout)));
    });
    http.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(prometheus_text(registry.all(details_timeout)),
                      "text/plain; version=0.0.4; charset=utf-8");
    });
    http.Get(R"(/jobs/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      if (auto job = job_of(req, res))
        answer(res, 200, job_json(*job));
    });
    http.Get(R"(/jobs/([^/]+)/plan)", [this](const httplib::Request& req, httplib::Response& res) {
      if (auto job = job_of(req, res))
        answer(res, 200, plan_json(*job));
    });
    http.Get(R"(/jobs/([^/]+)/checkpoints)",
             [this](const httplib::Request& req, httplib::Response& res) {
               if (auto job = job_of(req, res))
                 answer(res, 200, checkpoints_json(*job));
             });
    http.Get(R"(/jobs/([^/]+)/exceptions)",
             [this](const httplib::Request& req, httplib::Response& res) {
               if (auto job = job_of(req, res))
                 answer(res, 200, exceptions_json(*job));
             });
    http.Get(R"(/jobs/([^/]+)/vertices/([^/]+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               if (auto job = job_of(req, res))
                 if (const auto* v = vertex_of(*job, req.matches[2], res))
                   answer(res, 200, vertex_json(*job, *v));
             });
    http.Get(R"(/jobs/([^/]+)/vertices/([^/]+)/backpressure)",
             [this](const httplib::Request& req, httplib::Response& res) {
               if (auto job = job_of(req, res))
                 if (const auto* v = vertex_of(*job, req.matches[2], res))
                   answer(res, 200, backpressure_json(*job, *v));
             });
    http.Patch(R"(/jobs/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string id = req.matches[1];
      if (req.has_param("mode") && req.get_param_value("mode") != "cancel") {
        fail(res, 400, "mode '" + req.get_param_value("mode") + "' is not known; PATCH /jobs/"
                         + id + "?mode=cancel cancels the job");
        return;
      }
      auto h = running(id, res, "has ended already");
      if (!h)
        return;
      h->cancel();
      answer(res, 202, json::object());
    });
    http.Post(R"(/jobs/([^/]+)/savepoints)",
              [this](const httplib::Request& req, httplib::Response& res) {
                start_savepoint(req, res, false);
              });
    http.Post(R"(/jobs/([^/]+)/stop)", [this](const httplib::Request& req, httplib::Response& res) {
      start_savepoint(req, res, true);
    });
    http.Get(R"(/jobs/([^/]+)/savepoints/([^/]+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               savepoint_status(req, res);
             });
    http.Get(R"(/(|index\.html|dashboard\.js|dashboard\.css))",
             [this](const httplib::Request& req, httplib::Response& res) {
               std::string name = req.matches[1];
               if (name.empty())
                 name = "index.html";
               auto asset = dashboard_asset(name);
               if (!asset) {
                 fail(res, 404, "no such file: " + name);
                 return;
               }
               res.set_content(std::string{asset->content}, asset->content_type);
             });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (res.status == 404 && res.body.empty())
        fail(res, 404, "no such resource: " + req.method + " " + req.path
                         + " (GET /jobs lists the jobs; see the README's REST API section)");
    });
    http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        fail(res, 500, "internal error: " + what);
      });
  }
};

rest_server::rest_server() : impl_(std::make_unique<impl>()) { impl_->routes(); }

rest_server::~rest_server() { stop(); }

std::variant<int, error> rest_server::start(const server_options& options) {
  auto& i = *impl_;
  if (i.port.load() != 0) {
    if (options.address == i.options.address && (options.port == 0 || options.port == i.port))
      return i.port.load();
    return error{errc::invalid_configuration,
                 "the REST server of this process serves " + url() + " already; it cannot also "
                   "serve " + options.address + ":" + std::to_string(options.port)
                   + " (give every job the same rest_port, or none)"};
  }
  i.options = options;
  int port = 0;
  if (options.port == 0)
    port = i.http.bind_to_any_port(options.address.c_str());
  else if (i.http.bind_to_port(options.address.c_str(), options.port))
    port = options.port;
  if (port <= 0)
    return error{errc::io_error,
                 "cannot serve the REST API on " + options.address + ":"
                   + std::to_string(options.port) + " (the port is in use or the address is "
                   "not this host's); choose another rest_port (--rest-port), or 0 for a free "
                   "one"};
  i.port = port;
  i.thread = std::thread{[&i] { i.http.listen_after_bind(); }};
  rest_log()->info("REST API and dashboard at http://{}:{}/", options.address, port);
  return port;
}

void rest_server::stop() {
  auto& i = *impl_;
  if (i.thread.joinable()) {
    i.http.stop();
    i.thread.join();
  }
  i.port = 0;
}

int rest_server::port() const noexcept { return impl_->port.load(); }

std::string rest_server::url() const {
  auto p = port();
  return p == 0 ? std::string{} : "http://" + impl_->options.address + ":" + std::to_string(p);
}

job_registry& rest_server::jobs() noexcept { return impl_->registry; }

rest_server& rest_server::process_server() {
  static rest_server server;
  return server;
}

} // namespace weir::rest
