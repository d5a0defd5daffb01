// The fraud_detection example, run as a program, against a plain model of the walkthrough's
// rule over the same generated transactions: the alerts it writes are exactly the model's, at
// every parallelism and on both state backends, paced or not; its query loop reports the
// queried account's state while the job runs.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include "../../examples/fraud_detection/transactions.hpp"
#include "weir/test/temp_dir.hpp"

namespace {

using weir::examples::alert;
using weir::examples::transaction;

std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Runs the example with `args`; returns its exit status, stdout in `out`.
int run(const weir::test::temp_dir& dir, const std::string& args, std::string& out) {
  std::string cmd = std::string{"'"} + WEIR_FRAUD_DETECTION_BIN + "' " + args + " >'"
                    + dir.file("stdout") + "' 2>'" + dir.file("stderr") + "'";
  int raw = std::system(cmd.c_str());
  out = read_file(dir.file("stdout"));
  if (raw != 0)
    BOOST_TEST_MESSAGE("stderr: " << read_file(dir.file("stderr")));
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

/// The rule as a plain loop: per account, a pending small transaction; the account's next
/// transaction alerts if it is large and less than a minute later, and clears it.
std::string model(std::uint64_t count, std::int64_t accounts) {
  std::map<std::int64_t, std::int64_t> small_at;
  std::vector<alert> alerts;
  for (std::uint64_t i = 0; i < count; ++i) {
    auto t = weir::examples::make_transaction(i, accounts);
    auto it = small_at.find(t.account_id);
    if (it != small_at.end()) {
      if (t.amount > weir::examples::large_amount
          && t.timestamp_ms - it->second < weir::examples::one_minute_ms)
        alerts.push_back({t.account_id, it->second, t.timestamp_ms, t.amount});
      small_at.erase(it);
    }
    if (t.amount < weir::examples::small_amount)
      small_at[t.account_id] = t.timestamp_ms;
  }
  std::sort(alerts.begin(), alerts.end());
  std::ostringstream s;
  for (const auto& a : alerts)
    s << a.account_id << ',' << a.small_at_ms << ',' << a.large_at_ms << ',' << a.amount << '\n';
  return s.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(fraud_detection_test)

BOOST_AUTO_TEST_CASE(the_alerts_are_the_models_at_every_parallelism_and_backend) {
  weir::test::temp_dir dir;
  const auto expected = model(20'000, 5);
  // The planted patterns: 400 planted pairs (some overwritten by the quiet accounts' turns),
  // the quick account's 100 and none of the slow account's.
  BOOST_TEST(expected.find("1001,") != std::string::npos);
  BOOST_TEST(expected.find("1002,") == std::string::npos);
  for (const char* settings : {"--parallelism 1", "--parallelism 3",
                               "--parallelism 2 --state-backend rocksdb"}) {
    std::string out;
    auto args = std::string{"--transactions 20000 --rate 0 --query-interval-ms 20 --output '"}
                + dir.file("alerts.csv") + "' " + settings;
    BOOST_REQUIRE_EQUAL(run(dir, args, out), 0);
    BOOST_TEST(read_file(dir.file("alerts.csv")) == expected, settings);
    BOOST_TEST(out.find("20000 transactions") != std::string::npos, out);
  }
}

BOOST_AUTO_TEST_CASE(a_paced_run_prints_alerts_and_answers_queries_while_it_runs) {
  weir::test::temp_dir dir;
  std::string out;
  auto args = std::string{"--transactions 600 --rate 1000 --query-interval-ms 50 --output '"}
              + dir.file("alerts.csv") + "'";
  BOOST_REQUIRE_EQUAL(run(dir, args, out), 0);
  BOOST_TEST(read_file(dir.file("alerts.csv")) == model(600, 5));
  BOOST_TEST(out.find("ALERT account 1001") != std::string::npos, out);
  // The loop ran while the job did: the account's spending, read from the job, grew.
  BOOST_TEST(out.find("query: account 1001 spent") != std::string::npos, out);
  std::istringstream lines{out};
  std::optional<double> first;
  double last = 0;
  for (std::string line; std::getline(lines, line);) {
    auto at = line.find(" spent ");
    if (line.rfind("query:", 0) != 0 || at == std::string::npos || line[at + 7] == '(')
      continue;
    auto v = std::stod(line.substr(at + 7));
    if (!first)
      first = v;
    BOOST_TEST(v >= last, "spending went down: " << line);
    last = v;
  }
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(last > *first);
}

BOOST_AUTO_TEST_SUITE_END()
