#include "weir/state/runtime_context_state.hpp"

#include "weir/detail/type_name.hpp"
#include "weir/state/job_error.hpp"

namespace weir::state::detail {

namespace {

void set_key(keyed_state_backend& backend, flow::key_group group, std::string_view key) {
  auto r = backend.set_current_key(group, key);
  if (!r)
    throw weir_exception(weir::error{weir::errc::internal, r.err().to_string()});
}

void clear_key(keyed_state_backend& backend) { backend.clear_current_key(); }

void cleanup(keyed_state_backend& backend, std::size_t entries) {
  (void) backend.cleanup_expired(entries);
}

} // namespace

void throw_not_keyed(const std::string& state_name) {
  throw weir_exception(weir::error{
    weir::errc::invalid_plan,
    "asked for keyed state '" + state_name
      + "', but keyed state exists only in functions on a keyed stream; apply the function "
        "after key_by()"});
}

void throw_state_error(const error& err) { throw weir_exception(to_job_error(err)); }

void ensure_backend(keyed_state_binding& binding, const runtime_context&) {
  if (binding.backend)
    return;
  if (!binding.key_has_codec)
    throw weir_exception(weir::error{
      weir::errc::invalid_plan,
      "keyed state needs a weir::codec of the key type, and "
        + weir::detail::demangle(binding.key_type.c_str())
        + " has none; specialize weir::codec for the key type (see the README)"});
  keyed_state_backend_config config;
  config.key_groups = binding.key_groups;
  config.max_parallelism = binding.max_parallelism;
  rocksdb_backend_options rocksdb;
  rocksdb.directory = binding.directory;
  auto made = make_keyed_state_backend(binding.kind, config, rocksdb);
  if (!made)
    throw weir_exception(to_job_error(made.err(), std::string{"cannot create its "}
                                                    + to_string(binding.kind)
                                                    + " state backend: "));
  if (!binding.restore_directories.empty()) {
    std::vector<std::filesystem::path> dirs(binding.restore_directories.begin(),
                                            binding.restore_directories.end());
    if (auto restored = (*made)->restore(dirs); !restored)
      throw weir_exception(to_job_error(restored.err(), "cannot restore its keyed state: "));
  }
  binding.backend = std::shared_ptr<keyed_state_backend>(std::move(*made));
  binding.set_key = &set_key;
  binding.clear_key = &clear_key;
  binding.cleanup = &cleanup;
}

} // namespace weir::state::detail
