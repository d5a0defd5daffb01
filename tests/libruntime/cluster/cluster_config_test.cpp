// A process learns its cluster role from WEIR_* variables and --weir-* flags (which win). The
// flags leave argv as if they had never been there; every bad input is an error that names
// the flag or variable, the value and the fix.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "weir/cluster_config.hpp"
#include "weir/configuration.hpp"
#include "weir/test/temp_dir.hpp"

using namespace weir;
using namespace std::chrono_literals;

namespace {

const char* const variables[] = {
  "WEIR_ROLE",          "WEIR_BIND",       "WEIR_PORT",
  "WEIR_WORKERS",       "WEIR_JOIN",       "WEIR_SLOTS",
  "WEIR_CLUSTER_TOKEN", "WEIR_TOKEN_FILE", "WEIR_TLS_CERTIFICATE",
  "WEIR_TLS_KEY",       "WEIR_TLS_CA_FILE", "WEIR_REGISTRATION_TIMEOUT_MS",
  "WEIR_HEARTBEAT_INTERVAL_MS", "WEIR_HEARTBEAT_TIMEOUT_MS", "WEIR_SLOT_WAIT_TIMEOUT_MS",
};

/// Unsets every WEIR_* cluster variable for the test case and restores them afterwards.
struct clean_environment {
  std::map<std::string, std::optional<std::string>> saved;
  clean_environment() {
    for (const char* name : variables) {
      const char* value = std::getenv(name);
      saved[name] = value ? std::optional<std::string>{value} : std::nullopt;
      ::unsetenv(name);
    }
  }
  ~clean_environment() {
    for (const auto& [name, value] : saved) {
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }
  static void set(const char* name, const std::string& value) {
    ::setenv(name, value.c_str(), 1);
  }
};

/// An argv as main() gets it: mutable strings and a null after the last.
struct args {
  std::vector<std::string> storage;
  std::vector<char*> pointers;
  int argc = 0;
  args(std::initializer_list<std::string> list) : storage(list) {
    for (auto& s : storage)
      pointers.push_back(s.data());
    pointers.push_back(nullptr);
    argc = static_cast<int>(storage.size());
  }
  args(const args&) = delete; // the pointers point into this object's own strings
  args& operator=(const args&) = delete;
  char** argv() { return pointers.data(); }
  std::vector<std::string> remaining() const {
    std::vector<std::string> out;
    for (int i = 0; i < argc; ++i)
      out.emplace_back(pointers[static_cast<std::size_t>(i)]);
    return out;
  }
};

cluster_config from_env() {
  auto result = cluster_config::from_environment();
  if (auto* err = std::get_if<error>(&result))
    BOOST_FAIL("unexpected error: " + err->to_string());
  return std::get<cluster_config>(result);
}

error env_error() {
  auto result = cluster_config::from_environment();
  BOOST_REQUIRE(std::holds_alternative<error>(result));
  return std::get<error>(result);
}

error args_error(cluster_config& cfg, args& a) {
  auto err = cfg.apply_args(a.argc, a.argv());
  BOOST_REQUIRE(err.has_value());
  return *err;
}

bool mentions(const std::string& message, const std::string& text) {
  BOOST_TEST_INFO("message: " << message);
  return message.find(text) != std::string::npos;
}

cluster_config valid_worker() {
  cluster_config c;
  c.role = cluster_role::worker;
  c.port = 0;
  c.join_host = "127.0.0.1";
  c.join_port = 6123;
  return c;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out{path};
  out << text;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(cluster_config_test, clean_environment)

BOOST_AUTO_TEST_CASE(role_names) {
  BOOST_TEST(std::string{to_string(cluster_role::embedded)} == "embedded");
  BOOST_TEST(std::string{to_string(cluster_role::coordinator)} == "coordinator");
  BOOST_TEST(std::string{to_string(cluster_role::worker)} == "worker");
}

BOOST_AUTO_TEST_CASE(without_variables_a_process_is_embedded_and_valid) {
  auto c = from_env();
  BOOST_TEST((c.role == cluster_role::embedded));
  BOOST_TEST(c.port == 6123);
  BOOST_TEST(!c.validate());
  BOOST_TEST(!configuration{}.validate());
}

BOOST_AUTO_TEST_CASE(flags_are_applied_and_removed_keeping_the_programs_arguments_in_order) {
  args a{"prog", "input.txt", "--weir-role", "coordinator", "-v", "--weir-port=7000",
         "--weir-workers", "3", "--out", "x", "--weir-slots=2"};
  cluster_config c;
  BOOST_REQUIRE(!c.apply_args(a.argc, a.argv()));
  BOOST_TEST((c.role == cluster_role::coordinator));
  BOOST_TEST(c.port == 7000);
  BOOST_TEST(c.workers == 3);
  BOOST_TEST(c.slots == 2);
  BOOST_TEST(a.argc == 5);
  BOOST_TEST((a.remaining() == std::vector<std::string>{"prog", "input.txt", "-v", "--out", "x"}));
  BOOST_TEST(a.argv()[a.argc] == nullptr);
}

BOOST_AUTO_TEST_CASE(every_flag_has_a_space_and_an_equals_form) {
  weir::test::temp_dir dir;
  write_file(dir.file("token"), "s3cret\n");
  args a{"prog",
         "--weir-role=worker",
         "--weir-bind", "0.0.0.0",
         "--weir-join=10.0.0.1:7000",
         "--weir-token-file", dir.file("token"),
         "--weir-tls-certificate=/c.pem",
         "--weir-tls-key", "/k.pem",
         "--weir-tls-ca-file=/ca.pem",
         "--weir-registration-timeout-ms", "1000",
         "--weir-heartbeat-interval-ms=100",
         "--weir-heartbeat-timeout-ms", "900",
         "--weir-slot-wait-timeout-ms=0"};
  cluster_config c;
  BOOST_REQUIRE(!c.apply_args(a.argc, a.argv()));
  BOOST_TEST(a.argc == 1);
  BOOST_TEST(a.argv()[1] == nullptr);
  BOOST_TEST((c.role == cluster_role::worker));
  BOOST_TEST(c.bind_address == "0.0.0.0");
  BOOST_TEST(c.join_host == "10.0.0.1");
  BOOST_TEST(c.join_port == 7000);
  BOOST_TEST(c.token == "s3cret");
  BOOST_TEST(c.tls_certificate == "/c.pem");
  BOOST_TEST(c.tls_key == "/k.pem");
  BOOST_TEST(c.tls_ca_file == "/ca.pem");
  BOOST_TEST(c.registration_timeout.count() == 1000);
  BOOST_TEST(c.heartbeat_interval.count() == 100);
  BOOST_TEST(c.heartbeat_timeout.count() == 900);
  BOOST_TEST(c.slot_wait_timeout.count() == 0);
}

BOOST_AUTO_TEST_CASE(arguments_after_a_double_dash_belong_to_the_program) {
  args a{"prog", "--weir-workers", "2", "--", "--weir-workers", "5"};
  cluster_config c;
  BOOST_REQUIRE(!c.apply_args(a.argc, a.argv()));
  BOOST_TEST(c.workers == 2);
  BOOST_TEST((a.remaining() == std::vector<std::string>{"prog", "--", "--weir-workers", "5"}));
  BOOST_TEST(a.argv()[a.argc] == nullptr);
}

BOOST_AUTO_TEST_CASE(variables_are_read) {
  set("WEIR_ROLE", "coordinator");
  set("WEIR_BIND", "0.0.0.0");
  set("WEIR_PORT", "7001");
  set("WEIR_WORKERS", "4");
  set("WEIR_SLOTS", "0");
  set("WEIR_CLUSTER_TOKEN", "abc");
  set("WEIR_TLS_CERTIFICATE", "/c.pem");
  set("WEIR_TLS_KEY", "/k.pem");
  set("WEIR_TLS_CA_FILE", "/ca.pem");
  set("WEIR_REGISTRATION_TIMEOUT_MS", "5000");
  set("WEIR_HEARTBEAT_INTERVAL_MS", "50");
  set("WEIR_HEARTBEAT_TIMEOUT_MS", "400");
  set("WEIR_SLOT_WAIT_TIMEOUT_MS", "3000");
  auto c = from_env();
  BOOST_TEST((c.role == cluster_role::coordinator));
  BOOST_TEST(c.bind_address == "0.0.0.0");
  BOOST_TEST(c.port == 7001);
  BOOST_TEST(c.workers == 4);
  BOOST_TEST(c.slots == 0);
  BOOST_TEST(c.token == "abc");
  BOOST_TEST(c.tls_certificate == "/c.pem");
  BOOST_TEST(c.tls_key == "/k.pem");
  BOOST_TEST(c.tls_ca_file == "/ca.pem");
  BOOST_TEST(c.registration_timeout.count() == 5000);
  BOOST_TEST(c.heartbeat_interval.count() == 50);
  BOOST_TEST(c.heartbeat_timeout.count() == 400);
  BOOST_TEST(c.slot_wait_timeout.count() == 3000);
}

BOOST_AUTO_TEST_CASE(a_worker_joins_the_address_in_weir_join) {
  set("WEIR_ROLE", "worker");
  set("WEIR_JOIN", "coordinator.local:6200");
  auto c = from_env();
  BOOST_TEST(c.join_host == "coordinator.local");
  BOOST_TEST(c.join_port == 6200);
  BOOST_TEST(!c.validate());
  set("WEIR_JOIN", "[::1]:6201");
  c = from_env();
  BOOST_TEST(c.join_host == "::1");
  BOOST_TEST(c.join_port == 6201);
}

BOOST_AUTO_TEST_CASE(flags_win_over_variables) {
  set("WEIR_WORKERS", "2");
  set("WEIR_BIND", "10.0.0.1");
  auto c = from_env();
  args a{"prog", "--weir-workers", "5"};
  BOOST_REQUIRE(!c.apply_args(a.argc, a.argv()));
  BOOST_TEST(c.workers == 5);
  BOOST_TEST(c.bind_address == "10.0.0.1");
}

BOOST_AUTO_TEST_CASE(the_port_defaults_to_the_roles_unless_given) {
  BOOST_TEST(from_env().port == 6123);
  set("WEIR_ROLE", "coordinator");
  BOOST_TEST(from_env().port == 6123);
  set("WEIR_ROLE", "worker");
  BOOST_TEST(from_env().port == 0);
  set("WEIR_PORT", "7100");
  BOOST_TEST(from_env().port == 7100);
}

BOOST_AUTO_TEST_CASE(a_role_flag_moves_the_port_to_its_default_unless_a_port_was_given) {
  {
    cluster_config c = from_env(); // embedded, port 6123 by default
    args a{"prog", "--weir-role", "worker"};
    BOOST_REQUIRE(!c.apply_args(a.argc, a.argv()));
    BOOST_TEST(c.port == 0);
  }
  {
    set("WEIR_ROLE", "worker");
    cluster_config c = from_env();
    args a{"prog", "--weir-role", "coordinator"};
    BOOST_REQUIRE(!c.apply_args(a.argc, a.argv()));
    BOOST_TEST(c.port == 6123);
  }
  {
    set("WEIR_ROLE", "coordinator");
    set("WEIR_PORT", "7200");
    cluster_config c = from_env();
    args a{"prog", "--weir-role", "worker"};
    BOOST_REQUIRE(!c.apply_args(a.argc, a.argv()));
    BOOST_TEST(c.port == 7200);
  }
  {
    cluster_config c;
    args a{"prog", "--weir-port", "7300", "--weir-role", "worker"};
    BOOST_REQUIRE(!c.apply_args(a.argc, a.argv()));
    BOOST_TEST(c.port == 7300);
  }
}

BOOST_AUTO_TEST_CASE(empty_variables_count_as_unset) {
  set("WEIR_PORT", "");
  set("WEIR_ROLE", "");
  auto c = from_env();
  BOOST_TEST((c.role == cluster_role::embedded));
  BOOST_TEST(c.port == 6123);
}

BOOST_AUTO_TEST_CASE(the_token_file_gives_its_first_line_without_trailing_whitespace) {
  weir::test::temp_dir dir;
  write_file(dir.file("token"), "  t0ken with inner space \t\r\nsecond line\n");
  set("WEIR_TOKEN_FILE", dir.file("token"));
  BOOST_TEST(from_env().token == "  t0ken with inner space");
}

BOOST_AUTO_TEST_CASE(a_missing_or_empty_token_file_is_an_error_naming_its_path) {
  weir::test::temp_dir dir;
  set("WEIR_TOKEN_FILE", dir.file("absent"));
  auto err = env_error();
  BOOST_TEST((err.code() == errc::missing_input));
  BOOST_TEST(mentions(err.message(), "WEIR_TOKEN_FILE"));
  BOOST_TEST(mentions(err.message(), dir.file("absent")));

  write_file(dir.file("empty"), "\n");
  set("WEIR_TOKEN_FILE", dir.file("empty"));
  err = env_error();
  BOOST_TEST(mentions(err.message(), dir.file("empty")));
  BOOST_TEST(mentions(err.message(), "empty"));

  ::unsetenv("WEIR_TOKEN_FILE");
  cluster_config c;
  args a{"prog", "--weir-token-file", dir.file("absent")};
  err = args_error(c, a);
  BOOST_TEST(mentions(err.message(), "--weir-token-file"));
  BOOST_TEST(mentions(err.message(), dir.file("absent")));
}

BOOST_AUTO_TEST_CASE(a_token_in_a_variable_and_a_token_file_together_are_refused) {
  weir::test::temp_dir dir;
  write_file(dir.file("token"), "a\n");
  set("WEIR_TOKEN_FILE", dir.file("token"));
  set("WEIR_CLUSTER_TOKEN", "b");
  auto err = env_error();
  BOOST_TEST(mentions(err.message(), "WEIR_CLUSTER_TOKEN"));
  BOOST_TEST(mentions(err.message(), "WEIR_TOKEN_FILE"));
}

BOOST_AUTO_TEST_CASE(a_token_on_the_command_line_is_refused_without_echoing_it) {
  for (std::string flag : {"--weir-token", "--weir-token=hunter2"}) {
    cluster_config c;
    args a{"prog", flag, "hunter2"};
    auto err = args_error(c, a);
    BOOST_TEST(mentions(err.message(), "WEIR_CLUSTER_TOKEN"));
    BOOST_TEST(mentions(err.message(), "--weir-token-file"));
    BOOST_TEST(!mentions(err.message(), "hunter2"));
    BOOST_TEST(c.token.empty());
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_flag_is_an_error_listing_the_known_ones) {
  cluster_config c;
  args a{"prog", "--weir-wrokers", "3"};
  auto err = args_error(c, a);
  BOOST_TEST(mentions(err.message(), "--weir-wrokers"));
  BOOST_TEST(mentions(err.message(), "--weir-workers"));
  BOOST_TEST(mentions(err.message(), "--weir-slot-wait-timeout-ms"));
  BOOST_TEST(a.argc == 3); // argv is left alone after an error
}

BOOST_AUTO_TEST_CASE(a_flag_without_its_value_is_an_error) {
  {
    cluster_config c;
    args a{"prog", "--weir-port"};
    BOOST_TEST(mentions(args_error(c, a).message(), "--weir-port has no value"));
  }
  {
    cluster_config c;
    args a{"prog", "--weir-port="};
    BOOST_TEST(mentions(args_error(c, a).message(), "--weir-port= has no value"));
  }
  {
    cluster_config c;
    args a{"prog", "--weir-join", "--weir-port", "1"};
    BOOST_TEST(mentions(args_error(c, a).message(), "--weir-join has no value"));
  }
}

BOOST_AUTO_TEST_CASE(numbers_are_parsed_strictly_within_their_ranges) {
  struct bad_input {
    const char* variable;
    const char* value;
    const char* accepted;
  };
  for (auto [variable, value, accepted] : std::vector<bad_input>{
         {"WEIR_PORT", "65536", "0..65535"},
         {"WEIR_PORT", "80x", "0..65535"},
         {"WEIR_PORT", " 80", "0..65535"},
         {"WEIR_PORT", "+80", "0..65535"},
         {"WEIR_WORKERS", "0", "1..1024"},
         {"WEIR_WORKERS", "1025", "1..1024"},
         {"WEIR_SLOTS", "-2", "-1..1024"},
         {"WEIR_SLOTS", "99999999999999999999", "-1..1024"},
         {"WEIR_REGISTRATION_TIMEOUT_MS", "0", "1..86400000"},
         {"WEIR_HEARTBEAT_INTERVAL_MS", "9", "10..60000"},
         {"WEIR_HEARTBEAT_TIMEOUT_MS", "600001", "20..600000"},
         {"WEIR_SLOT_WAIT_TIMEOUT_MS", "10s", "0..86400000"},
         {"WEIR_ROLE", "master", "coordinator"},
         {"WEIR_JOIN", "localhost", "HOST:PORT"},
         {"WEIR_JOIN", ":6123", "HOST:PORT"},
         {"WEIR_JOIN", "localhost:0", "HOST:PORT"},
       }) {
    clean_environment reset;
    set(variable, value);
    auto err = env_error();
    BOOST_TEST((err.code() == errc::invalid_configuration));
    BOOST_TEST(mentions(err.message(), variable));
    BOOST_TEST(mentions(err.message(), std::string{"\""} + value + "\""));
    BOOST_TEST(mentions(err.message(), accepted));
  }
  cluster_config c;
  args a{"prog", "--weir-heartbeat-interval-ms=1.5"};
  auto err = args_error(c, a);
  BOOST_TEST(mentions(err.message(), "--weir-heartbeat-interval-ms"));
  BOOST_TEST(mentions(err.message(), "10..60000"));
}

BOOST_AUTO_TEST_CASE(a_worker_without_a_coordinator_address_is_refused) {
  set("WEIR_ROLE", "worker");
  auto err = from_env().validate();
  BOOST_REQUIRE(err.has_value());
  BOOST_TEST(err->message()
             == "--weir-join / WEIR_JOIN is missing: a worker needs the coordinator's "
                "HOST:PORT, e.g. --weir-join 127.0.0.1:6123");
  configuration whole;
  whole.cluster = from_env();
  BOOST_TEST(whole.validate().has_value());
}

BOOST_AUTO_TEST_CASE(validate_names_the_flag_and_the_variable) {
  auto coordinator = [] {
    cluster_config c;
    c.role = cluster_role::coordinator;
    return c;
  };
  std::vector<std::pair<cluster_config, std::vector<std::string>>> cases;
  auto add = [&](cluster_config c, std::vector<std::string> expected) {
    cases.emplace_back(std::move(c), std::move(expected));
  };
  {
    auto c = coordinator();
    c.port = 0;
    add(c, {"--weir-port", "WEIR_PORT", "1..65535"});
  }
  {
    auto c = coordinator();
    c.workers = 0;
    add(c, {"--weir-workers", "WEIR_WORKERS", "1..1024"});
  }
  {
    auto c = coordinator();
    c.bind_address.clear();
    add(c, {"--weir-bind", "WEIR_BIND"});
  }
  {
    auto c = valid_worker();
    c.slots = 0;
    add(c, {"--weir-slots", "WEIR_SLOTS", "at least 1"});
  }
  {
    auto c = valid_worker();
    c.slots = 1025;
    add(c, {"--weir-slots", "WEIR_SLOTS", "0..1024"});
  }
  {
    auto c = valid_worker();
    c.join_port = 0;
    add(c, {"--weir-join", "WEIR_JOIN"});
  }
  {
    auto c = valid_worker();
    c.heartbeat_interval = 1000ms;
    c.heartbeat_timeout = 1000ms;
    add(c, {"--weir-heartbeat-timeout-ms", "WEIR_HEARTBEAT_TIMEOUT_MS",
            "--weir-heartbeat-interval-ms", "WEIR_HEARTBEAT_INTERVAL_MS"});
  }
  {
    auto c = valid_worker();
    c.registration_timeout = 0ms;
    add(c, {"--weir-registration-timeout-ms", "WEIR_REGISTRATION_TIMEOUT_MS", "1..86400000"});
  }
  {
    auto c = valid_worker();
    c.slot_wait_timeout = -1ms;
    add(c, {"--weir-slot-wait-timeout-ms", "WEIR_SLOT_WAIT_TIMEOUT_MS"});
  }
  {
    auto c = coordinator();
    c.tls_certificate = "/nonexistent/weir-cert.pem";
    add(c, {"--weir-tls-key", "WEIR_TLS_KEY"});
  }
  {
    auto c = coordinator();
    c.tls_key = "/k.pem";
    add(c, {"--weir-tls-certificate", "WEIR_TLS_CERTIFICATE"});
  }
  {
    auto c = coordinator();
    c.tls_certificate = "/nonexistent/weir-cert.pem";
    c.tls_key = "/nonexistent/weir-key.pem";
    add(c, {"--weir-tls-certificate", "WEIR_TLS_CERTIFICATE", "/nonexistent/weir-cert.pem"});
  }
  for (const auto& [c, expected] : cases) {
    auto err = c.validate();
    BOOST_REQUIRE(err.has_value());
    for (const auto& text : expected)
      BOOST_TEST(mentions(err->message(), text));
  }
}

BOOST_AUTO_TEST_CASE(tls_files_that_exist_are_accepted) {
  weir::test::temp_dir dir;
  write_file(dir.file("cert.pem"), "-");
  write_file(dir.file("key.pem"), "-");
  auto c = valid_worker();
  c.tls_certificate = dir.file("cert.pem");
  c.tls_key = dir.file("key.pem");
  BOOST_TEST(!c.validate());
  BOOST_TEST(c.tls());
  c.tls_ca_file = dir.file("ca.pem");
  auto err = c.validate();
  BOOST_REQUIRE(err.has_value());
  BOOST_TEST(mentions(err->message(), "--weir-tls-ca-file"));
  BOOST_TEST(mentions(err->message(), dir.file("ca.pem")));
}

BOOST_AUTO_TEST_CASE(an_embedded_run_ignores_cluster_addresses) {
  cluster_config c;
  c.port = 0;
  c.tls_certificate = "/nonexistent/weir-cert.pem";
  BOOST_TEST(!c.validate());
}

BOOST_AUTO_TEST_CASE(slots_default_by_role) {
  cluster_config c;
  BOOST_TEST(c.effective_slots() == 0);
  c.role = cluster_role::worker;
  BOOST_TEST(c.effective_slots() == 1);
  c.slots = 4;
  BOOST_TEST(c.effective_slots() == 4);
}

// init() keeps what it read for every later environment; with nothing set it keeps the
// embedded defaults, which every other suite of this binary expects too.
BOOST_AUTO_TEST_CASE(init_strips_the_flags_and_keeps_the_settings) {
  args a{"prog", "file.txt"};
  BOOST_TEST(!init(a.argc, a.argv()));
  BOOST_TEST(a.argc == 2);
  const auto& kept = process_cluster_config();
  BOOST_REQUIRE(std::holds_alternative<cluster_config>(kept));
  BOOST_TEST((std::get<cluster_config>(kept).role == cluster_role::embedded));
  BOOST_TEST(&kept == &process_cluster_config());
}

BOOST_AUTO_TEST_SUITE_END()
