#include "weir/cluster_config.hpp"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string_view>
#include <vector>

namespace weir {

const char* to_string(cluster_role role) noexcept {
  switch (role) {
    case cluster_role::embedded: return "embedded";
    case cluster_role::coordinator: return "coordinator";
    case cluster_role::worker: return "worker";
  }
  return "?";
}

namespace {

using namespace std::string_view_literals;

error bad(std::string msg) { return error{errc::invalid_configuration, std::move(msg)}; }

std::string str(long long n) { return std::to_string(n); }

std::string in_quotes(std::string_view text) {
  std::string out{"\""};
  out += text;
  out += '"';
  return out;
}

std::uint16_t default_port(cluster_role role) {
  return role == cluster_role::worker ? 0 : 6123;
}

// Strict: the whole text is one decimal integer (an optional '-', no '+', no spaces, no
// suffix), so that "10s" or "1e3" for a millisecond setting is refused instead of read as 10.
std::optional<error> parse_int(std::string_view input, std::string_view text, long long min,
                               long long max, std::string_view what, long long& out) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min
      || value > max)
    return bad(std::string{input} + " is " + in_quotes(text) + "; it must be an integer in "
               + str(min) + ".." + str(max) + " (" + std::string{what} + ")");
  out = value;
  return std::nullopt;
}

std::optional<error> parse_ms(std::string_view input, std::string_view text, long long min,
                              long long max, std::string_view what,
                              std::chrono::milliseconds& out) {
  long long value = 0;
  if (auto err = parse_int(input, text, min, max, what, value))
    return err;
  out = std::chrono::milliseconds{value};
  return std::nullopt;
}

std::optional<error> read_token_file(std::string_view input, const std::string& path,
                                     std::string& token) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return error{errc::missing_input, std::string{input} + " names " + in_quotes(path)
                                        + ", a directory; name a file whose first line is "
                                          "the cluster token"};
  std::ifstream in{path};
  if (!in)
    return error{errc::missing_input,
                 std::string{input} + " names " + in_quotes(path)
                   + ", which does not exist or cannot be read; name a readable file whose "
                     "first line is the cluster token"};
  std::string line;
  std::getline(in, line);
  // Editors and `echo` end the line with a newline (or CRLF); a token never ends in spaces.
  auto last = line.find_last_not_of(" \t\r\n\v\f");
  line.erase(last == std::string::npos ? 0 : last + 1);
  if (line.empty())
    return bad(std::string{input} + " names " + in_quotes(path)
               + ", whose first line is empty; write the cluster token on its first line");
  token = std::move(line);
  return std::nullopt;
}

// HOST:PORT, split at the last ':' so that "[::1]:6123" works; the brackets are removed.
std::optional<error> parse_join(std::string_view input, std::string_view text,
                                cluster_config& cfg) {
  auto fail = [&] {
    return bad(std::string{input} + " is " + in_quotes(text)
               + "; it must be the coordinator's HOST:PORT with a port in 1..65535, e.g. "
                 "127.0.0.1:6123");
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return fail();
  auto host = text.substr(0, colon);
  auto port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  long long port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (host.empty() || port_text.empty() || ec != std::errc{}
      || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
    return fail();
  cfg.join_host = std::string{host};
  cfg.join_port = static_cast<std::uint16_t>(port);
  return std::nullopt;
}

// One setting, as a flag (--weir-<flag>) and as a variable. `input` names what the value came
// from ("--weir-port" or "WEIR_PORT"), for the error.
struct setting {
  std::string_view flag;
  std::string_view variable;
  std::optional<error> (*apply)(cluster_config& cfg, std::string_view input,
                                std::string_view value);
};

const setting settings[] = {
  {"weir-role", "WEIR_ROLE",
   [](cluster_config& cfg, std::string_view input,
      std::string_view value) -> std::optional<error> {
     if (value == "embedded")
       cfg.role = cluster_role::embedded;
     else if (value == "coordinator")
       cfg.role = cluster_role::coordinator;
     else if (value == "worker")
       cfg.role = cluster_role::worker;
     else
       return bad(std::string{input} + " is " + in_quotes(value)
                  + "; it must be embedded (run the job in this process, the default), "
                    "coordinator or worker");
     if (!cfg.port_given)
       cfg.port = default_port(cfg.role);
     return std::nullopt;
   }},
  {"weir-bind", "WEIR_BIND",
   [](cluster_config& cfg, std::string_view input,
      std::string_view value) -> std::optional<error> {
     if (value.empty())
       return bad(std::string{input}
                  + " is empty; give the address to listen on, e.g. 127.0.0.1 (the default) "
                    "or 0.0.0.0");
     cfg.bind_address = std::string{value};
     return std::nullopt;
   }},
  {"weir-port", "WEIR_PORT",
   [](cluster_config& cfg, std::string_view input,
      std::string_view value) -> std::optional<error> {
     long long port = 0;
     if (auto err = parse_int(input, value, 0, 65535, "the port to listen on; 0 = any free "
                                                      "port, on a worker only",
                              port))
       return err;
     cfg.port = static_cast<std::uint16_t>(port);
     cfg.port_given = true;
     return std::nullopt;
   }},
  {"weir-workers", "WEIR_WORKERS",
   [](cluster_config& cfg, std::string_view input,
      std::string_view value) -> std::optional<error> {
     long long n = 0;
     if (auto err = parse_int(input, value, 1, 1024,
                              "the workers the coordinator waits for before it deploys", n))
       return err;
     cfg.workers = static_cast<int>(n);
     return std::nullopt;
   }},
  {"weir-join", "WEIR_JOIN",
   [](cluster_config& cfg, std::string_view input, std::string_view value) {
     return parse_join(input, value, cfg);
   }},
  {"weir-slots", "WEIR_SLOTS",
   [](cluster_config& cfg, std::string_view input,
      std::string_view value) -> std::optional<error> {
     long long n = 0;
     if (auto err = parse_int(input, value, -1, 1024,
                              "task slots this process offers; -1 = the role's default, 1 on "
                              "a worker and 0 on a coordinator",
                              n))
       return err;
     cfg.slots = static_cast<int>(n);
     return std::nullopt;
   }},
  {"weir-token-file", "WEIR_TOKEN_FILE",
   [](cluster_config& cfg, std::string_view input, std::string_view value) {
     return read_token_file(input, std::string{value}, cfg.token);
   }},
  {"weir-tls-certificate", "WEIR_TLS_CERTIFICATE",
   [](cluster_config& cfg, std::string_view, std::string_view value) -> std::optional<error> {
     cfg.tls_certificate = std::string{value};
     return std::nullopt;
   }},
  {"weir-tls-key", "WEIR_TLS_KEY",
   [](cluster_config& cfg, std::string_view, std::string_view value) -> std::optional<error> {
     cfg.tls_key = std::string{value};
     return std::nullopt;
   }},
  {"weir-tls-ca-file", "WEIR_TLS_CA_FILE",
   [](cluster_config& cfg, std::string_view, std::string_view value) -> std::optional<error> {
     cfg.tls_ca_file = std::string{value};
     return std::nullopt;
   }},
  {"weir-registration-timeout-ms", "WEIR_REGISTRATION_TIMEOUT_MS",
   [](cluster_config& cfg, std::string_view input, std::string_view value) {
     return parse_ms(input, value, 1, 86'400'000, "milliseconds to wait for registration",
                     cfg.registration_timeout);
   }},
  {"weir-heartbeat-interval-ms", "WEIR_HEARTBEAT_INTERVAL_MS",
   [](cluster_config& cfg, std::string_view input, std::string_view value) {
     return parse_ms(input, value, 10, 60'000, "milliseconds between heartbeats",
                     cfg.heartbeat_interval);
   }},
  {"weir-heartbeat-timeout-ms", "WEIR_HEARTBEAT_TIMEOUT_MS",
   [](cluster_config& cfg, std::string_view input, std::string_view value) {
     return parse_ms(input, value, 20, 600'000,
                     "milliseconds of silence after which a node is lost",
                     cfg.heartbeat_timeout);
   }},
  {"weir-slot-wait-timeout-ms", "WEIR_SLOT_WAIT_TIMEOUT_MS",
   [](cluster_config& cfg, std::string_view input, std::string_view value) {
     return parse_ms(input, value, 0, 86'400'000,
                     "milliseconds a restart waits for enough free slots",
                     cfg.slot_wait_timeout);
   }},
};

std::string known_flags() {
  std::string out;
  for (const auto& s : settings) {
    if (!out.empty())
      out += ", ";
    out += "--";
    out += s.flag;
  }
  return out;
}

// Empty variables count as unset: `WEIR_PORT= program` is how a shell user unsets one for a
// single run, and container runtimes often pass declared-but-empty variables.
const char* variable(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

std::string both(std::string_view flag, std::string_view variable) {
  return std::string{"--"} + std::string{flag} + " / " + std::string{variable};
}

std::optional<error> check_ms(std::chrono::milliseconds value, long long min, long long max,
                              std::string_view what, std::string_view flag,
                              std::string_view var) {
  if (value.count() < min || value.count() > max)
    return bad(std::string{what} + " is " + str(value.count()) + " ms; it must lie in "
               + str(min) + ".." + str(max) + " ms (" + both(flag, var) + ")");
  return std::nullopt;
}

std::optional<error> check_file(std::string_view what, const std::string& path,
                                std::string_view flag, std::string_view var) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) || std::filesystem::is_directory(path, ec))
    return error{errc::missing_input,
                 std::string{what} + " file " + in_quotes(path) + " does not exist or is a "
                   + "directory; name a PEM file (" + both(flag, var) + ")"};
  return std::nullopt;
}

} // namespace

// Only what the role uses is checked: an embedded run ignores the addresses, ports and TLS
// files (so a stray WEIR_TLS_CERTIFICATE does not stop a local run), but every range is
// checked, since from_environment and apply_args also refuse values outside them.
std::optional<error> cluster_config::validate() const {
  bool clustered = role != cluster_role::embedded;
  if (clustered && bind_address.empty())
    return bad("the bind address of the " + std::string{to_string(role)}
               + " is empty; give the address to listen on, e.g. 127.0.0.1 (the default) or "
                 "0.0.0.0 ("
               + both("weir-bind", "WEIR_BIND") + ")");
  if (role == cluster_role::coordinator) {
    if (port == 0)
      return bad("the coordinator's port is 0; it must lie in 1..65535, since workers join "
                 "it there (the default is 6123; "
                 + both("weir-port", "WEIR_PORT") + ")");
    if (workers < 1 || workers > 1024)
      return bad("the coordinator waits for " + str(workers)
                 + " workers; it must lie in 1..1024 (" + both("weir-workers", "WEIR_WORKERS")
                 + ")");
  }
  if (role == cluster_role::worker) {
    if (join_host.empty())
      return bad("--weir-join / WEIR_JOIN is missing: a worker needs the coordinator's "
                 "HOST:PORT, e.g. --weir-join 127.0.0.1:6123");
    if (join_port == 0)
      return bad("the coordinator's port in --weir-join / WEIR_JOIN is 0; it must lie in "
                 "1..65535, e.g. --weir-join "
                 + join_host + ":6123");
  }
  if (slots < -1 || slots > 1024)
    return bad("this process offers " + str(slots)
               + " task slots; it must be -1 (the role's default) or lie in 0..1024 ("
               + both("weir-slots", "WEIR_SLOTS") + ")");
  if (role == cluster_role::worker && effective_slots() < 1)
    return bad("this worker offers 0 task slots, so no task could run on it; give it at "
               "least 1 ("
               + both("weir-slots", "WEIR_SLOTS") + ")");
  if (auto err = check_ms(registration_timeout, 1, 86'400'000, "the registration timeout",
                          "weir-registration-timeout-ms", "WEIR_REGISTRATION_TIMEOUT_MS"))
    return err;
  if (auto err = check_ms(heartbeat_interval, 10, 60'000, "the heartbeat interval",
                          "weir-heartbeat-interval-ms", "WEIR_HEARTBEAT_INTERVAL_MS"))
    return err;
  if (auto err = check_ms(heartbeat_timeout, 20, 600'000, "the heartbeat timeout",
                          "weir-heartbeat-timeout-ms", "WEIR_HEARTBEAT_TIMEOUT_MS"))
    return err;
  if (heartbeat_timeout <= heartbeat_interval)
    return bad("the heartbeat timeout (" + str(heartbeat_timeout.count())
               + " ms) must exceed the heartbeat interval (" + str(heartbeat_interval.count())
               + " ms), or a healthy node counts as lost between two heartbeats; raise "
               + both("weir-heartbeat-timeout-ms", "WEIR_HEARTBEAT_TIMEOUT_MS") + " or lower "
               + both("weir-heartbeat-interval-ms", "WEIR_HEARTBEAT_INTERVAL_MS"));
  if (auto err = check_ms(slot_wait_timeout, 0, 86'400'000, "the slot wait timeout",
                          "weir-slot-wait-timeout-ms", "WEIR_SLOT_WAIT_TIMEOUT_MS"))
    return err;
  if (!clustered)
    return std::nullopt;
  if (tls_certificate.empty()) {
    // A key or CA file alone would be ignored, and the cluster would run unencrypted.
    if (!tls_key.empty() || !tls_ca_file.empty())
      return bad(std::string{"a TLS "} + (tls_key.empty() ? "CA file" : "key")
                 + " is given but no certificate, so TLS would be off; give this process's "
                   "certificate too ("
                 + both("weir-tls-certificate", "WEIR_TLS_CERTIFICATE") + ")");
    return std::nullopt;
  }
  if (tls_key.empty())
    return bad("a TLS certificate is given but no key; give the PEM private key of "
               + in_quotes(tls_certificate) + " (" + both("weir-tls-key", "WEIR_TLS_KEY") + ")");
  if (auto err = check_file("the TLS certificate", tls_certificate, "weir-tls-certificate",
                            "WEIR_TLS_CERTIFICATE"))
    return err;
  if (auto err = check_file("the TLS key", tls_key, "weir-tls-key", "WEIR_TLS_KEY"))
    return err;
  if (!tls_ca_file.empty())
    if (auto err = check_file("the TLS CA", tls_ca_file, "weir-tls-ca-file", "WEIR_TLS_CA_FILE"))
      return err;
  return std::nullopt;
}

std::variant<cluster_config, error> cluster_config::from_environment() {
  cluster_config cfg;
  // The token itself has no flag, so the table does not hold it. Two sources of one secret
  // that might disagree are refused rather than ranked.
  const char* token = variable("WEIR_CLUSTER_TOKEN");
  if (token && variable("WEIR_TOKEN_FILE"))
    return bad("both WEIR_CLUSTER_TOKEN and WEIR_TOKEN_FILE are set; set one of them");
  if (token)
    cfg.token = token;
  for (const auto& s : settings) {
    std::string name{s.variable};
    if (const char* value = variable(name.c_str()))
      if (auto err = s.apply(cfg, name, value))
        return std::move(*err);
  }
  return cfg;
}

// Works on copies and writes back only on success: after an error, neither *this nor argv
// has changed. Scanning stops at "--", after which every argument is the program's.
std::optional<error> cluster_config::apply_args(int& argc, char** argv) {
  if (argc <= 1 || argv == nullptr)
    return std::nullopt;
  cluster_config cfg = *this;
  std::vector<char*> kept{argv[0]};
  int i = 1;
  for (; i < argc; ++i) {
    std::string_view arg{argv[i]};
    if (arg == "--")
      break;
    if (arg.substr(0, 7) != "--weir-") {
      kept.push_back(argv[i]);
      continue;
    }
    auto eq = arg.find('=');
    auto flag = arg.substr(2, eq == std::string_view::npos ? std::string_view::npos : eq - 2);
    // No value is echoed here: it is a secret.
    if (flag == "weir-token" || flag == "weir-cluster-token")
      return bad("--" + std::string{flag}
                 + " does not exist: a token on the command line is visible to every user in "
                   "ps; set WEIR_CLUSTER_TOKEN, or name a file holding it with "
                   "--weir-token-file / WEIR_TOKEN_FILE");
    const setting* found = nullptr;
    for (const auto& s : settings)
      if (s.flag == flag)
        found = &s;
    std::string input = "--" + std::string{flag};
    if (!found)
      return bad("unknown flag " + input + "; the --weir-* flags are " + known_flags());
    std::string_view value;
    if (eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      if (value.empty())
        return bad(input + "= has no value; write " + input + " VALUE or " + input + "=VALUE");
    } else {
      if (i + 1 >= argc || std::string_view{argv[i + 1]}.substr(0, 2) == "--")
        return bad(input + " has no value; write " + input + " VALUE or " + input + "=VALUE");
      value = argv[++i];
    }
    if (auto err = found->apply(cfg, input, value))
      return err;
  }
  for (; i < argc; ++i)
    kept.push_back(argv[i]);
  for (std::size_t k = 0; k < kept.size(); ++k)
    argv[k] = kept[k];
  // argv[argc] is null in main's argv; a shorter list ends one earlier. With nothing removed,
  // argv[argc] is left alone (an array built by hand may have no slot there).
  if (static_cast<int>(kept.size()) < argc) {
    argc = static_cast<int>(kept.size());
    argv[argc] = nullptr;
  }
  *this = std::move(cfg);
  return std::nullopt;
}

namespace {

struct process_settings {
  std::mutex mutex;
  std::optional<std::variant<cluster_config, error>> value;
};

process_settings& process() {
  static process_settings instance;
  return instance;
}

} // namespace

std::optional<error> init(int& argc, char** argv) {
  auto& p = process();
  std::lock_guard<std::mutex> guard{p.mutex};
  auto cfg = cluster_config::from_environment();
  if (auto* err = std::get_if<error>(&cfg)) {
    // Still take the flags out of argv, so that the program's own parser does not trip over
    // them while it reports this error.
    cluster_config scratch;
    (void) scratch.apply_args(argc, argv);
    p.value = *err;
    return *err;
  }
  auto& result = std::get<cluster_config>(cfg);
  if (auto err = result.apply_args(argc, argv)) {
    p.value = *err;
    return err;
  }
  p.value = std::move(cfg);
  return std::nullopt;
}

const std::variant<cluster_config, error>& process_cluster_config() {
  auto& p = process();
  std::lock_guard<std::mutex> guard{p.mutex};
  if (!p.value)
    p.value = cluster_config::from_environment();
  return *p.value;
}

} // namespace weir
