#include "weir/job_client.hpp"
#include "weir/job_execution_result.hpp"

namespace weir {

std::uint64_t job_execution_result::records_in(std::string_view name) const {
  std::uint64_t n = 0;
  for (const auto& m : operators_)
    if (m.name == name)
      n += m.records_in;
  return n;
}

std::uint64_t job_execution_result::records_out(std::string_view name) const {
  std::uint64_t n = 0;
  for (const auto& m : operators_)
    if (m.name == name)
      n += m.records_out;
  return n;
}

namespace {

class failed_job final : public job_client::job_handle {
public:
  failed_job(std::string name, error err) : result_(std::move(name), {}, {}, std::move(err)) {}
  void cancel() override {}
  job_execution_result wait() override { return result_; }
  std::variant<std::string, error> trigger_savepoint(std::string, bool) override {
    return error{result_.err().code(),
                 "cannot take a savepoint: the job did not start: " + result_.err().message()};
  }
  std::variant<std::string, error> query_state(const flow::state_query& q,
                                               std::chrono::milliseconds) override {
    return error{errc::job_not_running, "cannot query state '" + q.name
                                          + "': the job did not start: " + result_.err().message()};
  }

private:
  job_execution_result result_;
};

} // namespace

job_client job_client::failed(std::string job_name, error err) {
  return job_client{std::make_shared<failed_job>(std::move(job_name), std::move(err))};
}

} // namespace weir
