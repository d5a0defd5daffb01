#include <boost/test/unit_test.hpp>

#include <fstream>
#include <memory>
#include <string>

#include "weir/state/runtime_context_operator_state.hpp"
#include "weir/state/runtime_context_state.hpp"
#include "weir/test/temp_dir.hpp"

// Keyed and operator state as functions reach it through runtime_context: a mistake raised
// inside a running operator is a weir_exception whose code says its kind (invalid_plan for
// what the plan could have known, io_error for the state directory) and whose message names
// both types and the setting, without repeating the operator's name (the operator's failure
// adds "operator 'x' (subtask i/N) failed: ").

using namespace weir;

BOOST_TEST_DONT_PRINT_LOG_VALUE(weir::errc)

namespace {

struct no_codec_key {};

runtime_context keyed_context(state_backend_kind kind, std::string directory = {}) {
  runtime_context ctx{"Counter", 0, 1, 128, {0, 127}};
  auto binding = std::make_shared<keyed_state_binding>();
  binding->kind = kind;
  binding->directory = std::move(directory);
  binding->max_parallelism = 128;
  binding->key_groups = {0, 127};
  binding->key_has_codec = true;
  binding->key_type = typeid(int).name();
  ctx.bind_keyed_state(binding);
  return ctx;
}

template <class F>
weir::error thrown_by(F&& f) {
  try {
    f();
  } catch (const weir_exception& e) {
    return e.err();
  }
  BOOST_FAIL("no weir_exception was thrown");
  return {};
}

bool starts_with_operator(const weir::error& e) { return e.message().rfind("operator '", 0) == 0; }

} // namespace

BOOST_AUTO_TEST_SUITE(runtime_context_state_test)

BOOST_AUTO_TEST_CASE(one_state_name_with_two_types_is_invalid_plan_naming_both_types) {
  auto ctx = keyed_context(state_backend_kind::heap);
  (void)ctx.get_state(value_state_descriptor<long>{"count"});
  auto e = thrown_by([&] { (void)ctx.get_state(value_state_descriptor<std::string>{"count"}); });
  BOOST_TEST(e.code() == errc::invalid_plan);
  BOOST_TEST(e.message().find("'count'") != std::string::npos);
  BOOST_TEST(e.message().find("value state of long") != std::string::npos);
  BOOST_TEST(e.message().find("value state of std::string") != std::string::npos);
  BOOST_TEST(!starts_with_operator(e));
}

BOOST_AUTO_TEST_CASE(keyed_state_outside_a_keyed_stream_is_invalid_plan) {
  runtime_context ctx{"Map", 0, 1, 128, {0, 127}};
  auto e = thrown_by([&] { (void)ctx.get_state(value_state_descriptor<int>{"v"}); });
  BOOST_TEST(e.code() == errc::invalid_plan);
  BOOST_TEST(e.message().find("apply the function after key_by()") != std::string::npos);
  BOOST_TEST(!starts_with_operator(e));
}

BOOST_AUTO_TEST_CASE(a_key_without_a_codec_shows_its_readable_type) {
  auto ctx = keyed_context(state_backend_kind::heap);
  ctx.keyed_state()->key_has_codec = false;
  ctx.keyed_state()->key_type = typeid(no_codec_key).name();
  auto e = thrown_by([&] { (void)ctx.get_state(value_state_descriptor<int>{"v"}); });
  BOOST_TEST(e.code() == errc::invalid_plan);
  BOOST_TEST(e.message().find("(anonymous namespace)::no_codec_key") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unusable_state_directory_is_io_error_naming_the_setting) {
  test::temp_dir dir;
  auto file = dir.path() / "a-file";
  std::ofstream{file} << "x";
  auto ctx = keyed_context(state_backend_kind::rocksdb, (file / "state").string());
  auto e = thrown_by([&] { (void)ctx.get_state(value_state_descriptor<int>{"v"}); });
  BOOST_TEST(e.code() == errc::io_error);
  BOOST_TEST(e.message().find("environment::set_state_dir") != std::string::npos);
  BOOST_TEST(e.message().find((file / "state").string()) != std::string::npos);
  BOOST_TEST(!starts_with_operator(e));
}

BOOST_AUTO_TEST_CASE(one_operator_state_name_with_two_types_is_invalid_plan_naming_both) {
  runtime_context ctx{"Source", 0, 1, 128, {0, 127}};
  ctx.bind_operator_state(std::make_shared<operator_state_binding>());
  (void)ctx.get_list_state(list_state_descriptor<int>{"offsets"});
  auto e = thrown_by(
    [&] { (void)ctx.get_list_state(list_state_descriptor<std::string>{"offsets"}); });
  BOOST_TEST(e.code() == errc::invalid_plan);
  BOOST_TEST(e.message().find("state of int") != std::string::npos);
  BOOST_TEST(e.message().find("state of std::string") != std::string::npos);
  BOOST_TEST(!starts_with_operator(e));
}

BOOST_AUTO_TEST_SUITE_END()
