// flow::job_lifecycle: when a job is over, and with which error. A job is terminal only when
// every task has stopped; the first failure or cancel is its error.

#include <boost/test/unit_test.hpp>

#include "weir/flow/job_lifecycle.hpp"

using namespace weir;
using flow::job_lifecycle;
using action = job_lifecycle::action;

namespace {

job_lifecycle three_tasks() { return job_lifecycle{{"Source (1/1)", "Map (1/2)", "Map (2/2)"}}; }

} // namespace

BOOST_AUTO_TEST_SUITE(job_lifecycle_test)

BOOST_AUTO_TEST_CASE(finishes_only_when_every_task_reported_and_stopped) {
  auto job = three_tasks();
  for (std::size_t i = 0; i < 3; ++i)
    job.task_finished(i, {{7, "Map", 10, 10}});
  BOOST_TEST(!job.terminal());
  BOOST_TEST((job.task_stopped(0, "") == action::none));
  BOOST_TEST((job.task_stopped(1, "") == action::none));
  BOOST_TEST((job.status() == job_status::running));
  BOOST_TEST((job.task_stopped(2, "") == action::none));
  BOOST_TEST((job.status() == job_status::finished));
  BOOST_TEST(!job.err());
  BOOST_TEST(job.metrics().at(0).records_in == 30u);
}

BOOST_AUTO_TEST_CASE(a_failure_cancels_the_others_and_ends_when_they_stopped) {
  auto job = three_tasks();
  BOOST_TEST((job.task_failed(1, error{errc::state_error, "disk full"}) == action::cancel_tasks));
  BOOST_TEST((job.status() == job_status::failing));
  BOOST_TEST((job.task_stopped(1, "") == action::none));
  BOOST_TEST((job.task_stopped(0, "") == action::none));
  BOOST_TEST(!job.terminal());
  BOOST_TEST(job.running_tasks() == (std::vector<std::string>{"Map (2/2)"}));
  BOOST_TEST((job.task_stopped(2, "") == action::none));
  BOOST_TEST((job.status() == job_status::failed));
  BOOST_TEST((job.err()->code() == errc::state_error));
}

BOOST_AUTO_TEST_CASE(the_first_failure_wins_over_later_failures_and_cancel) {
  auto job = three_tasks();
  (void) job.task_failed(2, error{errc::io_error, "first"});
  BOOST_TEST((job.task_failed(0, error{errc::user_function_failed, "second"}) == action::none));
  BOOST_TEST((job.cancel_requested() == action::none));
  for (std::size_t i = 0; i < 3; ++i)
    (void) job.task_stopped(i, "");
  BOOST_TEST(job.err()->message() == "first");
  BOOST_TEST((job.status() == job_status::failed));
}

BOOST_AUTO_TEST_CASE(cancel_waits_for_every_task_to_stop) {
  auto job = three_tasks();
  BOOST_TEST((job.cancel_requested() == action::cancel_tasks));
  BOOST_TEST((job.cancel_requested() == action::none));
  BOOST_TEST((job.status() == job_status::cancelling));
  (void) job.task_stopped(0, "");
  (void) job.task_stopped(1, "");
  BOOST_TEST(!job.terminal());
  (void) job.task_stopped(2, "");
  BOOST_TEST((job.status() == job_status::canceled));
  BOOST_TEST((job.err()->code() == errc::cancelled));
}

BOOST_AUTO_TEST_CASE(a_task_that_stops_without_reporting_fails_the_job_as_internal) {
  auto job = three_tasks();
  BOOST_TEST((job.task_stopped(1, "killed") == action::cancel_tasks));
  BOOST_TEST((job.err()->code() == errc::internal));
  BOOST_TEST(job.err()->message() == "task 'Map (1/2)' stopped unexpectedly: killed");
}

BOOST_AUTO_TEST_CASE(cancel_after_every_task_finished_leaves_the_job_finished) {
  auto job = three_tasks();
  for (std::size_t i = 0; i < 3; ++i)
    job.task_finished(i, {});
  BOOST_TEST((job.cancel_requested() == action::none));
  for (std::size_t i = 0; i < 3; ++i)
    (void) job.task_stopped(i, "");
  BOOST_TEST((job.status() == job_status::finished));
}

BOOST_AUTO_TEST_CASE(a_job_without_tasks_is_finished_at_once) {
  job_lifecycle job{{}};
  BOOST_TEST((job.status() == job_status::finished));
}

BOOST_AUTO_TEST_SUITE_END()
